#include "place/fold.h"

#include "base/utf8.h"

namespace khaldun {
namespace {

// Generated from Unicode NFKD decompositions (base letter of each precomposed Latin
// letter), with the usual transliterations for letters that do not decompose.
// U+00C0..U+024F -> ASCII base letters ("" = not a letter with a base).
constexpr const char* kFold00C0[400] = {
    "a", "a",  "a",  "a",  "a",  "a",  "ae", "c",  "e",  "e",  "e",  "e",  "i",  "i", "i",  "i",
    "d", "n",  "o",  "o",  "o",  "o",  "o",  "",   "o",  "u",  "u",  "u",  "u",  "y", "th", "ss",
    "a", "a",  "a",  "a",  "a",  "a",  "ae", "c",  "e",  "e",  "e",  "e",  "i",  "i", "i",  "i",
    "d", "n",  "o",  "o",  "o",  "o",  "o",  "",   "o",  "u",  "u",  "u",  "u",  "y", "th", "y",
    "a", "a",  "a",  "a",  "a",  "a",  "c",  "c",  "c",  "c",  "c",  "c",  "c",  "c", "d",  "d",
    "d", "d",  "e",  "e",  "e",  "e",  "e",  "e",  "e",  "e",  "e",  "e",  "g",  "g", "g",  "g",
    "g", "g",  "g",  "g",  "h",  "h",  "h",  "h",  "i",  "i",  "i",  "i",  "i",  "i", "i",  "i",
    "i", "i",  "ij", "ij", "j",  "j",  "k",  "k",  "k",  "l",  "l",  "l",  "l",  "l", "l",  "l",
    "l", "l",  "l",  "n",  "n",  "n",  "n",  "n",  "n",  "n",  "n",  "n",  "o",  "o", "o",  "o",
    "o", "o",  "oe", "oe", "r",  "r",  "r",  "r",  "r",  "r",  "s",  "s",  "s",  "s", "s",  "s",
    "s", "s",  "t",  "t",  "t",  "t",  "",   "",   "u",  "u",  "u",  "u",  "u",  "u", "u",  "u",
    "u", "u",  "u",  "u",  "w",  "w",  "y",  "y",  "y",  "z",  "z",  "z",  "z",  "z", "z",  "s",
    "b", "",   "",   "",   "",   "",   "o",  "",   "c",  "",   "",   "",   "",   "",  "e",  "e",
    "e", "",   "f",  "",   "",   "",   "",   "",   "",   "k",  "l",  "",   "",   "",  "n",  "",
    "o", "o",  "",   "",   "",   "p",  "",   "",   "",   "",   "",   "t",  "",   "t", "",   "u",
    "u", "",   "",   "",   "y",  "",   "z",  "z",  "",   "",   "",   "",   "",   "",  "",   "",
    "",  "",   "",   "",   "dz", "dz", "dz", "lj", "lj", "lj", "nj", "nj", "nj", "a", "a",  "i",
    "i", "o",  "o",  "u",  "u",  "u",  "u",  "u",  "u",  "u",  "u",  "u",  "u",  "e", "a",  "a",
    "a", "a",  "",   "",   "",   "",   "g",  "g",  "k",  "k",  "o",  "o",  "o",  "o", "z",  "z",
    "j", "dz", "dz", "dz", "g",  "g",  "",   "",   "n",  "n",  "a",  "a",  "",   "",  "",   "",
    "a", "a",  "a",  "a",  "e",  "e",  "e",  "e",  "i",  "i",  "i",  "i",  "o",  "o", "o",  "o",
    "r", "r",  "r",  "r",  "u",  "u",  "u",  "u",  "s",  "s",  "t",  "t",  "",   "",  "h",  "h",
    "",  "d",  "",   "",   "",   "z",  "a",  "a",  "e",  "e",  "o",  "o",  "o",  "o", "o",  "o",
    "o", "o",  "y",  "y",  "l",  "n",  "t",  "j",  "db", "qp", "",   "c",  "c",  "",  "",   "s",
    "z", "",   "",   "",   "",   "",   "e",  "e",  "",   "j",  "",   "",   "",   "r", "",   "y",
};
// U+1E00..U+1EFF -> ASCII base letters ("" = not a letter with a base).
constexpr const char* kFold1E00[256] = {
    "a", "a", "b", "b", "b",  "b", "b",  "b", "c", "c", "d", "d", "d", "d", "d", "d", "d", "d", "d",
    "d", "e", "e", "e", "e",  "e", "e",  "e", "e", "e", "e", "f", "f", "g", "g", "h", "h", "h", "h",
    "h", "h", "h", "h", "h",  "h", "i",  "i", "i", "i", "k", "k", "k", "k", "k", "k", "l", "l", "l",
    "l", "l", "l", "l", "l",  "m", "m",  "m", "m", "m", "m", "n", "n", "n", "n", "n", "n", "n", "n",
    "o", "o", "o", "o", "o",  "o", "o",  "o", "p", "p", "p", "p", "r", "r", "r", "r", "r", "r", "r",
    "r", "s", "s", "s", "s",  "s", "s",  "s", "s", "s", "s", "t", "t", "t", "t", "t", "t", "t", "t",
    "u", "u", "u", "u", "u",  "u", "u",  "u", "u", "u", "v", "v", "v", "v", "w", "w", "w", "w", "w",
    "w", "w", "w", "w", "w",  "x", "x",  "x", "x", "y", "y", "z", "z", "z", "z", "z", "z", "h", "t",
    "w", "y", "",  "s", "",   "",  "ss", "",  "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a",
    "a", "a", "a", "a", "a",  "a", "a",  "a", "a", "a", "a", "a", "a", "e", "e", "e", "e", "e", "e",
    "e", "e", "e", "e", "e",  "e", "e",  "e", "e", "e", "i", "i", "i", "i", "o", "o", "o", "o", "o",
    "o", "o", "o", "o", "o",  "o", "o",  "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o",
    "u", "u", "u", "u", "u",  "u", "u",  "u", "u", "u", "u", "u", "u", "u", "y", "y", "y", "y", "y",
    "y", "y", "y", "",  "ll", "",  "",   "",  "",
};

const char* LatinBase(char32_t cp) {
  if (cp >= 0xC0 && cp < 0x250) return kFold00C0[cp - 0xC0];
  if (cp >= 0x1E00 && cp < 0x1F00) return kFold1E00[cp - 0x1E00];
  if (cp == 0x166 || cp == 0x167) return "t";
  return nullptr;
}

bool IsVanishing(char32_t cp) {
  switch (cp) {
    case '\'':
    case '`':
    case '.':
    case 0xB4:
    case 0x2018:
    case 0x2019:
    case 0x201B:
    case 0x2BB:
    case 0x2BC:
    case 0x2BE:
    case 0x2BF:
    case 0x2C8:
    case 0x2CA:
    case 0x2CB:
      return true;
  }
  return cp >= 0x300 && cp < 0x370;  // combining diacritical marks
}

bool IsSeparator(char32_t cp) {
  if (cp < 0x80) {
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '-' || cp == '_' ||
           cp == ',' || cp == '/' || cp == '(' || cp == ')' || cp == '"' || cp == ';' ||
           cp == ':' || cp == '!' || cp == '?' || cp == '&' || cp == '+' || cp == '[' ||
           cp == ']' || cp == '*' || cp == '#' || cp == '|';
  }
  return cp == 0xA0 || (cp >= 0x2000 && cp <= 0x2015) || cp == 0x201C || cp == 0x201D ||
         cp == 0x2212 || cp == 0x3000 || cp == 0xFFFD;
}

}  // namespace

bool FoldName(std::string_view s, std::string* out) {
  out->clear();
  bool latin = true;
  bool pending_space = false;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    char32_t cp;
    if (c < 0x80) {
      cp = c;
      ++i;
    } else {
      cp = DecodeUtf8(s, &i);
    }
    if (IsVanishing(cp)) continue;
    if (IsSeparator(cp)) {
      pending_space = !out->empty();
      continue;
    }
    const char* base = nullptr;
    char ascii[2] = {0, 0};
    if (cp < 0x80) {
      ascii[0] = static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
      base = ascii;
    } else {
      base = LatinBase(cp);
      if (base && !*base) base = nullptr;
    }
    if (pending_space) out->push_back(' '), pending_space = false;
    if (base) {
      out->append(base);
    } else {
      if (cp >= 0x370) latin = false;  // Greek, Cyrillic, Arabic, CJK, ...
      AppendUtf8(cp, out);
    }
  }
  return latin;
}

std::string FoldName(std::string_view s) {
  std::string out;
  FoldName(s, &out);
  return out;
}

uint64_t HashFolded(std::string_view folded) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : folded) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace khaldun
