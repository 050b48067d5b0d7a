// Google Benchmark: date expression scanning and event dating over news-like text
// written for this benchmark.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "time/dates.h"

namespace {

const char kParagraph[] =
    "Rebels attacked an army post on Tuesday, killing three soldiers, officials said. "
    "Two days later, the air force struck their camps near the border. The ministry on "
    "Thursday said talks would resume next week. The bombing on Jan. 3 shocked the country, "
    "and the president, who took office in 2020, vowed revenge last month.\n\n";

khaldun::Document MakeDoc(size_t paragraphs) {
  khaldun::Document d;
  for (size_t i = 0; i < paragraphs; ++i) d.text += kParagraph;
  d.date = "2024-01-18";
  return d;
}

void BM_FindDateExpressions(benchmark::State& state) {
  khaldun::Document d = MakeDoc(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    auto v = khaldun::FindDateExpressions(d, khaldun::Span{0, static_cast<uint32_t>(d.text.size())},
                                          d.date);
    benchmark::DoNotOptimize(v);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * d.text.size()));
}
BENCHMARK(BM_FindDateExpressions)->Arg(1)->Arg(10)->Arg(100);

void BM_ResolveEventDates(benchmark::State& state) {
  khaldun::Document d = MakeDoc(static_cast<size_t>(state.range(0)));
  std::vector<khaldun::Event> events;
  for (size_t p = d.text.find("attacked"); p != std::string::npos;
       p = d.text.find("attacked", p + 1)) {
    khaldun::Event ev;
    ev.trigger_span = khaldun::Span{static_cast<uint32_t>(p), static_cast<uint32_t>(p + 8)};
    ev.sentence_span =
        khaldun::Span{static_cast<uint32_t>(p > 7 ? p - 7 : 0), static_cast<uint32_t>(p + 60)};
    ev.sentence_index = -1;
    events.push_back(ev);
  }
  for (auto _ : state) {
    auto copy = events;
    khaldun::ResolveEventDates(d, &copy);
    benchmark::DoNotOptimize(copy);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * d.text.size()));
}
BENCHMARK(BM_ResolveEventDates)->Arg(1)->Arg(10)->Arg(100);

}  // namespace
