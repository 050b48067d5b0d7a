// Arc-hybrid perceptron parser: features, transition system, dynamic oracle, training
// and the binary model format. See parser.h for the design.
#include "parse/parser.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <unordered_map>

#include "base/file.h"

namespace khaldun {

namespace {

// ---------------------------------------------------------------------------------
// Hashing

inline uint64_t Fmix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

// Hash of a feature: template id plus up to three attribute values. Attribute values
// are well-mixed 64-bit hashes or small integers; multiplying by distinct odd
// constants and mixing once keeps collisions negligible.
inline uint64_t Feat(uint64_t t, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
  return Fmix(t * 0x9E3779B97F4A7C15ULL + a * 0xC2B2AE3D27D4EB4FULL +
              b * 0x165667B19E3779F9ULL + c * 0x27D4EB2F165667C5ULL + 0x5851F42D4C957F2DULL);
}

inline uint64_t HashBytes(std::string_view s, uint64_t seed) {
  uint64_t h = 1469598103934665603ULL ^ seed;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return Fmix(h);
}

// Lowercased form with ASCII digits mapped to '0' ("1999" and "2003" share weights).
inline uint64_t HashWord(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
    else if (c >= '0' && c <= '9') c = '0';
    h ^= c;
    h *= 1099511628211ULL;
  }
  return Fmix(h);
}

// Last three bytes, lowercased.
inline uint64_t HashSuffix(std::string_view s) {
  uint64_t h = 0x9ae16a3b2f90404fULL;
  size_t start = s.size() > 3 ? s.size() - 3 : 0;
  for (size_t i = start; i < s.size(); ++i) {
    unsigned char c = s[i];
    if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
    h ^= c;
    h *= 1099511628211ULL;
  }
  return Fmix(h + s.size() - start);
}

// Coarse word shape: capitalisation, digits, hyphen, punctuation-only.
inline uint64_t Shape(std::string_view s) {
  bool upper0 = !s.empty() && s[0] >= 'A' && s[0] <= 'Z';
  bool all_upper = true, digit = false, hyphen = false, alpha = false, other = false;
  for (unsigned char c : s) {
    if (c >= 'A' && c <= 'Z') alpha = true;
    else if (c >= 'a' && c <= 'z') alpha = true, all_upper = false;
    else if (c >= '0' && c <= '9') digit = true;
    else if (c == '-') hyphen = true;
    else if (c >= 0x80) alpha = true, all_upper = false;
    else other = true;
  }
  return 1 + upper0 + 2 * (all_upper && alpha) + 4 * digit + 8 * hyphen + 16 * alpha +
         32 * other;
}

// Per-word attributes used by the features. Index 0 = no word, n+1 = ROOT.
struct TokAttr {
  uint64_t w = 0;   // lowercased form
  uint64_t p = 0;   // XPOS
  uint64_t u = 0;   // UPOS
  uint64_t m = 0;   // lemma
  uint64_t s = 0;   // suffix
  uint64_t sh = 0;  // shape
  uint64_t f = 0;   // FEATS
  uint64_t a = 0;   // ambiguity class: the XPOS tags seen with the word in training
  uint64_t t = 0;   // predicted supertag (see Supertagger below); constant without one
};

constexpr uint64_t kNoneSeed = 0x1234567ULL;
constexpr uint64_t kRootSeed = 0x7654321ULL;
// Words outside the training vocabulary (and, in training, dropped-out rare words).
constexpr uint64_t kUnkWord = 0x2545F4914F6CDD1DULL;
constexpr uint64_t kUnkAmb = 0x9E6C63D0676A9A99ULL;
// Supertag value of the "no word" slot A[0] when the words carry predicted supertags:
// it also switches the supertag features on (models without a supertagger have the
// same features, and files, as before supertags existed).
constexpr uint64_t kSupertagsOn = 0x3C79AC492BA7B653ULL;

TokAttr SpecialAttr(uint64_t seed) {
  TokAttr a;
  a.w = Fmix(seed + 1);
  a.p = Fmix(seed + 2);
  a.u = Fmix(seed + 3);
  a.m = Fmix(seed + 4);
  a.s = Fmix(seed + 5);
  a.sh = Fmix(seed + 6);
  a.f = Fmix(seed + 7);
  a.a = Fmix(seed + 8);
  a.t = Fmix(seed + 9);
  return a;
}

TokAttr MakeAttr(const Token& t) {
  TokAttr a;
  a.w = HashWord(t.form);
  a.p = HashBytes(t.xpos, 11);
  a.u = HashBytes(t.upos, 12);
  a.m = HashWord(t.lemma.empty() ? std::string_view(t.form) : std::string_view(t.lemma));
  a.m ^= 0x51ULL;
  a.s = HashSuffix(t.form);
  a.sh = Shape(t.form);
  a.f = HashBytes(t.feats, 13);
  a.t = 0x6A09E667F3BCC909ULL;  // no supertag
  return a;
}

// ---------------------------------------------------------------------------------
// Transition system state (arc-hybrid, ROOT at the end of the buffer)

enum Action { kShift = 0, kLeft = 1, kRight = 2, kNumActions = 3 };

constexpr int kMaxLabels = 64;
constexpr int kDistCap = 15;

struct State {
  int n = 0;   // words; ROOT = n + 1
  int sp = 0;  // stack size
  int b = 1;   // buffer front (buffer = b..n+1)
  std::vector<int> stack, head, label, lc1, lc2, rc1, rc2, nl, nr;
  std::vector<uint64_t> lset, rset;
  const TokAttr* A = nullptr;  // word attributes 0..n+1, owned by the caller

  void Init(int words) {
    n = words;
    sp = 0;
    b = 1;
    const size_t sz = static_cast<size_t>(n) + 2;
    stack.resize(sz);
    auto fill = [sz](std::vector<int>& v, int x) { v.assign(sz, x); };
    fill(head, -1);
    fill(label, -1);
    fill(lc1, 0);
    fill(lc2, 0);
    fill(rc1, 0);
    fill(rc2, 0);
    fill(nl, 0);
    fill(nr, 0);
    lset.assign(sz, 0);
    rset.assign(sz, 0);
  }
  bool Terminal() const { return sp == 0 && b == n + 1; }
  int S(int i) const { return sp > i ? stack[sp - 1 - i] : 0; }
  int B(int i) const { return b + i <= n + 1 ? b + i : 0; }
  bool Legal(int a) const {
    switch (a) {
      case kShift: return b <= n;
      case kLeft: return sp >= 1 && (b <= n || sp == 1);
      case kRight: return sp >= 2;
    }
    return false;
  }
  // The arc an action builds: (head, dependent); (0, 0) for SHIFT.
  void Arc(int a, int* h, int* d) const {
    *h = 0;
    *d = 0;
    if (a == kLeft) {
      *d = stack[sp - 1];
      *h = b;
    } else if (a == kRight) {
      *d = stack[sp - 1];
      *h = stack[sp - 2];
    }
  }
  void AddArc(int h, int d, int l) {
    head[d] = h;
    label[d] = l;
    const uint64_t bit = l >= 0 ? (1ULL << (l & 63)) : 0;
    if (d < h) {
      ++nl[h];
      lset[h] |= bit;
      if (lc1[h] == 0 || d < lc1[h]) {
        lc2[h] = lc1[h];
        lc1[h] = d;
      } else if (lc2[h] == 0 || d < lc2[h]) {
        lc2[h] = d;
      }
    } else {
      ++nr[h];
      rset[h] |= bit;
      if (rc1[h] == 0 || d > rc1[h]) {
        rc2[h] = rc1[h];
        rc1[h] = d;
      } else if (rc2[h] == 0 || d > rc2[h]) {
        rc2[h] = d;
      }
    }
  }
  // REQUIRES: Legal(a). `l` = label of the new arc (ignored for SHIFT).
  void Apply(int a, int l) {
    if (a == kShift) {
      stack[sp++] = b++;
      return;
    }
    int h, d;
    Arc(a, &h, &d);
    --sp;
    AddArc(h, d, l);
  }
  // Dynamic-oracle cost of `a` (Goldberg & Nivre 2013) against gold heads `g` (ROOT as
  // n+1): the number of gold arcs that become unreachable. REQUIRES: Legal(a).
  int Cost(int a, const int* g) const {
    int c = 0;
    if (a == kShift) {
      const int x = b;
      for (int i = 0; i < sp; ++i) {
        const int k = stack[i];
        if (g[k] == x) ++c;                 // x cannot take stack words as dependents
        if (i < sp - 1 && g[x] == k) ++c;   // nor heads below s0
      }
      return c;
    }
    const int d = stack[sp - 1];
    if (a == kLeft) {
      if (sp >= 2 && g[d] == stack[sp - 2]) ++c;
      if (g[d] > b) ++c;
    } else {
      if (g[d] >= b) ++c;
    }
    for (int k = b; k <= n; ++k)
      if (g[k] == d) ++c;
    return c;
  }
};

// ---------------------------------------------------------------------------------
// Features

constexpr int kMaxActionFeats = 192;
constexpr int kMaxLabelFeats = 80;

inline uint64_t LabelVal(const State& st, int i) {
  return i == 0 ? 0x77ULL : static_cast<uint64_t>(st.label[i] + 2);
}

inline uint64_t Dist(int a, int b) {
  if (a == 0 || b == 0) return 99;
  int d = b > a ? b - a : a - b;
  return static_cast<uint64_t>(std::min(d, kDistCap));
}

// Fills `f` with the transition features of the state; returns the count.
int ActionFeatures(const State& st, uint64_t* f) {
  const int s0 = st.S(0), s1 = st.S(1), s2 = st.S(2);
  const int b0 = st.B(0), b1 = st.B(1), b2 = st.B(2), b3 = st.B(3);
  const TokAttr* A = st.A;
  const TokAttr &S0 = A[s0], &S1 = A[s1], &S2 = A[s2], &B0 = A[b0], &B1 = A[b1],
                &B2 = A[b2], &B3 = A[b3];
  const int s0l1 = st.lc1[s0], s0l2 = st.lc2[s0], s0r1 = st.rc1[s0], s0r2 = st.rc2[s0];
  const int s1l1 = st.lc1[s1], s1r1 = st.rc1[s1], s1r2 = st.rc2[s1];
  const int b0l1 = st.lc1[b0], b0l2 = st.lc2[b0];
  const int s0l1l1 = st.lc1[s0l1], s0r1r1 = st.rc1[s0r1], b0l1l1 = st.lc1[b0l1];
  const TokAttr &S0L1 = A[s0l1], &S0L2 = A[s0l2], &S0R1 = A[s0r1], &S0R2 = A[s0r2],
                &S1L1 = A[s1l1], &S1R1 = A[s1r1], &S1R2 = A[s1r2], &B0L1 = A[b0l1],
                &B0L2 = A[b0l2], &S0L1L1 = A[s0l1l1], &S0R1R1 = A[s0r1r1],
                &B0L1L1 = A[b0l1l1];
  const int n = st.n;
  const TokAttr& Bm1 = A[b0 >= 2 && b0 <= n + 1 ? b0 - 1 : 0];
  const TokAttr& S0p1 = A[s0 != 0 && s0 < n ? s0 + 1 : 0];
  const TokAttr& S0m1 = A[s0 >= 2 ? s0 - 1 : 0];
  const uint64_t d1 = Dist(s0, b0), d2 = Dist(s1, s0);
  const uint64_t s0wp = S0.w ^ S0.p, s1wp = S1.w ^ S1.p, b0wp = B0.w ^ B0.p,
                 b1wp = B1.w ^ B1.p;
  int k = 0;
  uint64_t t = 0;
#define F(...) f[k++] = Feat(++t, __VA_ARGS__)
  // Unigrams.
  F(S0.w); F(S0.p); F(S0.u); F(s0wp); F(S0.m); F(S0.s, S0.p); F(S0.sh, S0.p);
  F(S1.w); F(S1.p); F(s1wp); F(S1.m);
  F(S2.p); F(S2.w);
  F(B0.w); F(B0.p); F(B0.u); F(b0wp); F(B0.m); F(B0.s, B0.p); F(B0.sh, B0.p);
  F(B1.w); F(B1.p); F(b1wp);
  F(B2.w); F(B2.p);
  F(B3.p);
  // Pairs.
  F(s0wp, b0wp); F(s0wp, B0.w); F(S0.w, b0wp); F(s0wp, B0.p); F(S0.p, b0wp);
  F(S0.w, B0.w); F(S0.p, B0.p); F(S0.u, B0.u); F(S0.m, B0.m);
  F(s1wp, s0wp); F(s1wp, S0.w); F(S1.w, s0wp); F(S1.w, S0.w); F(S1.p, S0.p);
  F(s1wp, S0.p); F(S1.p, s0wp); F(S1.u, S0.u); F(S1.m, S0.m);
  F(S1.p, B0.p); F(S1.w, B0.w); F(S1.p, B0.w); F(S1.w, B0.p);
  F(B0.p, B1.p); F(B0.w, B1.w); F(B0.p, B1.w); F(B0.w, B1.p);
  // Triples of tags.
  F(B0.p, B1.p, B2.p); F(S0.p, B0.p, B1.p); F(S1.p, S0.p, B0.p); F(S2.p, S1.p, S0.p);
  F(S0.w, B0.p, B1.p); F(S0.p, B0.w, B1.p); F(S1.p, S0.w, B0.p); F(S1.w, S0.p, B0.p);
  F(S1.p, S0.p, B0.w);
  F(S0.p, S0L1.p, B0.p); F(S0.p, S0R1.p, B0.p); F(S0.p, B0.p, B0L1.p);
  F(S1.p, S1R1.p, S0.p); F(S1.p, S0.p, S0L1.p); F(S1.p, S0.p, S0R1.p);
  F(S1.p, S1L1.p, S0.p); F(S0.p, S0L1.p, S0R1.p); F(S1.p, S0.p, B0L1.p);
  // Distance.
  F(S0.w, d1); F(S0.p, d1); F(B0.w, d1); F(B0.p, d1); F(S0.w, B0.w, d1);
  F(S0.p, B0.p, d1); F(S1.w, d2); F(S1.p, d2); F(S0.w, d2); F(S0.p, d2);
  F(S1.p, S0.p, d2); F(S1.w, S0.w, d2); F(d1, d2);
  // Valency.
  F(S0.w, st.nr[s0]); F(S0.p, st.nr[s0]); F(S0.w, st.nl[s0]); F(S0.p, st.nl[s0]);
  F(S1.w, st.nr[s1]); F(S1.p, st.nr[s1]); F(S1.p, st.nl[s1]); F(B0.w, st.nl[b0]);
  F(B0.p, st.nl[b0]);
  // Children.
  F(S0L1.w); F(S0L1.p); F(LabelVal(st, s0l1));
  F(S0R1.w); F(S0R1.p); F(LabelVal(st, s0r1));
  F(S0L2.w); F(S0L2.p); F(LabelVal(st, s0l2));
  F(S0R2.w); F(S0R2.p); F(LabelVal(st, s0r2));
  F(S1L1.p); F(LabelVal(st, s1l1)); F(S1L1.w);
  F(S1R1.w); F(S1R1.p); F(LabelVal(st, s1r1));
  F(S1R2.p); F(LabelVal(st, s1r2));
  F(B0L1.w); F(B0L1.p); F(LabelVal(st, b0l1));
  F(B0L2.w); F(B0L2.p); F(LabelVal(st, b0l2));
  F(S0.p, LabelVal(st, s0l1), LabelVal(st, s0l2));
  F(S0.p, LabelVal(st, s0r1), LabelVal(st, s0r2));
  F(B0.p, LabelVal(st, b0l1), LabelVal(st, b0l2));
  F(S1.p, LabelVal(st, s1r1), LabelVal(st, s1r2));
  F(S0L1L1.p, LabelVal(st, s0l1l1)); F(S0R1R1.p, LabelVal(st, s0r1r1));
  F(B0L1L1.p, LabelVal(st, b0l1l1));
  F(S0.p, S0R1.p, LabelVal(st, s0r1)); F(S0.p, S0L1.p, LabelVal(st, s0l1));
  F(B0.p, B0L1.p, LabelVal(st, b0l1)); F(S1.p, S1R1.p, LabelVal(st, s1r1));
  // Label sets.
  F(S0.w, st.rset[s0]); F(S0.p, st.rset[s0]); F(S0.w, st.lset[s0]);
  F(S0.p, st.lset[s0]); F(B0.w, st.lset[b0]); F(B0.p, st.lset[b0]);
  F(S1.p, st.rset[s1]); F(S1.w, st.rset[s1]); F(S1.p, st.lset[s1]);
  // Context around the focus words.
  F(Bm1.p, B0.p); F(Bm1.w, B0.p); F(S0.p, S0p1.p); F(S0.p, S0m1.p); F(S0.w, S0p1.p);
  F(S0.s, B0.p); F(S0.p, B0.s); F(S0.f, B0.p); F(S0.p, B0.f); F(S1.f, S0.p);
  // Ambiguity classes: robust to tagger errors.
  F(S0.a); F(S1.a); F(B0.a); F(B1.a); F(S0.a, B0.a); F(S1.a, S0.a); F(S0.a, B0.p);
  F(S0.p, B0.a); F(S1.a, S0.p); F(S1.p, S0.a); F(S0.a, S0.p, B0.p); F(B0.a, B1.a);
  if (A[0].t != kSupertagsOn) return k;
  // Supertags (predicted head direction, relation and dependent sides of each word).
  F(S0.t); F(S1.t); F(B0.t); F(B1.t); F(S2.t); F(S0.t, B0.t); F(S1.t, S0.t);
  F(S0.t, B0.p); F(S0.p, B0.t); F(S1.t, B0.t); F(S0.t, S0.w); F(B0.t, B0.w);
  F(S0.t, d1); F(S1.t, d2); F(S1.t, S0.t, B0.t); F(S0.t, B0.t, B1.t); F(S2.t, S1.t, S0.t);
  F(S0.t, st.nl[s0], st.nr[s0]); F(S1.t, st.nl[s1], st.nr[s1]); F(B0.t, st.nl[b0]);
#undef F
  return k;
}

// Features for labelling the arc h -> d (h is a word, not ROOT).
int LabelFeatures(const State& st, int h, int d, uint64_t* f) {
  const TokAttr* A = st.A;
  const TokAttr &D = A[d], &H = A[h];
  const uint64_t dir = d < h ? 1 : 2;
  const int n = st.n;
  const TokAttr& Dm1 = A[d >= 2 ? d - 1 : 0];
  const TokAttr& Dp1 = A[d < n ? d + 1 : 0];
  const int dl1 = st.lc1[d], dl2 = st.lc2[d], dr1 = st.rc1[d], dr2 = st.rc2[d];
  const TokAttr &DL1 = A[dl1], &DL2 = A[dl2], &DR1 = A[dr1];
  const uint64_t dist = Dist(h, d) * 4 + dir;
  int k = 0;
  uint64_t t = 1000;
#define F(...) f[k++] = Feat(++t, __VA_ARGS__)
  F(dir);
  F(D.w, dir); F(D.p, dir); F(D.u, dir); F(D.m, dir); F(D.w, D.p); F(D.s, D.p); F(D.sh, D.p);
  F(H.w, dir); F(H.p, dir); F(H.u, dir); F(H.m, dir); F(H.w, H.p);
  F(D.p, H.p, dir); F(D.u, H.u, dir); F(D.w, H.p, dir); F(D.p, H.w, dir);
  F(D.w, H.w, dir); F(D.m, H.m, dir); F(D.m, H.p, dir); F(D.p, H.m, dir);
  F(dist, D.p, H.p); F(dist, D.u);
  F(st.lset[d], D.p); F(st.rset[d], D.p); F(st.lset[d], dir, H.p); F(st.rset[d], dir, H.p);
  F(DL1.w, LabelVal(st, dl1)); F(DL1.p, LabelVal(st, dl1), D.p);
  F(DL1.w, LabelVal(st, dl1), H.p); F(DL1.w, D.p, H.p);
  F(DL2.w, LabelVal(st, dl2)); F(LabelVal(st, dl2), LabelVal(st, dl1), D.p);
  F(DR1.w, LabelVal(st, dr1)); F(DR1.p, LabelVal(st, dr1), D.p); F(LabelVal(st, dr2), D.p);
  F(st.nl[d], st.nr[d], D.p);
  F(st.lset[h], D.p, dir); F(st.rset[h], D.p, dir);
  F(LabelVal(st, st.lc1[h]), D.p, dir); F(LabelVal(st, st.rc1[h]), D.p, dir);
  F(D.f, H.p); F(H.f, D.p); F(D.f, H.f, dir);
  F(Dm1.p, D.p); F(Dp1.p, D.p); F(Dp1.w, D.p); F(Dm1.w, D.p, dir);
  F(d == 1 ? 1 : 0, D.p, dir);
  F(D.w, H.p, st.lset[d]);
  F(D.a, dir); F(D.a, H.p, dir); F(D.a, H.a, dir); F(D.p, H.a, dir); F(D.a, D.p, H.u);
  if (A[0].t != kSupertagsOn) return k;
  F(D.t, dir); F(D.t, H.p, dir); F(D.t, H.t, dir); F(D.t, D.w); F(H.t, D.p, dir);
#undef F
  return k;
}

// ---------------------------------------------------------------------------------
// Supertagger (after Ouchi, Duh & Matsumoto 2014): before parsing, a greedy left-to-
// right averaged perceptron gives every word a "supertag" = its relation (the part
// before ':'), the side of its head (L, R, or root) and whether it has dependents on
// the left / right. The parser reads the predicted supertags as features; it is
// trained on jackknifed supertags (each training sentence tagged by a supertagger
// that did not see it) so that it learns how far to trust them.
// Weights are sparse: each feature row holds only the classes that were ever updated
// (CSR arrays hashed by feature), so hundreds of classes stay small and fast.

constexpr int kMaxSupertagFeats = 48;
constexpr int kMaxSupertags = 4096;

inline uint64_t SupertagValue(int cls) { return Fmix(0x5EB7A9ULL + static_cast<uint64_t>(cls)); }

// Per-sentence context shared by the features of every word: is there a verb before /
// after word i (UPOS VERB).
struct SupertagContext {
  std::vector<uint8_t> verb_left, verb_right;
  void Fill(const TokAttr* A, int n) {
    static const uint64_t kVerb = HashBytes("VERB", 12);
    verb_left.assign(n + 2, 0);
    verb_right.assign(n + 2, 0);
    for (int i = 2; i <= n; ++i) verb_left[i] = verb_left[i - 1] | (A[i - 1].u == kVerb);
    for (int i = n - 1; i >= 1; --i) verb_right[i] = verb_right[i + 1] | (A[i + 1].u == kVerb);
  }
};

// Features of word i (1..n) that do not depend on earlier decisions: computed for the
// whole sentence up front, so their weight rows can be fetched ahead of time.
int SupertagStaticFeatures(const TokAttr* A, int n, int i, const SupertagContext& cx,
                           uint64_t* f) {
  auto at = [A, n](int j) -> const TokAttr& { return A[j < 1 ? 0 : (j > n ? n + 1 : j)]; };
  const TokAttr &W0 = A[i], &Wm1 = at(i - 1), &Wm2 = at(i - 2), &Wm3 = at(i - 3),
                &Wp1 = at(i + 1), &Wp2 = at(i + 2), &Wp3 = at(i + 3);
  const uint64_t vl = cx.verb_left[i], vr = cx.verb_right[i];
  const uint64_t left = static_cast<uint64_t>(std::min(i - 1, 6));
  const uint64_t right = static_cast<uint64_t>(std::min(n - i, 6));
  int k = 0;
  uint64_t t = 5000;
#define F(...) f[k++] = Feat(++t, __VA_ARGS__)
  F(1);
  F(W0.w); F(W0.p); F(W0.u); F(W0.m); F(W0.s, W0.p); F(W0.sh, W0.p); F(W0.a); F(W0.w, W0.p);
  F(W0.f, W0.p);
  F(Wm1.w); F(Wm1.p); F(Wp1.w); F(Wp1.p); F(Wm2.w); F(Wm2.p); F(Wp2.w); F(Wp2.p);
  F(Wm3.p); F(Wp3.p);
  F(Wm1.p, W0.p); F(W0.p, Wp1.p); F(Wm1.p, Wp1.p); F(Wm2.p, Wm1.p, W0.p);
  F(W0.p, Wp1.p, Wp2.p); F(Wm1.p, W0.p, Wp1.p); F(W0.p, Wp2.p, Wp3.p);
  F(W0.w, Wm1.p); F(W0.w, Wp1.p); F(Wm1.w, W0.p); F(Wp1.w, W0.p); F(W0.w, Wp1.w);
  F(Wm1.w, W0.w); F(W0.m, Wp1.p, Wp2.p);
  F(W0.p, vl, vr); F(W0.w, vl, vr); F(W0.p, left, right);
#undef F
  return k;
}
constexpr int kSupertagStaticFeats = 37;

// Features of word i that read the classes of the two previous words (-1 = none).
int SupertagDynamicFeatures(const TokAttr* A, int n, int i, int t1, int t2,
                            const SupertagContext& cx, uint64_t* f) {
  const TokAttr &W0 = A[i], &Wm1 = A[i > 1 ? i - 1 : 0], &Wp1 = A[i < n ? i + 1 : n + 1];
  const uint64_t T1 = static_cast<uint64_t>(t1 + 2), T2 = static_cast<uint64_t>(t2 + 2);
  const uint64_t vl = cx.verb_left[i];
  int k = 0;
  uint64_t t = 6000;
#define F(...) f[k++] = Feat(++t, __VA_ARGS__)
  F(T1); F(T1, T2); F(T1, W0.p); F(T1, W0.w); F(T1, W0.p, Wp1.p); F(T1, Wm1.p, W0.p);
  F(T1, vl, W0.p);
#undef F
  return k;
}

// All features of word i (training).
int SupertagFeatures(const TokAttr* A, int n, int i, int t1, int t2,
                     const SupertagContext& cx, uint64_t* f) {
  const int k = SupertagStaticFeatures(A, n, i, cx, f);
  return k + SupertagDynamicFeatures(A, n, i, t1, t2, cx, f + k);
}

struct Supertagger {
  int nclasses = 0;  // 0 = no supertagger (every word keeps the constant value)
  int bits = 0;
  struct Entry {
    uint16_t cls;
    int16_t w;
    bool operator==(const Entry& o) const { return cls == o.cls && w == o.w; }
  };
  std::vector<uint32_t> start;  // CSR: row r's entries are [start[r], start[r+1])
  std::vector<Entry> entries;

  // Sets A[1..n].t; `acc`, `rows` and `cx` are scratch. The index is far larger than
  // the caches, so the rows of word i+2 and the entries of word i+1 are fetched while
  // word i is scored.
  void Tag(TokAttr* A, int n, std::vector<int32_t>* acc, std::vector<uint32_t>* rows,
           SupertagContext* cx) const {
    if (nclasses == 0 || n == 0) return;
    cx->Fill(A, n);
    acc->resize(nclasses);
    rows->resize(static_cast<size_t>(n + 1) * kSupertagStaticFeats);
    uint64_t f[kMaxSupertagFeats];
    for (int i = 1; i <= n; ++i) {
      [[maybe_unused]] const int ns = SupertagStaticFeatures(A, n, i, *cx, f);
      assert(ns == kSupertagStaticFeats);
      uint32_t* r = &(*rows)[static_cast<size_t>(i) * kSupertagStaticFeats];
      for (int j = 0; j < kSupertagStaticFeats; ++j)
        r[j] = static_cast<uint32_t>(f[j] >> (64 - bits));
    }
    auto prefetch_rows = [&](int i) {
      if (i > n) return;
      const uint32_t* r = &(*rows)[static_cast<size_t>(i) * kSupertagStaticFeats];
      for (int j = 0; j < kSupertagStaticFeats; ++j) __builtin_prefetch(&start[r[j]]);
    };
    auto prefetch_entries = [&](int i) {
      if (i > n) return;
      const uint32_t* r = &(*rows)[static_cast<size_t>(i) * kSupertagStaticFeats];
      for (int j = 0; j < kSupertagStaticFeats; ++j) __builtin_prefetch(&entries[start[r[j]]]);
    };
    prefetch_rows(1);
    prefetch_rows(2);
    prefetch_entries(1);
    int t1 = -1, t2 = -1;
    int32_t* a = acc->data();
    for (int i = 1; i <= n; ++i) {
      prefetch_rows(i + 2);
      prefetch_entries(i + 1);
      std::fill(acc->begin(), acc->end(), 0);
      auto add = [&](uint32_t row) {
        const uint32_t e1 = start[row + 1];
        for (uint32_t e = start[row]; e < e1; ++e) a[entries[e].cls] += entries[e].w;
      };
      const int nd = SupertagDynamicFeatures(A, n, i, t1, t2, *cx, f);
      const uint32_t* r = &(*rows)[static_cast<size_t>(i) * kSupertagStaticFeats];
      for (int j = 0; j < kSupertagStaticFeats; ++j) add(r[j]);
      for (int j = 0; j < nd; ++j) add(static_cast<uint32_t>(f[j] >> (64 - bits)));
      int best = 0;
      for (int c = 1; c < nclasses; ++c)
        if (a[c] > a[best]) best = c;
      A[i].t = SupertagValue(best);
      t2 = t1;
      t1 = best;
    }
  }
};

// ---------------------------------------------------------------------------------
// Sparse int16 weight tables

struct Table {
  int bits = 0;
  int stride = 0;  // int16 per row
  std::vector<int16_t> w;
  size_t Row(uint64_t feat) const { return static_cast<size_t>(feat >> (64 - bits)); }
};

}  // namespace

struct Parser::Model {
  std::vector<std::string> labels;
  int root_label = -1;
  int nlabels = 0;
  Table action;  // stride 4 (3 used)
  Table label;   // stride = nlabels rounded up to 8
  // Training vocabulary: lowercased-word hash -> ambiguity class, sorted by key.
  std::vector<uint64_t> lex_keys, lex_amb;
  // Joint decoding: a LEFT/RIGHT move scores transition + best label weight (both
  // tables share one quantization scale); otherwise the label is chosen after the move.
  bool joint = false;
  // Beam width: 1 = greedy decoding; > 1 = beam search (the model was trained globally).
  int beam = 1;
  Supertagger supertagger;  // nclasses 0 = none
};

namespace {

// Per-thread parse scratch.
struct Scratch {
  State st;
  std::vector<TokAttr> attr;
  uint64_t feats[kMaxActionFeats];
  uint64_t lfeats[kMaxLabelFeats];
  int32_t lscore[kMaxLabels];
};

void ScoreActions(const Table& t, const uint64_t* f, int nf, int32_t* out) {
  int32_t s0 = 0, s1 = 0, s2 = 0;
  const int16_t* w = t.w.data();
  // The tables are far larger than the caches: issue every row load first.
  const int16_t* rows[kMaxActionFeats];
  for (int i = 0; i < nf; ++i) {
    rows[i] = w + t.Row(f[i]) * 4;
    __builtin_prefetch(rows[i]);
  }
  for (int i = 0; i < nf; ++i) {
    const int16_t* r = rows[i];
    s0 += r[0];
    s1 += r[1];
    s2 += r[2];
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
}

// acc[0..stride) = sum of the int16 rows. The widening adds dominate label scoring; on
// x86-64 GCC compiles an AVX2 clone too and picks it at load time where the CPU has it.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
void SumRows(const int16_t* const* rows, int nf, int stride, int32_t* acc) {
  for (int l = 0; l < stride; ++l) acc[l] = 0;
  for (int i = 0; i < nf; ++i) {
    const int16_t* r = rows[i];
    for (int l = 0; l < stride; ++l) acc[l] += r[l];
  }
}

int BestLabel(const Parser::Model& m, const uint64_t* f, int nf, int32_t* acc,
              int32_t* best_score = nullptr) {
  const int stride = m.label.stride;
  const int16_t* w = m.label.w.data();
  const int16_t* rows[kMaxLabelFeats];
  for (int i = 0; i < nf; ++i) {
    rows[i] = w + m.label.Row(f[i]) * stride;
    __builtin_prefetch(rows[i]);
    __builtin_prefetch(rows[i] + stride - 1);
  }
  SumRows(rows, nf, stride, acc);
  int best = -1;
  int32_t bs = std::numeric_limits<int32_t>::min();
  for (int l = 0; l < m.nlabels; ++l) {
    if (l == m.root_label) continue;
    if (acc[l] > bs) {
      bs = acc[l];
      best = l;
    }
  }
  if (best_score) *best_score = bs;
  return best;
}

void FillAttrs(const Sentence& s, const Parser::Model& m, std::vector<TokAttr>* attr) {
  const int n = static_cast<int>(s.tokens.size());
  static const TokAttr kNone = SpecialAttr(kNoneSeed);
  static const TokAttr kRoot = SpecialAttr(kRootSeed);
  thread_local std::vector<uint8_t> known;
  thread_local std::vector<int32_t> acc;
  thread_local std::vector<uint32_t> rows;
  thread_local SupertagContext cx;
  attr->resize(static_cast<size_t>(n) + 2);
  known.assign(static_cast<size_t>(n) + 2, 1);
  (*attr)[0] = kNone;
  (*attr)[n + 1] = kRoot;
  for (int i = 0; i < n; ++i) {
    TokAttr& a = (*attr)[i + 1];
    a = MakeAttr(s.tokens[i]);
    auto it = std::lower_bound(m.lex_keys.begin(), m.lex_keys.end(), a.w);
    if (it != m.lex_keys.end() && *it == a.w) {
      a.a = m.lex_amb[it - m.lex_keys.begin()];
    } else {
      a.a = kUnkAmb;
      known[i + 1] = 0;
    }
  }
  // The supertagger sees the words themselves (an unseen word simply has no weights).
  if (m.supertagger.nclasses > 0) {
    (*attr)[0].t = kSupertagsOn;
    m.supertagger.Tag(attr->data(), n, &acc, &rows, &cx);
  }
  for (int i = 1; i <= n; ++i)
    if (!known[i]) (*attr)[i].w = kUnkWord;
}

void BeamParseWith(const Parser::Model& m, Sentence* s, Scratch* sc);

// Copies the heads and labels of a terminal state into the sentence's tokens.
void WriteTree(const State& st, const Parser::Model& m, Sentence* s) {
  const int n = st.n;
  for (int i = 1; i <= n; ++i) {
    Token& t = s->tokens[i - 1];
    t.head = st.head[i] == n + 1 ? 0 : st.head[i];
    const int l = st.label[i];
    t.deprel = t.head == 0 ? "root" : (l >= 0 && l < m.nlabels ? m.labels[l] : "dep");
  }
}

void ParseWith(const Parser::Model& m, Sentence* s, Scratch* sc) {
  if (m.beam > 1) {
    BeamParseWith(m, s, sc);
    return;
  }
  const int n = static_cast<int>(s->tokens.size());
  if (n == 0) return;
  State& st = sc->st;
  st.Init(n);
  FillAttrs(*s, m, &sc->attr);
  st.A = sc->attr.data();
  int32_t score[kNumActions];
  while (!st.Terminal()) {
    const int nf = ActionFeatures(st, sc->feats);
    ScoreActions(m.action, sc->feats, nf, score);
    if (m.joint) {
      int best = -1, best_l = -1;
      int64_t best_total = std::numeric_limits<int64_t>::min();
      for (int a = 0; a < kNumActions; ++a) {
        if (!st.Legal(a)) continue;
        int64_t total = score[a];
        int l = -1;
        if (a != kShift) {
          int h, d;
          st.Arc(a, &h, &d);
          if (h == n + 1) {
            l = m.root_label;
          } else {
            const int nlf = LabelFeatures(st, h, d, sc->lfeats);
            int32_t ls;
            l = BestLabel(m, sc->lfeats, nlf, sc->lscore, &ls);
            total += ls;
          }
        }
        if (total > best_total) {
          best_total = total;
          best = a;
          best_l = l;
        }
      }
      st.Apply(best, best_l);
      continue;
    }
    int best = -1;
    for (int a = 0; a < kNumActions; ++a)
      if (st.Legal(a) && (best < 0 || score[a] > score[best])) best = a;
    int l = -1;
    if (best != kShift) {
      int h, d;
      st.Arc(best, &h, &d);
      if (h == n + 1) {
        l = m.root_label;
      } else {
        const int nlf = LabelFeatures(st, h, d, sc->lfeats);
        l = BestLabel(m, sc->lfeats, nlf, sc->lscore);
      }
    }
    st.Apply(best, l);
  }
  WriteTree(st, m, s);
}

// ---------------------------------------------------------------------------------
// Beam search (global model). Every state of a sentence takes exactly 2n transitions,
// so the beams stay synchronous. A candidate is (parent item, move, label); the best
// `width` candidates of all items survive. Ties keep generation order (deterministic).
// `Scorer` provides Actions(feats, nf, double out[3]) and Labels(lfeats, nlf, double*
// out) (one score per label); the same search serves parsing (int16 tables) and
// training (float tables).

struct BeamCand {
  double score;
  int parent, a, l;
};

struct BeamStepRecord {
  int parent, a, l;
};

struct BeamScratch {
  std::vector<State> cur, next;
  std::vector<double> cur_score, next_score;
  std::vector<BeamCand> cands;
  uint64_t feats[kMaxActionFeats];
  uint64_t lfeats[kMaxLabelFeats];
};

// Adds the candidates of one beam item: SHIFT, and LEFT/RIGHT with their `width`
// best labels (only `width` candidates survive overall, so more are never needed).
template <class Scorer>
void ExpandItem(const Scorer& sc, const State& st, double base, int item, int width,
                int root_label, int nlabels, BeamScratch* bs) {
  const int n = st.n;
  const int nf = ActionFeatures(st, bs->feats);
  double act[kNumActions];
  sc.Actions(bs->feats, nf, act);
  for (int a = 0; a < kNumActions; ++a) {
    if (!st.Legal(a)) continue;
    if (a == kShift) {
      bs->cands.push_back({base + act[a], item, a, -1});
      continue;
    }
    int h, d;
    st.Arc(a, &h, &d);
    if (h == n + 1) {
      bs->cands.push_back({base + act[a], item, a, root_label});
      continue;
    }
    const int nlf = LabelFeatures(st, h, d, bs->lfeats);
    double lscore[kMaxLabels];
    sc.Labels(bs->lfeats, nlf, lscore);
    // The `width` best labels, best first (insertion into a short sorted list; ties
    // keep the lower label id).
    double top_s[kMaxLabels];
    int top_l[kMaxLabels];
    int k = 0;
    for (int l = 0; l < nlabels; ++l) {
      if (l == root_label) continue;
      const double v = lscore[l];
      if (k == width && v <= top_s[k - 1]) continue;
      int j = k < width ? k++ : k - 1;
      while (j > 0 && top_s[j - 1] < v) {
        top_s[j] = top_s[j - 1];
        top_l[j] = top_l[j - 1];
        --j;
      }
      top_s[j] = v;
      top_l[j] = l;
    }
    for (int i = 0; i < k; ++i) bs->cands.push_back({base + act[a] + top_s[i], item, a, top_l[i]});
  }
}

// Keeps the best `width` candidates in order (score descending, then generation order).
inline void SelectBest(int width, std::vector<BeamCand>* cands) {
  auto better = [](const BeamCand& x, const BeamCand& y) { return x.score > y.score; };
  const size_t k = std::min<size_t>(width, cands->size());
  std::stable_sort(cands->begin(), cands->end(), better);
  cands->resize(k);
}

// One beam step: expands bs->cur into bs->next (scores in next_score); when `record`
// is given, appends the surviving candidates' (parent, move, label).
template <class Scorer>
void BeamStep(const Scorer& sc, int width, int root_label, int nlabels, BeamScratch* bs,
              std::vector<BeamStepRecord>* record) {
  bs->cands.clear();
  for (size_t i = 0; i < bs->cur.size(); ++i)
    ExpandItem(sc, bs->cur[i], bs->cur_score[i], static_cast<int>(i), width, root_label,
               nlabels, bs);
  SelectBest(width, &bs->cands);
  const size_t k = bs->cands.size();
  bs->next.resize(k);
  bs->next_score.resize(k);
  for (size_t j = 0; j < k; ++j) {
    const BeamCand& c = bs->cands[j];
    bs->next[j] = bs->cur[c.parent];
    bs->next[j].Apply(c.a, c.l);
    bs->next_score[j] = c.score;
    if (record) record->push_back({c.parent, c.a, c.l});
  }
  std::swap(bs->cur, bs->next);
  std::swap(bs->cur_score, bs->next_score);
}

struct Int16Scorer {
  const Parser::Model& m;
  void Actions(const uint64_t* f, int nf, double* out) const {
    int32_t s[kNumActions];
    ScoreActions(m.action, f, nf, s);
    for (int a = 0; a < kNumActions; ++a) out[a] = s[a];
  }
  void Labels(const uint64_t* f, int nf, double* out) const {
    int32_t acc[kMaxLabels];
    BestLabel(m, f, nf, acc);
    for (int l = 0; l < m.nlabels; ++l) out[l] = acc[l];
  }
};

void BeamParseWith(const Parser::Model& m, Sentence* s, Scratch* sc) {
  const int n = static_cast<int>(s->tokens.size());
  if (n == 0) return;
  thread_local BeamScratch bs;
  FillAttrs(*s, m, &sc->attr);
  bs.cur.resize(1);
  bs.cur[0].Init(n);
  bs.cur[0].A = sc->attr.data();
  bs.cur_score.assign(1, 0.0);
  const Int16Scorer scorer{m};
  while (!bs.cur[0].Terminal()) BeamStep(scorer, m.beam, m.root_label, m.nlabels, &bs, nullptr);
  const State& st = bs.cur[0];
  WriteTree(st, m, s);
}

// ---------------------------------------------------------------------------------
// Model file: magic, version, body, FNV-1a 64 checksum of everything before it.

constexpr char kMagic[8] = {'K', 'H', 'P', 'A', 'R', 'S', 'E', '1'};
constexpr uint32_t kVersion = 4;

uint64_t Checksum(const char* p, size_t n) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; ++i) {
    h ^= static_cast<unsigned char>(p[i]);
    h *= 1099511628211ULL;
  }
  return h;
}

void PutU32(std::string* o, uint32_t v) { o->append(reinterpret_cast<const char*>(&v), 4); }
void PutU64(std::string* o, uint64_t v) { o->append(reinterpret_cast<const char*>(&v), 8); }
void PutVarint(std::string* o, uint64_t v) {
  while (v >= 0x80) {
    o->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  o->push_back(static_cast<char>(v));
}

// Nonzero rows only: varint row delta, then `used` int16 values.
void PutTable(std::string* o, const Table& t, int used) {
  PutU32(o, t.bits);
  PutU32(o, t.stride);
  PutU32(o, used);
  const size_t rows = size_t{1} << t.bits;
  uint64_t nonzero = 0;
  for (size_t r = 0; r < rows; ++r) {
    const int16_t* row = &t.w[r * t.stride];
    for (int j = 0; j < used; ++j)
      if (row[j]) {
        ++nonzero;
        break;
      }
  }
  PutU64(o, nonzero);
  size_t prev = 0;
  for (size_t r = 0; r < rows; ++r) {
    const int16_t* row = &t.w[r * t.stride];
    bool nz = false;
    for (int j = 0; j < used && !nz; ++j) nz = row[j] != 0;
    if (!nz) continue;
    PutVarint(o, r - prev);
    prev = r;
    o->append(reinterpret_cast<const char*>(row), used * sizeof(int16_t));
  }
}

std::string Serialize(const Parser::Model& m) {
  std::string o(kMagic, 8);
  // Version 4 added the supertagger; a model without one is written as version 3,
  // byte for byte as before.
  PutU32(&o, m.supertagger.nclasses > 0 ? kVersion : kVersion - 1);
  PutU32(&o, m.nlabels);
  PutU32(&o, m.root_label);
  // flags: bit 0 joint (move, label) scoring; bit 1 supertagger; bits 8..15 beam width
  // (0 = greedy)
  PutU32(&o, (m.joint ? 1u : 0u) | (m.supertagger.nclasses > 0 ? 2u : 0u) |
                 (m.beam > 1 ? static_cast<uint32_t>(m.beam) << 8 : 0u));
  for (const auto& l : m.labels) {
    PutU32(&o, l.size());
    o += l;
  }
  PutU64(&o, m.lex_keys.size());
  for (size_t i = 0; i < m.lex_keys.size(); ++i) {
    PutU64(&o, m.lex_keys[i]);
    PutU64(&o, m.lex_amb[i]);
  }
  PutTable(&o, m.action, kNumActions);
  PutTable(&o, m.label, m.nlabels);
  if (m.supertagger.nclasses > 0) {
    // Supertagger: class count, row bits, entry count, per-row entry counts (varint),
    // then (class u16, weight i16) per entry.
    const Supertagger& t = m.supertagger;
    PutU32(&o, t.nclasses);
    PutU32(&o, t.bits);
    PutU64(&o, t.entries.size());
    const size_t rows = size_t{1} << t.bits;
    for (size_t r = 0; r < rows; ++r) PutVarint(&o, t.start[r + 1] - t.start[r]);
    for (const Supertagger::Entry& e : t.entries) {
      o.append(reinterpret_cast<const char*>(&e.cls), 2);
      o.append(reinterpret_cast<const char*>(&e.w), 2);
    }
  }
  PutU64(&o, Checksum(o.data(), o.size()));
  return o;
}

class Reader {
 public:
  Reader(const std::string& d, size_t end) : d_(d), end_(end) {}
  bool U32(uint32_t* v) { return Raw(v, 4); }
  bool U64(uint64_t* v) { return Raw(v, 8); }
  bool Raw(void* v, size_t n) {
    if (end_ - pos_ < n) return false;
    std::memcpy(v, d_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  bool Varint(uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= end_) return false;
      const unsigned char c = d_[pos_++];
      *v |= static_cast<uint64_t>(c & 0x7f) << shift;
      if (!(c & 0x80)) return true;
    }
    return false;
  }
  bool Str(std::string* s, size_t max) {
    uint32_t n;
    if (!U32(&n) || n > max || end_ - pos_ < n) return false;
    s->assign(d_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  size_t pos() const { return pos_; }

 private:
  const std::string& d_;
  size_t end_;
  size_t pos_ = 8;
};

bool GetTable(Reader* r, Table* t, int expect_used) {
  uint32_t bits, stride, used;
  uint64_t nonzero;
  if (!r->U32(&bits) || !r->U32(&stride) || !r->U32(&used) || !r->U64(&nonzero)) return false;
  if (bits < 4 || bits > 26 || stride < used || stride > kMaxLabels ||
      static_cast<int>(used) != expect_used)
    return false;
  const size_t rows = size_t{1} << bits;
  if (nonzero > rows) return false;
  t->bits = bits;
  t->stride = stride;
  t->w.assign(rows * stride, 0);
  size_t row = 0;
  for (uint64_t i = 0; i < nonzero; ++i) {
    uint64_t delta;
    if (!r->Varint(&delta) || delta > rows || row + delta >= rows) return false;
    row += delta;
    if (!r->Raw(&t->w[row * stride], used * sizeof(int16_t))) return false;
  }
  return true;
}

}  // namespace

Parser::Parser(std::unique_ptr<Model> m) : model_(std::move(m)) {}
Parser::~Parser() = default;

const std::vector<std::string>& Parser::labels() const { return model_->labels; }
int Parser::beam() const { return model_->beam; }

StatusOr<std::unique_ptr<Parser>> Parser::FromBytes(const std::string& bytes,
                                                    const std::string& name) {
  auto bad = [&name](const std::string& why) -> Status {
    return CorruptionError("parser model " + name + ": " + why);
  };
  if (bytes.size() < 8 + 4 + 8) return bad("file too short (truncated?)");
  if (std::memcmp(bytes.data(), kMagic, 8) != 0) return bad("not a khaldun parser model");
  uint32_t version;
  std::memcpy(&version, bytes.data() + 8, 4);
  if (version != kVersion && version != kVersion - 1)
    return bad("format version " + std::to_string(version) + ", expected " +
               std::to_string(kVersion - 1) + " or " + std::to_string(kVersion) +
               " (retrain or update khaldun)");
  uint64_t stored;
  std::memcpy(&stored, bytes.data() + bytes.size() - 8, 8);
  if (stored != Checksum(bytes.data(), bytes.size() - 8))
    return bad("checksum mismatch (corrupt or truncated file)");
  Reader r(bytes, bytes.size() - 8);
  uint32_t v;
  if (!r.U32(&v)) return bad("truncated header");
  auto m = std::make_unique<Model>();
  uint32_t nlabels, root;
  if (!r.U32(&nlabels) || !r.U32(&root) || nlabels == 0 || nlabels > kMaxLabels ||
      root >= nlabels)
    return bad("bad label count");
  m->nlabels = nlabels;
  m->root_label = root;
  uint32_t flags;
  if (!r.U32(&flags) || (flags & ~0xFF03u) != 0) return bad("bad flags");
  m->joint = flags & 1;
  m->beam = std::max(1u, (flags >> 8) & 0xFFu);
  if (m->beam > 1 && !m->joint) return bad("beam search needs joint scoring");
  for (uint32_t i = 0; i < nlabels; ++i) {
    std::string l;
    if (!r.Str(&l, 256)) return bad("bad label table");
    m->labels.push_back(std::move(l));
  }
  uint64_t lex;
  if (!r.U64(&lex) || lex > (uint64_t{1} << 24)) return bad("bad vocabulary size");
  m->lex_keys.resize(lex);
  m->lex_amb.resize(lex);
  for (uint64_t i = 0; i < lex; ++i) {
    if (!r.U64(&m->lex_keys[i]) || !r.U64(&m->lex_amb[i])) return bad("truncated vocabulary");
    if (i > 0 && m->lex_keys[i] <= m->lex_keys[i - 1]) return bad("unsorted vocabulary");
  }
  if (!GetTable(&r, &m->action, kNumActions) || m->action.stride != 4)
    return bad("bad transition weight table");
  if (!GetTable(&r, &m->label, nlabels)) return bad("bad label weight table");
  if ((flags & 2) && version < 4) return bad("supertagger in a version 3 file");
  if (flags & 2) {
    Supertagger& t = m->supertagger;
    uint32_t ncls, bits;
    uint64_t entries;
    if (!r.U32(&ncls) || !r.U32(&bits) || !r.U64(&entries) || ncls < 2 ||
        ncls > static_cast<uint32_t>(kMaxSupertags) || bits < 8 || bits > 24 ||
        entries > (uint64_t{1} << 28))
      return bad("bad supertagger header");
    t.nclasses = static_cast<int>(ncls);
    t.bits = static_cast<int>(bits);
    const size_t rows = size_t{1} << bits;
    t.start.assign(rows + 1, 0);
    uint64_t total = 0;
    for (size_t row = 0; row < rows; ++row) {
      uint64_t c;
      if (!r.Varint(&c) || c > entries - total) return bad("bad supertagger rows");
      total += c;
      t.start[row + 1] = static_cast<uint32_t>(total);
    }
    if (total != entries) return bad("bad supertagger rows");
    t.entries.resize(entries);
    for (Supertagger::Entry& e : t.entries) {
      if (!r.Raw(&e.cls, 2) || !r.Raw(&e.w, 2)) return bad("truncated supertagger");
      if (e.cls >= ncls) return bad("bad supertag class");
    }
  }
  if (r.pos() != bytes.size() - 8) return bad("trailing bytes");
  return std::unique_ptr<Parser>(new Parser(std::move(m)));
}

StatusOr<std::unique_ptr<Parser>> Parser::Load(const std::string& path) {
  KHALDUN_ASSIGN_OR_RETURN(std::string bytes, ReadFile(path, size_t{1} << 30));
  return FromBytes(bytes, path);
}

void Parser::Parse(Sentence* s) const {
  thread_local Scratch scratch;
  ParseWith(*model_, s, &scratch);
}

StatusOr<std::string> AverageParsers(const std::vector<std::string>& paths) {
  if (paths.empty()) return InvalidArgumentError("no parser models to average");
  std::vector<std::unique_ptr<Parser>> ps;
  for (const auto& p : paths) {
    KHALDUN_ASSIGN_OR_RETURN(auto parser, Parser::Load(p));
    ps.push_back(std::move(parser));
  }
  const Parser::Model& a = *ps[0]->model_;
  for (size_t i = 1; i < ps.size(); ++i) {
    const Parser::Model& b = *ps[i]->model_;
    if (b.labels != a.labels || b.lex_keys != a.lex_keys || b.lex_amb != a.lex_amb ||
        b.joint != a.joint || b.beam != a.beam || b.action.bits != a.action.bits ||
        b.label.bits != a.label.bits || b.label.stride != a.label.stride ||
        b.supertagger.nclasses != a.supertagger.nclasses ||
        b.supertagger.start != a.supertagger.start ||
        b.supertagger.entries != a.supertagger.entries)
      return InvalidArgumentError("parser models " + paths[0] + " and " + paths[i] +
                                  " were not trained on the same data and options");
  }
  Parser::Model out = a;
  for (Table Parser::Model::*table : {&Parser::Model::action, &Parser::Model::label}) {
    std::vector<int16_t>& w = (out.*table).w;
    for (size_t j = 0; j < w.size(); ++j) {
      int64_t sum = 0;
      for (const auto& p : ps) sum += ((*p->model_).*table).w[j];
      w[j] = static_cast<int16_t>(std::llround(static_cast<double>(sum) /
                                               static_cast<double>(ps.size())));
    }
  }
  return Serialize(out);
}

// ---------------------------------------------------------------------------------
// Tree helpers

bool IsProjective(const std::vector<int>& heads) {
  const int n = static_cast<int>(heads.size());
  for (int d = 1; d <= n; ++d) {
    const int h = heads[d - 1];
    const int lo = std::min(h, d), hi = std::max(h, d);
    for (int k = lo + 1; k < hi; ++k) {
      // k must be dominated by h.
      int cur = k, steps = 0;
      while (cur != 0 && cur != h && steps <= n) {
        cur = heads[cur - 1];
        ++steps;
      }
      if (cur != h) return false;
    }
  }
  return true;
}

std::vector<int> Projectivize(const std::vector<int>& in) {
  std::vector<int> heads = in;
  const int n = static_cast<int>(heads.size());
  auto dominated = [&](int k, int h) {
    int cur = k, steps = 0;
    while (cur != 0 && cur != h && steps <= n) {
      cur = heads[cur - 1];
      ++steps;
    }
    return cur == h;
  };
  // Each lift moves one word closer to the root, so this ends after < n*n lifts.
  for (int iter = 0; iter < n * n + 1; ++iter) {
    int best = -1, best_len = n + 2;
    for (int d = 1; d <= n; ++d) {
      const int h = heads[d - 1];
      if (h == 0) continue;
      const int lo = std::min(h, d), hi = std::max(h, d);
      if (hi - lo >= best_len) continue;
      for (int k = lo + 1; k < hi; ++k) {
        if (!dominated(k, h)) {
          best = d;
          best_len = hi - lo;
          break;
        }
      }
    }
    if (best < 0) break;
    heads[best - 1] = heads[heads[best - 1] - 1];
  }
  return heads;
}

std::vector<int> OracleHeads(const std::vector<int>& heads) {
  const int n = static_cast<int>(heads.size());
  std::vector<int> proj = Projectivize(heads);
  std::vector<int> g(n + 2, 0);
  for (int i = 1; i <= n; ++i) g[i] = proj[i - 1] == 0 ? n + 1 : proj[i - 1];
  State st;
  st.Init(n);
  while (!st.Terminal()) {
    int chosen = -1;
    for (int a : {kLeft, kRight, kShift})
      if (st.Legal(a) && st.Cost(a, g.data()) == 0) {
        chosen = a;
        break;
      }
    if (chosen < 0)  // cannot happen for a projective tree; stay total anyway
      for (int a = 0; a < kNumActions && chosen < 0; ++a)
        if (st.Legal(a)) chosen = a;
    st.Apply(chosen, 0);
  }
  std::vector<int> out(n);
  for (int i = 1; i <= n; ++i) out[i - 1] = st.head[i] == n + 1 ? 0 : st.head[i];
  return out;
}

ParseScores EvaluateParser(const Parser& parser, const std::vector<Sentence>& gold) {
  ParseScores r;
  size_t uas = 0, las = 0, lasu = 0, lab = 0;
  auto universal = [](const std::string& l) { return l.substr(0, l.find(':')); };
  for (const Sentence& g : gold) {
    Sentence s = g;
    for (auto& t : s.tokens) {
      t.head = -1;
      t.deprel.clear();
    }
    parser.Parse(&s);
    for (size_t i = 0; i < s.tokens.size(); ++i) {
      const Token &p = s.tokens[i], &e = g.tokens[i];
      ++r.words;
      const bool h = p.head == e.head;
      uas += h;
      las += h && p.deprel == e.deprel;
      lasu += h && universal(p.deprel) == universal(e.deprel);
      lab += p.deprel == e.deprel;
    }
  }
  if (r.words) {
    const double w = static_cast<double>(r.words);
    r.uas = 100.0 * uas / w;
    r.las = 100.0 * las / w;
    r.las_universal = 100.0 * lasu / w;
    r.label_acc = 100.0 * lab / w;
  }
  return r;
}

// ---------------------------------------------------------------------------------
// Training

namespace {

// Averaged perceptron table: w (current) and u (sum of step * update), so that the
// average after `c` steps is w - u / c.
struct TrainTable {
  int bits = 0, width = 0;
  std::vector<float> w;
  std::vector<double> u;
  void Init(int b, int wd) {
    bits = b;
    width = wd;
    w.assign((size_t{1} << b) * wd, 0.f);
    u.assign((size_t{1} << b) * wd, 0.0);
  }
  size_t Row(uint64_t f) const { return static_cast<size_t>(f >> (64 - bits)) * width; }
  void Score(const uint64_t* f, int nf, float* out) const {
    for (int j = 0; j < width; ++j) out[j] = 0;
    for (int i = 0; i < nf; ++i) {
      const float* r = &w[Row(f[i])];
      for (int j = 0; j < width; ++j) out[j] += r[j];
    }
  }
  void Update(const uint64_t* f, int nf, int cls, float delta, double step) {
    for (int i = 0; i < nf; ++i) {
      const size_t r = Row(f[i]) + cls;
      w[r] += delta;
      u[r] += step * delta;
    }
  }
  double MaxAbs(double steps) const {
    double maxabs = 1e-9;
    for (size_t i = 0; i < w.size(); ++i)
      maxabs = std::max(maxabs, std::fabs(w[i] - u[i] / std::max(steps, 1.0)));
    return maxabs;
  }
  // Averaged weights quantized into `t` (int16, given stride): round(avg * 32000 / maxabs).
  void Export(double steps, int stride, double maxabs, Table* t) const {
    const size_t rows = size_t{1} << bits;
    std::vector<float> avg(w.size());
    for (size_t i = 0; i < w.size(); ++i)
      avg[i] = static_cast<float>(w[i] - u[i] / std::max(steps, 1.0));
    const double scale = 32000.0 / maxabs;
    t->bits = bits;
    t->stride = stride;
    t->w.assign(rows * stride, 0);
    for (size_t r = 0; r < rows; ++r)
      for (int j = 0; j < width; ++j)
        t->w[r * stride + j] = static_cast<int16_t>(std::lround(avg[r * width + j] * scale));
  }
};

// Supertagger training: averaged perceptron, greedy left to right on its own
// predictions, sparse rows (feature -> the classes it was ever updated for).
struct SupertagTrainer {
  struct Entry {
    uint16_t cls;
    float w;
    double u;
  };
  std::unordered_map<uint64_t, uint32_t> index;
  std::vector<std::vector<Entry>> rows;
  double steps = 0;

  void Score(const uint64_t* f, int nf, int ncls, float* acc) const {
    std::fill(acc, acc + ncls, 0.f);
    for (int i = 0; i < nf; ++i) {
      auto it = index.find(f[i]);
      if (it == index.end()) continue;
      for (const Entry& e : rows[it->second]) acc[e.cls] += e.w;
    }
  }
  void Update(const uint64_t* f, int nf, int cls, float delta) {
    for (int i = 0; i < nf; ++i) {
      auto [it, inserted] = index.try_emplace(f[i], static_cast<uint32_t>(rows.size()));
      if (inserted) rows.emplace_back();
      std::vector<Entry>& row = rows[it->second];
      Entry* e = nullptr;
      for (Entry& x : row)
        if (x.cls == cls) e = &x;
      if (!e) {
        row.push_back({static_cast<uint16_t>(cls), 0.f, 0.0});
        e = &row.back();
      }
      e->w += delta;
      e->u += steps * delta;
    }
  }
  // Averaged, int16-quantized weights hashed into 2^bits CSR rows (features sharing a
  // row add up).
  // Averaged weights below `prune` times the largest are dropped.
  Supertagger Export(int ncls, int bits, double prune_fraction) const {
    std::vector<std::pair<uint64_t, uint32_t>> feats(index.begin(), index.end());
    std::sort(feats.begin(), feats.end());
    double maxabs = 1e-9;
    auto avg = [this](const Entry& e) { return e.w - e.u / std::max(steps, 1.0); };
    for (const auto& [f, r] : feats)
      for (const Entry& e : rows[r]) maxabs = std::max(maxabs, std::fabs(avg(e)));
    const double scale = 32000.0 / maxabs;
    const int32_t prune = static_cast<int32_t>(std::lround(prune_fraction * 32000.0));
    const size_t nrows = size_t{1} << bits;
    std::vector<std::vector<std::pair<uint16_t, int32_t>>> byrow(nrows);
    for (const auto& [f, r] : feats) {
      auto& dst = byrow[static_cast<size_t>(f >> (64 - bits))];
      for (const Entry& e : rows[r]) {
        const int32_t q = static_cast<int32_t>(std::lround(avg(e) * scale));
        if (q == 0) continue;
        bool merged = false;
        for (auto& [c, v] : dst)
          if (c == e.cls) v += q, merged = true;
        if (!merged) dst.emplace_back(e.cls, q);
      }
    }
    Supertagger t;
    t.nclasses = ncls;
    t.bits = bits;
    t.start.assign(nrows + 1, 0);
    for (size_t r = 0; r < nrows; ++r) {
      auto& dst = byrow[r];
      std::sort(dst.begin(), dst.end());
      for (const auto& [c, v] : dst) {
        if (std::abs(v) <= prune) continue;
        t.entries.push_back({c, static_cast<int16_t>(std::clamp<int32_t>(v, -32767, 32767))});
      }
      t.start[r + 1] = static_cast<uint32_t>(t.entries.size());
    }
    return t;
  }
};

// Trains a supertagger on `items` (attributes 0..n+1 and gold classes 1..n).
Supertagger TrainSupertagger(const std::vector<const TokAttr*>& attrs,
                             const std::vector<const std::vector<int>*>& gold, int ncls,
                             int epochs, int bits, double prune, uint64_t seed,
                             size_t* errors_out) {
  SupertagTrainer tr;
  std::mt19937_64 rng(seed);
  std::vector<size_t> order(attrs.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::vector<float> acc(ncls);
  SupertagContext cx;
  uint64_t f[kMaxSupertagFeats];
  size_t errors = 0;
  for (int ep = 0; ep < epochs; ++ep) {
    std::shuffle(order.begin(), order.end(), rng);
    errors = 0;
    for (size_t oi : order) {
      const TokAttr* A = attrs[oi];
      const std::vector<int>& g = *gold[oi];
      const int n = static_cast<int>(g.size()) - 2;
      cx.Fill(A, n);
      int t1 = -1, t2 = -1;
      for (int i = 1; i <= n; ++i) {
        const int nf = SupertagFeatures(A, n, i, t1, t2, cx, f);
        tr.Score(f, nf, ncls, acc.data());
        int best = 0;
        for (int c = 1; c < ncls; ++c)
          if (acc[c] > acc[best]) best = c;
        tr.steps += 1;
        if (best != g[i]) {
          ++errors;
          tr.Update(f, nf, g[i], 1.f);
          tr.Update(f, nf, best, -1.f);
        }
        t2 = t1;
        t1 = best;
      }
    }
  }
  if (errors_out) *errors_out = errors;
  return tr.Export(ncls, bits, prune);
}

// The words' supertags, index 1..n (0 and n+1 empty): each word's relation without
// subtype, the side of its head (L = head to the left, R = to the right, 0 = root) and
// which sides it has dependents on.
std::vector<std::string> SupertagNames(const Sentence& s) {
  const int n = static_cast<int>(s.tokens.size());
  std::vector<uint8_t> left(n + 2, 0), right(n + 2, 0);
  for (int j = 1; j <= n; ++j) {
    const int h = s.tokens[j - 1].head;
    if (h >= 1 && h <= n) (j < h ? left : right)[h] = 1;
  }
  std::vector<std::string> names(n + 2);
  for (int i = 1; i <= n; ++i) {
    const Token& t = s.tokens[i - 1];
    const char side = t.head == 0 ? '0' : (t.head < i ? 'L' : 'R');
    names[i] = t.deprel.substr(0, t.deprel.find(':')) + '/' + side +
               (left[i] ? "+l" : "") + (right[i] ? "+r" : "");
  }
  return names;
}

struct TrainSentence {
  std::vector<TokAttr> attr;  // 0..n+1
  std::vector<int> gold;      // projectivized heads, ROOT = n+1, index 1..n
  std::vector<int> glabel;    // gold label ids, index 1..n
  std::vector<float> dropout; // probability of replacing the word by UNK
  std::vector<int> supertag;  // gold supertag class ids, index 1..n (with a supertagger)
};

// One sentence of joint training: every LEFT/RIGHT candidate carries its best label,
// the perceptron compares (move, label) pairs, and a wrong label on a correct arc
// counts as one unit of cost.
void JointTrainSentence(const TrainSentence& ts, bool explore, double explore_prob,
                        int root_label, int nlabels, State* stp, TrainTable* act,
                        TrainTable* lab, double* steps, std::mt19937_64* rng,
                        size_t* errors, size_t* decisions) {
  State& st = *stp;
  const int n = st.n;
  const int* g = ts.gold.data();
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  uint64_t feats[kMaxActionFeats];
  uint64_t lf[kNumActions][kMaxLabelFeats];
  int nlf[kNumActions] = {0, 0, 0};
  float ls[kNumActions][kMaxLabels];
  struct Cand {
    int a = -1, l = -1, cost = 0;
    float total = 0;
    bool labeled = false;
  };
  while (!st.Terminal()) {
    const int nf = ActionFeatures(st, feats);
    float score[kNumActions];
    act->Score(feats, nf, score);
    Cand pred, gold;
    Cand golds[kNumActions];
    int ngold = 0;
    for (int a = 0; a < kNumActions; ++a) {
      if (!st.Legal(a)) continue;
      const int cost = st.Cost(a, g);
      Cand p, q;
      p.a = q.a = a;
      p.total = q.total = score[a];
      p.cost = q.cost = cost;
      if (a != kShift) {
        int h, d;
        st.Arc(a, &h, &d);
        if (h == n + 1) {
          p.l = q.l = root_label;
        } else {
          nlf[a] = LabelFeatures(st, h, d, lf[a]);
          lab->Score(lf[a], nlf[a], ls[a]);
          int lp = -1;
          for (int k = 0; k < nlabels; ++k)
            if (k != root_label && (lp < 0 || ls[a][k] > ls[a][lp])) lp = k;
          int gl = g[d] == h ? ts.glabel[d] : -1;
          if (gl == root_label) gl = -1;
          p.l = lp;
          p.labeled = q.labeled = true;
          p.total += ls[a][lp];
          if (gl >= 0 && lp != gl) p.cost += 1;
          q.l = gl >= 0 ? gl : lp;
          q.total = score[a] + ls[a][q.l];
        }
      }
      if (pred.a < 0 || p.total > pred.total) pred = p;
      golds[ngold++] = q;
    }
    int min_cost = std::numeric_limits<int>::max();
    for (int i = 0; i < ngold; ++i) min_cost = std::min(min_cost, golds[i].cost);
    for (int i = 0; i < ngold; ++i)
      if (golds[i].cost == min_cost && (gold.a < 0 || golds[i].total > gold.total))
        gold = golds[i];
    *steps += 1;
    ++*decisions;
    if (pred.cost > gold.cost) {
      ++*errors;
      if (pred.a != gold.a) {
        act->Update(feats, nf, gold.a, 1.f, *steps);
        act->Update(feats, nf, pred.a, -1.f, *steps);
      }
      if (gold.labeled) lab->Update(lf[gold.a], nlf[gold.a], gold.l, 1.f, *steps);
      if (pred.labeled) lab->Update(lf[pred.a], nlf[pred.a], pred.l, -1.f, *steps);
    }
    const Cand& next = (explore && coin(*rng) < explore_prob) ? pred : gold;
    st.Apply(next.a, next.l);
  }
}

struct FloatScorer {
  const TrainTable& act;
  const TrainTable& lab;
  void Actions(const uint64_t* f, int nf, double* out) const {
    float s[kNumActions];
    act.Score(f, nf, s);
    for (int a = 0; a < kNumActions; ++a) out[a] = s[a];
  }
  void Labels(const uint64_t* f, int nf, double* out) const {
    float s[kMaxLabels];
    lab.Score(f, nf, s);
    for (int l = 0; l < lab.width; ++l) out[l] = s[l];
  }
};

// The static arc-hybrid oracle with gold labels: an arc as soon as it is a gold arc whose
// dependent has all its dependents, else SHIFT. Returns false when the gold tree cannot
// be built (a label outside the model's label set, or "root" below the root).
bool GoldSequence(const TrainSentence& ts, int root_label, State* st,
                  std::vector<BeamStepRecord>* seq) {
  const int n = st->n;
  const int* g = ts.gold.data();
  seq->clear();
  while (!st->Terminal()) {
    int a = -1;
    for (int c : {kLeft, kRight}) {
      if (!st->Legal(c)) continue;
      int h, d;
      st->Arc(c, &h, &d);
      if (g[d] == h && st->Cost(c, g) == 0) {
        a = c;
        break;
      }
    }
    if (a < 0) {
      if (!st->Legal(kShift) || st->Cost(kShift, g) != 0) return false;
      a = kShift;
    }
    int l = -1;
    if (a != kShift) {
      int h, d;
      st->Arc(a, &h, &d);
      l = h == n + 1 ? root_label : ts.glabel[d];
      if (l < 0 || (h != n + 1 && l == root_label)) return false;
    }
    seq->push_back({-1, a, l});
    st->Apply(a, l);
  }
  return true;
}

// Adds `delta` to the features of the (move, label) pairs path[from..to] taken from
// `st` (which is advanced along the path).
void UpdatePath(const std::vector<BeamStepRecord>& path, size_t from, size_t to, float delta,
                double step, State* st, TrainTable* act, TrainTable* lab) {
  uint64_t feats[kMaxActionFeats], lfeats[kMaxLabelFeats];
  const int n = st->n;
  for (size_t t = from; t <= to; ++t) {
    const BeamStepRecord& r = path[t];
    const int nf = ActionFeatures(*st, feats);
    act->Update(feats, nf, r.a, delta, step);
    if (r.a != kShift) {
      int h, d;
      st->Arc(r.a, &h, &d);
      if (h != n + 1) {
        const int nlf = LabelFeatures(*st, h, d, lfeats);
        lab->Update(lfeats, nlf, r.l, delta, step);
      }
    }
    st->Apply(r.a, r.l);
  }
}

// One sentence of global training: beam search with the current weights alongside the
// gold sequence; at the prefix where the best item beats the gold prefix by the most
// (max violation), the gold prefix's features are promoted and the best item's demoted.
// Returns false when the sentence's gold tree is not buildable (skipped).
bool BeamTrainSentence(const TrainSentence& ts, const TokAttr* attrs, int width,
                       int root_label, int nlabels, TrainTable* act, TrainTable* lab,
                       double* steps, size_t* updates) {
  const int n = static_cast<int>(ts.attr.size()) - 2;
  thread_local BeamScratch bs;
  thread_local std::vector<BeamStepRecord> gold, pred;
  thread_local std::vector<std::vector<BeamStepRecord>> hist;
  State gst;
  gst.Init(n);
  gst.A = attrs;
  if (!GoldSequence(ts, root_label, &gst, &gold)) return false;
  const FloatScorer sc{*act, *lab};
  bs.cur.resize(1);
  bs.cur[0].Init(n);
  bs.cur[0].A = attrs;
  bs.cur_score.assign(1, 0.0);
  gst.Init(n);
  double gold_score = 0, max_v = -std::numeric_limits<double>::infinity();
  int gold_idx = 0, t_star = -1;
  const int steps_total = static_cast<int>(gold.size());
  if (hist.size() < gold.size()) hist.resize(gold.size());
  uint64_t feats[kMaxActionFeats], lfeats[kMaxLabelFeats];
  double as[kNumActions], ls[kMaxLabels];
  for (int t = 0; t < steps_total; ++t) {
    const BeamStepRecord& gr = gold[t];
    const int nf = ActionFeatures(gst, feats);
    sc.Actions(feats, nf, as);
    gold_score += as[gr.a];
    if (gr.a != kShift) {
      int h, d;
      gst.Arc(gr.a, &h, &d);
      if (h != n + 1) {
        const int nlf = LabelFeatures(gst, h, d, lfeats);
        sc.Labels(lfeats, nlf, ls);
        gold_score += ls[gr.l];
      }
    }
    gst.Apply(gr.a, gr.l);
    hist[t].clear();
    BeamStep(sc, width, root_label, nlabels, &bs, &hist[t]);
    int next_gold = -1;
    if (gold_idx >= 0)
      for (size_t j = 0; j < hist[t].size(); ++j) {
        const BeamStepRecord& r = hist[t][j];
        if (r.parent == gold_idx && r.a == gr.a && r.l == gr.l) {
          next_gold = static_cast<int>(j);
          break;
        }
      }
    gold_idx = next_gold;
    if (gold_idx != 0) {
      const double v = bs.cur_score[0] - gold_score;
      if (v >= max_v) {
        max_v = v;
        t_star = t;
      }
    }
  }
  if (t_star < 0) return true;  // the gold sequence was the best all along
  // The best item's path up to t_star.
  pred.assign(t_star + 1, BeamStepRecord{});
  for (int t = t_star, j = 0; t >= 0; --t) {
    pred[t] = hist[t][j];
    j = hist[t][j].parent;
  }
  size_t common = 0;
  while (common <= static_cast<size_t>(t_star) && pred[common].a == gold[common].a &&
         pred[common].l == gold[common].l)
    ++common;
  *steps += 1;
  ++*updates;
  State ps;
  ps.Init(n);
  ps.A = attrs;
  for (size_t t = 0; t < common; ++t) ps.Apply(gold[t].a, gold[t].l);
  State gs2 = ps;
  UpdatePath(gold, common, t_star, 1.f, *steps, &gs2, act, lab);
  UpdatePath(pred, common, t_star, -1.f, *steps, &ps, act, lab);
  return true;
}

}  // namespace

Status TrainParser(const std::vector<Sentence>& train, const std::vector<Sentence>& dev,
                   const ParserTrainOptions& opt, const std::string& out_path,
                   std::ostream* log) {
  if (train.empty()) return InvalidArgumentError("train parser: no training sentences");
  if (opt.action_bits < 10 || opt.action_bits > 26 || opt.label_bits < 8 ||
      opt.label_bits > 24)
    return InvalidArgumentError("train parser: table bits out of range");
  // Labels, most frequent first ("root" included).
  std::unordered_map<std::string, size_t> label_count;
  for (const auto& s : train)
    for (const auto& t : s.tokens) ++label_count[t.deprel];
  std::vector<std::pair<std::string, size_t>> lc(label_count.begin(), label_count.end());
  std::sort(lc.begin(), lc.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (lc.size() > static_cast<size_t>(kMaxLabels)) lc.resize(kMaxLabels);
  auto model = std::make_unique<Parser::Model>();
  std::unordered_map<std::string, int> label_id;
  for (const auto& [l, c] : lc) {
    label_id[l] = static_cast<int>(model->labels.size());
    model->labels.push_back(l);
  }
  if (!label_id.count("root")) {
    label_id["root"] = static_cast<int>(model->labels.size());
    model->labels.push_back("root");
    if (model->labels.size() > static_cast<size_t>(kMaxLabels))
      return InvalidArgumentError("train parser: too many labels");
  }
  model->nlabels = static_cast<int>(model->labels.size());
  model->root_label = label_id["root"];
  model->joint = opt.joint_labels;
  if (opt.beam > 1 && !opt.joint_labels)
    return InvalidArgumentError("train parser: --beam needs joint (move, label) scoring");
  if (opt.beam < 1 || opt.beam > 64)
    return InvalidArgumentError("train parser: beam width must be 1..64");
  model->beam = opt.beam;
  const int nlabels = model->nlabels;
  const int lstride = (nlabels + 7) & ~7;

  // Vocabulary with ambiguity classes (order-independent sum of XPOS hashes).
  std::unordered_map<uint64_t, std::pair<size_t, std::vector<uint64_t>>> vocab;
  for (const auto& s : train)
    for (const auto& t : s.tokens) {
      auto& e = vocab[HashWord(t.form)];
      ++e.first;
      const uint64_t p = HashBytes(t.xpos, 11);
      if (std::find(e.second.begin(), e.second.end(), p) == e.second.end())
        e.second.push_back(p);
    }
  {
    std::vector<std::pair<uint64_t, uint64_t>> lex;
    for (const auto& [w, e] : vocab) {
      uint64_t amb = 0x3C6EF372FE94F82BULL;
      for (uint64_t p : e.second) amb += Fmix(p);
      lex.emplace_back(w, Fmix(amb));
    }
    std::sort(lex.begin(), lex.end());
    for (const auto& [w, amb] : lex) {
      model->lex_keys.push_back(w);
      model->lex_amb.push_back(amb);
    }
  }
  // Pre-compute attributes and projectivized gold trees.
  std::vector<TrainSentence> data;
  data.reserve(train.size());
  size_t nonproj = 0, words = 0, skipped = 0;
  std::vector<std::vector<std::string>> supertag_names;  // per data item, 1..n
  for (const auto& s : train) {
    const int n = static_cast<int>(s.tokens.size());
    if (n == 0) continue;
    std::vector<int> heads(n);
    bool ok = true;
    for (int i = 0; i < n; ++i) {
      heads[i] = s.tokens[i].head;
      if (heads[i] < 0 || heads[i] > n) ok = false;
    }
    if (!ok) {
      ++skipped;
      continue;
    }
    if (!IsProjective(heads)) {
      ++nonproj;
      heads = Projectivize(heads);
    }
    TrainSentence ts;
    FillAttrs(s, *model, &ts.attr);
    ts.dropout.assign(n + 2, 0.f);
    for (int i = 1; i <= n; ++i) {
      const double c = static_cast<double>(vocab[HashWord(s.tokens[i - 1].form)].first);
      ts.dropout[i] = static_cast<float>(opt.word_dropout / (opt.word_dropout + c));
    }
    ts.gold.assign(n + 2, 0);
    ts.glabel.assign(n + 2, -1);
    for (int i = 1; i <= n; ++i) {
      ts.gold[i] = heads[i - 1] == 0 ? n + 1 : heads[i - 1];
      auto it = label_id.find(s.tokens[i - 1].deprel);
      ts.glabel[i] = it == label_id.end() ? -1 : it->second;
    }
    words += n;
    data.push_back(std::move(ts));
    if (opt.supertag_folds > 0) supertag_names.push_back(SupertagNames(s));
  }
  if (opt.supertag_folds > 0) {
    if (opt.supertag_folds < 2)
      return InvalidArgumentError("train parser: --supertag-folds must be 0 or >= 2");
    // Class ids, most frequent first.
    std::unordered_map<std::string, size_t> count;
    for (const auto& names : supertag_names)
      for (size_t i = 1; i + 1 < names.size(); ++i) ++count[names[i]];
    std::vector<std::pair<std::string, size_t>> byfreq(count.begin(), count.end());
    std::sort(byfreq.begin(), byfreq.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (byfreq.size() > static_cast<size_t>(kMaxSupertags)) byfreq.resize(kMaxSupertags);
    std::unordered_map<std::string, int> cls_id;
    for (const auto& [name, c] : byfreq) cls_id.emplace(name, static_cast<int>(cls_id.size()));
    const int ncls = static_cast<int>(cls_id.size());
    for (size_t k = 0; k < data.size(); ++k) {
      const auto& names = supertag_names[k];
      data[k].supertag.assign(names.size(), 0);
      for (size_t i = 1; i + 1 < names.size(); ++i) {
        auto it = cls_id.find(names[i]);
        data[k].supertag[i] = it == cls_id.end() ? 0 : it->second;
      }
    }
    // Jackknife: each fold's sentences get the tags of a supertagger trained on the rest.
    const int K = opt.supertag_folds;
    constexpr uint64_t kSupertagSeed = 0x5u;
    std::vector<std::vector<TokAttr>> tagged(data.size());
    size_t right = 0, total = 0;
    for (int fold = 0; fold < K; ++fold) {
      std::vector<const TokAttr*> attrs;
      std::vector<const std::vector<int>*> gold;
      for (size_t k = 0; k < data.size(); ++k)
        if (static_cast<int>(k % K) != fold) {
          attrs.push_back(data[k].attr.data());
          gold.push_back(&data[k].supertag);
        }
      const Supertagger tagger =
          TrainSupertagger(attrs, gold, ncls, opt.supertag_epochs, opt.supertag_bits,
                           opt.supertag_prune, kSupertagSeed, nullptr);
      std::vector<int32_t> acc;
      std::vector<uint32_t> rows;
      SupertagContext cx;
      for (size_t k = fold; k < data.size(); k += K) {
        tagged[k] = data[k].attr;
        tagged[k][0].t = kSupertagsOn;
        const int n = static_cast<int>(tagged[k].size()) - 2;
        tagger.Tag(tagged[k].data(), n, &acc, &rows, &cx);
        for (int i = 1; i <= n; ++i) {
          right += tagged[k][i].t == SupertagValue(data[k].supertag[i]);
          ++total;
        }
      }
    }
    {
      std::vector<const TokAttr*> attrs;
      std::vector<const std::vector<int>*> gold;
      for (const auto& ts : data) {
        attrs.push_back(ts.attr.data());
        gold.push_back(&ts.supertag);
      }
      model->supertagger =
          TrainSupertagger(attrs, gold, ncls, opt.supertag_epochs, opt.supertag_bits,
                           opt.supertag_prune, kSupertagSeed, nullptr);
    }
    for (size_t k = 0; k < data.size(); ++k) data[k].attr = std::move(tagged[k]);
    if (log)
      *log << "supertagger: " << ncls << " classes, " << model->supertagger.entries.size()
           << " weights, jackknifed accuracy " << 100.0 * right / std::max<size_t>(total, 1)
           << "% (" << K << " folds)\n";
  }
  // Tag-noise alternatives: word hash -> distinct (upos, xpos) hash pairs.
  std::unordered_map<uint64_t, std::vector<std::pair<uint64_t, uint64_t>>> alternatives;
  if (opt.tag_noise > 0) {
    for (const auto& ts : data)
      for (size_t i = 1; i + 1 < ts.attr.size(); ++i) {
        auto& v = alternatives[ts.attr[i].w];
        std::pair<uint64_t, uint64_t> up(ts.attr[i].u, ts.attr[i].p);
        if (std::find(v.begin(), v.end(), up) == v.end()) v.push_back(up);
      }
  }
  if (log)
    *log << "train parser: " << data.size() << " sentences, " << words << " words, "
         << nonproj << " non-projective (lifted), " << skipped << " skipped, " << nlabels
         << " labels\n";

  TrainTable act, lab;
  act.Init(opt.action_bits, kNumActions);
  lab.Init(opt.label_bits, nlabels);
  double act_steps = 0, lab_steps = 0;
  std::mt19937_64 rng(opt.seed);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  std::vector<size_t> order(data.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;

  State st;
  std::vector<TokAttr> sattr;
  uint64_t feats[kMaxActionFeats], lfeats[kMaxLabelFeats];
  float lscore[kMaxLabels];
  std::string best_bytes;
  double best_las = -1;
  int best_epoch = 0;
  for (int epoch = 0; epoch < opt.epochs; ++epoch) {
    const auto t0 = std::chrono::steady_clock::now();
    std::shuffle(order.begin(), order.end(), rng);
    size_t errors = 0, decisions = 0, lerrors = 0, ldecisions = 0, beam_skipped = 0;
    const bool explore = epoch >= opt.explore_from_epoch;
    for (size_t oi : order) {
      const TrainSentence& ts = data[oi];
      const int n = static_cast<int>(ts.attr.size()) - 2;
      st.Init(n);
      sattr = ts.attr;
      st.A = sattr.data();
      if (opt.word_dropout > 0) {
        for (int i = 1; i <= n; ++i)
          if (coin(rng) < ts.dropout[i]) {
            sattr[i].w = kUnkWord;
            sattr[i].a = kUnkAmb;
          }
      }
      if (opt.tag_noise > 0) {
        for (int i = 1; i <= n; ++i) {
          if (coin(rng) >= opt.tag_noise) continue;
          const auto& v = alternatives[sattr[i].w];
          if (v.size() < 2) continue;
          const auto& up = v[rng() % v.size()];
          sattr[i].u = up.first;
          sattr[i].p = up.second;
        }
      }
      const int* g = ts.gold.data();
      if (opt.beam > 1) {
        ++decisions;
        if (!BeamTrainSentence(ts, sattr.data(), opt.beam, model->root_label, nlabels, &act,
                               &lab, &act_steps, &errors))
          ++beam_skipped;
        continue;
      }
      if (opt.joint_labels) {
        JointTrainSentence(ts, explore, opt.explore_prob, model->root_label, nlabels, &st,
                           &act, &lab, &act_steps, &rng, &errors, &decisions);
        continue;
      }
      while (!st.Terminal()) {
        const int nf = ActionFeatures(st, feats);
        float score[kNumActions];
        act.Score(feats, nf, score);
        int pred = -1, gold = -1;
        int cost[kNumActions];
        for (int a = 0; a < kNumActions; ++a) {
          if (!st.Legal(a)) continue;
          cost[a] = st.Cost(a, g);
          if (pred < 0 || score[a] > score[pred]) pred = a;
          if (cost[a] == 0 && (gold < 0 || score[a] > score[gold])) gold = a;
        }
        if (gold < 0) {  // no zero-cost move (only after an unavoidable root error)
          for (int a = 0; a < kNumActions; ++a)
            if (st.Legal(a) && (gold < 0 || cost[a] < cost[gold])) gold = a;
        }
        act_steps += 1;
        ++decisions;
        if (cost[pred] > cost[gold]) {
          ++errors;
          act.Update(feats, nf, gold, 1.f, act_steps);
          act.Update(feats, nf, pred, -1.f, act_steps);
        }
        const int next = (explore && coin(rng) < opt.explore_prob) ? pred : gold;
        int l = -1;
        if (next != kShift) {
          int h, d;
          st.Arc(next, &h, &d);
          if (h == n + 1) {
            l = model->root_label;
          } else {
            const int nlf = LabelFeatures(st, h, d, lfeats);
            lab.Score(lfeats, nlf, lscore);
            int lp = -1;
            for (int k = 0; k < nlabels; ++k)
              if (k != model->root_label && (lp < 0 || lscore[k] > lscore[lp])) lp = k;
            l = lp;
            const int gl = ts.glabel[d];
            if (g[d] == h && gl >= 0 && gl != model->root_label) {
              lab_steps += 1;
              ++ldecisions;
              if (lp != gl) {
                ++lerrors;
                lab.Update(lfeats, nlf, gl, 1.f, lab_steps);
                lab.Update(lfeats, nlf, lp, -1.f, lab_steps);
              }
            }
          }
        }
        st.Apply(next, l);
      }
    }
    if (log && beam_skipped)
      *log << "epoch " << epoch + 1 << ": " << beam_skipped
           << " sentences without a buildable gold sequence skipped\n";
    // Average, quantize, evaluate on dev.
    if (opt.joint_labels) {
      const double maxabs = std::max(act.MaxAbs(act_steps), lab.MaxAbs(act_steps));
      act.Export(act_steps, 4, maxabs, &model->action);
      lab.Export(act_steps, lstride, maxabs, &model->label);
    } else {
      act.Export(act_steps, 4, act.MaxAbs(act_steps), &model->action);
      lab.Export(lab_steps, lstride, lab.MaxAbs(lab_steps), &model->label);
    }
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::string bytes = Serialize(*model);
    double las = epoch;  // without dev: the last epoch wins
    if (!dev.empty() && epoch + 1 >= opt.min_dev_epochs) {
      auto parser = Parser::FromBytes(bytes, "(in training)");
      if (!parser.ok()) return parser.status();
      ParseScores sc = EvaluateParser(**parser, dev);
      las = sc.las;
      if (log)
        *log << "epoch " << epoch + 1 << ": "
             << (opt.beam > 1 ? "sentences updated "
                 : opt.joint_labels ? "(move, label) errors "
                                    : "transition errors ")
             << 100.0 * errors / std::max<size_t>(decisions, 1) << "%"
             << (opt.joint_labels ? "" : ", label errors " +
                                             std::to_string(100.0 * lerrors /
                                                            std::max<size_t>(ldecisions, 1)) +
                                             "%")
             << ", dev UAS " << sc.uas << " LAS " << sc.las << " (" << secs << " s)\n";
    } else if (log) {
      *log << "epoch " << epoch + 1 << ": transition errors "
           << 100.0 * errors / std::max<size_t>(decisions, 1) << "% (" << secs << " s)\n";
    }
    if (las > best_las) {
      best_las = las;
      best_epoch = epoch + 1;
      best_bytes = std::move(bytes);
    }
    if (log) log->flush();
  }
  if (log)
    *log << "keeping epoch " << best_epoch << " (" << best_bytes.size() << " bytes) -> "
         << out_path << "\n";
  return WriteFile(out_path, best_bytes);
}

}  // namespace khaldun
