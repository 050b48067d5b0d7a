// libFuzzer target: segments arbitrary bytes (raw and repaired) and aborts when an
// invariant of CheckSegmentation() breaks or the word limit is exceeded.
//   CXX=clang++ cmake -S . -B build-segment-fuzz -DKHALDUN_FUZZ=ON -DKHALDUN_TESTS=OFF
//   cmake --build build-segment-fuzz --target segment_fuzz
//   build-segment-fuzz/src/segment/segment_fuzz -max_total_time=60 tests/fuzz/corpus/segment
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "segment/segment.h"

namespace {

void CheckOrDie(const khaldun::Document& doc, const khaldun::SegmentOptions& opts,
                const char* what) {
  khaldun::Status st = khaldun::CheckSegmentation(doc);
  if (!st.ok()) {
    std::fprintf(stderr, "segment_fuzz (%s): %s\n", what, st.ToString().c_str());
    std::abort();
  }
  for (const khaldun::Sentence& s : doc.sentences) {
    // A chunk may exceed the limit only by the words of one multi-word token.
    if (opts.max_tokens_per_sentence && s.tokens.size() > opts.max_tokens_per_sentence + 3) {
      std::fprintf(stderr, "segment_fuzz (%s): sentence of %zu words\n", what, s.tokens.size());
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  khaldun::SegmentOptions opts;
  opts.max_tokens_per_sentence = size > 0 ? 1 + data[0] % 64 : 400;
  khaldun::Document doc;
  khaldun::SegmentStats stats;
  khaldun::SegmentText(raw, opts, &doc, &stats);
  CheckOrDie(doc, opts, "repaired");
  doc.text.assign(raw);  // unrepaired bytes must be safe too
  khaldun::Segment(opts, &doc, &stats);
  CheckOrDie(doc, opts, "raw");
  return 0;
}
