// Coded political events: who did what to whom, when and where.
//
// An Event is produced by the coder (src/events) from one parsed sentence, then dated
// (src/time) and located (src/place), stored (src/store) and analysed (src/analysis).
// All text references are Spans into the Document's text (see document.h), so every
// event can be traced to its words. Plain data; one JSON object per line on output
// (see src/events/event_json.h for the exact field list).
#ifndef KHALDUN_EVENT_H_
#define KHALDUN_EVENT_H_

#include <string>
#include <vector>

#include "khaldun/document.h"

namespace khaldun {

// One side of an event.
struct Actor {
  std::string text;     // surface words, e.g. "Pakistan's foreign ministry"
  Span span;            // into Document::text
  std::string code;     // full CAMEO actor code, e.g. "PAKGOV", "IRNMIL", "IGOUNO"
  std::string country;  // 3-letter CAMEO country code, empty for none (e.g. IGOs)
  std::string sector;   // primary role code (GOV, MIL, REB, ...), may be empty
  std::string pattern;  // dictionary entry that identified the actor (file:line or id)
  bool operator==(const Actor&) const = default;
};

enum class Modality { kAsserted, kFuture, kConditional, kIntended, kQuestion, kReported };
enum class DateBasis { kExplicit, kRelative, kPublication, kUnknown };

struct Location {
  std::string name;     // place name as in the gazetteer
  std::string country;  // ISO 3166 alpha-2 of the place (gazetteer convention)
  std::string admin1;   // first-level division name, may be empty
  double lat = 0;
  double lon = 0;
  std::string basis;    // "text" (named in sentence/paragraph), "target_country", "none"
  Span span;            // where in the text the place was named (empty for fallback)
  bool valid = false;
};

struct Event {
  std::string event_id;   // stable: hash of doc_id, sentence index, trigger span, codes
  std::string doc_id;
  std::string story_id;
  int sentence_index = 0;  // 0-based within the document
  std::string date;        // YYYY-MM-DD the event happened (best estimate)
  DateBasis date_basis = DateBasis::kPublication;
  Span date_span;          // date expression used, empty if none
  Actor source;
  Actor target;
  bool has_target = false;
  std::string cameo;       // e.g. "195"
  std::string cameo_root;  // e.g. "19"
  std::string plover;      // e.g. "ASSAULT"
  std::string plover_mode; // e.g. "aerial" (may be empty)
  double goldstein = 0;
  int quad_class = 0;      // 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
  bool negated = false;
  Modality modality = Modality::kAsserted;
  std::string trigger_text;
  Span trigger_span;
  Span sentence_span;
  std::string pattern;     // verb/noun pattern that fired (dictionary id)
  Location location;
};

const char* ModalityName(Modality m);   // "asserted", "future", ...
const char* DateBasisName(DateBasis b); // "explicit", "relative", "publication", "unknown"

}  // namespace khaldun

#endif  // KHALDUN_EVENT_H_
