// Tagging speed of the committed model on EWT dev (gold tokenization), one thread,
// reported as words per second ("items"). Build with -DKHALDUN_BENCH=ON and run
// build/src/tag/tagger_bench.
#include <benchmark/benchmark.h>

#include "base/file.h"
#include "document/conllu.h"
#include "tag/tagger.h"

namespace khaldun {
namespace {

void BM_TagEwtDev(benchmark::State& state) {
  const std::string root = std::string(KHALDUN_SOURCE_DIR);
  auto tagger = Tagger::Load(root + "/data/models/tagger.bin");
  auto data = ReadFile(root + "/../shared/ud/en_ewt/en_ewt-ud-dev.conllu");
  if (!tagger.ok() || !data.ok()) {
    state.SkipWithError("model or ../shared/ud/en_ewt dev missing");
    return;
  }
  std::vector<Document> docs;
  ReadConllu(*data, "dev", "dev", &docs, [](const Status&) {});
  std::vector<Sentence> sentences;
  size_t words = 0;
  for (const Document& d : docs)
    for (const Sentence& s : d.sentences) {
      sentences.push_back(s);
      words += s.tokens.size();
    }
  TaggerScratch scratch;
  for (auto _ : state) {
    for (Sentence& s : sentences) (*tagger)->Tag(&s, &scratch);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * words));
}
BENCHMARK(BM_TagEwtDev)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace khaldun
