// Google Benchmark: gazetteer load and lookup, and LocateEvents over news-like text
// written for this benchmark. Needs BUILD/gazetteer.bin or node_modules.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "place/fold.h"
#include "place/locate.h"
#include "place/test_gazetteer.h"

namespace {

const char kParagraph[] =
    "Militants attacked a police station in the northwestern city of Peshawar on Monday, "
    "officials in Islamabad said. Troops later raided hideouts near the Afghan border and in "
    "Pakistan's southwestern province of Balochistan. Iran condemned the violence.\n\n";

void BM_Load(benchmark::State& state) {
  std::string path = std::string(KHALDUN_BINARY_DIR) + "/gazetteer.bin";
  for (auto _ : state) {
    auto g = khaldun::Gazetteer::Load(path);
    if (!g.ok()) {
      state.SkipWithError("BUILD/gazetteer.bin missing: build target 'gazetteer'");
      return;
    }
    benchmark::DoNotOptimize(g);
  }
}
BENCHMARK(BM_Load)->Unit(benchmark::kMillisecond);

void BM_LookupFolded(benchmark::State& state) {
  const khaldun::Gazetteer* g = khaldun::TestGazetteer();
  if (!g) {
    state.SkipWithError("no gazetteer");
    return;
  }
  const char* names[] = {"pakistan", "balochistan", "karachi", "paris",
                         "new york", "qwzx",        "tehran",  "the hague"};
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(g->LookupFolded(names[i++ & 7]));
}
BENCHMARK(BM_LookupFolded);

void BM_LookupWithFolding(benchmark::State& state) {
  const khaldun::Gazetteer* g = khaldun::TestGazetteer();
  if (!g) {
    state.SkipWithError("no gazetteer");
    return;
  }
  const char* names[] = {"Pakistan", "Balochistan", "Karachi", "Paris",
                         "New York", "Qwzx",        "Tehran",  "The Hague"};
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(g->Lookup(names[i++ & 7]));
}
BENCHMARK(BM_LookupWithFolding);

void BM_LocateEvents(benchmark::State& state) {
  const khaldun::Gazetteer* g = khaldun::TestGazetteer();
  if (!g) {
    state.SkipWithError("no gazetteer");
    return;
  }
  khaldun::Document d;
  for (int i = 0; i < state.range(0); ++i) d.text += kParagraph;
  std::vector<khaldun::Event> events;
  for (size_t p = d.text.find("attacked"); p != std::string::npos;
       p = d.text.find("attacked", p + 1)) {
    khaldun::Event ev;
    ev.trigger_span = khaldun::Span{static_cast<uint32_t>(p), static_cast<uint32_t>(p + 8)};
    ev.sentence_span =
        khaldun::Span{static_cast<uint32_t>(p > 10 ? p - 10 : 0), static_cast<uint32_t>(p + 110)};
    ev.sentence_index = -1;
    ev.target.country = "PAK";
    events.push_back(ev);
  }
  for (auto _ : state) {
    auto copy = events;
    khaldun::LocateEvents(d, *g, &copy);
    benchmark::DoNotOptimize(copy);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * d.text.size()));
}
BENCHMARK(BM_LocateEvents)->Arg(1)->Arg(10)->Arg(100);

}  // namespace
