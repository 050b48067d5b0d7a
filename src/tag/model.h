// The tagger's immutable model parts: a sparse linear scorer (averaged-perceptron
// weights), the word dictionary (tag sets seen in training), and the morphology tables
// (lemma exceptions, suffix rules, FEATS). Built by the trainer, written and read by
// tagger.cc. Thread-safe after construction (const methods only).
#ifndef KHALDUN_TAG_MODEL_H_
#define KHALDUN_TAG_MODEL_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "khaldun/status.h"
#include "tag/binary_io.h"
#include "tag/features.h"
#include "tag/lexicon.h"

namespace khaldun::tag {

// Weights of one pass: for each feature key, a row of (tag, weight) entries.
// Lookups go through an open-addressing table whose slots hold the row bounds
// directly, and Score prefetches all slots and rows of a token's features before
// reading them, so the cache misses of one token overlap.
class LinearModel {
 public:
  // Rows must be given in key order; row k is entries [row_begin[k], row_begin[k+1]).
  void Assign(std::vector<uint64_t> keys, std::vector<uint32_t> row_begin,
              std::vector<uint8_t> tags, std::vector<float> weights, int num_slots);
  // Adds the weights of `feats` to scores[tag]. REQUIRES: n <= kMaxFeatures.
  void Score(const uint64_t* feats, int n, float* scores) const {
    if (slots_.empty()) return;
    for (int i = 0; i < n; ++i) __builtin_prefetch(&slots_[Home(feats[i])]);
    const Slot* found[kMaxFeatures];
    int nf = 0;
    for (int i = 0; i < n; ++i) {
      const Slot* s = Find(feats[i]);
      if (s == nullptr) continue;
      __builtin_prefetch(s->end == kDenseRow ? &dense_[s->begin] : &entries_[s->begin].weight);
      found[nf++] = s;
    }
    for (int i = 0; i < nf; ++i) {
      const Slot* s = found[i];
      if (s->end == kDenseRow) {
        // Long rows are stored densely: a vectorizable add instead of a scatter.
        const float* d = &dense_[s->begin];
        for (int t = 0; t < num_slots_; ++t) scores[t] += d[t];
      } else {
        for (uint32_t e = s->begin; e < s->end; ++e) scores[entries_[e].tag] += entries_[e].weight;
      }
    }
  }
  size_t num_features() const { return keys_.size(); }
  size_t num_weights() const { return tags_.size(); }
  void Write(BinaryWriter* w) const;
  bool Read(BinaryReader* r, int num_tags);

 private:
  struct Slot {
    uint64_t key;  // 0 = empty
    uint32_t begin, end;
  };
  struct Entry {
    float weight;
    uint32_t tag;
  };
  static constexpr uint32_t kDenseRow = 0xffffffffu;  // Slot::end of a dense row
  static uint64_t NonZero(uint64_t key) { return key ? key : 1; }
  size_t Home(uint64_t key) const { return Mix64(NonZero(key)) & mask_; }
  const Slot* Find(uint64_t key) const {
    key = NonZero(key);
    for (size_t i = Home(key);; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.key == key) return &s;
      if (s.key == 0) return nullptr;
    }
  }
  void BuildTable(int num_slots);

  // As stored in the model file.
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> row_begin_;
  std::vector<uint8_t> tags_;
  std::vector<float> weights_;
  // Lookup structures built from them.
  std::vector<Slot> slots_;
  std::vector<Entry> entries_;
  std::vector<float> dense_;  // rows with many entries, num_slots_ floats each
  int num_slots_ = 0;
  size_t mask_ = 0;
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
    uint64_t context = 0;  // TaggerModel::FeatsContext of the token
  };
  void Train(const std::vector<Example>& examples, int num_tags);

  // REQUIRES: 0 <= tag < num_tags. Returns true when the lemma is a guess (a suffix
  // rule or the form itself), false when (form, tag) was seen in training.
  bool Lemmatize(std::string_view form, int tag, std::string* lemma) const;
  // `context` as for Example (agreement of verbs with their subject, case of
  // pronouns); used for tags whose FEATS depend on it more than on the word.
  void Feats(std::string_view form, int tag, uint64_t context, std::string* feats) const;

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
  // Per tag: 1 when FEATS follow the context better than the word.
  std::vector<uint8_t> context_tag_;
  HashIndex exc_index_, rule_index_, feats_index_;
};

// Everything the tagger needs at run time. Immutable once built or read.
struct TaggerModel {
  static constexpr char kMagic[9] = "KHTAGGER";
  // Bump whenever the file layout or the feature templates (features.cc) change: a
  // model trained with other features must be refused, not silently misread.
  // Version 3 added the WordNet lexicon; version 2 files (no lexicon) still load and
  // tag exactly as before (the lexicon features fire only when it is present).
  static constexpr uint32_t kVersion = 3;
  static constexpr uint32_t kMinVersion = 2;

  std::vector<std::string> upos, xpos;  // per composite tag id
  WordDict dict;
  uint32_t constrain_min_count = 20;  // words seen this often get only their seen tags
  uint32_t amb_min_count = 2;         // words seen this often get an ambiguity class
  LinearModel pass1, pass2;
  bool pass1_reversed = false;  // the first pass tags right to left
  bool has_pass2 = false;
  Morphology morph;
  // WordNet word classes (empty when trained without --wordnet): WordInfo::cluster.
  Lexicon lex;

  // Scores are factored: a composite tag's score is its own plus that of its UPOS,
  // so tags sharing a UPOS share evidence. UPOS score slots follow the composite
  // ones: slot num_tags() + upos_class[t].
  std::vector<uint8_t> upos_class;  // per composite tag; derived from `upos`
  int num_upos = 0;

  int num_tags() const { return static_cast<int>(upos.size()); }
  int num_slots() const { return num_tags() + num_upos; }
  // Derives upos_class / num_upos and the FEATS context classes from the tag names.
  void IndexUpos();
  // The left context that decides FEATS such as verb agreement: the nearest word to
  // the left that is not an adverb, as its lowercase form when it is a function word
  // (pronoun, determiner, auxiliary...), else as its tag. `tags` holds the words' tag
  // ids (unpadded).
  uint64_t FeatsContext(const std::vector<std::string_view>& forms, const uint8_t* tags,
                        int i) const;
  std::vector<uint8_t> ctx_skip, ctx_lexical;  // per tag
  // Adds each composite tag's UPOS score to its own.
  void FoldUpos(float* scores) const {
    const int nt = num_tags();
    for (int t = 0; t < nt; ++t) scores[t] += scores[nt + upos_class[t]];
  }

  // Fills `words` (size n+4, sentence at [2, n+2)) for the given forms.
  void PrepareWords(const std::vector<std::string_view>& forms, std::vector<WordInfo>* words) const;
  // Sets the ambiguity classes (amb, amb_lower) of a word from dictionary `d`.
  void SetAmbiguity(const WordDict& d, std::string_view form, WordInfo* wi) const;
  // Greedy left-to-right decoding of one pass. `tags` has size n+4 and gets the padding
  // and the predicted tags; `right` is the previous pass (nullptr for the first).
  // `scores` must hold num_slots() floats.
  void Decode(const LinearModel& m, const WordInfo* words, int n, const uint8_t* right,
              uint8_t* tags, float* scores) const;

  std::string Serialize() const;
  // REQUIRES: payload already unframed. `path` names the file in errors.
  Status Deserialize(std::string_view payload, const std::string& path,
                     uint32_t version = kVersion);
};

// Copies padded `words` (sentence at [2, n+2)) with the sentence part reversed.
inline void ReverseWords(const std::vector<WordInfo>& words, int n, std::vector<WordInfo>* out) {
  out->assign(words.begin(), words.end());
  std::reverse(out->begin() + 2, out->begin() + 2 + n);
}
// Turns padded tags decoded on reversed words into sentence order (padding: start
// tags before, end tags after).
inline void UnreverseTags(std::vector<uint8_t>* tags) {
  const size_t n = tags->size() - 4;
  std::reverse(tags->begin() + 2, tags->begin() + 2 + n);
}

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
