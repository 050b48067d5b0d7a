// ActorDictionary: the project's actor dictionaries (countries, organisations, people,
// agents), compiled at load into an immutable token-sequence index.
//
// Source files (UTF-8, one entry per line, fields separated by " | ", list items by
// "; ", blank and "#" lines ignored, trailing " # comment" allowed):
//   countries.txt  CAMEO3 | ISO2 | names | adjectives and demonyms | capitals | main cities
//   actors.txt     CODE | country | sector | names | valid | note
//   people.txt     names | CODE | from | to | role | source
//   agents.txt     names | SECTOR[;SECTOR2] | note
//   discards.txt   KIND | words | note   (optional; KIND "noun" or "sentence", below)
// Any other dictionary format (e.g. PETRARCH's) can feed the same structure through
// ActorDictionary::Builder.
//
// Matching works on token sequences of a Sentence. A name written in lower case
// ("foreign ministry") matches case-insensitively; an all-capitals name ("NATO",
// "U.N.") matches any token spelled with the same letters unless the token is all
// lower case (so "US" never matches "us"); any other name matches case-sensitively.
// The longest name starting at a token wins; on equal length the first loaded entry
// wins, except that an entry whose `valid` range covers the document date beats one
// whose range does not. Curly apostrophes in the text match the straight ' of names.
// People collect every dated role of all their lines; RoleAt() picks the one valid at
// a date (from <= date <= to).
//
// Discards keep political words in news that is not political from making actors or
// events, as PETRARCH's discard lists do. "noun": head nouns (lemmas, lower case) that
// stand for no actor even with a country attached ("the Afghan team", "the US National
// Science Foundation", "off the Indonesian coast"). "sentence": lower-case phrases
// (tokens separated by spaces) that mark a sentence as sport or entertainment ("box
// office", "premier league"); such a sentence is coded for no events.
//
// Thread-safety: immutable after Load/Build; share one instance between threads.
// Per-call scratch (lower-cased forms) is passed in by the caller.
#ifndef KHALDUN_ACTORS_DICTIONARY_H_
#define KHALDUN_ACTORS_DICTIONARY_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "khaldun/document.h"
#include "khaldun/status.h"

namespace khaldun {

enum class EntryKind : uint8_t {
  kCountry,    // country name -> code "PAK"
  kAdjective,  // "Pakistani", "Pakistanis" -> country PAK
  kCapital,    // "Islamabad" -> PAKGOV (metonym for the government)
  kCity,       // "Karachi" -> country PAK (a place, not an actor by itself)
  kOrg,        // organisation with a full code "IRNINSJAA", "IGOUNO"
  kPerson,     // person with dated roles
  kAgent,      // generic noun -> sector ("troops" -> MIL)
};

// A date as YYYYMMDD integer; 0 = open end / unknown.
using DateInt = int32_t;
// Parses "YYYY-MM-DD", "YYYY-MM" or "YYYY". `end` picks the last day of a partial
// date. Returns -1 when malformed, 0 for "" or "..".
DateInt ParseDictDate(std::string_view s, bool end);

struct PersonRole {
  DateInt from = 0;  // 0 = since always
  DateInt to = 0;    // 0 = still in office
  std::string code;  // e.g. "IRNGOV"
  std::string role;  // e.g. "Foreign Minister"
  std::string pattern;
};

struct DictEntry {
  EntryKind kind = EntryKind::kCountry;
  std::string code;     // country: CAMEO3; capital: CAMEO3+"GOV"; org: full code
  std::string country;  // CAMEO3 or empty (IGOs, agents)
  std::string sector;   // primary sector (agents, orgs, capitals)
  std::string sector2;  // secondary sector (agents), may be empty
  DateInt valid_from = 0, valid_to = 0;  // orgs
  std::vector<PersonRole> roles;         // people, sorted by `from`
  std::string name;     // first listed name
  std::string pattern;  // "file:line" of the (first) line
  bool plural = false;  // agents/demonyms ending in "s" (for pronoun agreement)

  // The role valid at `date` (0 = unknown: the latest role). Null when none applies.
  const PersonRole* RoleAt(DateInt date) const;
};

struct DictMatch {
  int begin = 0;  // first token index (0-based)
  int end = 0;    // one past the last token
  uint32_t entry = 0;
};

struct DictLoadOptions {
  // Refuse the whole load on the first malformed line (default: report and skip).
  bool strict = false;
};

using DictErrorCallback = std::function<void(const Status&)>;

class ActorDictionary {
 public:
  // Builds a dictionary entry by entry (used by the text loaders and by tests).
  class Builder {
   public:
    // Adds `entry` under every name in `names`. Person entries with a name already
    // present as a person are merged (roles appended).
    void Add(DictEntry entry, const std::vector<std::string>& names);
    // Discards (see above). `words` are lower case; a phrase is split on spaces.
    void AddNonActorNoun(std::string lemma);
    void AddDiscardPhrase(std::string_view phrase);
    std::unique_ptr<ActorDictionary> Build();

   private:
    std::unique_ptr<ActorDictionary> dict_ = std::make_unique<ActorDictionary>();
  };

  // Loads countries.txt, actors.txt, people.txt, agents.txt from `dir`. A missing
  // file is skipped (reported through on_error); a malformed line is reported as
  // "path:line: why" and skipped, or fails the load in strict mode. discards.txt is
  // read when present (a dictionary folder without it has no discards).
  static StatusOr<std::unique_ptr<ActorDictionary>> Load(const std::string& dir,
                                                         const DictLoadOptions& options,
                                                         const DictErrorCallback& on_error);

  // Parses one file's text of the given kind ("countries", "actors", "people",
  // "agents", "discards") into `builder`. `name` is used in messages.
  static Status ParseFile(std::string_view kind, std::string_view text, std::string_view name,
                          const DictLoadOptions& options, const DictErrorCallback& on_error,
                          Builder* builder);

  // Longest match starting at token `i`. `lower` holds the lower-cased forms of the
  // sentence's tokens (AsciiLower). Returns false when no name starts there. When one
  // name is listed by several entries with `valid` ranges (the Taliban: AFGINSTAL until
  // 2021-08-14, AFGGOV after), the entry valid at `date` wins (0 = unknown: the entry
  // with an open end); without a valid one, the first loaded entry.
  bool MatchAt(const Sentence& s, const std::vector<std::string>& lower, int i,
               DictMatch* m, DateInt date = 0) const;

  // True when `lemma` (lower case) is a discarded noun: it stands for no actor.
  bool NonActorNoun(std::string_view lemma) const {
    return non_actor_nouns_.find(lemma) != non_actor_nouns_.end();
  }
  // True when the sentence (its lower-cased token forms) contains a discarded phrase.
  bool DiscardedSentence(const std::vector<std::string>& lower, int n) const;
  size_t discard_count() const { return non_actor_nouns_.size() + phrases_.size(); }

  // The person whose role line (PersonRole::pattern, "file:line") is `pattern`; null
  // when no person role has it. Lets a later stage re-code a person at another date.
  const DictEntry* PersonByRolePattern(std::string_view pattern) const;

  const DictEntry& entry(uint32_t i) const { return entries_[i]; }
  size_t size() const { return entries_.size(); }
  size_t name_count() const { return names_.size(); }

  ActorDictionary() = default;

 private:
  enum class CaseMode : uint8_t { kInsensitive, kAcronym, kExact };
  struct Name {
    std::vector<std::string> lower;  // lower-cased tokens
    std::vector<std::string> exact;  // tokens as written
    CaseMode mode;
    uint32_t entry;
  };
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  bool NameMatches(const Name& n, const Sentence& s, const std::vector<std::string>& lower,
                   int i) const;

  std::vector<DictEntry> entries_;
  std::vector<Name> names_;
  // First lower-cased token -> names starting with it, longest first.
  std::unordered_map<std::string, std::vector<uint32_t>, StringHash, std::equal_to<>> index_;
  // Lower-cased person name -> entry, for merging roles.
  std::unordered_map<std::string, uint32_t> person_by_name_;
  // Role line pattern -> person entry (built by Build()).
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> person_by_role_;
  std::unordered_set<std::string, StringHash, std::equal_to<>> non_actor_nouns_;
  std::vector<std::vector<std::string>> phrases_;  // discarded phrases, as tokens
  // First token -> phrases starting with it.
  std::unordered_map<std::string, std::vector<uint32_t>, StringHash, std::equal_to<>> phrase_index_;
};

// Lower-cases ASCII letters into *out and reads the curly apostrophes U+2018/U+2019
// as ' (dictionaries spell "Sa'ar", text often "Sa\u2019ar"); other bytes unchanged.
void AsciiLower(std::string_view in, std::string* out);

}  // namespace khaldun

#endif  // KHALDUN_ACTORS_DICTIONARY_H_
