// Invariants the fuzz targets assert on every document a reader or the cleaner
// produces: text is valid UTF-8, origin pieces are sorted, inside the text, and
// point at input bytes identical to the text they map. Header-only.
#ifndef KHALDUN_INGEST_FUZZ_CHECK_H_
#define KHALDUN_INGEST_FUZZ_CHECK_H_

#include <cstdlib>
#include <string_view>

#include "khaldun/document.h"

namespace khaldun {

// `input` is the byte stream origins refer to (empty: do not compare bytes).
inline void CheckDocumentInvariants(const Document& d, std::string_view input) {
  uint32_t prev_end = 0;
  for (const OriginPiece& p : d.origin) {
    if (p.doc_begin < prev_end) std::abort();
    if (static_cast<uint64_t>(p.doc_begin) + p.length > d.text.size()) std::abort();
    prev_end = p.doc_begin + p.length;
    if (!input.empty() && p.length > 0) {
      if (p.orig_begin + p.length > input.size()) std::abort();
      if (std::string_view(d.text).substr(p.doc_begin, p.length) !=
          input.substr(p.orig_begin, p.length))
        std::abort();
    }
  }
}

}  // namespace khaldun

#endif  // KHALDUN_INGEST_FUZZ_CHECK_H_
