// libFuzzer target for the date expression scanner and the publication-date finder.
// The first 10 bytes of the input, when they form a date, are the publication date.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "khaldun/event.h"
#include "time/dates.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string in(reinterpret_cast<const char*>(data), size);
  std::string pub = in.substr(0, std::min<size_t>(10, in.size()));
  khaldun::Document doc;
  doc.text = in;
  auto found = khaldun::FindDateExpressions(
      doc, khaldun::Span{0, static_cast<uint32_t>(doc.text.size())}, pub);
  for (const auto& e : found) {
    if (e.span.end > doc.text.size() || e.span.begin >= e.span.end) __builtin_trap();
  }
  (void)khaldun::FindPublicationDateInText(in);
  // Events over every line, without sentences.
  std::vector<khaldun::Event> events;
  uint32_t b = 0;
  for (uint32_t i = 0; i <= doc.text.size(); ++i) {
    if (i == doc.text.size() || doc.text[i] == '\n') {
      khaldun::Event ev;
      ev.sentence_index = static_cast<int>(events.size()) + 1000;
      ev.sentence_span = khaldun::Span{b, i};
      ev.trigger_span = khaldun::Span{b, std::min(i, b + 3)};
      events.push_back(ev);
      b = i + 1;
      if (events.size() > 64) break;
    }
  }
  doc.date = pub;
  khaldun::ResolveEventDates(doc, &events);
  return 0;
}
