// Split + tokenize throughput on generated news-like English (one thread).
//   cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DKHALDUN_BENCH=ON
//   cmake --build build-bench --target segment_bench && build-bench/src/segment/segment_bench
// Reports bytes_per_second (MB/s) for a range of input sizes.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

#include "segment/segment.h"

namespace khaldun {
namespace {

// Deterministic generator of wire-story-like text: datelines, quotes, contractions,
// abbreviations, numbers, hyphenated names, URLs and blank-line paragraphs.
std::string NewsLikeText(size_t bytes) {
  static const char* kWords[] = {
      "the",
      "minister",
      "said",
      "on",
      "Tuesday",
      "that",
      "government",
      "forces",
      "had",
      "launched",
      "an",
      "operation",
      "against",
      "militants",
      "in",
      "the",
      "province",
      "of",
      "Balochistan",
      "where",
      "at",
      "least",
      "30,000",
      "people",
      "were",
      "displaced",
      "according",
      "to",
      "officials",
      "and",
      "aid",
      "agencies",
      "Iran's",
      "foreign",
      "ministry",
      "didn't",
      "comment",
      "Amir-Abdollahian",
      "U.S.",
      "troops",
      "bunker-busting",
      "bombs",
      "Gen.",
      "Asim",
      "Munir",
      "3.5%",
      "$1.2bn",
      "talks",
      "won't",
      "resume",
      "before",
      "Jan.",
      "15",
      "al-Adl",
      "claimed",
      "responsibility",
      "(Reuters)",
      "border",
      "security",
      "they're",
      "F-16",
      "2023-24",
      "budget",
      "Mr.",
      "Khan",
      "party",
  };
  constexpr size_t kNumWords = sizeof(kWords) / sizeof(kWords[0]);
  std::string text;
  text.reserve(bytes + 256);
  uint64_t x = 88172645463325252ull;
  auto next = [&x]() {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  int sentence_in_par = 0;
  while (text.size() < bytes) {
    if (sentence_in_par == 0) text += "ISLAMABAD (Reuters) - ";
    size_t len = 8 + next() % 25;
    bool quote = next() % 5 == 0;
    if (quote) text += "\xE2\x80\x9C";
    for (size_t i = 0; i < len; ++i) {
      std::string_view w = kWords[next() % kNumWords];
      if (i == 0) {
        text.push_back(static_cast<char>(w[0] >= 'a' && w[0] <= 'z' ? w[0] - 32 : w[0]));
        text.append(w.substr(1));
      } else {
        text.append(w);
      }
      if (i + 1 < len) text += (next() % 9 == 0) ? ", " : " ";
    }
    text += quote ? ",\xE2\x80\x9D he said. " : ". ";
    if (++sentence_in_par == 4) {
      text += "\n\n";
      sentence_in_par = 0;
    }
  }
  return text;
}

void BM_SegmentNews(benchmark::State& state) {
  Document doc;
  doc.text = NewsLikeText(static_cast<size_t>(state.range(0)));
  SegmentOptions opts;
  size_t tokens = 0;
  for (auto _ : state) {
    SegmentStats stats;
    Segment(opts, &doc, &stats);
    tokens = stats.tokens;
    benchmark::DoNotOptimize(doc.sentences.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * doc.text.size()));
  state.counters["tokens"] = static_cast<double>(tokens);
  state.counters["tokens/s"] = benchmark::Counter(static_cast<double>(tokens) * state.iterations(),
                                                  benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SegmentNews)->Arg(64 << 10)->Arg(1 << 20)->Arg(4 << 20)->Unit(benchmark::kMillisecond);

void BM_SegmentTextWithRepair(benchmark::State& state) {
  std::string raw = NewsLikeText(static_cast<size_t>(state.range(0)));
  for (size_t i = 1000; i < raw.size(); i += 5000) raw[i] = '\xFF';  // sprinkle bad bytes
  SegmentOptions opts;
  for (auto _ : state) {
    Document doc;
    SegmentStats stats;
    SegmentText(raw, opts, &doc, &stats);
    benchmark::DoNotOptimize(doc.sentences.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * raw.size()));
}
BENCHMARK(BM_SegmentTextWithRepair)->Arg(4 << 20)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace khaldun
