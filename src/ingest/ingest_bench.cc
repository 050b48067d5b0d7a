// Reading speed of the HTML reader (gumbo parse + main-content extraction) and of
// the plain-text and JSONL readers, on synthetic pages (see synthetic_page.h).
// Reading + cleaning together: src/clean/clean_bench.cc.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "ingest/ingest.h"
#include "ingest/synthetic_page.h"

namespace khaldun {
namespace {

class CountingSink : public DocumentSink {
 public:
  void OnDocument(Document doc) override { bytes += doc.text.size(); }
  void OnReject(const Rejection&) override { ++rejected; }
  size_t bytes = 0;
  size_t rejected = 0;
};

void BM_ReadHtml(benchmark::State& state) {
  std::vector<std::string> pages;
  size_t total = 0;
  for (int i = 0; i < 16; ++i) {
    pages.push_back(SyntheticNewsPage(i, static_cast<int>(state.range(0))));
    total += pages.back().size();
  }
  IngestOptions options;
  for (auto _ : state) {
    CountingSink sink;
    IngestStats stats;
    for (const std::string& p : pages) (void)ReadBuffer(p, "page.html", options, &sink, &stats);
    benchmark::DoNotOptimize(sink.bytes);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total));
  state.counters["page_kb"] = static_cast<double>(total) / pages.size() / 1024.0;
}
BENCHMARK(BM_ReadHtml)->Arg(4)->Arg(14)->Arg(40)->Arg(120)->Arg(300)->Arg(1000);

void BM_ReadJsonl(benchmark::State& state) {
  std::string data;
  for (int i = 0; i < 200; ++i)
    data += "{\"id\": \"n" + std::to_string(i) +
            "\", \"date\": \"2024-01-18\", \"text\": \"The minister said on Tuesday that talks "
            "would resume.\\nBoth sides agreed to continue with plans for a new ceasefire, a "
            "spokesman told reporters in the capital after strikes against militants.\"}\n";
  IngestOptions options;
  for (auto _ : state) {
    CountingSink sink;
    IngestStats stats;
    (void)ReadBuffer(data, "feed.jsonl", options, &sink, &stats);
    benchmark::DoNotOptimize(sink.bytes);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_ReadJsonl);

}  // namespace
}  // namespace khaldun
