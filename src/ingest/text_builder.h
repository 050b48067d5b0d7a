// TextBuilder: builds a Document's text out of pieces of an input buffer while
// recording where every piece came from (Document::origin), so that offsets in the
// extracted text can be mapped back to the original input bytes.
//
// Bytes appended with AppendMapped() are copied from the input and get an origin
// piece (contiguous appends are merged into one piece); invalid UTF-8 inside them is
// repaired to U+FFFD and the replacement bytes get no origin (a gap). Bytes appended
// with AppendSynthetic() (separators, decoded entities) never get an origin.
// Not thread-safe; one builder per document being built.
#ifndef KHALDUN_INGEST_TEXT_BUILDER_H_
#define KHALDUN_INGEST_TEXT_BUILDER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "khaldun/document.h"

namespace khaldun {

class TextBuilder {
 public:
  // Appends `s`, which is the input's bytes [orig, orig + s.size()).
  void AppendMapped(std::string_view s, uint64_t orig);
  // Appends bytes that do not exist as such in the input.
  void AppendSynthetic(std::string_view s);
  void AppendSynthetic(char c) { text_.push_back(c); }
  // Appends text_[b, e) of another document, composing its origin: pieces of `src`
  // that map to the input stay mapped, its gaps stay gaps.
  // REQUIRES: b <= e <= src.text.size().
  void AppendFrom(const Document& src, uint32_t b, uint32_t e);

  const std::string& text() const { return text_; }
  size_t size() const { return text_.size(); }
  bool empty() const { return text_.empty(); }
  char back() const { return text_.back(); }
  size_t repairs() const { return repairs_; }
  // Removes trailing bytes down to `size` (used to drop a trailing separator).
  void Truncate(size_t size);

  // Moves text and origin into *doc. The origin is left empty (identity) when the
  // whole text is one piece starting at input offset 0.
  void MoveTo(Document* doc);

 private:
  void AddPiece(uint64_t orig, size_t len);

  std::string text_;
  std::vector<OriginPiece> pieces_;
  size_t repairs_ = 0;
};

// Length of the valid UTF-8 sequence at s[i], 0 when the byte there starts none.
size_t Utf8SequenceLength(std::string_view s, size_t i);

}  // namespace khaldun

#endif  // KHALDUN_INGEST_TEXT_BUILDER_H_
