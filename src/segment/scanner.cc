#include "segment/scanner.h"

#include <cstring>
#include <string>
#include <unordered_set>

namespace khaldun::segment {
namespace {

enum CharClass : uint8_t { kSpace, kWordChar, kPunctChar };

// ASCII classes: controls and DEL are spaces, so junk bytes never end up in a token.
constexpr CharClass AsciiClass(unsigned char c) {
  if (c <= 0x20 || c == 0x7F) return kSpace;
  if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_')
    return kWordChar;
  return kPunctChar;
}

struct AsciiTable {
  CharClass cls[128];
  constexpr AsciiTable() : cls() {
    for (int c = 0; c < 128; ++c) cls[c] = AsciiClass(static_cast<unsigned char>(c));
  }
};
constexpr AsciiTable kAscii;

CharClass ClassifyCodePoint(char32_t cp) {
  if (cp < 0x80) return kAscii.cls[cp];
  if (cp < 0xA0) return kSpace;  // C1 controls, NEL
  if (cp == 0xA0) return kSpace;
  if (cp <= 0xBF) {
    // Latin-1 symbols; the ordinal indicators, superscripts and micro sign are word-like.
    if (cp == 0xAA || cp == 0xB2 || cp == 0xB3 || cp == 0xB5 || cp == 0xB9 || cp == 0xBA ||
        cp == 0xAD)
      return kWordChar;
    return kPunctChar;
  }
  if (cp == 0xD7 || cp == 0xF7) return kPunctChar;
  if (cp < 0x1680) return kWordChar;
  if (cp == 0x1680) return kSpace;
  if (cp < 0x2000) return kWordChar;
  if (cp <= 0x200B) return kSpace;
  if (cp <= 0x200D) return kWordChar;  // ZWNJ, ZWJ join inside words and emoji
  if (cp <= 0x200F) return kSpace;     // LRM, RLM
  if (cp <= 0x2027) return kPunctChar;
  if (cp <= 0x202F) return kSpace;  // separators, bidi controls, narrow NBSP
  if (cp <= 0x205E) return kPunctChar;
  if (cp <= 0x206F) return kSpace;      // invisible operators, bidi isolates
  if (cp < 0x20A0) return kWordChar;    // superscripts, subscripts
  if (cp <= 0x20CF) return kPunctChar;  // currency
  if (cp < 0x2100) return kWordChar;    // combining marks for symbols
  if (cp <= 0x2BFF) return kPunctChar;  // letterlike, arrows, math, shapes, dingbats
  if (cp >= 0x2E00 && cp <= 0x2E7F) return kPunctChar;
  if (cp == 0x3000) return kSpace;
  if (cp >= 0x3001 && cp <= 0x303F) return kPunctChar;
  if (cp >= 0xD800 && cp <= 0xDFFF) return kPunctChar;
  if (cp >= 0xE000 && cp <= 0xF8FF) return kPunctChar;  // private use
  if (cp == 0xFEFF) return kSpace;                      // BOM / ZWNBSP
  if ((cp >= 0xFE10 && cp <= 0xFE1F) || (cp >= 0xFE30 && cp <= 0xFE6F)) return kPunctChar;
  if ((cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
      (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65))
    return kPunctChar;
  if (cp >= 0xFFF0 && cp <= 0xFFFF) return kPunctChar;    // specials, U+FFFD
  if (cp >= 0x1F000 && cp <= 0x1FAFF) return kPunctChar;  // emoji and pictographs
  if (cp > 0x10FFFF) return kPunctChar;
  return kWordChar;
}

// Decodes the code point at s[i] (which must be >= 0x80); invalid bytes decode to
// U+FFFD with length 1, so scanning always advances.
char32_t DecodeAt(std::string_view s, size_t i, size_t* len) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  unsigned char c = p[i];
  auto cont = [&](size_t k) { return i + k < n && (p[i + k] & 0xC0) == 0x80; };
  if (c >= 0xC2 && c < 0xE0 && cont(1)) {
    *len = 2;
    return ((c & 0x1F) << 6) | (p[i + 1] & 0x3F);
  }
  if (c >= 0xE0 && c < 0xF0 && cont(1) && cont(2)) {
    char32_t cp = ((c & 0x0F) << 12) | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
    if (cp >= 0x800) {
      *len = 3;
      return cp;
    }
  }
  if (c >= 0xF0 && c < 0xF5 && cont(1) && cont(2) && cont(3)) {
    char32_t cp = ((c & 0x07) << 18) | ((p[i + 1] & 0x3F) << 12) | ((p[i + 2] & 0x3F) << 6) |
                  (p[i + 3] & 0x3F);
    if (cp >= 0x10000 && cp <= 0x10FFFF) {
      *len = 4;
      return cp;
    }
  }
  *len = 1;
  return 0xFFFD;
}

bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
bool IsUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(unsigned char c) { return c >= 'a' && c <= 'z'; }
bool IsAlpha(unsigned char c) { return IsUpper(c) || IsLower(c); }
char Lower(char c) {
  return IsUpper(static_cast<unsigned char>(c)) ? static_cast<char>(c + 32) : c;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (Lower(a[i]) != Lower(b[i])) return false;
  return true;
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

// U+2019 RIGHT SINGLE QUOTATION MARK, the typographic apostrophe.
constexpr std::string_view kCurlyApostrophe = "\xE2\x80\x99";

// Length of an apostrophe (' or ’) at s[i], or 0.
size_t ApostropheAt(std::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  if (s[i] == '\'') return 1;
  if (s.compare(i, 3, kCurlyApostrophe) == 0) return 3;
  return 0;
}

using WordSet = std::unordered_set<std::string_view>;

const WordSet& Titles() {
  // Followed by a name or a number; a sentence does not end after them.
  static const WordSet* set = new WordSet{
      "Mr.",     "Mrs.",    "Ms.",     "Dr.",  "Prof.", "Gen.",  "Sen.",  "Rep.",  "Gov.",  "Lt.",
      "Col.",    "Capt.",   "Cmdr.",   "Cpl.", "Sgt.",  "Maj.",  "Adm.",  "Brig.", "Pvt.",  "Rev.",
      "Hon.",    "Pres.",   "Messrs.", "Mme.", "Mlle.", "Supt.", "Insp.", "Amb.",  "Atty.", "Gens.",
      "Sens.",   "Reps.",   "Fr.",     "Mt.",  "Ft.",   "No.",   "Nos.",  "no.",   "nos.",  "Nr.",
      "vs.",     "v.",      "Vs.",     "e.g.", "i.e.",  "E.g.",  "I.e.",  "cf.",   "Cf.",   "viz.",
      "approx.", "Approx.", "ca.",     "Fig.", "fig.",  "Figs.", "Vol.",  "vol.",  "pp.",   "p.",
      "Art.",    "art.",    "Sec.",    "Ch.",  "ch.",   "Op.",   "Ste.",
  };
  return *set;
}

const WordSet& OrdinaryAbbreviations() {
  // May end a sentence: "... with Apple Inc. The company ...".
  static const WordSet* set = new WordSet{
      "Jr.",   "Sr.",   "St.",    "Ave.",  "Blvd.", "Jan.",  "Feb.",  "Mar.",  "Apr.",  "Jun.",
      "Jul.",  "Aug.",  "Sep.",   "Sept.", "Oct.",  "Nov.",  "Dec.",  "Mon.",  "Tue.",  "Tues.",
      "Wed.",  "Thu.",  "Thurs.", "Fri.",  "Sat.",  "Sun.",  "Inc.",  "Corp.", "Ltd.",  "Co.",
      "Cos.",  "Bros.", "Dept.",  "Univ.", "Assn.", "Intl.", "Govt.", "Rd.",   "Hwy.",  "Ala.",
      "Ariz.", "Ark.",  "Calif.", "Colo.", "Conn.", "Del.",  "Fla.",  "Ga.",   "Ill.",  "Ind.",
      "Kan.",  "Kans.", "Ky.",    "La.",   "Md.",   "Mass.", "Mich.", "Minn.", "Miss.", "Mo.",
      "Mont.", "Neb.",  "Nev.",   "Okla.", "Ore.",  "Pa.",   "Penn.", "Tenn.", "Tex.",  "Va.",
      "Vt.",   "Wash.", "Wis.",   "Wyo.",  "est.",  "Est.",  "dept.", "govt.", "min.",  "max.",
      "Mln.",  "mln.",  "bln.",   "Bln.",  "yr.",   "yrs.",  "hr.",   "hrs.",  "Nos.",  "Gov't.",
      "incl.", "Incl.", "a.k.a.", "Ph.D.",
  };
  return *set;
}

// Titles that need a number after them to be abbreviations ("No. 1" but "said no.").
bool NeedsNumberAfter(std::string_view abbrev) {
  return abbrev == "No." || abbrev == "Nos." || abbrev == "no." || abbrev == "nos." ||
         abbrev == "Nr." || abbrev == "p." || abbrev == "pp." || abbrev == "Fig." ||
         abbrev == "fig." || abbrev == "Figs." || abbrev == "Art." || abbrev == "art." ||
         abbrev == "Sec." || abbrev == "Ch." || abbrev == "ch." || abbrev == "Op." ||
         abbrev == "vol." || abbrev == "Vol.";
}

const WordSet& Starters() {
  static const WordSet* set = new WordSet{
      "The",       "A",           "An",          "He",        "She",     "It",        "They",
      "We",        "I",           "You",         "This",      "That",    "These",     "Those",
      "There",     "His",         "Her",         "Its",       "Their",   "Our",       "My",
      "Your",      "In",          "On",          "At",        "But",     "And",       "Or",
      "So",        "If",          "When",        "While",     "After",   "Before",    "As",
      "However",   "Meanwhile",   "Some",        "Many",      "Most",    "All",       "Both",
      "Each",      "Such",        "What",        "Who",       "Why",     "How",       "Where",
      "For",       "From",        "With",        "By",        "To",      "Under",     "Since",
      "Although",  "Though",      "Despite",     "Instead",   "Now",     "Then",      "Today",
      "Yesterday", "Separately",  "Officials",   "According", "Still",   "Yet",       "Also",
      "Earlier",   "Later",       "Last",        "Next",      "One",     "Two",       "Three",
      "Several",   "Other",       "Another",     "Nor",       "Neither", "Either",    "Thus",
      "Therefore", "Moreover",    "Furthermore", "Here",      "Once",    "Because",   "Until",
      "Among",     "During",      "Over",        "About",     "Police",  "Witnesses", "Analysts",
      "Critics",   "Authorities", "Residents",
  };
  return *set;
}

const WordSet& FunctionWords() {
  static const WordSet* set = new WordSet{
      "the",    "a",       "an",      "of",      "to",     "in",      "on",    "at",     "by",
      "for",    "from",    "with",    "and",     "or",     "but",     "nor",   "as",     "that",
      "which",  "who",     "whom",    "whose",   "is",     "are",     "was",   "were",   "be",
      "been",   "has",     "have",    "had",     "will",   "would",   "can",   "could",  "should",
      "may",    "might",   "must",    "shall",   "into",   "onto",    "than",  "their",  "his",
      "her",    "its",     "our",     "your",    "my",     "this",    "these", "those",  "said",
      "says",   "told",    "between", "against", "about",  "over",    "under", "after",  "before",
      "during", "without", "within",  "across",  "toward", "towards", "among", "if",     "when",
      "while",  "because", "since",   "so",      "not",    "no",      "very",  "more",   "most",
      "less",   "such",    "some",    "any",     "all",    "each",    "both",  "either", "neither",
      "also",   "then",    "via",     "per",     "near",
  };
  return *set;
}

// Units that EWT splits off a number: "5pm" -> "5" "pm", "$170m" -> "170" "m".
bool IsNumberUnit(std::string_view s) {
  static const WordSet* set = new WordSet{
      "am",  "pm",  "m",  "bn",   "b",   "mn",  "tn",    "k",   "km",  "kg",  "mph",
      "kmh", "cm",  "mm", "ft",   "lb",  "lbs", "mw",    "gw",  "kw",  "mb",  "gb",
      "tb",  "hrs", "hr", "mins", "min", "sec", "secs",  "kph", "mi",  "yd",  "yds",
      "oz",  "g",   "mg", "ml",   "bln", "mln", "mmbtu", "bcf", "mwh", "kwh", "gwh",
  };
  if (s.size() > 5) return false;
  char buf[5];
  for (size_t i = 0; i < s.size(); ++i) buf[i] = Lower(s[i]);
  return set->count(std::string_view(buf, s.size())) > 0;
}

// "U.S", "a.m", "Ph.D", "e.g": letter groups of 1-3 separated by single periods, at
// least two groups (the caller adds the final period).
bool IsDottedAbbreviation(std::string_view w) {
  int groups = 0;
  size_t run = 0;
  for (char ch : w) {
    auto c = static_cast<unsigned char>(ch);
    if (IsAlpha(c)) {
      if (++run > 3) return false;
    } else if (c == '.') {
      if (run == 0) return false;
      ++groups;
      run = 0;
    } else {
      return false;
    }
  }
  if (run == 0) return false;
  return groups + 1 >= 2;
}

class Scanner {
 public:
  Scanner(std::string_view text, std::vector<SurfaceToken>* out) : t_(text), out_(out) {}

  void Run() {
    const size_t n = t_.size();
    size_t i = 0;
    pending_space_ = true;
    pending_newlines_ = 0;
    while (i < n) {
      size_t len = 1;
      auto c = static_cast<unsigned char>(t_[i]);
      CharClass cls;
      char32_t cp = c;
      if (c < 0x80) {
        cls = kAscii.cls[c];
      } else {
        cp = DecodeAt(t_, i, &len);
        cls = ClassifyCodePoint(cp);
      }
      if (cls == kSpace) {
        CountLineBreak(cp, i);
        pending_space_ = true;
        i += len;
        continue;
      }
      size_t pe = i + len;
      while (pe < n) {
        auto d = static_cast<unsigned char>(t_[pe]);
        if (d < 0x80) {
          if (kAscii.cls[d] == kSpace) break;
          ++pe;
        } else {
          size_t l;
          char32_t q = DecodeAt(t_, pe, &l);
          if (ClassifyCodePoint(q) == kSpace) break;
          pe += l;
        }
      }
      ScanPiece(i, pe);
      i = pe;
    }
    for (size_t k = 0; k + 1 < out_->size(); ++k)
      (*out_)[k].space_after = (*out_)[k + 1].space_before;
    if (!out_->empty()) out_->back().space_after = true;
  }

 private:
  void CountLineBreak(char32_t cp, size_t i) {
    int add = 0;
    if (cp == '\n' || cp == 0x85 || cp == 0x2028) {
      add = 1;
    } else if (cp == '\r') {
      add = (i + 1 < t_.size() && t_[i + 1] == '\n') ? 0 : 1;
    } else if (cp == '\f' || cp == 0x2029) {
      add = 2;
    }
    if (add) {
      pending_newlines_ = static_cast<uint8_t>(std::min(2, pending_newlines_ + add));
      if (pending_newlines_ >= 2) open_single_quote_ = false;
    }
  }

  void Emit(size_t b, size_t e, TokenKind kind, bool bullet = false) {
    SurfaceToken t;
    t.begin = static_cast<uint32_t>(b);
    t.end = static_cast<uint32_t>(e);
    t.kind = kind;
    t.newlines_before = pending_newlines_;
    t.space_before = pending_space_;
    t.line_start = pending_newlines_ > 0 || out_->empty();
    t.bullet = bullet;
    out_->push_back(t);
    pending_newlines_ = 0;
    pending_space_ = false;
  }

  // True when the code point at i (< end) is a word character; sets *len.
  bool WordCharAt(size_t i, size_t end, size_t* len) const {
    if (i >= end) return false;
    auto c = static_cast<unsigned char>(t_[i]);
    if (c < 0x80) {
      *len = 1;
      return kAscii.cls[c] == kWordChar;
    }
    char32_t cp = DecodeAt(t_, i, len);
    return ClassifyCodePoint(cp) == kWordChar;
  }
  bool WordCharAt(size_t i, size_t end) const {
    size_t len;
    return WordCharAt(i, end, &len);
  }

  // A piece is a maximal run without whitespace.
  void ScanPiece(size_t ps, size_t pe) {
    bool line_start = pending_newlines_ > 0 || out_->empty();
    if (line_start && ScanListMarker(ps, pe)) return;
    bool has_at = std::memchr(t_.data() + ps, '@', pe - ps) != nullptr;
    size_t p = ps;
    while (p < pe) {
      auto c = static_cast<unsigned char>(t_[p]);
      size_t len = 1;
      bool word = WordCharAt(p, pe, &len);
      if (!word && c == '@' && WordCharAt(p + 1, pe)) word = true;
      if (!word && c == '#' && p + 1 < pe && IsAlpha(static_cast<unsigned char>(t_[p + 1])))
        word = true;
      if (!word && (len = DecadeAt(p, pe)) > 0) {  // '90s, ’68
        Emit(p, p + len, TokenKind::kWord);
        p += len;
        continue;
      }
      if (!word && (len = EmoticonAt(p, pe)) > 0) {
        Emit(p, p + len, TokenKind::kPunct);
        p += len;
        continue;
      }
      if (word) {
        size_t q = UrlEnd(p, pe);
        if (q == p && has_at && p >= no_email_before_) q = EmailEnd(p, pe);
        if (q > p) {
          Emit(p, q, TokenKind::kUrl);
        } else {
          bool abbrev = false;
          q = ScanWord(p, pe, &abbrev);
          size_t unit = NumberUnitStart(p, q);
          if (unit != q && !abbrev) {
            Emit(p, unit, TokenKind::kWord);
            Emit(unit, q, TokenKind::kWord);
          } else {
            Emit(p, q, abbrev ? TokenKind::kAbbrev : TokenKind::kWord);
          }
        }
        p = q;
        continue;
      }
      if (c < 0x80) {
        p = ScanAsciiPunct(p, ps, pe);
      } else {
        char32_t cp = DecodeAt(t_, p, &len);
        TokenKind kind = TokenKind::kPunct;
        if (cp == 0x2026) {
          kind = TokenKind::kFinal;
        } else if (cp == 0x2018 || cp == 0x201C || cp == 0xAB || cp == 0x201E || cp == 0xBF ||
                   cp == 0xA1 || cp == 0x201A) {
          kind = TokenKind::kOpen;
          if (cp == 0x2018 || cp == 0x201A) open_single_quote_ = true;
        } else if (cp == 0x2019) {
          kind = TokenKind::kQuote;
          if (p == ps) {
            open_single_quote_ = true;
          } else {
            open_single_quote_ = false;
          }
        } else if (cp == 0x201D || cp == 0xBB) {
          kind = TokenKind::kClose;
        } else if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212) {
          kind = TokenKind::kDash;
        }
        Emit(p, p + len, kind);
        p += len;
      }
    }
  }

  // "'90s", "’68": an apostrophe for a dropped century, kept on the number.
  size_t DecadeAt(size_t p, size_t pe) const {
    size_t a = ApostropheAt(t_, p);
    if (a == 0 || p + a + 2 > pe) return 0;
    size_t k = p + a;
    if (!IsDigit(static_cast<unsigned char>(t_[k])) ||
        !IsDigit(static_cast<unsigned char>(t_[k + 1])))
      return 0;
    k += 2;
    if (k < pe && t_[k] == 's') ++k;
    return WordCharAt(k, pe) ? 0 : k - p;
  }

  // ":)", ";-)", ":D" and friends standing at the end of a piece.
  size_t EmoticonAt(size_t p, size_t pe) const {
    static constexpr std::string_view kFaces[] = {":-)", ":-(", ";-)", ":-D", ":-P", ":)",
                                                  ":(",  ";)",  ":D",  ":P",  ":/",  "=)",
                                                  "(:",  "):",  "<3",  "^^",  ":p"};
    std::string_view rest = t_.substr(p, pe - p);
    for (std::string_view f : kFaces)
      if (rest.size() == f.size() && rest == f) return f.size();
    return 0;
  }

  size_t RunOf(size_t p, size_t pe, const char* chars) const {
    size_t q = p;
    while (q < pe && std::strchr(chars, t_[q]) != nullptr && t_[q] != '\0') ++q;
    return q;
  }

  size_t ScanAsciiPunct(size_t p, size_t ps, size_t pe) {
    char c = t_[p];
    size_t q = p + 1;
    TokenKind kind = TokenKind::kPunct;
    switch (c) {
      case '.':
      case '!':
      case '?':
        q = RunOf(p, pe, ".!?");
        kind = TokenKind::kFinal;
        break;
      case '*':
      case '^':
      case '+':
      case '=':
      case '~':
      case '<':
      case '>':
      case '#':
        while (q < pe && t_[q] == c) ++q;  // "**", "+++", "====" are one token
        break;
      case '-':
        q = RunOf(p, pe, "-");
        kind = TokenKind::kDash;
        break;
      case '(':
      case '[':
      case '{':
        kind = TokenKind::kOpen;
        break;
      case ')':
      case ']':
      case '}':
        kind = TokenKind::kClose;
        break;
      case '"':
        kind = TokenKind::kQuote;
        break;
      case '`':
        q = RunOf(p, pe, "`");
        kind = TokenKind::kQuote;
        break;
      case '\'':
        kind = TokenKind::kQuote;
        if (q < pe && t_[q] == '\'') ++q;  // '' as a closing double quote
        open_single_quote_ = (p == ps);
        break;
      default:
        break;
    }
    Emit(p, q, kind);
    return q;
  }

  // "1." / "12)" / "a)" / "-" / "•" alone at the start of a line.
  bool ScanListMarker(size_t ps, size_t pe) {
    std::string_view piece = t_.substr(ps, pe - ps);
    static constexpr std::string_view kBullets[] = {"-",
                                                    "*",
                                                    "\xE2\x80\xA2" /* • */,
                                                    "\xC2\xB7" /* · */,
                                                    "\xE2\x96\xAA" /* ▪ */,
                                                    "\xE2\x97\xA6" /* ◦ */,
                                                    "\xE2\x80\xA3" /* ‣ */,
                                                    "\xE2\x80\x93" /* – */,
                                                    "\xE2\x80\x94" /* — */,
                                                    "\xE2\x97\x8F" /* ● */,
                                                    "\xE2\x96\xA0" /* ■ */,
                                                    "+"};
    for (std::string_view b : kBullets) {
      if (piece == b) {
        TokenKind kind = (b == "-" || b == "\xE2\x80\x93" || b == "\xE2\x80\x94")
                             ? TokenKind::kDash
                             : TokenKind::kPunct;
        Emit(ps, pe, kind, /*bullet=*/true);
        return true;
      }
    }
    if (piece.size() < 2 || piece.size() > 4) return false;
    char last = piece.back();
    std::string_view head = piece.substr(0, piece.size() - 1);
    bool digits = true;
    for (char ch : head) digits = digits && IsDigit(static_cast<unsigned char>(ch));
    bool letter = head.size() == 1 && IsAlpha(static_cast<unsigned char>(head[0]));
    if (last == '.' && digits) {
      Emit(ps, pe, TokenKind::kListMarker, /*bullet=*/true);
      return true;
    }
    if (last == ')' && (digits || letter)) {
      Emit(ps, pe - 1, TokenKind::kWord, /*bullet=*/true);
      Emit(pe - 1, pe, TokenKind::kClose);
      return true;
    }
    return false;
  }

  // End of a URL starting at p, or p when there is none.
  size_t UrlEnd(size_t p, size_t pe) const {
    std::string_view s = t_.substr(p, pe - p);
    char first = Lower(s[0]);
    if (first != 'h' && first != 'f' && first != 'w' && first != 'm') return p;
    size_t prefix = 0;
    if (StartsWithIgnoreCase(s, "http://")) {
      prefix = 7;
    } else if (StartsWithIgnoreCase(s, "https://")) {
      prefix = 8;
    } else if (StartsWithIgnoreCase(s, "ftp://")) {
      prefix = 6;
    } else if (StartsWithIgnoreCase(s, "mailto:") && s.find('@') != std::string_view::npos) {
      prefix = 7;
    } else if (StartsWithIgnoreCase(s, "www.") && s.size() > 4 && WordCharAt(p + 4, pe)) {
      prefix = 4;
    } else {
      return p;
    }
    if (s.size() <= prefix) return p;
    size_t opens = 0, closes = 0;
    for (char ch : s) {
      opens += ch == '(';
      closes += ch == ')';
    }
    size_t q = pe;
    while (q > p + prefix) {
      char ch = t_[q - 1];
      if (ch == ')') {
        if (closes <= opens) break;
        --closes;
        --q;
      } else if (std::strchr(".,;:!?'\"]}>", ch) != nullptr && ch != '\0') {
        --q;
      } else if (q >= p + prefix + 3 && (t_.compare(q - 3, 3, "\xE2\x80\x99") == 0 ||
                                         t_.compare(q - 3, 3, "\xE2\x80\x9D") == 0)) {
        q -= 3;
      } else {
        break;
      }
    }
    return q > p + prefix ? q : p;
  }

  static bool EmailLocalChar(unsigned char c) {
    return IsAlpha(c) || IsDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }
  static bool DomainChar(unsigned char c) {
    return IsAlpha(c) || IsDigit(c) || c == '.' || c == '-';
  }

  // End of an e-mail address starting at p, or p. Remembers how far a failed scan got so
  // that later starts inside the same run are not rescanned (keeps the pass linear).
  size_t EmailEnd(size_t p, size_t pe) {
    size_t r = p;
    while (r < pe && EmailLocalChar(static_cast<unsigned char>(t_[r]))) ++r;
    if (r == p || r >= pe || t_[r] != '@') {
      no_email_before_ = r;
      return p;
    }
    size_t d = r + 1;
    while (d < pe && DomainChar(static_cast<unsigned char>(t_[d]))) ++d;
    size_t e = d;
    while (e > r + 1 && (t_[e - 1] == '.' || t_[e - 1] == '-')) --e;
    std::string_view domain = t_.substr(r + 1, e - r - 1);
    size_t dot = domain.rfind('.');
    bool ok = !domain.empty() && (IsAlpha(static_cast<unsigned char>(domain[0])) ||
                                  IsDigit(static_cast<unsigned char>(domain[0])));
    // "desk@example.org", also intranet names like "Smith@ACME".
    ok = ok && (dot == std::string_view::npos || (dot != 0 && dot + 2 <= domain.size())) &&
         (IsAlpha(static_cast<unsigned char>(t_[p])) || IsDigit(static_cast<unsigned char>(t_[p])));
    if (!ok) {
      no_email_before_ = d;
      return p;
    }
    return e;
  }

  bool ThreeDigitsAt(size_t i, size_t pe) const {
    if (i + 3 > pe) return false;
    for (size_t k = i; k < i + 3; ++k)
      if (!IsDigit(static_cast<unsigned char>(t_[k]))) return false;
    return i + 3 == pe || !IsDigit(static_cast<unsigned char>(t_[i + 3]));
  }

  // One or two ASCII letters/digits from i, then no further word character.
  bool ShortSegmentAfter(size_t i, size_t pe) const {
    size_t k = i;
    while (
        k < pe && k < i + 3 &&
        (IsAlpha(static_cast<unsigned char>(t_[k])) || IsDigit(static_cast<unsigned char>(t_[k]))))
      ++k;
    return k > i && k - i <= 2 && !WordCharAt(k, pe);
  }

  // Scans one word from p (a word character, or @/# before one). Inner hyphens, periods,
  // commas and colons between digits, slashes, ampersands between capitals and
  // apostrophes before letters stay inside. A final period is kept (and *abbrev set)
  // when the word is an abbreviation or an initial.
  size_t ScanWord(size_t p, size_t pe, bool* abbrev) {
    size_t q = p;
    if (t_[q] == '@' || t_[q] == '#') ++q;
    size_t len;
    size_t segment_start = q;  // start of the current run after a '/' or '-'
    for (;;) {
      while (WordCharAt(q, pe, &len)) q += len;
      if (q >= pe) break;
      auto c = static_cast<unsigned char>(t_[q]);
      auto prev = static_cast<unsigned char>(t_[q - 1]);
      if (c == '-') {
        if (WordCharAt(q + 1, pe)) {
          ++q;
          segment_start = q;
          continue;
        }
        break;
      }
      if (c == '/') {
        // Dates and fractions (9/11, 24/7) and short pairs (L/C, w/o) stay whole;
        // "USD/Euro" and "and/or" are split like EWT does.
        if (IsDigit(prev) && q + 1 < pe && IsDigit(static_cast<unsigned char>(t_[q + 1]))) {
          ++q;
          continue;
        }
        if (q - segment_start <= 2 && ShortSegmentAfter(q + 1, pe)) {
          ++q;
          segment_start = q;
          continue;
        }
        break;
      }
      if (c == '.') {
        if (WordCharAt(q + 1, pe)) {
          ++q;
          continue;
        }
        if (q + 1 < pe && t_[q + 1] == '.') break;  // ellipsis follows
        if (IsAbbreviationBefore(p, q, pe)) {
          ++q;
          *abbrev = true;
          // "U.S.-led": the hyphen joins the abbreviation to the next word.
          if (q + 1 < pe && t_[q] == '-' && WordCharAt(q + 1, pe)) {
            *abbrev = false;
            ++q;
            continue;
          }
        }
        break;
      }
      if (c == ',') {
        // Thousands groups have exactly three digits: "30,000" but "11,2000" splits.
        if (IsDigit(prev) && ThreeDigitsAt(q + 1, pe)) {
          ++q;
          continue;
        }
        break;
      }
      if (c == ':') {
        if (IsDigit(prev) && q + 1 < pe && IsDigit(static_cast<unsigned char>(t_[q + 1]))) {
          ++q;
          continue;
        }
        break;
      }
      if (c == '&') {
        if (IsUpper(prev) && q + 1 < pe && IsUpper(static_cast<unsigned char>(t_[q + 1]))) {
          ++q;
          continue;
        }
        break;
      }
      if (size_t a = ApostropheAt(t_, q)) {
        if (q + a < pe && WordCharAt(q + a, pe)) {
          q += a;
          continue;
        }
        // Possessive plural "workers'" unless it closes a single-quoted phrase.
        if ((prev == 's' || prev == 'S') && !open_single_quote_) q += a;
        break;
      }
      break;
    }
    return q;
  }

  // True when the word t_[p, dot) followed by the period at `dot` is an abbreviation.
  bool IsAbbreviationBefore(size_t p, size_t dot, size_t pe) const {
    std::string_view w = t_.substr(p, dot - p);
    if (w.size() == 1 && IsUpper(static_cast<unsigned char>(w[0]))) return true;  // initial
    if (w.size() > 7) return false;
    if (IsDottedAbbreviation(w)) return true;
    std::string_view with_dot = t_.substr(p, dot + 1 - p);
    if (ClassifyAbbreviation(with_dot) == AbbrevClass::kNone) return false;
    if (NeedsNumberAfter(with_dot)) {
      size_t k = dot + 1;
      while (k < t_.size() && (t_[k] == ' ' || t_[k] == '\t')) ++k;
      return k < t_.size() && IsDigit(static_cast<unsigned char>(t_[k]));
    }
    return true;
  }

  // Where a unit suffix starts in a number word ("5pm" -> at "pm"), or q when none.
  size_t NumberUnitStart(size_t p, size_t q) const {
    if (!IsDigit(static_cast<unsigned char>(t_[p]))) return q;
    size_t k = p;
    while (k < q && (IsDigit(static_cast<unsigned char>(t_[k])) || t_[k] == ',' || t_[k] == '.' ||
                     t_[k] == ':'))
      ++k;
    if (k == q || k - p > 32) return q;
    for (size_t j = k; j < q; ++j)
      if (!IsAlpha(static_cast<unsigned char>(t_[j]))) return q;
    if (!IsDigit(static_cast<unsigned char>(t_[k - 1]))) return q;
    return IsNumberUnit(t_.substr(k, q - k)) ? k : q;
  }

  std::string_view t_;
  std::vector<SurfaceToken>* out_;
  uint8_t pending_newlines_ = 0;
  bool pending_space_ = true;
  bool open_single_quote_ = false;
  size_t no_email_before_ = 0;
};

}  // namespace

void ScanSurfaceTokens(std::string_view text, std::vector<SurfaceToken>* out) {
  out->clear();
  constexpr size_t kMaxBytes = 0xFFFFFFF0u;  // spans are 32-bit
  if (text.size() > kMaxBytes) text = text.substr(0, kMaxBytes);
  Scanner(text, out).Run();
}

AbbrevClass ClassifyAbbreviation(std::string_view word) {
  if (word == "etc." || word == "Etc.") return AbbrevClass::kListEnd;
  if (Titles().count(word)) return AbbrevClass::kTitle;
  if (OrdinaryAbbreviations().count(word)) return AbbrevClass::kOrdinary;
  if (word.size() >= 2 && word.back() == '.') {
    std::string_view w = word.substr(0, word.size() - 1);
    if (w.size() == 1 && IsUpper(static_cast<unsigned char>(w[0]))) return AbbrevClass::kOrdinary;
    if (IsDottedAbbreviation(w)) return AbbrevClass::kOrdinary;
  }
  return AbbrevClass::kNone;
}

bool IsSentenceStarter(std::string_view word) { return Starters().count(word) > 0; }

bool IsLowercaseAbbreviation(std::string_view word) {
  static const WordSet* set = new WordSet{
      "corp", "inc",  "ltd",  "bros", "approx", "est",  "dept", "govt", "gov",  "sen",  "rep",
      "gen",  "col",  "capt", "sgt",  "vs",     "fig",  "figs", "vol",  "vols", "pp",   "jan",
      "feb",  "mar",  "apr",  "jun",  "jul",    "aug",  "sep",  "sept", "oct",  "nov",  "dec",
      "etc",  "incl", "min",  "max",  "mln",    "bln",  "hrs",  "yrs",  "mins", "secs", "pts",
      "nos",  "tel",  "ext",  "ave",  "blvd",   "assn", "univ", "intl", "natl", "cf",   "viz",
      "ibid", "op",   "cit",  "esp",  "misc",   "orig", "abbr", "dept", "div",  "mgr",  "mfg",
      "pop",  "ca",   "def",  "rev",  "chap",
  };
  return set->count(word) > 0;
}

bool IsOpenFunctionWord(std::string_view word) { return FunctionWords().count(word) > 0; }

int ContractionCuts(std::string_view word, uint32_t cuts[3]) {
  uint32_t found[3];
  int n = 0;
  size_t end = word.size();
  if (end < 2 || end > 64) return 0;
  // Fast exit for the common case: no apostrophe and not gonna/wanna/gotta/cannot.
  if (end != 5 && end != 6 && std::memchr(word.data(), '\'', end) == nullptr &&
      std::memchr(word.data(), '\xE2', end) == nullptr)
    return 0;
  while (n < 3) {
    std::string_view w = word.substr(0, end);
    size_t cut = std::string_view::npos;
    // n't / n’t
    for (size_t a : {size_t{1}, size_t{3}}) {
      if (w.size() >= a + 3 && Lower(w[w.size() - 1]) == 't' &&
          ApostropheAt(w, w.size() - 1 - a) == a && Lower(w[w.size() - 2 - a]) == 'n' &&
          w.size() - 2 - a > 0) {
        cut = w.size() - 2 - a;
        break;
      }
    }
    if (cut == std::string_view::npos) {
      // 's 'm 'd 're 've 'll, with ' or ’
      static constexpr std::string_view kSuffixes[] = {"s", "m", "d", "re", "ve", "ll"};
      for (std::string_view suf : kSuffixes) {
        if (w.size() < suf.size() + 2) continue;
        if (!EqualsIgnoreCase(w.substr(w.size() - suf.size()), suf)) continue;
        size_t before = w.size() - suf.size();
        if (before >= 2 && ApostropheAt(w, before - 1) == 1) {
          cut = before - 1;
        } else if (before >= 4 && ApostropheAt(w, before - 3) == 3) {
          cut = before - 3;
        }
        if (cut != std::string_view::npos) break;
      }
    }
    if (cut == std::string_view::npos) {
      // Possessive plural: "workers'" -> "workers" "'".
      if (w.size() >= 2 && w.back() == '\'' && Lower(w[w.size() - 2]) == 's') {
        cut = w.size() - 1;
      } else if (w.size() >= 4 && ApostropheAt(w, w.size() - 3) == 3 &&
                 Lower(w[w.size() - 4]) == 's') {
        cut = w.size() - 3;
      }
    }
    if (cut == std::string_view::npos || cut == 0) break;
    // The rest must still contain a letter, so "'s" alone or "n't" alone stays whole.
    bool letter = false;
    for (size_t i = 0; i < cut && !letter; ++i)
      letter =
          IsAlpha(static_cast<unsigned char>(w[i])) || static_cast<unsigned char>(w[i]) >= 0x80;
    if (!letter) break;
    found[n++] = static_cast<uint32_t>(cut);
    end = cut;
  }
  if (n == 0 && (word.size() == 5 || word.size() == 6)) {
    if (EqualsIgnoreCase(word, "gonna") || EqualsIgnoreCase(word, "wanna") ||
        EqualsIgnoreCase(word, "gotta") || EqualsIgnoreCase(word, "cannot")) {
      found[n++] = 3;
    }
  }
  for (int i = 0; i < n; ++i) cuts[i] = found[n - 1 - i];
  return n;
}

}  // namespace khaldun::segment
