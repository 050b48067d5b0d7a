// The tagger's immutable model parts: a sparse linear scorer (averaged-perceptron
// weights), the word dictionary (tag sets seen in training), and the morphology tables
// (lemma exceptions, suffix rules, FEATS). Built by the trainer, written and read by
// tagger.cc. Thread-safe after construction (const methods only).
#ifndef KHALDUN_TAG_MODEL_H_
#define KHALDUN_TAG_MODEL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "khaldun/status.h"
#include "tag/binary_io.h"
#include "tag/features.h"

namespace khaldun::tag {

// Weights of one pass: for each feature key, a row of (tag, weight) entries.
class LinearModel {
 public:
  // Rows must be given in key order; row k is entries [row_begin[k], row_begin[k+1]).
  void Assign(std::vector<uint64_t> keys, std::vector<uint32_t> row_begin,
              std::vector<uint8_t> tags, std::vector<float> weights);
  // Adds the weights of `feats` to scores[tag].
  void Score(const uint64_t* feats, int n, float* scores) const {
    for (int i = 0; i < n; ++i) {
      uint32_t r = index_.Find(feats[i]);
      if (r == HashIndex::kAbsent) continue;
      for (uint32_t e = row_begin_[r], end = row_begin_[r + 1]; e < end; ++e)
        scores[tags_[e]] += weights_[e];
    }
  }
  size_t num_features() const { return keys_.size(); }
  size_t num_weights() const { return tags_.size(); }
  void Write(BinaryWriter* w) const;
  bool Read(BinaryReader* r, int num_tags);

 private:
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> row_begin_;
  std::vector<uint8_t> tags_;
  std::vector<float> weights_;
  HashIndex index_;
};

// Training-set word dictionary: exact form -> count and tag set.
struct WordDict {
  std::vector<uint64_t> keys;  // HashText(form, 1)
  std::vector<uint32_t> counts;
  std::vector<TagMask> masks;
  HashIndex index;
  void Rebuild() { index.Build(keys); }
};

// Lemma and FEATS prediction from (form, composite tag).
class Morphology {
 public:
  // Learns the tables from gold-tagged sentences. `tag_of(sentence, i)` gives the
  // composite tag id of a token (or -1 to skip it).
  struct Example {
    std::string_view form, lemma, feats;
    int tag;
  };
  void Train(const std::vector<Example>& examples, int num_tags);

  // REQUIRES: 0 <= tag < num_tags.
  void Lemmatize(std::string_view form, int tag, std::string* lemma) const;
  void Feats(std::string_view form, int tag, std::string* feats) const;

  void Write(BinaryWriter* w) const;
  bool Read(BinaryReader* r);
  size_t num_tags() const { return keep_case_.size(); }

 private:
  static constexpr int kMaxSuffix = 5;
  uint64_t LemmaKey(uint64_t form_hash, int tag) const { return Combine(form_hash, tag + 1); }
  // Pool of lemma / feats / rule-append strings.
  std::vector<std::string> strings_;
  // (form, tag) and (lowercase form, tag) -> lemma string id.
  std::vector<uint64_t> exc_keys_;
  std::vector<uint32_t> exc_vals_;
  // (tag, lowercase suffix of length L) -> rule id.
  std::vector<uint64_t> rule_keys_;
  std::vector<uint32_t> rule_vals_;
  // Rule r: strip rule_strip_[r] bytes, append strings_[rule_add_[r]].
  std::vector<uint8_t> rule_strip_;
  std::vector<uint32_t> rule_add_;
  // Per tag: 1 when capitalised unseen words keep their case in the lemma.
  std::vector<uint8_t> keep_case_;
  // (lowercase form, tag) and (tag, suffix) -> feats string id; per-tag default.
  std::vector<uint64_t> feats_keys_;
  std::vector<uint32_t> feats_vals_;
  std::vector<uint32_t> feats_default_;
  HashIndex exc_index_, rule_index_, feats_index_;
};

// Everything the tagger needs at run time. Immutable once built or read.
struct TaggerModel {
  static constexpr char kMagic[9] = "KHTAGGER";
  static constexpr uint32_t kVersion = 1;

  std::vector<std::string> upos, xpos;  // per composite tag id
  WordDict dict;
  uint32_t constrain_min_count = 20;  // words seen this often get only their seen tags
  uint32_t amb_min_count = 2;         // words seen this often get an ambiguity class
  LinearModel pass1, pass2;
  bool has_pass2 = false;
  Morphology morph;

  int num_tags() const { return static_cast<int>(upos.size()); }

  // Fills `words` (size n+4, sentence at [2, n+2)) for the given forms.
  void PrepareWords(const std::vector<std::string_view>& forms, std::vector<WordInfo>* words) const;
  // Greedy left-to-right decoding of one pass. `tags` has size n+4 and gets the padding
  // and the predicted tags; `right` is the previous pass (nullptr for the first).
  // `scores` must hold num_tags() floats.
  void Decode(const LinearModel& m, const WordInfo* words, int n, const uint8_t* right,
              uint8_t* tags, float* scores) const;

  std::string Serialize() const;
  // REQUIRES: payload already unframed. `path` names the file in errors.
  Status Deserialize(std::string_view payload, const std::string& path);
};

// Index of the best allowed tag (ties: lowest id).
inline int BestTag(const float* scores, int num_tags, const TagMask* allowed) {
  int best = -1;
  float best_score = 0;
  for (int t = 0; t < num_tags; ++t) {
    if (allowed && !MaskHas(*allowed, t)) continue;
    if (best < 0 || scores[t] > best_score) {
      best = t;
      best_score = scores[t];
    }
  }
  return best < 0 ? 0 : best;
}

}  // namespace khaldun::tag

#endif  // KHALDUN_TAG_MODEL_H_
