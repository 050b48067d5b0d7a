// Story deduplication: near-duplicate documents (the same wire story republished,
// lightly edited, by several outlets or crawled twice) get the same story_id, and an
// optional one-a-day filter over events.
//
// Method: MinHash over word shingles. The text is lower-cased (ASCII), split into
// words (runs of letters/digits; non-ASCII bytes count as letters), and every
// `shingle_words` consecutive words form one shingle. A signature of `num_hashes`
// minima estimates the Jaccard similarity of two shingle sets; locality-sensitive
// hashing over `bands` bands of the signature finds candidates without comparing
// all pairs. Two documents are near-duplicates when the estimated Jaccard
// similarity of their 5-word shingles is >= `threshold` (default 0.5: edited
// re-publications of one story score 0.6-1.0, different stories on the same topic
// stay below 0.1). With 128 hashes in 32 bands of 4, a pair at similarity 0.5 becomes
// a candidate with probability 0.87, at 0.6 with 0.99.
//
// story_id is the id of the first document seen of its cluster (documents are
// processed in the order given). Documents with no words keep their own id.
// StoryDeduper is not thread-safe (it holds the index); OneADay is a pure function.
#ifndef KHALDUN_DEDUP_DEDUP_H_
#define KHALDUN_DEDUP_DEDUP_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "khaldun/document.h"
#include "khaldun/event.h"

namespace khaldun {

struct DedupOptions {
  int shingle_words = 5;    // words per shingle
  int num_hashes = 128;     // MinHash signature length
  int bands = 32;           // LSH bands; num_hashes must be a multiple of bands
  double threshold = 0.5;   // estimated Jaccard similarity for "same story"
};

// MinHash signature of a text (num_hashes values; empty when the text has no words).
std::vector<uint64_t> MinHashSignature(std::string_view text, const DedupOptions& options);

// Fraction of equal positions of two signatures (estimated Jaccard similarity).
// REQUIRES: a.size() == b.size().
double EstimatedSimilarity(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b);

class StoryDeduper {
 public:
  // REQUIRES: options.num_hashes % options.bands == 0, both > 0.
  explicit StoryDeduper(DedupOptions options = {});

  // Sets doc->story_id to the story of its first near-duplicate seen so far, or to
  // doc->id when none. Returns true when it joined an existing story.
  bool Add(Document* doc);

  size_t documents() const { return signatures_.size(); }
  size_t duplicates() const { return duplicates_; }

 private:
  DedupOptions options_;
  int rows_;
  std::vector<std::vector<uint64_t>> signatures_;
  std::vector<std::string> stories_;
  std::unordered_map<uint64_t, std::vector<uint32_t>> buckets_;
  size_t duplicates_ = 0;
};

// Convenience: runs a StoryDeduper over docs in order.
void AssignStoryIds(std::vector<Document>* docs, const DedupOptions& options = {});

// The one-a-day filter: keeps the first event of each (date, source code, target
// code, CAMEO code), in input order.
std::vector<Event> OneADay(std::vector<Event> events);

}  // namespace khaldun

#endif  // KHALDUN_DEDUP_DEDUP_H_
