// Sentence splitting and tokenization of raw English news text, UD English-EWT style.
//
// Segment() reads Document::text and fills Document::sentences: each sentence gets its
// byte span, its paragraph index (blank-line separated blocks, from 0) and its words.
// Every word keeps the byte span it covers in Document::text and `form` is exactly that
// text. Contractions and possessives are split into syntactic words the way EWT does
// ("don't" -> "do" "n't", "Tehran’s" -> "Tehran" "’s", "gonna" -> "gon" "na") and the
// surface token is recorded as a MultiWordToken over them; each word's span is its
// substring of the surface token.
//
// Conventions (see segment_test.cc for the golden tables):
//   - punctuation, quotes (' " ‘ ’ “ ”), brackets and em/en dashes are split off;
//     ellipses ("..." and "…") and runs of ! and ? are one token each;
//   - hyphenated names and numbers stay one token (Amir-Abdollahian, 30,000-pound,
//     al-Adl, F-16, 2023-24); so do decimals and thousands (3.5, 30,000), times (10:30),
//     URLs and e-mail addresses; "$" and "%" are split off; "5pm" -> "5" "pm";
//   - abbreviations and initials keep their period (U.S., Mr., Jan., a.m., George W.
//     Bush) and end a sentence only when the next word clearly starts one ("... in the
//     U.S. The ...");
//   - a blank line ends a paragraph and a sentence; other line breaks are spaces, except
//     that a line without final punctuation (a headline, caption, photo credit or list
//     item) ends the sentence when the next line starts with a capital, a digit or a
//     quote and the break was not made by hard wrapping. A text counts as hard-wrapped
//     when its continued lines are filled to about the same width; there a break is the
//     author's only if the next word would have fitted on the line. A bullet or numbered
//     list line starts a new sentence.
//
// Bad input: the scanner is one linear pass and never fails. Control characters and
// NUL bytes are treated as spaces; U+FFFD and other symbols become one-character tokens.
// A sentence longer than SegmentOptions::max_tokens_per_sentence words is cut into
// chunks of at most that many words (never inside a multi-word token) and counted.
//
// Thread-safety: pure functions over their arguments; the built-in word lists are
// immutable and shared. Different documents may be segmented concurrently.
#ifndef KHALDUN_SEGMENT_SEGMENT_H_
#define KHALDUN_SEGMENT_SEGMENT_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "khaldun/document.h"
#include "khaldun/status.h"

namespace khaldun {

struct SegmentOptions {
  // Sentences with more words are split into chunks of at most this many words
  // (counted in SegmentStats::long_sentences_split). 0 = no limit.
  uint32_t max_tokens_per_sentence = 400;
};

struct SegmentStats {
  size_t sentences = 0;             // sentences produced (after long-sentence splits)
  size_t tokens = 0;                // syntactic words produced
  size_t long_sentences_split = 0;  // sentences that were cut for exceeding the limit
  size_t repaired_bytes = 0;        // invalid UTF-8 bytes replaced by U+FFFD (SegmentText)
};

// Splits doc->text into paragraphs, sentences and UD-style words, replacing
// doc->sentences. Statistics are added to *stats when it is not null.
// REQUIRES: doc != nullptr; doc->text is valid UTF-8 (invalid bytes do not crash, but
// may be tokenized oddly: use SegmentText or RepairUtf8 first). Spans are 32-bit: text
// beyond the first 4 GiB - 16 bytes is ignored.
void Segment(const SegmentOptions& opts, Document* doc, SegmentStats* stats = nullptr);

// Copies `raw` into doc->text with invalid UTF-8 repaired to U+FFFD (counted in
// stats->repaired_bytes), then calls Segment().
// REQUIRES: doc != nullptr; `raw` does not alias doc->text.
void SegmentText(std::string_view raw, const SegmentOptions& opts, Document* doc,
                 SegmentStats* stats = nullptr);

// Checks the invariants Segment() guarantees, for tests and fuzzing: every word's span
// lies inside the text and its form equals that text; words do not overlap and follow
// each other in order; they lie inside their sentence's span; sentences are in order,
// do not overlap and have non-decreasing paragraph indexes; multi-word tokens cover
// consecutive words whose spans concatenate to the token. Returns InvalidArgument
// naming the first violation.
Status CheckSegmentation(const Document& doc);

}  // namespace khaldun

#endif  // KHALDUN_SEGMENT_SEGMENT_H_
