#include "dedup/dedup.h"

#include <algorithm>
#include <limits>
#include <set>
#include <tuple>
#include <utility>

namespace khaldun {
namespace {

uint64_t Mix(uint64_t x) {  // splitmix64 finaliser
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// FNV-1a hashes of the words of `text`, lower-cased.
std::vector<uint64_t> WordHashes(std::string_view text) {
  std::vector<uint64_t> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !IsWordByte(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size()) break;
    uint64_t h = 1469598103934665603ULL;
    while (i < text.size() && IsWordByte(static_cast<unsigned char>(text[i]))) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
      h = (h ^ c) * 1099511628211ULL;
      ++i;
    }
    words.push_back(h);
  }
  return words;
}

}  // namespace

std::vector<uint64_t> MinHashSignature(std::string_view text, const DedupOptions& options) {
  std::vector<uint64_t> words = WordHashes(text);
  if (words.empty() || options.num_hashes <= 0) return {};
  size_t k = static_cast<size_t>(std::max(1, options.shingle_words));
  if (words.size() < k) k = words.size();
  std::vector<uint64_t> sig(static_cast<size_t>(options.num_hashes),
                            std::numeric_limits<uint64_t>::max());
  std::vector<uint64_t> seeds(sig.size());
  for (size_t h = 0; h < seeds.size(); ++h) seeds[h] = Mix(h * 0x632BE59BD9B4E019ULL + 1);
  for (size_t i = 0; i + k <= words.size(); ++i) {
    uint64_t sh = 0;
    for (size_t j = 0; j < k; ++j) sh = Mix(sh ^ words[i + j]);
    for (size_t h = 0; h < sig.size(); ++h) {
      uint64_t v = Mix(sh ^ seeds[h]);
      if (v < sig[h]) sig[h] = v;
    }
  }
  return sig;
}

double EstimatedSimilarity(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  if (a.empty() || a.size() != b.size()) return 0;
  size_t same = 0;
  for (size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
  return static_cast<double>(same) / static_cast<double>(a.size());
}

StoryDeduper::StoryDeduper(DedupOptions options) : options_(options) {
  if (options_.bands <= 0) options_.bands = 1;
  if (options_.num_hashes < options_.bands) options_.num_hashes = options_.bands;
  options_.num_hashes -= options_.num_hashes % options_.bands;
  rows_ = options_.num_hashes / options_.bands;
}

bool StoryDeduper::Add(Document* doc) {
  std::vector<uint64_t> sig = MinHashSignature(doc->text, options_);
  if (sig.empty()) {
    doc->story_id = doc->id;
    return false;
  }
  std::vector<uint64_t> keys(static_cast<size_t>(options_.bands));
  std::set<uint32_t> candidates;
  for (int b = 0; b < options_.bands; ++b) {
    uint64_t key = Mix(static_cast<uint64_t>(b) + 0x51ED27);
    for (int r = 0; r < rows_; ++r) key = Mix(key ^ sig[static_cast<size_t>(b * rows_ + r)]);
    keys[static_cast<size_t>(b)] = key;
    auto it = buckets_.find(key);
    if (it != buckets_.end()) candidates.insert(it->second.begin(), it->second.end());
  }
  // The earliest matching document decides the story (candidates are in order).
  std::string story;
  for (uint32_t c : candidates) {
    if (EstimatedSimilarity(sig, signatures_[c]) >= options_.threshold) {
      story = stories_[c];
      break;
    }
  }
  bool dup = !story.empty();
  if (!dup) story = doc->id;
  doc->story_id = story;
  uint32_t index = static_cast<uint32_t>(signatures_.size());
  signatures_.push_back(std::move(sig));
  stories_.push_back(std::move(story));
  for (uint64_t key : keys) buckets_[key].push_back(index);
  if (dup) ++duplicates_;
  return dup;
}

void AssignStoryIds(std::vector<Document>* docs, const DedupOptions& options) {
  StoryDeduper deduper(options);
  for (Document& d : *docs) deduper.Add(&d);
}

std::vector<Event> OneADay(std::vector<Event> events) {
  std::set<std::tuple<std::string, std::string, std::string, std::string>> seen;
  std::vector<Event> out;
  out.reserve(events.size());
  for (Event& e : events) {
    if (seen.emplace(e.date, e.source.code, e.target.code, e.cameo).second)
      out.push_back(std::move(e));
  }
  return out;
}

}  // namespace khaldun
