// Readers for PETRARCH / TABARI dictionary files: actors (with dated codes), agents
// (with ~ placement, {plurals} and !SUBST! sets), discards, and verbs (synonym sets,
// verb blocks, irregular forms, multi-word verbs and patterns).
//
// Each reader parses the whole text of one file. A malformed line is reported through
// `on_error` as "FILE:LINE: message" and skipped; with ReadOptions::strict the first
// malformed line makes the reader return InvalidArgument instead. The resulting
// dictionaries are plain immutable data once built: safe to share between threads.
// Phrases are stored as upper-case words ("WHITE_HOUSE" and "WHITE HOUSE" both become
// {"WHITE", "HOUSE"}); a trailing '_' (TABARI's "exact word" marker) is dropped.
#ifndef KHALDUN_PETRARCH_DICTIONARIES_H_
#define KHALDUN_PETRARCH_DICTIONARIES_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "khaldun/status.h"

namespace khaldun::petrarch {

using ErrorFn = std::function<void(const std::string&)>;

struct ReadOptions {
  bool strict = false;  // refuse the file at the first malformed line (default: skip it)
};

// ---------------------------------------------------------------- actors
// A code valid on [begin, end) (dates as YYYYMMDD integers; 0 / 99999999 = open).
struct DatedCode {
  std::string code;
  int32_t begin = 0;
  int32_t end = 99999999;
  bool restricted = false;  // false: the undated default code
};

struct ActorEntry {
  std::vector<std::string> words;  // one phrase (the primary or a '+' synonym)
  int actor = 0;                   // index into ActorDictionary::codes
  // gaps[k]: word k was preceded by a blank (other words may come between), not by '_'.
  // Empty means all words are consecutive.
  std::vector<bool> gaps;
};

struct ActorDictionary {
  std::vector<std::vector<DatedCode>> codes;  // per actor, in file order
  std::vector<ActorEntry> phrases;
  // Code of actor `actor` on `date` (YYYYMMDD): the first restricted code, in file order,
  // whose range holds the date; else the first unrestricted code; else "". As in
  // PETRARCH, every bound is "or equal": [a-b] holds a <= date <= b, [<d] date <= d and
  // [>d] date >= d (the unit-test suite's DATE_11 relies on the inclusive end).
  std::string CodeAt(int actor, int32_t date) const;
};

// Reads "YYMMDD" (years <= 30 are 20xx) or "YYYYMMDD". Returns -1 when malformed.
int32_t ParseDictDate(std::string_view s);

StatusOr<ActorDictionary> ReadActors(std::string_view text, std::string_view name,
                                     const ReadOptions& opts, const ErrorFn& on_error);

// ---------------------------------------------------------------- agents
struct AgentEntry {
  std::vector<std::string> words;
  std::vector<bool> gaps;  // as in ActorEntry
  std::string code;      // without '~', e.g. "GOV"
  bool prepend = false;  // "[NGO~]" prepends, "[~GOV]" appends
};

struct AgentDictionary {
  std::vector<AgentEntry> phrases;  // includes generated plurals and !SUBST! expansions
};

StatusOr<AgentDictionary> ReadAgents(std::string_view text, std::string_view name,
                                     const ReadOptions& opts, const ErrorFn& on_error);

// ---------------------------------------------------------------- discards
struct DiscardEntry {
  std::vector<std::string> words;
  bool story = false;  // '+' lines discard the whole story, others the sentence
};

struct DiscardDictionary {
  std::vector<DiscardEntry> phrases;
};

StatusOr<DiscardDictionary> ReadDiscards(std::string_view text, std::string_view name,
                                         const ReadOptions& opts, const ErrorFn& on_error);

// ---------------------------------------------------------------- verbs
// One element of a verb pattern.
struct PatternElement {
  enum Kind { kWord, kSynset, kSource, kTarget, kSkip, kCompound, kOpen, kClose } kind;
  std::string text;  // word (kWord) or synset name without '&' (kSynset)
};

// An event code pair "A:B": A for source->target, B for target->source. Either may be
// empty ("[:080]"). "---" is the null code: the verb/pattern codes no event.
struct EventCodes {
  std::string forward;
  std::string backward;
  bool null() const { return forward == "---" && backward.empty(); }
};

struct VerbPattern {
  std::vector<PatternElement> before;  // elements before '*', in order
  std::vector<PatternElement> after;   // elements after '*'
  EventCodes codes;
  bool compound = false;  // contains '%'
  int line = 0;           // source line, for diagnostics
  int Specificity() const;
};

struct VerbForm {
  std::string verb;                   // the inflected verb word, e.g. "TAP"
  std::vector<std::string> prefix;    // words that precede it ("WIRE" in WIRE_+TAP)
  std::vector<std::string> particle;  // words that follow it ("DOWN" in +BREAK_DOWN)
  int block = 0;
  bool has_code = false;  // verb-specific code overriding the block's
  EventCodes codes;
};

struct VerbBlock {
  std::string name;
  EventCodes codes;
  std::vector<VerbPattern> patterns;
};

struct VerbDictionary {
  std::vector<VerbBlock> blocks;
  // Upper-case word (base or irregular form) -> forms it may start.
  std::unordered_map<std::string, std::vector<VerbForm>> forms;
  // Synset name (without '&') -> alternatives (each a word sequence), nested sets expanded.
  std::unordered_map<std::string, std::vector<std::vector<std::string>>> synsets;
};

StatusOr<VerbDictionary> ReadVerbs(std::string_view text, std::string_view name,
                                   const ReadOptions& opts, const ErrorFn& on_error);

// ---------------------------------------------------------------- coding ontology
// PETR.Internal.Coding.Ontology.txt: CAMEO code -> PICO value ("110:0x1007f",
// "011:0x1000-0xFFFF"). A 0xFFFF component marks negation: "not X" has X's value with
// the 0xFFFF component removed (or added).
struct Ontology {
  std::unordered_map<std::string, int64_t> value;  // code -> value
  std::unordered_map<int64_t, std::string> code;   // value -> first code with it
  // The code for "not <code>", or "" when there is none.
  std::string Negate(const std::string& code) const;
};

StatusOr<Ontology> ReadOntology(std::string_view text, std::string_view name,
                                const ReadOptions& opts, const ErrorFn& on_error);

// True for a CAMEO-style code this reader accepts: 2-4 digits, or "---".
bool IsValidEventCode(std::string_view code);

// Splits a dictionary phrase ("WHITE_HOUSE", "the White House") into upper-case words.
std::vector<std::string> SplitPhrase(std::string_view phrase);

// Same, and sets (*gaps)[k] when word k follows a blank rather than '_'; gaps is left
// empty when no word does.
std::vector<std::string> SplitPhraseGaps(std::string_view phrase, std::vector<bool>* gaps);

}  // namespace khaldun::petrarch

#endif  // KHALDUN_PETRARCH_DICTIONARIES_H_
