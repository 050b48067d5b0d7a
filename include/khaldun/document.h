// The document model shared by every stage: Document -> Sentence -> Token.
//
// A Document owns the UTF-8 text it was built from (`text`). Every sentence and token
// points into that text with byte offsets (Span), so any later result (actor, trigger,
// event) can show the exact words it came from. When the text was extracted from a
// larger input (an HTML page, a WARC record, a multi-article file), `origin` maps
// document offsets back to offsets in the original input bytes.
//
// Stages fill fields in order: segment (spans, forms) -> tag (lemma, upos, xpos,
// feats) -> parse (head, deprel). Plain data, no invariants enforced beyond those
// documented here; not thread-safe for concurrent mutation (one document per worker).
#ifndef KHALDUN_DOCUMENT_H_
#define KHALDUN_DOCUMENT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace khaldun {

// Half-open byte range [begin, end) into Document::text.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t size() const { return end - begin; }
  bool empty() const { return end <= begin; }
  bool operator==(const Span&) const = default;
};

// One syntactic word (UD "word"). For a multi-word token such as "don't" -> "do" "n't"
// each word has its own form; `span` is the part of the text it covers (the whole
// surface token when the split is not a substring).
struct Token {
  Span span;
  std::string form;   // word form as in CoNLL-U FORM
  std::string lemma;  // empty until tagged
  std::string upos;   // UD universal POS, empty until tagged
  std::string xpos;   // Penn Treebank tag, empty until tagged
  std::string feats;  // UD FEATS ("Number=Sing|..."), empty = none
  int head = -1;      // 0 = root, else 1-based index of the head word; -1 = unparsed
  std::string deprel; // UD relation (with subtype, e.g. "obl:tmod"), empty = unparsed
  bool space_after = true;
  std::string misc;   // other CoNLL-U MISC content (without SpaceAfter), kept for round trip
};

// A CoNLL-U multi-word token line ("3-4 don't"), kept for round trip and for spans.
struct MultiWordToken {
  int first = 0;  // 1-based word index
  int last = 0;
  std::string form;
  Span span;
  bool space_after = true;
};

struct Sentence {
  Span span;                         // bytes of the sentence in Document::text
  std::vector<Token> tokens;         // words, in order; token i has UD id i+1
  std::vector<MultiWordToken> mwts;  // may be empty
  std::vector<std::string> comments; // CoNLL-U comment lines (without "# "), round trip
  int paragraph = 0;                 // paragraph index within the document
  std::string sent_id;               // from CoNLL-U "# sent_id", or generated
};

// A mapping piece: document bytes [doc_begin, doc_begin+length) came from input bytes
// [orig_begin, orig_begin+length). Pieces are sorted by doc_begin and do not overlap.
struct OriginPiece {
  uint32_t doc_begin = 0;
  uint64_t orig_begin = 0;
  uint32_t length = 0;
};

struct Document {
  std::string id;      // doc_id: file stem, JSONL "id", with "#N" suffix when split
  std::string text;    // UTF-8 (invalid bytes repaired to U+FFFD at ingest)
  std::string date;    // publication date YYYY-MM-DD, empty when unknown
  std::string title;
  std::string url;
  std::string source;  // publisher / feed name
  std::string story_id;  // near-duplicate cluster id (set by dedup), empty = self
  std::vector<Sentence> sentences;
  std::vector<OriginPiece> origin;  // empty = identity mapping onto the input

  std::string_view Text(Span s) const {
    if (s.end > text.size() || s.begin > s.end) return {};
    return std::string_view(text).substr(s.begin, s.size());
  }
  // Maps a document byte offset to an offset in the original input (identity when
  // `origin` is empty). Offsets that fall in gaps map to the start of the next piece.
  uint64_t ToOriginal(uint32_t doc_offset) const;
};

}  // namespace khaldun

#endif  // KHALDUN_DOCUMENT_H_
