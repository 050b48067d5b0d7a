#include "khaldun/document.h"

#include <algorithm>

#include "khaldun/event.h"

namespace khaldun {

uint64_t Document::ToOriginal(uint32_t doc_offset) const {
  if (origin.empty()) return doc_offset;
  auto it = std::upper_bound(
      origin.begin(), origin.end(), doc_offset,
      [](uint32_t off, const OriginPiece& p) { return off < p.doc_begin; });
  if (it == origin.begin()) return origin.front().orig_begin;
  const OriginPiece& p = *(it - 1);
  if (doc_offset < p.doc_begin + p.length) return p.orig_begin + (doc_offset - p.doc_begin);
  if (it != origin.end()) return it->orig_begin;
  return p.orig_begin + p.length;
}

const char* ModalityName(Modality m) {
  switch (m) {
    case Modality::kAsserted: return "asserted";
    case Modality::kFuture: return "future";
    case Modality::kConditional: return "conditional";
    case Modality::kIntended: return "intended";
    case Modality::kQuestion: return "question";
    case Modality::kReported: return "reported";
  }
  return "asserted";
}

const char* DateBasisName(DateBasis b) {
  switch (b) {
    case DateBasis::kExplicit: return "explicit";
    case DateBasis::kRelative: return "relative";
    case DateBasis::kPublication: return "publication";
    case DateBasis::kUnknown: return "unknown";
  }
  return "unknown";
}

}  // namespace khaldun
