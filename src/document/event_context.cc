#include "document/event_context.h"

#include <algorithm>
#include <string_view>

namespace khaldun {

EventContext EventContextOf(const Document& doc, const Event& ev) {
  EventContext c;
  const uint32_t n = static_cast<uint32_t>(doc.text.size());
  if (ev.sentence_index >= 0 && static_cast<size_t>(ev.sentence_index) < doc.sentences.size()) {
    const Sentence& s = doc.sentences[ev.sentence_index];
    c.sentence = s.span;
    c.paragraph = s.span;
    // The paragraph, but at most two sentences back and one ahead: pages whose lines
    // are not blank-line separated make one huge "paragraph".
    for (int k = ev.sentence_index - 1;
         k >= 0 && k >= ev.sentence_index - 2 && doc.sentences[k].paragraph == s.paragraph; --k)
      c.paragraph.begin = std::min(c.paragraph.begin, doc.sentences[k].span.begin);
    for (size_t k = ev.sentence_index + 1;
         k < doc.sentences.size() && k <= static_cast<size_t>(ev.sentence_index) + 1 &&
         doc.sentences[k].paragraph == s.paragraph;
         ++k)
      c.paragraph.end = std::max(c.paragraph.end, doc.sentences[k].span.end);
  } else {
    c.sentence = ev.sentence_span;
    if (c.sentence.empty()) c.sentence = ev.trigger_span;
    // Without sentences a paragraph is the line around the sentence.
    std::string_view t(doc.text);
    uint32_t b = std::min(c.sentence.begin, n);
    size_t lb = b == 0 ? std::string_view::npos : t.rfind('\n', b - 1);
    size_t le = t.find('\n', std::min(c.sentence.end, n));
    c.paragraph.begin = lb == std::string_view::npos ? 0 : static_cast<uint32_t>(lb + 1);
    c.paragraph.end = le == std::string_view::npos ? n : static_cast<uint32_t>(le);
  }
  c.sentence.end = std::min(c.sentence.end, n);
  c.paragraph.end = std::min(c.paragraph.end, n);
  return c;
}

}  // namespace khaldun
