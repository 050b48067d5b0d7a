// Feature extraction for the averaged-perceptron tagger, shared by the trainer and
// the runtime so both see exactly the same features.
//
// A feature is a 64-bit hash of (template id, values). Word-level values (form,
// lowercase, affixes, shape, flags, ambiguity class) are hashed once per token into a
// WordInfo; ExtractFeatures then combines them with the tag context. Nothing here
// allocates: callers pass fixed-size output arrays. Thread-safe: pure functions and an
// immutable HashIndex.
#ifndef KHALDUN_TAG_FEATURES_H_
#define KHALDUN_TAG_FEATURES_H_

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace khaldun::tag {

inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

// Hash of the bytes of a + b (lowercased for ASCII when `lower`), seeded, without
// building the joined string.
uint64_t HashText(std::string_view a, std::string_view b, uint64_t seed, bool lower);
// Hash of the bytes of `s` (lowercased for ASCII when `lower`), seeded.
inline uint64_t HashText(std::string_view s, uint64_t seed, bool lower = false) {
  return HashText(s, {}, seed, lower);
}

inline uint64_t Combine(uint64_t a, uint64_t b) { return Mix64(a * 0x9e3779b97f4a7c15ull + b); }

// Open-addressing map from 64-bit keys (never 0 after remapping) to their position in
// the key list it was built from. Immutable after Build.
class HashIndex {
 public:
  static constexpr uint32_t kAbsent = 0xffffffffu;
  void Build(const std::vector<uint64_t>& keys);
  uint32_t Find(uint64_t key) const {
    if (mask_ == 0 && slots_.empty()) return kAbsent;
    key = key ? key : 1;
    for (size_t i = Mix64(key) & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.key == key) return s.value;
      if (s.key == 0) return kAbsent;
    }
  }
  size_t size() const { return size_; }

 private:
  struct Slot {
    uint64_t key;
    uint32_t value;
  };
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

using TagMask = std::array<uint64_t, 2>;  // up to 128 composite tags
inline bool MaskHas(const TagMask& m, int t) { return (m[t >> 6] >> (t & 63)) & 1; }
inline void MaskSet(TagMask* m, int t) { (*m)[t >> 6] |= uint64_t{1} << (t & 63); }

inline constexpr int kMaxTags = 128;
inline constexpr uint8_t kStartTag = 254;  // tag context before the sentence
inline constexpr uint8_t kEndTag = 255;    // tag context after the sentence

// Hashed word-level values of one token.
struct WordInfo {
  uint64_t form = 0, lower = 0, shape = 0;
  std::array<uint64_t, 5> suffix{};  // lowercase suffixes of 1..5 bytes
  std::array<uint64_t, 3> prefix{};  // lowercase prefixes of 1..3 bytes
  uint64_t amb = 0;                  // ambiguity class (tag set seen in training)
  uint64_t amb_lower = 0;            // ambiguity class of the lowercased form
  uint32_t freq = 0;                 // training frequency bucket
  uint64_t last_part = 0;            // lowercase part after the last hyphen (0 = none)
  uint32_t sent_caps = 0;            // 1: most words of the sentence capitalised, 2: all caps
  uint64_t cluster = 0;              // WordNet class bits + 1 (0 = no lexicon)
  uint32_t aux_left = 0;             // nearest have/be/get form to the left: 1 = the word
                                     // before, 2 = 2-3 words before, 3 = 4-6, 0 = none
  uint32_t flags = 0;
  const TagMask* allowed = nullptr;  // tag dictionary constraint; nullptr = any tag
};

// Fills the word-level hashes of `form` (everything but amb/cluster/allowed).
void ComputeWordInfo(std::string_view form, bool sentence_initial, WordInfo* w);
// Values used for the two padding positions on each side of a sentence.
void PaddingWordInfo(bool before, WordInfo* w);

inline constexpr int kMaxFeatures = 64;

// Features of the word at padded position p (the sentence occupies [2, n+2) of
// `words`, `left` holds this pass's tags, `right` the previous pass's tags with the
// same padding, or nullptr for the first pass). Returns the number written to `out`.
int ExtractFeatures(const WordInfo* words, int p, const uint8_t* left, const uint8_t* right,
                    uint64_t* out);

}  // namespace khaldun::tag

#endif  // KHALDUN_TAG_FEATURES_H_
