#include "time/dates.h"

#include "document/event_context.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <numeric>

#include "time/civil.h"

namespace khaldun {
namespace {

// ---------------------------------------------------------------------------
// Lexer: words are runs of letters (ASCII or any non-punctuation multi-byte
// character), runs of digits, or single punctuation characters.

enum class WordKind : uint8_t { kAlpha, kDigit, kPunct };

struct Word {
  uint32_t begin = 0;
  uint32_t end = 0;
  WordKind kind = WordKind::kPunct;
};

bool IsAsciiAlpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }

// Byte length of the UTF-8 sequence led by `c` (1 for invalid leads).
size_t SeqLen(unsigned char c) {
  if (c >= 0xF0 && c < 0xF5) return 4;
  if (c >= 0xE0) return c < 0xF0 ? 3 : 1;
  if (c >= 0xC2) return 2;
  return 1;
}

// Multi-byte characters that are spaces (NBSP, U+2000..U+200B, U+202F, U+3000).
bool IsMultiByteSpace(std::string_view t, size_t i) {
  auto u = [&](size_t k) { return static_cast<unsigned char>(t[k]); };
  if (u(i) == 0xC2 && i + 1 < t.size() && u(i + 1) == 0xA0) return true;
  if (u(i) == 0xE2 && i + 2 < t.size() && u(i + 1) == 0x80 &&
      (u(i + 2) <= 0x8B || u(i + 2) == 0xAF))
    return true;
  if (u(i) == 0xE3 && i + 2 < t.size() && u(i + 1) == 0x80 && u(i + 2) == 0x80) return true;
  return false;
}

// Multi-byte characters that are punctuation: U+0080..U+00BF (C2 lead), general
// punctuation U+2010..U+205E (E2 80/81 lead), and invalid bytes.
bool IsMultiBytePunct(std::string_view t, size_t i) {
  auto u = [&](size_t k) { return static_cast<unsigned char>(t[k]); };
  if (u(i) == 0xC2) return true;
  if (u(i) == 0xE2 && i + 1 < t.size() && (u(i + 1) == 0x80 || u(i + 1) == 0x81)) return true;
  return u(i) < 0xC2;  // continuation byte or invalid lead
}

std::vector<Word> Lex(std::string_view t, Span range) {
  std::vector<Word> words;
  size_t i = std::min<size_t>(range.begin, t.size());
  const size_t end = std::min<size_t>(range.end, t.size());
  while (i < end) {
    unsigned char c = t[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
      continue;
    }
    if (c >= 0x80 && IsMultiByteSpace(t, i)) {
      i += SeqLen(c);
      continue;
    }
    Word w;
    w.begin = static_cast<uint32_t>(i);
    if (IsDigit(c)) {
      w.kind = WordKind::kDigit;
      while (i < end && IsDigit(static_cast<unsigned char>(t[i]))) ++i;
    } else if (IsAsciiAlpha(c) || (c >= 0x80 && !IsMultiBytePunct(t, i))) {
      w.kind = WordKind::kAlpha;
      while (i < end) {
        unsigned char d = t[i];
        if (IsAsciiAlpha(d)) {
          ++i;
        } else if (d >= 0x80 && !IsMultiBytePunct(t, i) && !IsMultiByteSpace(t, i)) {
          i += SeqLen(d);
        } else {
          break;
        }
      }
    } else {
      w.kind = WordKind::kPunct;
      i += c >= 0x80 ? SeqLen(c) : 1;
    }
    w.end = static_cast<uint32_t>(std::min(i, end));
    i = w.end;
    words.push_back(w);
  }
  return words;
}

// ---------------------------------------------------------------------------
// Vocabulary.

struct NamedValue {
  const char* name;
  int value;
};

constexpr NamedValue kMonthNames[] = {
    {"january", 1},   {"jan", 1},   {"february", 2},  {"feb", 2},      {"march", 3},
    {"mar", 3},       {"april", 4}, {"apr", 4},       {"may", 5},      {"june", 6},
    {"jun", 6},       {"july", 7},  {"jul", 7},       {"august", 8},   {"aug", 8},
    {"september", 9}, {"sep", 9},   {"sept", 9},      {"october", 10}, {"oct", 10},
    {"november", 11}, {"nov", 11},  {"december", 12}, {"dec", 12},
};
constexpr NamedValue kWeekdays[] = {
    {"monday", 0}, {"tuesday", 1},  {"wednesday", 2}, {"thursday", 3},
    {"friday", 4}, {"saturday", 5}, {"sunday", 6},
};
constexpr NamedValue kNumbers[] = {
    {"a", 1},       {"an", 1},      {"one", 1},      {"two", 2},     {"three", 3},   {"four", 4},
    {"five", 5},    {"six", 6},     {"seven", 7},    {"eight", 8},   {"nine", 9},    {"ten", 10},
    {"eleven", 11}, {"twelve", 12}, {"fifteen", 15}, {"twenty", 20}, {"thirty", 30},
};
enum Unit { kNoUnit = 0, kUnitHours, kUnitDays, kUnitWeeks, kUnitMonths, kUnitYears };
constexpr NamedValue kUnits[] = {
    {"hour", kUnitHours},    {"hours", kUnitHours}, {"minute", kUnitHours},
    {"minutes", kUnitHours}, {"day", kUnitDays},    {"days", kUnitDays},
    {"week", kUnitWeeks},    {"weeks", kUnitWeeks}, {"month", kUnitMonths},
    {"months", kUnitMonths}, {"year", kUnitYears},  {"years", kUnitYears},
};

// Words that make a clause past (untagged text). Regular past forms are
// recognised by their "-ed" ending.
constexpr const char* kIrregularPast[] = {
    "said",     "told",      "was",    "were",   "had",     "did",   "struck", "met",    "took",
    "made",     "came",      "went",   "began",  "fought",  "shot",  "sent",   "led",    "held",
    "saw",      "gave",      "left",   "lost",   "fell",    "rose",  "spoke",  "wrote",  "hit",
    "ran",      "brought",   "bought", "caught", "thought", "felt",  "kept",   "paid",   "won",
    "stood",    "drew",      "flew",   "threw",  "broke",   "chose", "froze",  "stole",  "swore",
    "tore",     "wore",      "woke",   "knew",   "grew",    "blew",  "fled",   "sought", "taught",
    "withdrew", "overthrew", "beat",   "bombed",
};
constexpr const char* kNotPast[] = {
    "need",    "indeed", "feed", "seed", "speed", "breed", "proceed", "exceed", "succeed",
    "hundred", "shed",   "bed",  "red",  "embed", "steed", "creed",   "greed",  "weed",
};

// ---------------------------------------------------------------------------
// Scanner over one range.

enum class Kind {
  kYmd,       // y, m, d
  kMd,        // m, d (year inferred)
  kMy,        // y, m
  kYear,      // y
  kMonth,     // m, dir, part
  kWeekday,   // wd, dir
  kDeictic,   // n days from publication
  kWeekRel,   // rel weeks, sub (-1 earlier, +1 later)
  kMonthRel,  // rel months, sub
  kYearRel,   // rel years, sub
  kWeekend,   // rel
  kAgo,       // n, unit
  kAnchored,  // n days (signed), unit for granularity
};

struct Match {
  size_t first = 0;  // word indices [first, last)
  size_t last = 0;
  Kind kind = Kind::kYmd;
  int y = 0, m = 0, d = 0;
  int wd = -1;   // weekday named (also in "Tuesday, Sept. 1, 2015")
  int dir = 0;   // -1 "last", +1 "next", 0 tense decides
  int part = 0;  // -1 early, 0 whole, +1 late, 2 mid (months)
  int rel = 0;   // for *Rel kinds
  int sub = 0;   // -1 "earlier this", +1 "later this"
  int n = 0;     // count or offset
  int unit = kNoUnit;
  bool attributive = false;
  bool clause = false;  // kAnchored: counted from a day named in the clause that follows
};

struct Found {
  DateExpr expr;
  Kind kind = Kind::kYmd;
  bool has_weekday = false;
  int weekday = -1;
  uint32_t anchor_pos = 0;  // text position of the expression an anchored one used
  bool anchor_from_text = false;
  // The day named in the clause of "two days after <clause>": it dates what the
  // clause speaks of (events inside `clause`), not what happened two days later.
  bool in_counted_clause = false;
  Span clause;
};

// Sorted (token begin, xpos) pairs of the tagged tokens in the range.
using TagIndex = std::vector<std::pair<uint32_t, std::string_view>>;

class Scanner {
 public:
  Scanner(std::string_view text, Span range, const TagIndex* tags)
      : t_(text), w_(Lex(text, range)), tags_(tags) {}

  std::vector<Match> Scan() {
    std::vector<Match> out;
    size_t i = 0;
    prev_end_ = 0;
    while (i < w_.size()) {
      Match m;
      if (MatchAt(i, &m)) {
        out.push_back(m);
        prev_end_ = m.last;
        i = m.last;
      } else {
        ++i;
      }
    }
    return out;
  }

  const std::vector<Word>& words() const { return w_; }

  // End (exclusive word index) of the clause that starts at word `first`: at most
  // kClauseWords words, up to a comma, sentence punctuation or a line break.
  static constexpr size_t kClauseWords = 10;
  size_t ClauseEnd(size_t first) const {
    size_t k = first;
    while (k < w_.size() && k - first < kClauseWords) {
      if (IsPunct(k, ',') || (k > first && IsBoundary(k, /*left=*/true))) break;
      ++k;
    }
    return k;
  }
  // Does a clause (a word, not punctuation) start at word i?
  bool ClauseFollows(size_t i) const { return i < w_.size() && w_[i].kind == WordKind::kAlpha; }
  Span SpanOf(const Match& m) const { return Span{w_[m.first].begin, w_[m.last - 1].end}; }

  // True when the clause around words [first, last) speaks of the future: the nearest
  // tense marker is "will"/"'ll"/"shall"/"expected to"/... rather than a past verb.
  bool FutureContext(size_t first, size_t last) const {
    constexpr size_t kReach = 12;
    bool left_open = true, right_open = true;
    for (size_t k = 1; k <= kReach && (left_open || right_open); ++k) {
      if (left_open) {
        if (first < k || IsBoundary(first - k + 1, /*left=*/true)) {
          left_open = false;
        } else if (int tense = TenseOf(first - k)) {
          return tense > 0;
        }
      }
      if (right_open) {
        size_t r = last + k - 1;
        if (r >= w_.size() || IsBoundary(r - 1, /*left=*/false)) {
          right_open = false;
        } else if (int tense = TenseOf(r)) {
          return tense > 0;
        }
      }
    }
    return false;
  }

 private:
  std::string_view Str(size_t i) const { return t_.substr(w_[i].begin, w_[i].end - w_[i].begin); }
  bool Is(size_t i, const char* lit) const {
    if (i >= w_.size()) return false;
    std::string_view s = Str(i);
    size_t n = std::strlen(lit);
    if (s.size() != n) return false;
    for (size_t k = 0; k < n; ++k)
      if ((static_cast<unsigned char>(s[k]) | 0x20) != static_cast<unsigned char>(lit[k]) &&
          s[k] != lit[k])
        return false;
    return true;
  }
  bool IsAny(size_t i, std::initializer_list<const char*> lits) const {
    for (const char* l : lits)
      if (Is(i, l)) return true;
    return false;
  }
  bool IsPunct(size_t i, char c) const {
    return i < w_.size() && w_[i].kind == WordKind::kPunct && w_[i].end - w_[i].begin == 1 &&
           t_[w_[i].begin] == c;
  }
  bool IsApostrophe(size_t i) const {
    if (i >= w_.size() || w_[i].kind != WordKind::kPunct) return false;
    std::string_view s = Str(i);
    return s == "'" || s == "\xE2\x80\x99" || s == "`";
  }
  // No whitespace between words i and i+1.
  bool Adjacent(size_t i) const { return i + 1 < w_.size() && w_[i].end == w_[i + 1].begin; }
  bool Capitalized(size_t i) const {
    return i < w_.size() && w_[i].kind == WordKind::kAlpha && t_[w_[i].begin] >= 'A' &&
           t_[w_[i].begin] <= 'Z';
  }
  int Lookup(size_t i, const NamedValue* table, size_t n) const {
    if (i >= w_.size() || w_[i].kind != WordKind::kAlpha) return -1;
    for (size_t k = 0; k < n; ++k)
      if (Is(i, table[k].name)) return table[k].value;
    return -1;
  }
  int MonthAt(size_t i) const {
    if (!Capitalized(i)) return -1;
    return Lookup(i, kMonthNames, std::size(kMonthNames));
  }
  int WeekdayAt(size_t i) const {
    if (!Capitalized(i)) return -1;
    return Lookup(i, kWeekdays, std::size(kWeekdays));
  }
  int UnitAt(size_t i) const { return Lookup(i, kUnits, std::size(kUnits)); }
  // Digit word value (at most `max_digits` digits), -1 otherwise.
  int NumberAt(size_t i, size_t max_digits) const {
    if (i >= w_.size() || w_[i].kind != WordKind::kDigit) return -1;
    std::string_view s = Str(i);
    if (s.size() > max_digits) return -1;
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
  }
  int CountAt(size_t i) const {
    int v = NumberAt(i, 3);
    if (v >= 0) return v;
    return Lookup(i, kNumbers, std::size(kNumbers));
  }
  // Skips an ordinal suffix glued to a day number ("3rd"); returns the next index.
  size_t SkipOrdinal(size_t i) const {
    if (i < w_.size() && Adjacent(i - 1) && IsAny(i, {"st", "nd", "rd", "th"})) return i + 1;
    return i;
  }
  // Skips a '.' glued to an abbreviation ("Jan.").
  size_t SkipDot(size_t i) const {
    if (IsPunct(i, '.') && Adjacent(i - 1) && w_[i - 1].end - w_[i - 1].begin <= 4) return i + 1;
    return i;
  }
  int YearAt(size_t i) const {
    if (i >= w_.size() || w_[i].kind != WordKind::kDigit || w_[i].end - w_[i].begin != 4) return -1;
    int y = NumberAt(i, 4);
    if (y < 1000 || y > 2999) return -1;
    // "1980s", "2024-25", "2020:" are not plain years.
    if (Adjacent(i) && (w_[i + 1].kind == WordKind::kAlpha || IsPunct(i + 1, '-') ||
                        IsPunct(i + 1, ':') || IsPunct(i + 1, '/')))
      return -1;
    return y;
  }
  bool IsBoundary(size_t i, bool left) const {
    // Crossing from word i-1 to word i (left) or i to i+1 (right): stop at sentence
    // and quote punctuation and at line breaks.
    size_t a = left ? i - 1 : i;
    size_t b = a + 1;
    if (b >= w_.size()) return true;
    for (uint32_t p = w_[a].end; p < w_[b].begin; ++p)
      if (t_[p] == '\n') return true;
    for (size_t k : {a, b}) {
      if (w_[k].kind != WordKind::kPunct) continue;
      std::string_view s = Str(k);
      if (s == "!" || s == "?" || s == ";" || s == ":" || s == "\"" || s == "\xE2\x80\x9C" ||
          s == "\xE2\x80\x9D")
        return true;
      if (s == "." && !(k > 0 && Adjacent(k - 1) && IsAbbreviation(k - 1))) return true;
    }
    return false;
  }
  // "Jan.", "U.S.", "Mr." -- a '.' after these does not end the sentence.
  bool IsAbbreviation(size_t i) const {
    if (w_[i].kind != WordKind::kAlpha) return false;
    if (w_[i].end - w_[i].begin == 1) return true;
    if (Lookup(i, kMonthNames, std::size(kMonthNames)) >= 0) return true;
    return IsAny(i, {"mr",  "mrs", "ms", "dr", "st", "gen",  "col", "lt",   "sgt", "sen",  "rep",
                     "gov", "jr",  "sr", "no", "vs", "prof", "maj", "capt", "adm", "cmdr", "pres"});
  }
  // +1 future marker, -1 past marker, 0 neither.
  int TenseOf(size_t i) const {
    const Word& w = w_[i];
    if (w.kind != WordKind::kAlpha) return 0;
    if (IsAny(i, {"will", "shall", "tomorrow", "upcoming"})) return 1;
    if (Is(i, "ll") && i > 0 && IsApostrophe(i - 1)) return 1;
    if (Is(i, "won") && IsApostrophe(i + 1)) return 1;
    if (IsAny(i, {"due", "expected", "set", "going", "plans", "plan", "planned", "planning",
                  "scheduled", "poised", "slated"}) &&
        Is(i + 1, "to"))
      return 1;
    if (Is(i, "scheduled") || Is(i, "next")) return 1;
    if (tags_) {
      auto it = std::lower_bound(tags_->begin(), tags_->end(), w.begin,
                                 [](const auto& p, uint32_t b) { return p.first < b; });
      if (it != tags_->end() && it->first == w.begin) {
        if (it->second == "VBD") return -1;
        if (it->second == "MD") return 0;
        if (!it->second.empty()) return 0;  // tagged, not a tense marker
      }
    }
    // A participle after "be" is passive, not past: "will be held on Monday".
    if (i > 0 && IsAny(i - 1, {"be", "being"})) return 0;
    for (const char* p : kIrregularPast)
      if (Is(i, p)) return -1;
    std::string_view s = Str(i);
    if (s.size() >= 4 && (s.substr(s.size() - 2) == "ed" || s.substr(s.size() - 2) == "ED")) {
      for (const char* p : kNotPast)
        if (Is(i, p)) return 0;
      return -1;
    }
    return 0;
  }

  bool MatchAt(size_t i, Match* m) const;
  bool MatchIso(size_t i, Match* m) const;
  bool MatchMonthDay(size_t i, Match* m) const;  // "Jan. 18[, 2024]", "January 2024"
  bool MatchDayMonth(size_t i, Match* m) const;  // "18 January[ 2024]"
  bool MatchWeekday(size_t i, Match* m) const;
  bool MatchBareMonth(size_t i, Match* m) const;  // "in October", "last March"
  bool MatchYear(size_t i, Match* m) const;       // "in 2020"
  bool MatchKeyword(size_t i, Match* m) const;
  bool MatchCount(size_t i, Match* m) const;  // "two days later", "three weeks ago"
  // Extends a match leftwards over modifiers that are not part of an earlier match.
  size_t Before(size_t i, size_t k) const {
    return i >= k && i - k >= prev_end_ ? i - k : SIZE_MAX;
  }

  std::string_view t_;
  std::vector<Word> w_;
  const TagIndex* tags_;
  size_t prev_end_ = 0;
};

bool Scanner::MatchIso(size_t i, Match* m) const {
  if (i + 4 >= w_.size() || w_[i].end - w_[i].begin != 4) return false;
  int y = NumberAt(i, 4);
  if (y < 1000) return false;
  char sep = IsPunct(i + 1, '-') ? '-' : IsPunct(i + 1, '/') ? '/' : 0;
  if (!sep || !IsPunct(i + 3, sep)) return false;
  for (size_t k = i; k < i + 4; ++k)
    if (!Adjacent(k)) return false;
  int mo = NumberAt(i + 2, 2), d = NumberAt(i + 4, 2);
  if (!IsValidCivil(y, mo, d)) return false;
  if (Adjacent(i + 4) && w_[i + 5].kind == WordKind::kDigit) return false;
  m->first = i;
  m->last = i + 5;
  m->kind = Kind::kYmd;
  m->y = y, m->m = mo, m->d = d;
  return true;
}

bool Scanner::MatchMonthDay(size_t i, Match* m) const {
  int mo = MonthAt(i);
  if (mo < 0) return false;
  size_t j = SkipDot(i + 1);
  int d = NumberAt(j, 2);
  if (d >= 1 && d <= 31 && !(Adjacent(j) && IsPunct(j + 1, ':'))) {
    size_t k = SkipOrdinal(j + 1);
    size_t after = k;
    int y = -1;
    if (IsPunct(k, ',')) {
      y = YearAt(k + 1);
      if (y > 0) after = k + 2;
    } else {
      y = YearAt(k);
      if (y > 0) after = k + 1;
    }
    if (y > 0) {
      if (!IsValidCivil(y, mo, d)) return false;
      m->kind = Kind::kYmd;
      m->y = y;
    } else {
      if (d > DaysInMonth(2024, mo)) return false;
      m->kind = Kind::kMd;
    }
    m->first = i, m->last = after, m->m = mo, m->d = d;
    return true;
  }
  size_t k = IsPunct(j, ',') ? j + 1 : j;
  int y = YearAt(k);
  if (y > 0 && !(mo == 5 && !Capitalized(i))) {
    m->first = i, m->last = k + 1, m->kind = Kind::kMy, m->y = y, m->m = mo;
    return true;
  }
  return false;
}

bool Scanner::MatchDayMonth(size_t i, Match* m) const {
  int d = NumberAt(i, 2);
  if (d < 1 || d > 31) return false;
  if (i > 0 && Adjacent(i - 1) && (w_[i - 1].kind != WordKind::kPunct || IsPunct(i - 1, '.')))
    return false;
  size_t j = SkipOrdinal(i + 1);
  if (Is(j, "of")) ++j;
  int mo = MonthAt(j);
  if (mo < 0) return false;
  size_t k = SkipDot(j + 1);
  size_t after = k;
  int y = YearAt(k);
  if (y < 0 && IsPunct(k, ',')) {
    y = YearAt(k + 1);
    if (y > 0) after = k + 2;
  } else if (y > 0) {
    after = k + 1;
  }
  if (y > 0) {
    if (!IsValidCivil(y, mo, d)) return false;
    m->kind = Kind::kYmd, m->y = y;
  } else {
    if (d > DaysInMonth(2024, mo)) return false;
    m->kind = Kind::kMd;
  }
  m->first = i, m->last = after, m->m = mo, m->d = d;
  return true;
}

bool Scanner::MatchWeekday(size_t i, Match* m) const {
  int wd = WeekdayAt(i);
  if (wd < 0) return false;
  // "Tuesday, September 1, 2015" / "Tuesday 1 September".
  size_t j = IsPunct(i + 1, ',') ? i + 2 : i + 1;
  Match inner;
  if (MatchMonthDay(j, &inner) || MatchDayMonth(j, &inner)) {
    if (inner.kind == Kind::kYmd || inner.kind == Kind::kMd) {
      *m = inner;
      m->first = i;
      m->wd = wd;
      return true;
    }
  }
  m->kind = Kind::kWeekday;
  m->wd = wd;
  m->first = i;
  m->last = i + 1;
  // Suffixes: "Thursday's", "Tuesday night".
  if (IsApostrophe(i + 1) && Adjacent(i) && Is(i + 2, "s") && Adjacent(i + 1)) {
    m->attributive = true;
    m->last = i + 3;
  } else if (IsAny(i + 1, {"morning", "afternoon", "evening", "night"})) {
    m->last = i + 2;
  }
  // Prefixes: "last Friday", "next Monday", "this Tuesday", "late on Wednesday",
  // "early Sunday", "overnight Tuesday".
  size_t b;
  if ((b = Before(i, 1)) != SIZE_MAX) {
    if (Is(b, "last") || Is(b, "past") || Is(b, "previous")) {
      m->dir = -1, m->first = b;
    } else if (Is(b, "next") || Is(b, "coming")) {
      m->dir = 1, m->first = b;
    } else if (IsAny(b, {"this", "late", "early", "overnight"})) {
      m->first = b;
    } else if (Is(b, "on")) {
      size_t b2 = Before(i, 2);
      if (b2 != SIZE_MAX && IsAny(b2, {"late", "early"})) m->first = b2;
    }
  }
  return true;
}

bool Scanner::MatchBareMonth(size_t i, Match* m) const {
  int mo = MonthAt(i);
  if (mo < 0) return false;
  size_t b = Before(i, 1);
  if (b == SIZE_MAX) return false;
  m->kind = Kind::kMonth;
  m->m = mo;
  m->first = i;
  m->last = SkipDot(i + 1);
  if (IsAny(b, {"last", "past"})) {
    m->dir = -1, m->first = b;
  } else if (Is(b, "next")) {
    m->dir = 1, m->first = b;
  } else if (Is(b, "this")) {
    m->first = b;
  } else if (IsAny(b, {"early", "late", "mid"}) ||
             (IsPunct(b, '-') && Adjacent(b) && Before(i, 2) != SIZE_MAX && Is(i - 2, "mid"))) {
    size_t p = IsPunct(b, '-') ? i - 2 : b;
    m->part = Is(p, "early") ? -1 : Is(p, "late") ? 1 : 2;
    m->first = p;
  } else if (!IsAny(b, {"in", "since", "until", "till", "during", "by", "from", "through", "before",
                        "after", "between", "of", "and", "or", "to"})) {
    return false;
  }
  // "of March" only after "end"/"beginning"/"middle"/"month" ("the end of March").
  if (Is(b, "of") && !(b >= 1 && IsAny(b - 1, {"end", "beginning", "start", "middle", "month"})))
    return false;
  // "May" after a preposition is still often the modal ("by May" is rare): require the
  // next word not to be a lower-case verb-like word for May.
  if (mo == 5 && i + 1 < w_.size() && w_[i + 1].kind == WordKind::kAlpha && !Capitalized(i + 1) &&
      !IsAny(i + 1, {"and", "or", "last", "this", "next"}))
    return false;
  return true;
}

bool Scanner::MatchYear(size_t i, Match* m) const {
  int y = YearAt(i);
  if (y < 0) return false;
  size_t b = Before(i, 1);
  if (b == SIZE_MAX) return false;
  m->kind = Kind::kYear;
  m->y = y;
  m->first = i;
  m->last = i + 1;
  if (IsAny(b, {"early", "late"})) {
    m->part = Is(b, "early") ? -1 : 1;
    m->first = b;
  } else if (IsPunct(b, '-') && Adjacent(b) && Before(i, 2) != SIZE_MAX && Is(i - 2, "mid")) {
    m->part = 2;
    m->first = i - 2;
  } else if (!IsAny(b, {"in", "since", "until", "till", "during", "by", "from", "through", "before",
                        "after", "of"})) {
    return false;
  }
  // A following unit or noun-like number ("in 2020 votes") is fine; a following
  // digit group ("in 2020 3 people") is rare enough to ignore.
  return true;
}

bool Scanner::MatchKeyword(size_t i, Match* m) const {
  if (w_[i].kind != WordKind::kAlpha) return false;
  m->first = i;
  auto attributive = [&](size_t k) {
    if (IsApostrophe(k + 1) && Adjacent(k) && Is(k + 2, "s") && Adjacent(k + 1)) {
      m->attributive = true;
      m->last = k + 3;
    }
  };
  auto deictic = [&](int n, size_t last) {
    m->kind = Kind::kDeictic;
    m->n = n;
    m->last = last;
    attributive(last - 1);
    return true;
  };
  if (WeekdayAt(i + 1) >= 0 && IsAny(i, {"last", "next", "this", "overnight", "late", "early",
                                         "past", "previous", "coming"}))
    return false;  // the weekday matcher takes the modifier
  if (Is(i, "today")) return deictic(0, i + 1);
  if (Is(i, "tonight")) return deictic(0, i + 1);
  if (Is(i, "yesterday")) return deictic(-1, i + 1);
  if (Is(i, "tomorrow")) return deictic(1, i + 1);
  if (Is(i, "overnight")) return deictic(0, i + 1);
  if (Is(i, "this") && IsAny(i + 1, {"morning", "afternoon", "evening"})) return deictic(0, i + 2);
  if (Is(i, "last") && Is(i + 1, "night")) return deictic(-1, i + 2);
  if (Is(i, "the") && Is(i + 1, "day") && Is(i + 2, "before") && Is(i + 3, "yesterday"))
    return deictic(-2, i + 4);

  // [earlier|later] this|last|next|past week|month|year|weekend
  size_t j = i;
  int sub = 0;
  if (IsAny(j, {"earlier", "later"}) && Is(j + 1, "this")) {
    sub = Is(j, "earlier") ? -1 : 1;
    ++j;
  }
  if (IsAny(j, {"this", "last", "next", "past", "previous", "coming"})) {
    int rel = IsAny(j, {"last", "past", "previous"}) ? -1 : Is(j, "next") ? 1 : 0;
    if (Is(j, "coming")) rel = 1;
    // "the past week" is the last seven days, closer to "this week".
    if (Is(j, "past") && i > 0 && Is(i - 1, "the")) rel = 0;
    size_t k = j + 1;
    Kind kind;
    if (Is(k, "week")) {
      kind = Kind::kWeekRel;
    } else if (Is(k, "month")) {
      kind = Kind::kMonthRel;
    } else if (Is(k, "year")) {
      kind = Kind::kYearRel;
    } else if (Is(k, "weekend")) {
      kind = Kind::kWeekend;
    } else {
      return false;
    }
    if (Is(j, "past") && kind != Kind::kWeekRel && rel == 0) return false;
    m->kind = kind;
    m->rel = rel;
    m->sub = sub;
    m->last = k + 1;
    attributive(k);
    return true;
  }
  // "over the weekend", "at the weekend"
  if (Is(i, "weekend") && i > 0 && Is(i - 1, "the")) {
    m->kind = Kind::kWeekend;
    m->rel = 0;
    m->last = i + 1;
    return true;
  }
  // the next/following/previous day, the day before/after
  if (Is(i, "the")) {
    if (IsAny(i + 1, {"next", "following"}) && IsAny(i + 2, {"day", "morning", "week"})) {
      m->kind = Kind::kAnchored;
      m->n = Is(i + 2, "week") ? 7 : 1;
      m->unit = Is(i + 2, "week") ? kUnitWeeks : kUnitDays;
      m->last = i + 3;
      return true;
    }
    if (Is(i + 1, "previous") && IsAny(i + 2, {"day", "week"})) {
      m->kind = Kind::kAnchored;
      m->n = Is(i + 2, "week") ? -7 : -1;
      m->unit = Is(i + 2, "week") ? kUnitWeeks : kUnitDays;
      m->last = i + 3;
      return true;
    }
    if (Is(i + 1, "day") && IsAny(i + 2, {"before", "after", "earlier"})) {
      m->kind = Kind::kAnchored;
      m->n = Is(i + 2, "after") ? 1 : -1;
      m->unit = kUnitDays;
      m->last = i + 3;
      // "the day after the Jan. 3 bombing": counted from the clause's day.
      m->clause = !Is(i + 2, "earlier") && ClauseFollows(i + 3);
      return true;
    }
  }
  return false;
}

bool Scanner::MatchCount(size_t i, Match* m) const {
  int n = CountAt(i);
  size_t u = i + 1;
  if (n < 0) {
    // "hours later": no count.
    if (!IsAny(i, {"hours", "minutes"})) return false;
    n = 0;
    u = i;
  } else if (IsAny(u, {"few", "couple"})) {
    return false;  // vague counts
  }
  int unit = UnitAt(u);
  if (unit < 0) return false;
  size_t k = u + 1;
  if (Is(k, "ago")) {
    if (unit == kUnitHours) return false;
    m->kind = Kind::kAgo;
  } else if (IsAny(k, {"later", "after", "earlier", "before"})) {
    // "two days after Tuesday's strike" counts from the day named in the clause that
    // follows (ScanRange; unresolved when it names none, rather than counted from an
    // unrelated earlier date). "two days later" at a clause end counts from the
    // previous dated event.
    m->kind = Kind::kAnchored;
    m->clause = IsAny(k, {"after", "before"}) && ClauseFollows(k + 1);
    int sign = IsAny(k, {"later", "after"}) ? 1 : -1;
    int days = unit == kUnitHours    ? 0
               : unit == kUnitDays   ? n
               : unit == kUnitWeeks  ? 7 * n
               : unit == kUnitMonths ? 30 * n
                                     : 365 * n;
    if (days > 3660) return false;
    n = sign * days;
  } else {
    return false;
  }
  if (n > 3660 && m->kind == Kind::kAgo) return false;
  m->first = i;
  m->last = k + 1;
  m->n = n;
  m->unit = unit;
  return true;
}

bool Scanner::MatchAt(size_t i, Match* m) const {
  const Word& w = w_[i];
  if (w.kind == WordKind::kDigit) {
    return MatchIso(i, m) || MatchDayMonth(i, m) || MatchYear(i, m) || MatchCount(i, m);
  }
  if (w.kind != WordKind::kAlpha) return false;
  return MatchWeekday(i, m) || MatchMonthDay(i, m) || MatchBareMonth(i, m) || MatchKeyword(i, m) ||
         MatchCount(i, m);
}

// ---------------------------------------------------------------------------
// Resolution.

struct Pub {
  bool known = false;
  int64_t day = 0;
  CivilDate c;
};

Pub MakePub(std::string_view s) {
  Pub p;
  if (ParseIsoDate(s, &p.day)) {
    p.known = true;
    p.c = CivilFromDays(p.day);
  }
  return p;
}

void SetRange(int64_t lo, int64_t hi, DateExpr* e) {
  if (hi < lo) hi = lo;
  e->range_begin = FormatIsoDate(lo);
  e->range_end = FormatIsoDate(hi);
  e->date = FormatIsoDate(lo + (hi - lo) / 2);
}

// The range of a relative week, month or year [lo, hi]; "this week/month/year" (rel 0)
// is cut at the publication day: "earlier this month" before it, "later this month"
// (or a future tense) from it on, plain "this month" up to it.
void SetCurrentPeriodRange(const Match& mt, const Pub& pub, bool future, int64_t lo,
                           int64_t hi, DateExpr* e) {
  if (mt.rel == 0) {
    if (mt.sub < 0) {
      hi = std::max(lo, pub.day - 1);
    } else if (mt.sub > 0 || future) {
      lo = pub.day;
    } else {
      hi = pub.day;
    }
  }
  SetRange(lo, hi, e);
}

void SetDay(int64_t d, DateExpr* e) { e->date = e->range_begin = e->range_end = FormatIsoDate(d); }

int64_t MonthStart(int y, int m) { return DaysFromCivil(y, m, 1); }
int64_t MonthEnd(int y, int m) { return DaysFromCivil(y, m, DaysInMonth(y, m)); }
void ShiftMonth(int* y, int* m, int delta) {
  int idx = *y * 12 + (*m - 1) + delta;
  *y = idx >= 0 ? idx / 12 : (idx - 11) / 12;
  *m = idx - *y * 12 + 1;
}

// Resolves everything except anchored offsets (which need the previous date).
void Resolve(const Match& mt, const Pub& pub, bool future, DateExpr* e) {
  e->future = future;
  switch (mt.kind) {
    case Kind::kYmd:
      e->basis = DateBasis::kExplicit;
      SetDay(DaysFromCivil(mt.y, mt.m, mt.d), e);
      return;
    case Kind::kMd: {
      if (!pub.known) return;
      e->basis = DateBasis::kExplicit;
      int64_t best = 0;
      bool found = false;
      // Nearest occurrence in the tense's direction; a named weekday picks the year.
      for (int dy : {0, -1, 1, -2, 2, -3, 3, -4, 4, -5, 5, -6, 6}) {
        int y = pub.c.year + dy;
        if (!IsValidCivil(y, mt.m, mt.d)) continue;
        int64_t d = DaysFromCivil(y, mt.m, mt.d);
        bool right_side = future ? d >= pub.day : d <= pub.day;
        if (mt.wd >= 0) {
          if (Weekday(d) != mt.wd) continue;
        } else if (!right_side) {
          continue;
        }
        if (!found || std::llabs(d - pub.day) < std::llabs(best - pub.day)) {
          found = true, best = d;
        }
        if (mt.wd < 0 && std::abs(dy) <= 1) break;
      }
      if (found) SetDay(best, e);
      return;
    }
    case Kind::kMy: {
      e->basis = DateBasis::kExplicit;
      e->granularity = DateGranularity::kMonth;
      int64_t lo = MonthStart(mt.y, mt.m), hi = MonthEnd(mt.y, mt.m);
      if (pub.known && !future && pub.day >= lo && pub.day <= hi) hi = pub.day;
      SetRange(lo, hi, e);
      return;
    }
    case Kind::kYear: {
      e->basis = DateBasis::kExplicit;
      e->granularity = DateGranularity::kYear;
      int64_t lo = DaysFromCivil(mt.y, 1, 1), hi = DaysFromCivil(mt.y, 12, 31);
      if (mt.part == -1) hi = DaysFromCivil(mt.y, 4, 30);
      if (mt.part == 1) lo = DaysFromCivil(mt.y, 9, 1);
      if (mt.part == 2) lo = DaysFromCivil(mt.y, 5, 1), hi = DaysFromCivil(mt.y, 8, 31);
      if (pub.known && !future && pub.day >= lo && pub.day <= hi) hi = pub.day;
      SetRange(lo, hi, e);
      return;
    }
    case Kind::kMonth: {
      if (!pub.known) return;
      e->basis = DateBasis::kExplicit;
      e->granularity = DateGranularity::kMonth;
      int y = pub.c.year;
      int pm = pub.c.month;
      if (mt.dir < 0) {
        if (mt.m >= pm) --y;
      } else if (mt.dir > 0) {
        if (mt.m <= pm) ++y;
      } else if (future) {
        if (mt.m < pm) ++y;
      } else {
        if (mt.m > pm) --y;
      }
      int64_t lo = MonthStart(y, mt.m), hi = MonthEnd(y, mt.m);
      if (mt.part == -1) hi = lo + 9;
      if (mt.part == 2) lo = lo + 10, hi = lo + 9;
      if (mt.part == 1) lo = lo + 20;
      if (!future && pub.day >= lo && pub.day <= hi) hi = pub.day;
      if (future && pub.day >= lo && pub.day <= hi) lo = pub.day;
      SetRange(lo, hi, e);
      return;
    }
    case Kind::kWeekday: {
      if (!pub.known) return;
      e->basis = DateBasis::kRelative;
      int pw = Weekday(pub.day);
      int64_t d;
      if (mt.dir < 0) {
        int delta = (pw - mt.wd + 7) % 7;
        d = pub.day - (delta == 0 ? 7 : delta);
      } else if (mt.dir > 0) {
        int delta = (mt.wd - pw + 7) % 7;
        d = pub.day + (delta == 0 ? 7 : delta);
      } else if (future) {
        d = pub.day + (mt.wd - pw + 7) % 7;
      } else {
        d = pub.day - (pw - mt.wd + 7) % 7;
      }
      e->future = d > pub.day;
      SetDay(d, e);
      return;
    }
    case Kind::kDeictic:
      if (!pub.known) return;
      e->basis = DateBasis::kRelative;
      SetDay(pub.day + mt.n, e);
      return;
    case Kind::kWeekRel: {
      if (!pub.known) return;
      e->basis = DateBasis::kRelative;
      e->granularity = DateGranularity::kWeek;
      int64_t monday = pub.day - Weekday(pub.day) + 7 * mt.rel;
      int64_t lo = monday, hi = monday + 6;
      SetCurrentPeriodRange(mt, pub, future, lo, hi, e);
      return;
    }
    case Kind::kMonthRel: {
      if (!pub.known) return;
      e->basis = DateBasis::kRelative;
      e->granularity = DateGranularity::kMonth;
      int y = pub.c.year, m = pub.c.month;
      ShiftMonth(&y, &m, mt.rel);
      int64_t lo = MonthStart(y, m), hi = MonthEnd(y, m);
      SetCurrentPeriodRange(mt, pub, future, lo, hi, e);
      return;
    }
    case Kind::kYearRel: {
      if (!pub.known) return;
      e->basis = DateBasis::kRelative;
      e->granularity = DateGranularity::kYear;
      int y = pub.c.year + mt.rel;
      int64_t lo = DaysFromCivil(y, 1, 1), hi = DaysFromCivil(y, 12, 31);
      SetCurrentPeriodRange(mt, pub, future, lo, hi, e);
      return;
    }
    case Kind::kWeekend: {
      if (!pub.known) return;
      e->basis = DateBasis::kRelative;
      e->granularity = DateGranularity::kWeek;
      const int pw = Weekday(pub.day);
      int64_t sat;
      if (mt.rel > 0 || (mt.rel == 0 && future)) {
        int delta = (5 - pw + 7) % 7;  // days until Saturday
        sat = pub.day + (mt.rel > 0 && delta == 0 ? 7 : delta);
        if (mt.rel == 0 && pw == 6) sat = pub.day - 1;  // Sunday: this weekend
      } else {
        int delta = (pw - 5 + 7) % 7;  // days since the last Saturday (0 on Saturday)
        sat = pub.day - delta;
        if (mt.rel < 0 && delta <= 1) sat -= 7;
      }
      int64_t hi = sat + 1;
      if (!future && mt.rel <= 0 && hi > pub.day) hi = std::max(sat, pub.day);
      e->range_begin = FormatIsoDate(sat);
      e->range_end = FormatIsoDate(hi);
      e->date = FormatIsoDate(sat);
      return;
    }
    case Kind::kAgo: {
      if (!pub.known) return;
      e->basis = DateBasis::kRelative;
      if (mt.unit == kUnitDays || mt.unit == kUnitWeeks) {
        e->granularity = mt.unit == kUnitDays ? DateGranularity::kDay : DateGranularity::kWeek;
        SetDay(pub.day - static_cast<int64_t>(mt.n) * (mt.unit == kUnitDays ? 1 : 7), e);
      } else if (mt.unit == kUnitMonths) {
        e->granularity = DateGranularity::kMonth;
        int y = pub.c.year, m = pub.c.month;
        ShiftMonth(&y, &m, -mt.n);
        SetDay(DaysFromCivil(y, m, std::min(pub.c.day, DaysInMonth(y, m))), e);
      } else {
        e->granularity = DateGranularity::kYear;
        int y = pub.c.year - mt.n;
        SetDay(DaysFromCivil(y, pub.c.month, std::min(pub.c.day, DaysInMonth(y, pub.c.month))), e);
      }
      return;
    }
    case Kind::kAnchored:
      e->basis = DateBasis::kRelative;
      e->anchored = true;
      e->offset_days = mt.n;
      e->granularity = mt.unit == kUnitMonths  ? DateGranularity::kMonth
                       : mt.unit == kUnitYears ? DateGranularity::kYear
                       : mt.unit == kUnitWeeks ? DateGranularity::kWeek
                                               : DateGranularity::kDay;
      return;
  }
}

TagIndex BuildTagIndex(const Document& doc, Span range) {
  TagIndex tags;
  for (const Sentence& s : doc.sentences) {
    if (s.span.end <= range.begin || s.span.begin >= range.end) continue;
    for (const Token& t : s.tokens)
      if (!t.xpos.empty()) tags.emplace_back(t.span.begin, t.xpos);
  }
  std::sort(tags.begin(), tags.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return tags;
}

// Resolves match `mt` (scanned by `sc`) against the publication date; anchored offsets
// are left to the caller.
Found ResolveMatch(const Scanner& sc, const Match& mt, const Pub& pub) {
  Found f;
  f.kind = mt.kind;
  f.has_weekday = mt.wd >= 0 && mt.kind != Kind::kWeekday;
  f.weekday = mt.wd;
  f.expr.span = sc.SpanOf(mt);
  f.expr.attributive = mt.attributive;
  bool future = false;
  if (mt.kind != Kind::kYmd && mt.kind != Kind::kMy && mt.kind != Kind::kYear &&
      mt.kind != Kind::kAgo && mt.kind != Kind::kAnchored && mt.dir == 0)
    future = sc.FutureContext(mt.first, mt.last);
  if (mt.kind == Kind::kDeictic) future = mt.n > 0;
  Resolve(mt, pub, future, &f.expr);
  return f;
}

std::vector<Found> ScanRange(std::string_view text, Span range, const Pub& pub,
                             const TagIndex* tags) {
  Scanner sc(text, range, tags && !tags->empty() ? tags : nullptr);
  std::vector<Match> matches = sc.Scan();
  const std::vector<Word>& w = sc.words();
  std::vector<Found> out;
  out.reserve(matches.size());
  bool have_anchor = false;
  int64_t anchor = 0;
  uint32_t anchor_pos = 0;
  size_t clause_day = SIZE_MAX;  // index of the match a counted clause used
  for (size_t mi = 0; mi < matches.size(); ++mi) {
    const Match& mt = matches[mi];
    Found f = ResolveMatch(sc, mt, pub);
    if (f.expr.anchored && mt.clause) {
      // "two days after <clause>": the first expression inside the clause, when it is
      // a resolved day, is the day counted from.
      size_t end = sc.ClauseEnd(mt.last);
      f.expr.counts_from_clause = true;
      if (mi + 1 < matches.size() && matches[mi + 1].first < end) {
        Found day = ResolveMatch(sc, matches[mi + 1], pub);
        if (!day.expr.date.empty() && day.expr.granularity == DateGranularity::kDay) {
          int64_t d;
          ParseIsoDate(day.expr.date, &d);
          SetDay(d + f.expr.offset_days, &f.expr);
          f.expr.clause_date = day.expr.span;
          f.anchor_pos = day.expr.span.begin;
          f.anchor_from_text = true;
          clause_day = mi + 1;
        }
        end = std::max(end, matches[mi + 1].last);
      }
      if (end > mt.last) f.expr.clause = Span{w[mt.last].begin, w[end - 1].end};
    } else if (f.expr.anchored) {
      int64_t base = 0;
      bool ok = false;
      if (have_anchor) {
        base = anchor, ok = true;
        f.anchor_pos = anchor_pos;
        f.anchor_from_text = true;
      } else if (pub.known) {
        base = pub.day, ok = true;
      }
      if (ok) {
        SetDay(base + f.expr.offset_days, &f.expr);
      }
    }
    if (mi == clause_day) {
      f.in_counted_clause = true;
      f.clause = out.back().expr.clause;
    } else if (!f.expr.date.empty() && f.expr.granularity == DateGranularity::kDay) {
      // The day a counted clause names is an earlier event's: "two days later" after
      // it counts from the counted day, not from the clause's.
      ParseIsoDate(f.expr.date, &anchor);
      anchor_pos = f.expr.span.begin;
      have_anchor = true;
    }
    out.push_back(std::move(f));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Publication date.

std::string_view LineAround(std::string_view t, uint32_t begin, uint32_t end, size_t* line_begin) {
  size_t lb = t.rfind('\n', begin == 0 ? 0 : begin - 1);
  lb = (lb == std::string_view::npos || begin == 0) ? 0 : lb + 1;
  if (begin > 0 && t[begin - 1] == '\n') lb = begin;
  size_t le = t.find('\n', end);
  if (le == std::string_view::npos) le = t.size();
  *line_begin = lb;
  return t.substr(lb, le - lb);
}

bool StartsWithWordCI(std::string_view s, std::initializer_list<const char*> words) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  for (const char* w : words) {
    size_t n = std::strlen(w);
    if (s.size() - i < n) continue;
    bool eq = true;
    for (size_t k = 0; k < n && eq; ++k)
      eq = (static_cast<unsigned char>(s[i + k]) | 0x20) == static_cast<unsigned char>(w[k]);
    if (eq) return true;
  }
  return false;
}

// A caption date ends its line, or is followed only by a photo credit.
bool LooksLikeCaptionDate(std::string_view t, const DateExpr& e) {
  size_t p = e.span.end;
  while (p < t.size() && (t[p] == ' ' || t[p] == '.' || t[p] == ')' || t[p] == ',')) ++p;
  if (p >= t.size() || t[p] == '\n' || t[p] == '\r') return true;
  size_t le = t.find('\n', p);
  if (le == std::string_view::npos) le = t.size();
  std::string_view rest = t.substr(p, le - p);
  if (rest.size() > 120) return false;
  if (rest.find('/') != std::string_view::npos) return true;
  if (StartsWithWordCI(rest, {"photo", "image", "credit", "via ", "file photo", "(ap", "(afp"}))
    return true;
  // An all-capitals word of three or more letters (REUTERS, AFP, EPA).
  size_t run = 0;
  for (char c : rest) {
    if (c >= 'A' && c <= 'Z') {
      if (++run >= 3) return true;
    } else {
      run = 0;
    }
  }
  return false;
}

}  // namespace

const char* DateGranularityName(DateGranularity g) {
  switch (g) {
    case DateGranularity::kDay:
      return "day";
    case DateGranularity::kWeek:
      return "week";
    case DateGranularity::kMonth:
      return "month";
    case DateGranularity::kYear:
      return "year";
  }
  return "day";
}

std::vector<DateExpr> FindDateExpressions(const Document& doc, Span range,
                                          std::string_view pub_date) {
  range.end = std::min<uint32_t>(range.end, static_cast<uint32_t>(doc.text.size()));
  if (range.begin >= range.end) return {};
  TagIndex tags = BuildTagIndex(doc, range);
  std::vector<Found> found = ScanRange(doc.text, range, MakePub(pub_date), &tags);
  std::vector<DateExpr> out;
  out.reserve(found.size());
  for (Found& f : found) out.push_back(std::move(f.expr));
  return out;
}

namespace {
// "ISLAMABAD, Jan. 17, 2024 — Pakistan ..." or "KYIV, Jan 3, 2024 (Reuters) - ...": a date
// near the start of its line, followed by a dash or an agency in parentheses.
bool IsDatelineLead(std::string_view text, size_t line_begin, Span date) {
  if (date.begin < line_begin || date.begin - line_begin > 48) return false;
  size_t p = date.end;
  while (p < text.size() && text[p] == ' ') ++p;
  std::string_view rest = text.substr(p, 3);
  return rest.starts_with("\xE2\x80\x94") || rest.starts_with("\xE2\x80\x93") ||
         rest.starts_with("-") || rest.starts_with("(") || rest.starts_with(":");
}
}  // namespace

std::string FindPublicationDateInText(std::string_view text) {
  if (text.size() > UINT32_MAX) text = text.substr(0, UINT32_MAX);
  constexpr uint32_t kTop = 400;
  Pub none;
  std::vector<Found> found =
      ScanRange(text, Span{0, static_cast<uint32_t>(text.size())}, none, nullptr);
  // 1. A dateline near the top: a short line, a weekday-led date, or a labelled line.
  for (const Found& f : found) {
    if (f.expr.span.begin >= kTop) break;
    if (f.kind != Kind::kYmd) continue;
    size_t lb;
    std::string_view line = LineAround(text, f.expr.span.begin, f.expr.span.end, &lb);
    if (line.size() <= 60 || f.has_weekday ||
        StartsWithWordCI(line, {"published", "updated", "posted", "date", "dateline"}) ||
        IsDatelineLead(text, lb, f.expr.span))
      return f.expr.date;
  }
  // 2. The first caption date: a lower bound on publication.
  for (const Found& f : found) {
    if (f.kind != Kind::kYmd || !LooksLikeCaptionDate(text, f.expr)) continue;
    int64_t cap;
    if (!ParseIsoDate(f.expr.date, &cap)) continue;
    // The story may be a day newer than its photo: a past-tense mention of the next
    // weekday moves the date forward by one day.
    // Only mentions up to the next different caption date count: a page may hold a
    // second story.
    int next_wd = (Weekday(cap) + 1) % 7;
    for (const Found& g : found) {
      if (g.expr.span.begin <= f.expr.span.end) continue;
      if (g.kind == Kind::kYmd && g.expr.date != f.expr.date && LooksLikeCaptionDate(text, g.expr))
        break;
      if (g.kind == Kind::kWeekday && g.weekday == next_wd && !g.expr.future)
        return FormatIsoDate(cap + 1);
    }
    return f.expr.date;
  }
  return "";
}

std::string FindPublicationDate(const Document& doc) {
  int64_t d;
  if (ParseIsoDate(doc.date, &d)) return doc.date;
  return FindPublicationDateInText(doc.text);
}

namespace {

uint32_t Distance(Span a, Span b) {
  if (a.end <= b.begin) return b.begin - a.end;
  if (b.end <= a.begin) return a.begin - b.end;
  return 0;
}

// Byte distance plus a penalty for each clause break (, ; : parentheses, dashes)
// between the two spans: "After talks failed on Monday, the rebels attacked".
uint32_t ClauseDistance(std::string_view t, Span a, Span b) {
  uint32_t lo = std::min(a.end, b.end), hi = std::max(a.begin, b.begin);
  if (a.end > b.begin && b.end > a.begin) return 0;
  if (a.end <= b.begin)
    lo = a.end, hi = b.begin;
  else
    lo = b.end, hi = a.begin;
  uint32_t d = hi - lo;
  for (uint32_t p = lo; p < hi && p < t.size(); ++p) {
    char c = t[p];
    if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')') d += 30;
    if (c == '\xE2' && p + 2 < t.size() && t[p + 1] == '\x80' &&
        (t[p + 2] == '\x94' || t[p + 2] == '\x93'))
      d += 30;  // em/en dash
  }
  return d;
}

// An attributive expression ("Thursday's retaliatory strikes") dates the noun right
// after it: the trigger follows within a few words and no comma.
bool ModifiesTrigger(std::string_view t, Span expr, Span trig) {
  if (trig.begin < expr.end || trig.begin - expr.end > 25) return false;
  for (uint32_t p = expr.end; p < trig.begin && p < t.size(); ++p)
    if (t[p] == ',' || t[p] == ';' || t[p] == '.') return false;
  return true;
}

bool Inside(Span inner, Span outer) { return inner.begin >= outer.begin && inner.end <= outer.end; }

}  // namespace

namespace {

// The 0-based index of the word of `s` whose span holds byte `pos`, or -1.
int WordAt(const Sentence& s, uint32_t pos) {
  for (size_t i = 0; i < s.tokens.size(); ++i)
    if (s.tokens[i].span.begin <= pos && pos < s.tokens[i].span.end) return static_cast<int>(i);
  return -1;
}

// With a parse: the date expression dates another part of the sentence than the
// trigger. Either it modifies a noun before which it stands ("a deadly Jan. 3 bombing")
// that is not the trigger, or it lies in an adverbial clause opened by a time or cause
// word ("..., after the agency recommended it two years ago") that does not hold the
// trigger: it dates that noun or what that clause says, not the event.
bool DatesAnotherPart(const Sentence& s, Span expr, Span trig) {
  const int n = static_cast<int>(s.tokens.size());
  int e = WordAt(s, expr.begin), t = WordAt(s, trig.begin);
  if (e < 0 || t < 0) return false;
  const int te = WordAt(s, trig.end == 0 ? 0 : trig.end - 1);
  // The expression's words whose head lies outside it ("Jan." and "3" of "a Jan. 3
  // bombing" both hang on the noun): all on one noun after them, as its modifiers.
  int noun = -1;
  bool modifies = true;
  for (int k = 0; k < n && modifies; ++k) {
    const Token& w = s.tokens[k];
    if (w.span.begin < expr.begin || w.span.end > expr.end) continue;
    const int h = w.head - 1;
    if (h >= 0 && h < n && s.tokens[h].span.begin >= expr.begin && s.tokens[h].span.end <= expr.end)
      continue;
    const std::string& rel = w.deprel;
    modifies = h > k && (noun < 0 || h == noun) &&
               (s.tokens[h].upos == "NOUN" || s.tokens[h].upos == "PROPN") &&
               (rel == "compound" || rel == "amod" || rel == "nummod" || rel == "nmod:poss");
    noun = h;
  }
  // (The noun may be the trigger itself, or its subject: "the Jan. 3 bombing killed 90
  // people" dates the killing; "condemned the Jan. 3 bombing" does not date the
  // condemnation.)
  if (modifies && noun >= 0 && !(noun >= t && noun <= std::max(t, te)) &&
      !(s.tokens[noun].deprel.rfind("nsubj", 0) == 0 && s.tokens[noun].head - 1 >= t &&
        s.tokens[noun].head - 1 <= std::max(t, te)))
    return true;
  // "After Iran this week took ..., Islamabad expelled ...": a sentence opened by a
  // time word keeps the expression of its opening clause (up to the first comma) to
  // that clause, whatever the parser made of it.
  if (n > 0) {
    std::string lw = s.tokens[0].form;
    for (char& ch : lw) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (lw == "after" || lw == "before" || lw == "since" || lw == "until" || lw == "once") {
      int comma = -1;
      for (int k = 1; k < n && comma < 0; ++k)
        if (s.tokens[k].form == ",") comma = k;
      if (comma > e && t > comma) return true;
    }
  }
  for (int a = e, steps = 0; a >= 0 && steps <= n; ++steps) {
    const Token& tok = s.tokens[a];
    if (tok.head < 0 || tok.head > n) return false;  // unparsed
    if (tok.deprel.rfind("advcl", 0) == 0) {
      bool timed = false;
      for (int k = 0; k < n; ++k) {
        const Token& c = s.tokens[k];
        if (c.head != a + 1 || c.deprel != "mark") continue;
        std::string_view m = c.lemma.empty() ? std::string_view(c.form) : std::string_view(c.lemma);
        timed = m == "after" || m == "before" || m == "since" || m == "because" ||
                m == "until" || m == "once" || m == "as";
      }
      if (timed) {
        // Does the clause rooted at a hold the trigger?
        for (int b = t, st = 0; b >= 0 && st <= n; ++st) {
          if (b == a) return false;
          const int h = s.tokens[b].head;
          if (h <= 0 || h > n) break;
          b = h - 1;
        }
        return true;
      }
    }
    if (tok.head == 0) return false;
    a = tok.head - 1;
  }
  return false;
}

}  // namespace

void ResolveEventDates(const Document& doc, std::vector<Event>* events) {
  if (events->empty()) return;
  const std::string pub_str = FindPublicationDate(doc);
  const Pub pub = MakePub(pub_str);
  Span all{0, static_cast<uint32_t>(std::min<size_t>(doc.text.size(), UINT32_MAX))};
  TagIndex tags = BuildTagIndex(doc, all);
  std::vector<Found> found = ScanRange(doc.text, all, pub, &tags);

  std::vector<size_t> order(events->size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Event& x = (*events)[a];
    const Event& y = (*events)[b];
    if (x.sentence_index != y.sentence_index) return x.sentence_index < y.sentence_index;
    return x.trigger_span.begin < y.trigger_span.begin;
  });

  bool have_prev = false;
  int64_t prev_day = 0;
  uint32_t prev_pos = 0;
  uint32_t prev_sentence_end = 0;
  for (size_t idx : order) {
    Event& ev = (*events)[idx];
    EventContext ctx = EventContextOf(doc, ev);
    Span trig =
        ev.trigger_span.empty() ? Span{ctx.sentence.begin, ctx.sentence.begin} : ev.trigger_span;
    // 1. The resolved expression in the sentence nearest the trigger. An attributive
    // one ("Thursday's strikes") counts only for the noun right after it.
    const Found* best = nullptr;
    uint32_t best_dist = UINT32_MAX;
    // "two days after <clause>" in the sentence, the trigger outside the clause, and
    // the clause naming no day: the event's date is not known from the text.
    bool counted_from_unknown = false;
    // The trigger inside a counted clause that names no day ("on Wednesday, a day after
    // missiles hit a village"): it happened the count before the day of the main clause.
    const Found* counted_back = nullptr;
    const Sentence* parsed = ev.sentence_index >= 0 &&
                                     static_cast<size_t>(ev.sentence_index) < doc.sentences.size()
                                 ? &doc.sentences[static_cast<size_t>(ev.sentence_index)]
                                 : nullptr;
    for (const Found& f : found) {
      if (!Inside(f.expr.span, ctx.sentence)) continue;
      if (parsed && !f.expr.counts_from_clause && !ev.trigger_span.empty() &&
          DatesAnotherPart(*parsed, f.expr.span, trig))
        continue;
      // What a counted clause speaks of is dated by the clause's day; what happened two
      // days after it by the count.
      if (f.expr.counts_from_clause && Inside(trig, f.expr.clause)) {
        if (f.expr.clause_date.empty()) counted_back = &f;
        continue;
      }
      if (f.in_counted_clause && !Inside(trig, f.clause)) continue;
      if (f.expr.counts_from_clause && f.expr.date.empty()) counted_from_unknown = true;
      if (f.expr.date.empty()) continue;
      if (f.expr.attributive && !ModifiesTrigger(doc.text, f.expr.span, trig)) continue;
      uint32_t d = ClauseDistance(doc.text, f.expr.span, trig);
      // Ties go to the expression after the trigger ("attacked the base on Wednesday").
      if (d < best_dist || (d == best_dist && best && f.expr.span.begin > trig.begin))
        best = &f, best_dist = d;
    }
    if (counted_back && best && !best->expr.counts_from_clause && !best->in_counted_clause &&
        best->expr.granularity == DateGranularity::kDay && !best->expr.date.empty()) {
      int64_t d;
      if (ParseIsoDate(best->expr.date, &d)) {
        ev.date = FormatIsoDate(d - counted_back->expr.offset_days);
        ev.date_basis = DateBasis::kRelative;
        ev.date_span = counted_back->expr.span;
        have_prev = true;
        prev_day = d - counted_back->expr.offset_days;
        prev_pos = trig.begin;
        prev_sentence_end = ctx.sentence.end;
        continue;
      }
    }
    // 2. A coarse expression ("this week") is refined by a day in the paragraph that
    // falls inside it ("on Tuesday").
    if (best && best->expr.granularity != DateGranularity::kDay) {
      const Found* fine = nullptr;
      uint32_t fine_dist = UINT32_MAX;
      for (const Found& f : found) {
        if (&f == best || f.expr.date.empty() || f.expr.anchored ||
            f.expr.granularity != DateGranularity::kDay || !Inside(f.expr.span, ctx.paragraph) ||
            (f.in_counted_clause && !Inside(trig, f.clause)))
          continue;
        if (f.expr.date < best->expr.range_begin || f.expr.date > best->expr.range_end) continue;
        uint32_t d = Distance(f.expr.span, trig);
        if (d < fine_dist) fine = &f, fine_dist = d;
      }
      if (fine) best = fine;
    }
    // 3. Otherwise the nearest preceding expression in the paragraph.
    if (!best && !counted_from_unknown) {
      for (const Found& f : found) {
        if (f.expr.date.empty() || f.expr.attributive || f.in_counted_clause ||
            !Inside(f.expr.span, ctx.paragraph) || f.expr.span.end > ctx.sentence.begin)
          continue;
        best = &f;  // found is in text order: the last one wins
      }
    }
    if (best) {
      ev.date = best->expr.date;
      ev.date_basis = best->expr.basis;
      ev.date_span = best->expr.span;
      // "Two days later" counts from the previous dated event when that event comes
      // after the expression the scan anchored on.
      if (best->expr.anchored && !best->expr.counts_from_clause && !ev.date.empty() && have_prev &&
          prev_sentence_end <= best->expr.span.begin &&
          (!best->anchor_from_text || prev_pos > best->anchor_pos)) {
        ev.date = FormatIsoDate(prev_day + best->expr.offset_days);
      }
    } else if (pub.known) {
      ev.date = pub_str;
      ev.date_basis = DateBasis::kPublication;
      ev.date_span = Span{};
    } else {
      ev.date.clear();
      ev.date_basis = DateBasis::kUnknown;
      ev.date_span = Span{};
    }
    // Only day-level dates anchor "two days later".
    if (best && best->expr.granularity == DateGranularity::kDay) {
      int64_t d;
      if (ParseIsoDate(ev.date, &d)) {
        have_prev = true;
        prev_day = d;
        prev_pos = trig.begin;
        prev_sentence_end = ctx.sentence.end;
      }
    }
  }
}

}  // namespace khaldun
