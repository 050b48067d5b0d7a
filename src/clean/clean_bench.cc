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

// Reads every page (format detected from content) and cleans what it yields, once per
// iteration; bytes processed are the pages' bytes.
void ReadAndClean(benchmark::State& state, const std::vector<std::string>& pages,
                  const char* name) {
  size_t total = 0;
  for (const std::string& p : pages) total += p.size();
  IngestOptions options;
  CleanOptions clean;
  size_t out_docs = 0;
  for (auto _ : state) {
    CollectingSink sink;
    IngestStats stats;
    for (const std::string& p : pages) (void)ReadBuffer(p, name, options, &sink, &stats);
    for (const Document& d : sink.docs) out_docs += CleanDocument(d, clean, nullptr).size();
  }
  benchmark::DoNotOptimize(out_docs);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total));
  state.counters["page_kb"] = static_cast<double>(total) / pages.size() / 1024.0;
}

void BM_ReadAndCleanHtml(benchmark::State& state) {
  std::vector<std::string> pages;
  for (int i = 0; i < 16; ++i) pages.push_back(SyntheticNewsPage(i, static_cast<int>(state.range(0))));
  ReadAndClean(state, pages, "page.html");
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
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::path(KHALDUN_SOURCE_DIR) / ".." / "shared" / "seeds";
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    pages.push_back(ss.str());
  }
  if (pages.empty()) {
    state.SkipWithError("../shared/seeds not available");
    return;
  }
  ReadAndClean(state, pages, "seed.txt");
}
BENCHMARK(BM_ReadAndCleanSeeds);

}  // namespace
}  // namespace khaldun
