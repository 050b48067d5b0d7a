// A PETRARCH-compatible event coder over Universal Dependencies trees.
//
// Given PETRARCH dictionaries (actors, agents, discards, verbs) and one parsed sentence,
// Coder::Code finds the verbs of the verb dictionary, matches the verb patterns against
// the words of the verb's subtree (before/after the verb, synsets, source '$' and target
// '+' slots, compound '%'), maps a negated verb's code through the PETRARCH coding
// ontology ("did not criticize" 111 -> 051 style), identifies the source (subject; the by-/in-phrase of a
// passive) and the target (object, then prepositional phrases, searched breadth-first
// without recursion), codes the noun phrases with actors (longest match, dated codes) and
// agents (appended "~GOV" or prepended "NGO~"), expands compounds (conjuncts) and
// produces (source, target, code) triples; "A:B" codes add target->source events.
//
// Dictionaries is immutable after Load and may be shared by threads; Coder is const
// and keeps no per-call state, so one Coder may code sentences from several threads.
#ifndef KHALDUN_PETRARCH_CODER_H_
#define KHALDUN_PETRARCH_CODER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "khaldun/status.h"
#include "petrarch/dictionaries.h"
#include "petrarch/validation.h"

namespace khaldun::petrarch {

// Coder options; the names match PETRARCH's <Config option=...>.
struct CoderOptions {
  bool require_dyad = true;  // drop events without a target (else target "---")
  int new_actor_length = 0;  // >0: unknown noun phrases of up to N words become actors
                             //     coded as their quoted upper-case text
  // Sets an option from a <Config> element. Options PETRARCH has but this coder does
  // not use (comma_*, stop_on_error) are accepted and ignored; unknown ones are errors.
  Status Set(std::string_view option, std::string_view value);
};

struct Dictionaries {
  ActorDictionary actors;
  AgentDictionary agents;
  DiscardDictionary discards;
  VerbDictionary verbs;
  Ontology ontology;  // empty when the file is absent: negated verbs keep their code

  // Reads DIR/PETR.Validate.{actors,agents,discards}.txt, DIR/<verbs_file> and, when
  // present, DIR/PETR.Internal.Coding.Ontology.txt (used for negated verbs).
  static StatusOr<Dictionaries> LoadValidation(const std::string& dir,
                                               const std::string& verbs_file,
                                               const ReadOptions& opts,
                                               const ErrorFn& on_error);
};

// One word of a parsed sentence (upper-cased form and lemma).
struct Word {
  std::string form;
  std::string lemma;
  std::string upos;
  std::string deprel;  // without subtype handling: "nsubj:pass" kept as is
  int head = 0;        // 0 = root, else 1-based
};

// Reads the CoNLL-U lines of one sentence (comment and multi-word lines ignored).
// Returns InvalidArgument for a malformed line or a broken tree (cycle, bad head).
StatusOr<std::vector<Word>> ParseConlluSentence(std::string_view conllu);

// A coded triple with where it came from: 1-based word indexes (0 = none) of the verb
// and of the heads of the source and target noun phrases, and the verb-dictionary line
// of the pattern that fired (0 = the verb's or block's default code).
struct TracedTriple {
  Triple triple;
  int verb = 0;
  int source = 0;
  int target = 0;
  int pattern_line = 0;
};

class Coder {
 public:
  // REQUIRES: `dicts` outlives the coder.
  explicit Coder(const Dictionaries* dicts);
  ~Coder();
  Coder(const Coder&) = delete;
  Coder& operator=(const Coder&) = delete;

  // Codes one sentence dated `date` (YYYYMMDD). Triples are sorted and unique.
  std::vector<Triple> Code(const std::vector<Word>& words, int32_t date,
                           const CoderOptions& opts) const;

  // Same triples, each with the words it came from (for `khaldun code --dicts petrarch`).
  std::vector<TracedTriple> CodeTraced(const std::vector<Word>& words, int32_t date,
                                       const CoderOptions& opts) const;

 // Phrase indexes built from the dictionaries (implementation detail).
  struct Index;

 private:
  const Dictionaries* dicts_;
  std::unique_ptr<Index> index_;
};

// Result of running a validation file.
struct ValidationFailure {
  std::string id;
  std::string text;
  std::vector<Triple> expected;
  std::vector<Triple> got;
};

struct ValidationResult {
  size_t records = 0;        // scored records (sentence="true")
  size_t exact = 0;          // records whose triple set equals the expected one
  size_t expected_triples = 0;
  size_t predicted_triples = 0;
  size_t correct_triples = 0;
  size_t bad_parses = 0;     // records whose parse was rejected (coded as no events)
  double coding_seconds = 0;  // thread CPU time in Coder::Code
  double parse_seconds = 0;   // thread CPU time reading the CoNLL-U parses
  std::vector<ValidationFailure> failures;
};

ValidationResult RunValidation(const ValidationFile& file, const Coder& coder,
                               const ErrorFn& on_error);

}  // namespace khaldun::petrarch

#endif  // KHALDUN_PETRARCH_CODER_H_
