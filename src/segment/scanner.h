// Surface tokenizer behind Segment(): one linear, allocation-light pass over UTF-8 text
// that cuts it into surface tokens (what a reader sees between spaces and punctuation,
// before contractions are split into words) and records the layout facts the sentence
// splitter needs (line breaks and spaces around each token, list markers).
//
// Internal to src/segment/. Thread-safety: pure functions; the word lists are immutable.
#ifndef KHALDUN_SEGMENT_SCANNER_H_
#define KHALDUN_SEGMENT_SCANNER_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace khaldun::segment {

enum class TokenKind : uint8_t {
  kWord,        // letters/digits, with inner - . , : / & and apostrophes (may be a contraction)
  kAbbrev,      // word that keeps its final period: "U.S.", "Mr.", "a.m.", initial "W."
  kListMarker,  // "1." opening a numbered list line
  kUrl,         // URL or e-mail address, kept whole
  kFinal,       // sentence-final punctuation: "." "!" "?" runs, "..." and "…"
  kOpen,        // opening bracket or quote: ( [ { ‘ “ « ¿ ¡ „
  kClose,       // closing bracket or quote: ) ] } ” »
  kQuote,       // straight " ' ` and ’ standing alone; direction follows from spacing
  kDash,        // - -- and the Unicode dashes (‐ ‒ – — ― −)
  kPunct,       // any other symbol: , ; : % $ & / U+FFFD, emoji ...
};

struct SurfaceToken {
  uint32_t begin = 0;  // byte span in the text
  uint32_t end = 0;
  TokenKind kind = TokenKind::kWord;
  uint8_t newlines_before = 0;  // line breaks in the space before it, capped at 2 (blank line)
  bool space_before = false;    // whitespace (or start of text) right before it
  bool space_after = true;      // whitespace (or end of text) right after it
  bool line_start = false;      // first token of its line (or of the text)
  bool bullet = false;          // a list item marker at the start of a line
};

// Appends the surface tokens of `text` to *out (cleared first). Never fails; linear in
// text.size(). Invalid UTF-8 bytes are treated as one-byte symbols.
// Only the first 4 GiB - 16 bytes are scanned (spans are 32-bit).
void ScanSurfaceTokens(std::string_view text, std::vector<SurfaceToken>* out);

// How an abbreviation that ends in a period behaves at a possible sentence end.
enum class AbbrevClass : uint8_t {
  kNone,      // not a known abbreviation
  kTitle,     // precedes a name or number, never ends a sentence: Mr. Gen. No. vs.
  kOrdinary,  // may end a sentence: U.S. Inc. Jan. a.m. (break before clear starters)
  kListEnd,   // "etc.": ends the sentence before any capitalized word
};

// `word` is the abbreviation including its final period ("U.S.", "Mr.").
AbbrevClass ClassifyAbbreviation(std::string_view word);

// True for capitalized words that typically open a sentence ("The", "He", "But"), used
// to decide whether an abbreviation's period also ends the sentence.
bool IsSentenceStarter(std::string_view word);

// True for lowercase words (without the period) that are often abbreviations when a
// period follows: "corp", "approx", "dept".
bool IsLowercaseAbbreviation(std::string_view word);

// True for lowercase function words that cannot end a headline ("the", "of", "and").
bool IsOpenFunctionWord(std::string_view word);

// Splits a surface word into syntactic words the way UD English-EWT does: "don't" ->
// "do" "n't", "I'm" -> "I" "'m", "Tehran’s" -> "Tehran" "’s", "workers'" -> "workers"
// "'", "gonna" -> "gon" "na", "cannot" -> "can" "not". Writes the byte offsets (inside
// `word`, increasing) where new words start into cuts[] and returns how many (0 = one
// word). At most 3 cuts.
int ContractionCuts(std::string_view word, uint32_t cuts[3]);

}  // namespace khaldun::segment

#endif  // KHALDUN_SEGMENT_SCANNER_H_
