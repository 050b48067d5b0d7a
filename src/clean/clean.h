// Cleaning of extracted page text: one raw Document in, 1..N clean Documents out.
//
// Scraped news text carries residue that would otherwise be coded as events or
// counted twice. CleanDocument works line by line over raw.text and:
//   - drops exact repeats of a paragraph within one article (photo captions and
//     headline blocks are often printed two or three times; the first copy stays,
//     so a caption's date remains available as evidence);
//   - drops photo credit lines ("REUTERS/Name", "AP Photo/Name", "(Agency/PHOTOGRAPHER)",
//     "Photo courtesy of ..."), text-size widget residue ("TT", "20", "A A A"), video
//     stubs ("... - YouTube", "Watch: ..."), share/subscribe/newsletter lines,
//     sponsored labels with the paragraph they label, promotional paragraphs (calls to
//     action, first-person corporate copy, footnoted offers), and "Read more: ..."
//     one-liners;
//   - "More from ..." / "Related" / "Recommended" headers open a teaser section: short
//     link-like lines there are dropped, and each substantive paragraph (with the
//     caption before it) becomes a document of its own, so that other stories of the
//     page are neither lost nor glued onto the lead article;
//   - splits a file holding several articles at each new headline block: a
//     title-like line followed by a dateline ("CITY (Reuters) -", "(AP) —"), by a
//     byline, by widget residue, or by its own repetition (repeated masthead); later
//     parts get ids "id#2", "id#3", ... and their own title.
// The headline of each article goes to Document::title, not into its text.
// Paragraphs are joined with "\n\n"; lines of one hard-wrapped paragraph with " ".
//
// Byte offsets are kept: each output Document's origin maps every copied piece of
// its text to the input offsets of raw (composing raw.origin), so events found in
// clean text still point at the original input. Separators have no origin.
// Thread-safe: pure function.
#ifndef KHALDUN_CLEAN_CLEAN_H_
#define KHALDUN_CLEAN_CLEAN_H_

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "khaldun/document.h"

namespace khaldun {

struct CleanOptions {
  // Split a file that holds several articles into several documents.
  bool split_articles = true;
  // Substantive paragraphs of a "More from ..." section become documents of their
  // own (false: the whole section is dropped).
  bool teaser_items_as_documents = true;
  // A teaser-section paragraph shorter than this (bytes) is a link teaser: dropped.
  size_t min_item_bytes = 80;
  // Record what was dropped and why in CleanStats::dropped (for `khaldun clean
  // --explain`).
  bool explain = false;
};

struct CleanStats {
  size_t input_documents = 0;
  size_t output_documents = 0;
  size_t lines_kept = 0;
  size_t lines_dropped = 0;
  // By kind: "duplicate", "credit", "widget", "video", "share", "sponsored",
  // "promotional", "teaser", "read-more", "headline".
  std::map<std::string, size_t> dropped_by_kind;
  // With CleanOptions::explain: "kind: line" for every dropped line.
  std::vector<std::string> dropped;
};

// Returns at least one document (an empty raw document gives one empty document).
// `stats` may be null.
std::vector<Document> CleanDocument(const Document& raw, const CleanOptions& options,
                                    CleanStats* stats);

}  // namespace khaldun

#endif  // KHALDUN_CLEAN_CLEAN_H_
