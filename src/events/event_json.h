// Event <-> JSON: the one-object-per-line event format written by `khaldun code`.
//
// Field list (every key always present; `target` and `location` may be null):
//   event_id, doc_id, story_id, sentence_index, date, date_basis, date_span:[b,e],
//   source{text,code,country,sector,span:[b,e],orig_span?,pattern}, target{...}|null,
//   cameo, cameo_root, plover, plover_mode, goldstein, quad_class, negated, modality,
//   trigger{text,span,orig_span?}, sentence, sentence_span:[b,e], pattern,
//   location{name,country,admin1,lat,lon,basis,span}|null
// Spans are byte offsets [begin, end) into Document::text; `orig_span` (offsets into the
// original input bytes, via Document::ToOriginal) is added when the document has an
// origin map. `negated` is true for events whose trigger is negated ("did not attack");
// the coder emits them (flagged) rather than dropping them, and consumers that count
// events should skip negated ones. `modality` is ModalityName().
//
// EventFromJson is the reverse (used by tests and tools); it ignores unknown keys and
// orig_span, and fails with InvalidArgument on malformed JSON or wrong field types.
// Thread-safe: pure functions.
#ifndef KHALDUN_EVENTS_EVENT_JSON_H_
#define KHALDUN_EVENTS_EVENT_JSON_H_

#include <string>
#include <string_view>

#include "khaldun/document.h"
#include "khaldun/event.h"
#include "khaldun/status.h"

namespace khaldun {

// Stable id: 16 hex digits of a 64-bit FNV-1a hash over doc_id, sentence index,
// trigger span, source and target codes and the CAMEO code.
std::string MakeEventId(const Event& e);

// Appends one JSON object and a '\n'. `doc` (may be null) supplies the sentence text and
// the origin map; without it "sentence" is "" and no orig_span is written.
void AppendEventJson(const Event& e, const Document* doc, std::string* out);

// One JSON object without the trailing newline.
std::string EventToJson(const Event& e, const Document* doc = nullptr);

// Parses one line written by AppendEventJson.
StatusOr<Event> EventFromJson(std::string_view line);

// Reverse of ModalityName / DateBasisName; unknown names give kAsserted / kUnknown.
Modality ModalityFromName(std::string_view name);
DateBasis DateBasisFromName(std::string_view name);

}  // namespace khaldun

#endif  // KHALDUN_EVENTS_EVENT_JSON_H_
