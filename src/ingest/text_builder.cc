#include "ingest/text_builder.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace khaldun {

size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  unsigned char c = p[i];
  if (c < 0x80) return 1;
  if (c < 0xC2) return 0;
  if (c < 0xE0) return (i + 1 < n && (p[i + 1] & 0xC0) == 0x80) ? 2 : 0;
  if (c < 0xF0) {
    if (i + 2 >= n) return 0;
    unsigned char c1 = p[i + 1];
    if (c == 0xE0 && c1 < 0xA0) return 0;
    if (c == 0xED && c1 >= 0xA0) return 0;
    if ((c1 & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80) return 0;
    return 3;
  }
  if (c < 0xF5) {
    if (i + 3 >= n) return 0;
    unsigned char c1 = p[i + 1];
    if (c == 0xF0 && c1 < 0x90) return 0;
    if (c == 0xF4 && c1 >= 0x90) return 0;
    if ((c1 & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80 || (p[i + 3] & 0xC0) != 0x80) return 0;
    return 4;
  }
  return 0;
}

void TextBuilder::AddPiece(uint64_t orig, size_t len) {
  if (len == 0) return;
  uint32_t doc_begin = static_cast<uint32_t>(text_.size());
  if (!pieces_.empty()) {
    OriginPiece& last = pieces_.back();
    if (last.doc_begin + last.length == doc_begin && last.orig_begin + last.length == orig) {
      last.length += static_cast<uint32_t>(len);
      return;
    }
  }
  pieces_.push_back({doc_begin, orig, static_cast<uint32_t>(len)});
}

void TextBuilder::AppendMapped(std::string_view s, uint64_t orig) {
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    // Valid run: ASCII fast path (eight bytes at a time), then multi-byte sequences.
    while (i < s.size()) {
      if (i + 8 <= s.size()) {
        uint64_t v;
        std::memcpy(&v, s.data() + i, 8);
        if ((v & 0x8080808080808080ULL) == 0) {
          i += 8;
          continue;
        }
      }
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (c < 0x80) {
        ++i;
        continue;
      }
      size_t len = Utf8SequenceLength(s, i);
      if (len == 0) break;
      i += len;
    }
    if (i > start) {
      AddPiece(orig + start, i - start);
      text_.append(s.data() + start, i - start);
    }
    if (i < s.size()) {  // invalid byte
      text_.append("\xEF\xBF\xBD");
      ++repairs_;
      ++i;
    }
  }
}

void TextBuilder::AppendSynthetic(std::string_view s) { text_.append(s); }

void TextBuilder::AppendFrom(const Document& src, uint32_t b, uint32_t e) {
  if (e <= b) return;
  std::string_view t(src.text);
  if (src.origin.empty()) {
    AddPiece(b, e - b);
    text_.append(t.substr(b, e - b));
    return;
  }
  auto it = std::upper_bound(src.origin.begin(), src.origin.end(), b,
                             [](uint32_t off, const OriginPiece& p) { return off < p.doc_begin; });
  if (it != src.origin.begin()) --it;
  uint32_t pos = b;
  while (pos < e) {
    // Skip pieces that end before pos.
    while (it != src.origin.end() && it->doc_begin + it->length <= pos) ++it;
    if (it == src.origin.end() || it->doc_begin >= e) {
      text_.append(t.substr(pos, e - pos));
      break;
    }
    if (it->doc_begin > pos) {  // gap
      text_.append(t.substr(pos, it->doc_begin - pos));
      pos = it->doc_begin;
    }
    uint32_t end = std::min<uint32_t>(e, it->doc_begin + it->length);
    AddPiece(it->orig_begin + (pos - it->doc_begin), end - pos);
    text_.append(t.substr(pos, end - pos));
    pos = end;
  }
}

void TextBuilder::Truncate(size_t size) {
  if (size >= text_.size()) return;
  text_.resize(size);
  while (!pieces_.empty() && pieces_.back().doc_begin >= size) pieces_.pop_back();
  if (!pieces_.empty()) {
    OriginPiece& last = pieces_.back();
    if (last.doc_begin + last.length > size) last.length = static_cast<uint32_t>(size - last.doc_begin);
  }
}

void TextBuilder::MoveTo(Document* doc) {
  if (pieces_.size() == 1 && pieces_[0].doc_begin == 0 && pieces_[0].orig_begin == 0 &&
      pieces_[0].length == text_.size()) {
    pieces_.clear();
  } else if (pieces_.empty() && !text_.empty()) {
    // Nothing maps: keep one zero-length marker so the identity mapping is not assumed.
    pieces_.push_back({static_cast<uint32_t>(text_.size()), 0, 0});
  }
  doc->text = std::move(text_);
  doc->origin = std::move(pieces_);
  text_.clear();
  pieces_.clear();
  repairs_ = 0;
}

}  // namespace khaldun
