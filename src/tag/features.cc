#include "tag/features.h"

namespace khaldun::tag {
namespace {

inline unsigned char Lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

inline char ShapeClass(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return 'X';
  if (c >= 'a' && c <= 'z') return 'x';
  if (c >= '0' && c <= '9') return 'd';
  if (c >= 0x80) return 'u';
  return static_cast<char>(c);
}

enum Flag : uint32_t {
  kHasDigit = 1,
  kHasHyphen = 2,
  kHasUpper = 4,
  kAllUpper = 8,
  kFirstUpper = 16,
  kNonAscii = 32,
  kInitial = 64,
  kHasPeriod = 128,
  kAllDigitPunct = 256,
  kHasLetter = 512,
};

}  // namespace

uint64_t HashText(std::string_view a, std::string_view b, uint64_t seed, bool lower) {
  uint64_t h = 1469598103934665603ull ^ Mix64(seed);
  for (std::string_view s : {a, b})
    for (unsigned char c : s) {
      h ^= lower ? Lower(c) : c;
      h *= 1099511628211ull;
    }
  return Mix64(h ^ (a.size() + b.size()));
}

void HashIndex::Build(const std::vector<uint64_t>& keys) {
  size_t cap = 16;
  while (cap < keys.size() * 2) cap <<= 1;
  slots_.assign(cap, Slot{0, kAbsent});
  mask_ = cap - 1;
  size_ = keys.size();
  for (size_t k = 0; k < keys.size(); ++k) {
    uint64_t key = keys[k] ? keys[k] : 1;
    for (size_t i = Mix64(key) & mask_;; i = (i + 1) & mask_) {
      if (slots_[i].key == key) break;  // duplicate key: first position wins
      if (slots_[i].key == 0) {
        slots_[i] = Slot{key, static_cast<uint32_t>(k)};
        break;
      }
    }
  }
}

void ComputeWordInfo(std::string_view form, bool sentence_initial, WordInfo* w) {
  w->form = HashText(form, 1);
  w->lower = HashText(form, 2, true);
  const size_t n = form.size();
  for (size_t k = 1; k <= 5; ++k) {
    size_t len = k < n ? k : n;
    w->suffix[k - 1] = HashText(form.substr(n - len), 10 + k, true);
  }
  for (size_t k = 1; k <= 3; ++k) {
    size_t len = k < n ? k : n;
    w->prefix[k - 1] = HashText(form.substr(0, len), 20 + k, true);
  }
  uint32_t flags = kAllUpper | kAllDigitPunct;
  uint64_t sh = 1469598103934665603ull;
  char prev = 0;
  int run = 0;
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = form[i];
    char cls = ShapeClass(c);
    if (cls == 'd') flags |= kHasDigit;
    if (c == '-') flags |= kHasHyphen;
    if (c == '.') flags |= kHasPeriod;
    if (cls == 'X') flags |= kHasUpper;
    if (cls == 'x') flags &= ~kAllUpper;
    if (cls == 'u') flags |= kNonAscii;
    if (cls == 'X' || cls == 'x' || cls == 'u') {
      flags &= ~kAllDigitPunct;
      flags |= kHasLetter;
    }
    if (i == 0 && cls == 'X') flags |= kFirstUpper;
    // Shape with runs collapsed to at most two: "Xx", "Xxx..." -> "Xxx".
    run = (cls == prev) ? run + 1 : 1;
    prev = cls;
    if (run <= 2) {
      sh ^= static_cast<unsigned char>(cls);
      sh *= 1099511628211ull;
    }
  }
  if (!(flags & kHasUpper)) flags &= ~kAllUpper;
  if (!(flags & kHasLetter) && !(flags & kHasDigit)) flags &= ~kAllDigitPunct;
  if (sentence_initial) flags |= kInitial;
  w->shape = Mix64(sh);
  w->flags = flags;
  w->last_part = 0;
  size_t hy = form.rfind('-');
  if (hy != std::string_view::npos && hy > 0 && hy + 1 < n)
    w->last_part = HashText(form.substr(hy + 1), 30, true);
  w->amb = 0;
  w->amb_lower = 0;
  w->freq = 0;
  w->sent_caps = 0;
  w->cluster = 0;
  w->aux_left = 0;
  w->allowed = nullptr;
}

void PaddingWordInfo(bool before, WordInfo* w) {
  uint64_t v = before ? 0x5157a27ull : 0xe4d0f5ull;
  w->form = w->lower = w->shape = v;
  w->suffix.fill(v);
  w->prefix.fill(v);
  w->amb = v;
  w->last_part = 0;
  w->amb_lower = v;
  w->freq = 7;
  w->sent_caps = 0;
  w->cluster = v;
  w->aux_left = 0;
  w->flags = before ? 1u << 20 : 1u << 21;
  w->allowed = nullptr;
}

int ExtractFeatures(const WordInfo* words, int p, const uint8_t* left, const uint8_t* right,
                    uint64_t* out) {
  const WordInfo& w = words[p];
  const WordInfo& wp = words[p - 1];
  const WordInfo& wpp = words[p - 2];
  const WordInfo& wn = words[p + 1];
  const WordInfo& wnn = words[p + 2];
  const uint64_t t1 = left[p - 1], t2 = left[p - 2];
  int n = 0;
  auto f1 = [&](uint64_t tpl, uint64_t a) { out[n++] = Combine(tpl, a); };
  auto f2 = [&](uint64_t tpl, uint64_t a, uint64_t b) { out[n++] = Combine(Combine(tpl, a), b); };
  f1(1, 0);
  f1(2, w.form);
  f1(3, w.lower);
  for (int k = 0; k < 4; ++k) f1(4 + k, w.suffix[k]);
  for (int k = 0; k < 3; ++k) f1(8 + k, w.prefix[k]);
  f1(11, w.shape);
  f1(12, w.flags);
  f1(13, wp.lower);
  f1(14, wpp.lower);
  f1(15, wn.lower);
  f1(16, wnn.lower);
  f1(17, t1);
  f1(18, t2);
  f2(19, t1, t2);
  f2(20, t1, w.lower);
  f2(21, wp.lower, w.lower);
  f2(22, w.lower, wn.lower);
  f1(23, wp.suffix[2]);
  f1(24, wn.suffix[2]);
  f1(25, wp.shape);
  f1(26, wn.shape);
  f1(27, w.amb);
  f1(28, wp.amb);
  f1(29, wn.amb);
  f1(30, wnn.amb);
  f2(31, w.amb, wn.amb);
  f2(32, t1, w.suffix[2]);
  f2(33, w.shape, wn.shape);
  f1(37, w.suffix[4]);
  f1(38, w.amb_lower);
  f2(39, w.freq, w.flags);
  f2(48, wp.lower, wn.lower);
  f2(49, t1, wn.lower);
  constexpr uint32_t kCaps = kFirstUpper | kAllUpper | kInitial;
  f2(50, Combine(wp.flags & kCaps, w.flags & kCaps), wn.flags & kCaps);
  f2(51, w.sent_caps, w.flags & kCaps);
  f2(52, w.sent_caps, w.amb_lower);
  // f2(53, w.suffix[2], w.flags & kCaps);
  if (w.last_part) f1(54, w.last_part);
  // Participles need an auxiliary (have/be/get) before them unless they modify a noun:
  // its distance tells a past tense from a participle where the word is ambiguous.
  f2(59, w.aux_left, w.suffix[1]);
  f2(60, w.aux_left, t1);
  if (w.cluster) {  // WordNet word classes (model trained with a lexicon)
    f1(34, w.cluster);
    f2(55, w.cluster, w.flags & kCaps);
    f2(56, w.cluster, w.sent_caps);
  }
  if (right != nullptr) {
    const uint64_t r1 = right[p + 1], r2 = right[p + 2];
    f1(40, r1);
    f1(41, r2);
    f2(42, r1, r2);
    f2(43, t1, r1);
    f2(44, r1, w.lower);
    f2(45, r1, w.suffix[2]);
    f2(46, right[p], w.amb);
    f1(47, right[p]);
  }
  return n;
}

}  // namespace khaldun::tag
