// Parser speed: words/s on EWT dev (gold tags as input), one thread.
//   cmake -B build -DKHALDUN_BENCH=ON && cmake --build build --target parser_bench
//   build/src/parse/parser_bench   (run from the repository root)
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "base/file.h"
#include "document/conllu.h"
#include "parse/parser.h"

namespace khaldun {
namespace {

const std::string kModel = std::string(KHALDUN_SOURCE_DIR) + "/data/models/parser.bin";
const std::string kDev =
    std::string(KHALDUN_SOURCE_DIR) + "/../shared/ud/en_ewt/en_ewt-ud-dev.conllu";

void BM_ParseEwtDev(benchmark::State& state) {
  auto parser = Parser::Load(kModel);
  auto data = ReadFile(kDev);
  if (!parser.ok() || !data.ok()) {
    state.SkipWithError("needs data/models/parser.bin and ../shared/ud/en_ewt");
    return;
  }
  std::vector<Document> docs;
  ReadConllu(*data, kDev, "dev", &docs, [](const Status&) {});
  std::vector<Sentence> sents;
  size_t words = 0;
  for (auto& d : docs)
    for (auto& s : d.sentences) {
      words += s.tokens.size();
      sents.push_back(std::move(s));
    }
  for (auto _ : state) {
    for (auto& s : sents) (*parser)->Parse(&s);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * words));
  state.counters["words/s"] =
      benchmark::Counter(static_cast<double>(words), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_ParseEwtDev)->Unit(benchmark::kMillisecond);

void BM_LoadModel(benchmark::State& state) {
  for (auto _ : state) {
    auto parser = Parser::Load(kModel);
    if (!parser.ok()) {
      state.SkipWithError("needs data/models/parser.bin");
      return;
    }
    benchmark::DoNotOptimize(parser);
  }
}
BENCHMARK(BM_LoadModel)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace khaldun
