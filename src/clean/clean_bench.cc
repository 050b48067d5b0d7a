// Reading + cleaning throughput on synthetic HTML pages (one thread): the figure the
// ingest stage must keep >= 50 MB/s, on pages from ~34 KB to ~680 KB (the argument is
// the number of article paragraphs; page_kb reports the size). Also cleaning alone on
// page text, and reading + cleaning the text pages of ../shared/seeds when present.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "clean/clean.h"
#include "ingest/ingest.h"
#include "ingest/synthetic_page.h"

namespace khaldun {
namespace {

void BM_ReadAndCleanHtml(benchmark::State& state) {
  std::vector<std::string> pages;
  size_t total = 0;
  for (int i = 0; i < 16; ++i) {
    pages.push_back(SyntheticNewsPage(i, static_cast<int>(state.range(0))));
    total += pages.back().size();
  }
  IngestOptions options;
  CleanOptions clean;
  size_t out_docs = 0;
  for (auto _ : state) {
    CollectingSink sink;
    IngestStats stats;
    for (const std::string& p : pages) (void)ReadBuffer(p, "page.html", options, &sink, &stats);
    for (const Document& d : sink.docs) out_docs += CleanDocument(d, clean, nullptr).size();
  }
  benchmark::DoNotOptimize(out_docs);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total));
  state.counters["page_kb"] = static_cast<double>(total) / pages.size() / 1024.0;
}
BENCHMARK(BM_ReadAndCleanHtml)->Arg(4)->Arg(14)->Arg(40)->Arg(120)->Arg(300)->Arg(1000);

void BM_CleanText(benchmark::State& state) {
  IngestOptions options;
  CollectingSink sink;
  IngestStats stats;
  for (int i = 0; i < 16; ++i)
    (void)ReadBuffer(SyntheticNewsPage(i, 14), "page.html", options, &sink, &stats);
  size_t total = 0;
  for (const Document& d : sink.docs) total += d.text.size();
  CleanOptions clean;
  for (auto _ : state) {
    size_t n = 0;
    for (const Document& d : sink.docs) n += CleanDocument(d, clean, nullptr).size();
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total));
}
BENCHMARK(BM_CleanText);

// The seed pages (scraped text, two articles glued in one file): read + clean.
void BM_ReadAndCleanSeeds(benchmark::State& state) {
  std::vector<std::string> pages;
  size_t total = 0;
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::path(KHALDUN_SOURCE_DIR) / ".." / "shared" / "seeds";
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    pages.push_back(ss.str());
    total += pages.back().size();
  }
  if (pages.empty()) {
    state.SkipWithError("../shared/seeds not available");
    return;
  }
  IngestOptions options;
  CleanOptions clean;
  size_t out_docs = 0;
  for (auto _ : state) {
    CollectingSink sink;
    IngestStats stats;
    for (const std::string& p : pages) (void)ReadBuffer(p, "seed.txt", options, &sink, &stats);
    for (const Document& d : sink.docs) out_docs += CleanDocument(d, clean, nullptr).size();
  }
  benchmark::DoNotOptimize(out_docs);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total));
  state.counters["page_kb"] = static_cast<double>(total) / pages.size() / 1024.0;
}
BENCHMARK(BM_ReadAndCleanSeeds);

}  // namespace
}  // namespace khaldun
