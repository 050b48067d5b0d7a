// PatternSet: verb and noun patterns (data/dict/verbs.txt) -> CAMEO codes, plus the
// verb classes the coder needs (light verbs, intention/demand/refusal governors,
// speech verbs). The file format is documented at the top of data/dict/verbs.txt.
//
// Patterns are compiled at load into a lemma-keyed hash index; the coder never parses
// text. A malformed line is reported as "path:line: why" and skipped (strict: the load
// fails); a CAMEO code that the CameoTable does not know is always an error.
// Thread-safety: immutable after Load; share one instance between threads.
#ifndef KHALDUN_EVENTS_PATTERNS_H_
#define KHALDUN_EVENTS_PATTERNS_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "events/cameo.h"
#include "khaldun/status.h"

namespace khaldun {

// How a governing verb changes an event in its xcomp/ccomp ("threaten to strike").
enum class VerbClass : uint8_t {
  kNone,
  kLight,   // "launch", "carry out": the object noun carries the event
  kIntend,  // "plan/vow/threaten/agree to X": cooperation -> 03x, conflict -> 13x
  kDemand,  // "urge/call on/demand X to Y": -> 10x
  kRefuse,  // "refuse/decline to Y": -> 12x
  kSpeech,  // "say/announce": the clause is reported speech
  kMust,    // "must/should" (auxiliaries): a reported obligation is a demand
};

struct Pattern {
  const CameoCode* cameo = nullptr;
  bool noun = false;
  std::string lemma;                      // trigger lemma (lower case)
  std::string prt;                        // required particle ("out" in "carry out")
  std::vector<std::string> obj;           // required object lemmas (any of)
  std::string prep;                       // required oblique preposition ("to")
  std::vector<std::string> prep_objs;     // its allowed lemmas; {"*"} = any
  std::vector<std::string> mods;          // required modifier lemmas (nouns: "missile")
  std::vector<std::string> target_preps;  // extra prepositions that mark the target
  bool no_target = false;                 // "target=none": intransitive events
  bool block = false;                     // code NONE: this reading is no event (cameo null)
  int specificity = 0;                    // number of conditions; higher wins
  std::string id;                         // "verbs.txt:120"
};

struct PatternLoadOptions {
  bool strict = false;
};

class PatternSet {
 public:
  static StatusOr<std::unique_ptr<PatternSet>> Parse(std::string_view text,
                                                     std::string_view name,
                                                     const CameoTable& cameo,
                                                     const PatternLoadOptions& options,
                                                     const std::function<void(const Status&)>& on_error);
  static StatusOr<std::unique_ptr<PatternSet>> Load(const std::string& path,
                                                    const CameoTable& cameo,
                                                    const PatternLoadOptions& options,
                                                    const std::function<void(const Status&)>& on_error);

  // Patterns whose trigger is `lemma` (lower case), most specific first; null if none.
  const std::vector<const Pattern*>* Verbs(std::string_view lemma) const;
  const std::vector<const Pattern*>* Nouns(std::string_view lemma) const;
  // The verb's class (INTEND, DEMAND, REFUSE, SPEECH, MUST); kNone if none. LIGHT
  // verbs are asked with IsLight: a verb can be light and of another class.
  VerbClass Class(std::string_view lemma) const;
  bool IsLight(std::string_view lemma) const;
  // The fallback pattern of MUST clauses without their own pattern (null if none).
  const Pattern* must_pattern() const { return must_pattern_.get(); }

  size_t pattern_count() const { return patterns_.size(); }
  size_t trigger_lemma_count() const;  // distinct trigger lemmas (verbs and nouns)
  size_t multiword_count() const;      // patterns with a particle, object or preposition

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Index = std::unordered_map<std::string, std::vector<const Pattern*>, Hash, std::equal_to<>>;
  std::vector<std::unique_ptr<Pattern>> patterns_;
  std::unique_ptr<Pattern> must_pattern_;
  Index verbs_, nouns_;
  std::unordered_map<std::string, VerbClass, Hash, std::equal_to<>> classes_;
  std::unordered_set<std::string, Hash, std::equal_to<>> light_;
};

}  // namespace khaldun

#endif  // KHALDUN_EVENTS_PATTERNS_H_
