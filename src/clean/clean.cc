#include "clean/clean.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <bit>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>

#include "ingest/text_builder.h"

namespace khaldun {
namespace {

using std::string_view;

bool IsSpaceByte(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLowerAscii(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string LowerCopy(string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

bool StartsWithAny(string_view s, std::initializer_list<string_view> prefixes) {
  for (string_view p : prefixes)
    if (s.starts_with(p)) return true;
  return false;
}

bool ContainsAny(string_view s, std::initializer_list<string_view> needles) {
  for (string_view n : needles)
    if (s.find(n) != string_view::npos) return true;
  return false;
}

// Whitespace-collapsed copy used to recognise repeats.
std::string Normalize(string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (IsSpaceByte(c) || c == '\n') {
      space = true;
    } else {
      if (space && !out.empty()) out.push_back(' ');
      space = false;
      out.push_back(c);
    }
  }
  return out;
}

// Is Normalize(s) == s? (No leading, trailing or repeated spaces, no other
// whitespace: most lines of page text.)
bool IsNormalized(string_view s) {
  if (s.empty()) return true;
  if (s.front() == ' ' || s.back() == ' ') return false;
  bool prev_space = false;
  size_t i = 0;
#if defined(__SSE2__)
  // Sixteen bytes at a time: any byte <= 0x20 but a single space sends the line to
  // Normalize (other control bytes too, which is only slower, never wrong).
  const __m128i space = _mm_set1_epi8(' ');
  for (; i + 16 <= s.size(); i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    int low = _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(v, space), v));
    int spaces = _mm_movemask_epi8(_mm_cmpeq_epi8(v, space));
    if (low != spaces || (spaces & (spaces >> 1)) || (prev_space && (spaces & 1))) return false;
    prev_space = (spaces >> 15) & 1;
  }
#endif
  for (char c : s.substr(i)) {
    if (static_cast<unsigned char>(c) > ' ') {
      prev_space = false;
      continue;
    }
    if (c != ' ' ? (IsSpaceByte(c) || c == '\n') : prev_space) return false;
    prev_space = c == ' ';
  }
  return true;
}

// Last code point class: does the line end a sentence?
bool EndsSentence(string_view s) {
  while (!s.empty()) {
    char c = s.back();
    // Closing quotes/brackets (ASCII or the UTF-8 right quotes U+2019, U+201D).
    if (c == '"' || c == '\'' || c == ')' || c == ']') {
      s.remove_suffix(1);
      continue;
    }
    if (s.size() >= 3 && s.substr(s.size() - 3) == "\u201D") {
      s.remove_suffix(3);
      continue;
    }
    if (s.size() >= 3 && s.substr(s.size() - 3) == "\u2019") {
      s.remove_suffix(3);
      continue;
    }
    return c == '.' || c == '!' || c == '?' || c == ':' ||
           (s.size() >= 3 && s.substr(s.size() - 3) == "\u2026");
  }
  return false;
}

size_t WordCount(string_view s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool sp = IsSpaceByte(c);
    if (!sp && !in) ++n;
    in = !sp;
  }
  return n;
}

// ------------------------------------------------------------------ line kinds
bool IsWidget(string_view s) {
  if (s.size() <= 3) {
    for (char c : s)
      if (IsLowerAscii(c)) return false;
    return true;
  }
  // "A A A", "A- A+", "AA AA" text-size controls.
  if (s.size() <= 16) {
    bool all_short = true;
    size_t tokens = 0;
    size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && s[i] == ' ') ++i;
      size_t j = i;
      while (j < s.size() && s[j] != ' ') ++j;
      if (j > i) {
        ++tokens;
        if (j - i > 2) all_short = false;
        for (size_t k = i; k < j; ++k)
          if (!(IsUpper(s[k]) || IsDigit(s[k]) || s[k] == '+' || s[k] == '-')) all_short = false;
      }
      i = j;
    }
    if (all_short && tokens >= 2) return true;
  }
  if (s.size() > 40) return false;
  std::string l = LowerCopy(s);
  static constexpr string_view kExact[] = {
      "text size", "font size", "listen", "listen to this article", "print", "share", "email",
      "e-mail", "tweet", "comments", "comment", "save", "copy link", "copied", "bookmark",
      "zoom", "reset", "close", "menu", "search", "skip to content", "skip to main content",
      "back to top", "loading", "loading...", "facebook", "twitter", "whatsapp", "linkedin",
      "reddit", "pinterest", "gift this article", "save article", "print article",
      "share article", "show comments", "hide caption", "toggle caption", "enlarge this image",
      "expand", "collapse", "next", "previous", "more", "less", "view gallery"};
  for (string_view e : kExact)
    if (l == e) return true;
  return false;
}

bool IsCredit(string_view s) {
  if (s.size() > 120 || s.size() < 4) return false;
  if (s.back() == '.' && !s.ends_with("Ltd.") && !s.ends_with("Inc.")) return false;
  if (StartsWithAny(s, {"REUTERS/", "Reuters/", "AP Photo/", "AP Photo", "AFP/", "AFP via ",
                        "Getty Images", "EPA/", "EPA-EFE/", "Photo: ", "Photo by ", "Photo courtesy",
                        "Photograph: ", "Photograph by", "Image: ", "Image credit", "Image courtesy",
                        "Credit: ", "Picture: ", "Pictures: ", "Photos: ", "File photo",
                        "Courtesy of ", "Source: Getty", "Illustration: "}))
    return true;
  if (ContainsAny(s, {"/REUTERS", "/Reuters", "/AP Photo", "/AFP", "via REUTERS", "via Reuters",
                      "Getty Images", "/EPA", "/Bloomberg", "/AP)", "/Anadolu", "/Xinhua",
                      "/SIPA", "/Shutterstock"}))
    return s.size() <= 100;
  // "(Ministry Press Office/AGENCY)" or "Firstname Lastname/AGENCY".
  size_t slash = s.find('/');
  if (slash == string_view::npos || slash == 0 || slash + 1 >= s.size()) return false;
  if (s.find("://") != string_view::npos) return false;
  if (s.front() == '(' && s.back() == ')') return s.size() <= 100;
  if (s.size() > 80 || WordCount(s) > 8) return false;
  // Words before the slash capitalised, the word after it capitalised.
  if (!IsUpper(s[slash + 1])) return false;
  size_t words = 0, capital = 0;
  bool start = true;
  for (size_t i = 0; i < slash; ++i) {
    if (s[i] == ' ') {
      start = true;
      continue;
    }
    if (start) {
      ++words;
      if (IsUpper(s[i])) ++capital;
    }
    start = false;
  }
  return words >= 1 && words <= 5 && capital == words;
}

bool IsVideoStub(string_view s) {
  if (s.ends_with("- YouTube") || s.ends_with("| YouTube") || s == "YouTube") return true;
  if (s.size() > 200) return false;
  std::string l = LowerCopy(s.substr(0, 24));
  return StartsWithAny(l, {"watch:", "watch now", "video:", "play video", "watch the video",
                           "watch video", "watch live", "watch:", "listen:", "podcast:"});
}

bool IsShareLine(string_view s) {
  if (s.size() > 160) return false;
  std::string l = LowerCopy(s);
  if (StartsWithAny(l, {"subscribe", "sign up", "follow us", "share this", "share on", "share via",
                        "click here", "download the app", "download our app", "get the app",
                        "join our", "get our", "newsletter", "like us on", "follow @",
                        "tap here", "log in", "sign in", "register now", "create a free account"}))
    return true;
  return ContainsAny(l, {"our newsletter", "all rights reserved", "copyright \u00a9",
                         "enable javascript", "we use cookies", "accept cookies",
                         "accept all cookies", "this site uses cookies", "cookie policy",
                         "privacy policy", "terms of use", "terms of service",
                         "sign up for our", "subscribe to our", "subscribe now"}) ||
         (l.starts_with("\u00a9") || l.find("\u00a9 20") != std::string::npos);
}

// "Advertisement" slot markers: drop the line only.
bool IsAdMarker(string_view s) {
  if (s.size() > 60) return false;
  std::string l = LowerCopy(s);
  static constexpr string_view kExact[] = {
      "advertisement", "advertisement:", "advertising", "ad", "ads", "story continues below advertisement",
      "article continues below advertisement", "advertisement - scroll to continue",
      "continue reading below", "story continues below", "article continues below",
      "scroll to continue with content", "- advertisement -", "-advertisement-"};
  for (string_view e : kExact)
    if (l == e) return true;
  return false;
}

// Labels of sponsored content: the label and the paragraph it labels go.
bool IsSponsorLabel(string_view s) {
  if (s.size() > 80) return false;
  std::string l = LowerCopy(s);
  static constexpr string_view kExact[] = {
      "sponsored", "sponsored content", "sponsored post", "sponsored story", "paid content",
      "paid post", "paid partnership", "promoted", "promoted content", "promoted stories",
      "partner content", "from our partners", "from our sponsors", "presented by", "sponsor",
      "advertorial", "brand content", "branded content", "in partnership"};
  for (string_view e : kExact)
    if (l == e) return true;
  return StartsWithAny(l, {"sponsored by", "presented by ", "brought to you by", "in partnership with",
                           "paid for by", "promoted by", "content from our partner"});
}

bool IsTeaserHeader(string_view s) {
  if (s.size() > 60 || EndsSentence(s)) return false;
  std::string l = LowerCopy(s);
  if (l == "related" || l == "more" || l == "recommended") return true;
  return StartsWithAny(l, {"more from ", "read more", "related ", "related:", "recommended ",
                           "recommended:", "you may also like", "you might also like",
                           "you may be interested", "most read", "most popular", "most viewed",
                           "trending", "also read", "see also", "further reading", "read next",
                           "up next", "editor's picks", "editors' picks", "editor\u2019s picks",
                           "latest news", "top stories", "more stories", "more news",
                           "what to read next", "popular now", "don't miss", "don\u2019t miss",
                           "more to explore", "recent posts", "latest stories", "in case you missed"});
}

bool IsReadMoreLine(string_view s) {
  if (s.size() > 250) return false;
  std::string l = LowerCopy(s.substr(0, 24));
  return StartsWithAny(l, {"read more:", "read more \u00bb", "read more here", "also read:",
                           "related:", "see also:", "read:", "recommended:", "more:",
                           "click to read", "read the full", "continue reading", "read more about",
                           "read also:", "further reading:"});
}

// Promotional copy unrelated to the article: calls to action, corporate first
// person, footnoted offers, sponsor words. Returns a score; >= 2 is promotional in
// a teaser section, >= 3 anywhere. One pass: phrases are looked up only at word
// starts, by their first letter.
enum PhraseKind { kCallToAction, kCorporate, kSponsor };
struct Phrase {
  string_view text;  // lower case
  PhraseKind kind;
};
constexpr Phrase kPhrases[] = {
    {"learn more", kCallToAction},      {"read the report", kCallToAction},
    {"click here", kCallToAction},      {"sign up", kCallToAction},
    {"shop now", kCallToAction},        {"find out more", kCallToAction},
    {"visit our", kCallToAction},       {"get started", kCallToAction},
    {"see website", kCallToAction},     {"terms apply", kCallToAction},
    {"additional details", kCallToAction}, {"you can read", kCallToAction},
    {"download the", kCallToAction},    {"order now", kCallToAction},
    {"buy now", kCallToAction},         {"try it free", kCallToAction},
    {"book now", kCallToAction},        {"register today", kCallToAction},
    {"apply now", kCallToAction},       {"commitment to", kCorporate},
    {"is helping", kCorporate},         {"empowering", kCorporate},
    {"our customers", kCorporate},      {"proud to", kCorporate},
    {"is committed to", kCorporate},    {"we're committed", kCorporate},
    {"our mission", kCorporate},        {"sponsored", kSponsor},
    {"paid content", kSponsor},         {"paid post", kSponsor},
    {"presented by", kSponsor},         {"in partnership with", kSponsor},
    {"brought to you by", kSponsor},    {"advertisement", kSponsor},
};
constexpr size_t kNumPhrases = sizeof(kPhrases) / sizeof(kPhrases[0]);

// The phrases that can start with each pair of letters (bit k: kPhrases[k]):
// PromoScore looks up the first two letters of a word instead of trying every phrase.
struct PhrasePairs {
  uint64_t mask[26][26] = {};
  constexpr PhrasePairs() {
    for (size_t k = 0; k < kNumPhrases; ++k)
      mask[kPhrases[k].text[0] - 'a'][kPhrases[k].text[1] - 'a'] |= uint64_t{1} << k;
  }
};
constexpr PhrasePairs kPhrasePairs;
static_assert(kNumPhrases <= 64, "one bit a phrase");

bool MatchesAtNoCase(string_view s, size_t i, string_view lower) {
  if (s.size() - i < lower.size()) return false;
  for (size_t k = 0; k < lower.size(); ++k)
    if (Lower(s[i + k]) != lower[k]) return false;
  return true;
}

// Letters, digits and the apostrophe: a phrase only starts at a letter that does not
// follow one of these.
constexpr bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '\'';
}
constexpr bool IsLetterByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
// '"' and the lead byte of the curly quotes U+201C/U+201D.
constexpr bool IsQuoteLead(unsigned char c) { return c == '"' || c == 0xE2; }

// Bit masks over up to 64 bytes of s starting at `base`: bit k is set when byte
// base + k is a word byte / a letter / a quote lead.
struct ByteMasks {
  uint64_t word = 0, letter = 0, quote = 0;
};
ByteMasks MaskBytes(string_view s, size_t base, size_t len) {
  ByteMasks m;
  size_t k = 0;
#if defined(__SSE2__)
  const __m128i lo_letter = _mm_set1_epi8('a' - 1), hi_letter = _mm_set1_epi8('z' + 1);
  const __m128i lo_digit = _mm_set1_epi8('0' - 1), hi_digit = _mm_set1_epi8('9' + 1);
  const __m128i case_bit = _mm_set1_epi8(0x20), apostrophe = _mm_set1_epi8('\'');
  const __m128i dquote = _mm_set1_epi8('"'), e2 = _mm_set1_epi8(static_cast<char>(0xE2));
  for (; k + 16 <= len; k += 16) {
    // Bytes >= 0x80 compare as negative: never a letter or digit.
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + base + k));
    __m128i folded = _mm_or_si128(v, case_bit);
    __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(folded, lo_letter), _mm_cmpgt_epi8(hi_letter, folded));
    __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, lo_digit), _mm_cmpgt_epi8(hi_digit, v));
    __m128i word = _mm_or_si128(_mm_or_si128(letter, digit), _mm_cmpeq_epi8(v, apostrophe));
    __m128i quote = _mm_or_si128(_mm_cmpeq_epi8(v, dquote), _mm_cmpeq_epi8(v, e2));
    m.letter |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(letter))) << k;
    m.word |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(word))) << k;
    m.quote |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(quote))) << k;
  }
#endif
  for (; k < len; ++k) {
    const unsigned char c = static_cast<unsigned char>(s[base + k]);
    m.word |= static_cast<uint64_t>(IsWordByte(c)) << k;
    m.letter |= static_cast<uint64_t>(IsLetterByte(c)) << k;
    m.quote |= static_cast<uint64_t>(IsQuoteLead(c)) << k;
  }
  return m;
}

int PromoScore(string_view s) {
  uint64_t seen = 0;  // bit k: kPhrases[k] already counted
  int cta = 0, corporate = 0, sponsor = 0;
  size_t first_person = 0;
  bool quoted = false;
  const size_t n = s.size();
  // 64 bytes at a time: the word starts (letters not after a word byte) and quote
  // bytes, visited in text order.
  uint64_t prev_word = 0;  // 1 when the byte before the block is a word byte
  for (size_t base = 0; base < n; base += 64) {
    const size_t len = std::min<size_t>(64, n - base);
    const ByteMasks m = MaskBytes(s, base, len);
    uint64_t events = (m.letter & ~((m.word << 1) | prev_word)) | m.quote;
    prev_word = (m.word >> (len - 1)) & 1;
    while (events) {
      const size_t i = base + static_cast<size_t>(std::countr_zero(events));
      events &= events - 1;
      const unsigned char c = static_cast<unsigned char>(s[i]);
      if (c == '"') {
        quoted = !quoted;
        continue;
      }
      if (c == 0xE2) {
        if (i + 2 < n && static_cast<unsigned char>(s[i + 1]) == 0x80) {
          unsigned char q = static_cast<unsigned char>(s[i + 2]);
          if (q == 0x9C) quoted = true;   // U+201C
          if (q == 0x9D) quoted = false;  // U+201D
        }
        continue;
      }
      // Every phrase and first-person word has a second letter.
      if (i + 1 >= n) continue;
      const char l = Lower(static_cast<char>(c));
      const char l2 = Lower(s[i + 1]);
      if (l2 < 'a' || l2 > 'z') continue;
      if (!quoted && ((l == 'w' && MatchesAtNoCase(s, i, "we ")) ||
                      (l == 'o' && MatchesAtNoCase(s, i, "our ")) ||
                      (l == 'u' && MatchesAtNoCase(s, i, "us "))))
        ++first_person;
      for (uint64_t cand = kPhrasePairs.mask[l - 'a'][l2 - 'a'] & ~seen; cand;
           cand &= cand - 1) {
        const int k = std::countr_zero(cand);
        const Phrase& ph = kPhrases[k];
        if (!MatchesAtNoCase(s, i, ph.text)) continue;
        seen |= uint64_t{1} << k;
        if (ph.kind == kCallToAction) ++cta;
        else if (ph.kind == kCorporate) ++corporate;
        else ++sponsor;
      }
    }
  }
  int score = std::min(cta, 2);
  if (s.find(".*") != string_view::npos || s.find("*See") != string_view::npos ||
      s.find("* See") != string_view::npos)
    ++score;
  if (first_person >= 3) ++score;
  if (corporate > 0) ++score;
  if (sponsor > 0) score += 2;
  return score;
}

bool IsTitleLike(string_view s) {
  if (s.size() < 8 || s.size() > 200) return false;
  size_t words = WordCount(s);
  if (words < 2 || words > 30) return false;
  char first = s.front();
  bool ok_start = IsUpper(first) || IsDigit(first) || first == '"' || first == '\'' ||
                  static_cast<unsigned char>(first) >= 0x80;
  if (!ok_start) return false;
  char last = s.back();
  if (last == '.' || last == ',' || last == ';' || last == ':') return false;
  return true;
}

// "CITY (Reuters) -", "KYIV, Ukraine (AP) —", "(AFP) -", "WASHINGTON —".
bool IsDateline(string_view s) {
  size_t open = s.find('(');
  if (open != string_view::npos && open <= 60) {
    size_t close = s.find(')', open);
    if (close != string_view::npos && close - open <= 30) {
      string_view agency = s.substr(open + 1, close - open - 1);
      bool agency_ok = !agency.empty() && IsUpper(agency[0]) && WordCount(agency) <= 3;
      string_view rest = s.substr(close + 1);
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
      bool dash = rest.starts_with("-") || rest.starts_with("\u2014") || rest.starts_with("\u2013");
      bool place_ok = true;
      for (size_t i = 0; i < open; ++i) {
        char c = s[i];
        if (IsDigit(c)) continue;  // "Jan 18" in "CITY, Jan 18 (Reuters)"
        if (!(IsUpper(c) || IsLowerAscii(c) || c == ' ' || c == ',' || c == '.' || c == '\'' ||
              c == '-' || static_cast<unsigned char>(c) >= 0x80))
          place_ok = false;
      }
      if (agency_ok && dash && place_ok && (open == 0 || IsUpper(s[0]))) return true;
    }
  }
  // All-caps place then a dash: "WASHINGTON —" / "BEIRUT, Lebanon -".
  size_t caps = 0;
  while (caps < s.size() && (IsUpper(s[caps]) || s[caps] == ' ' || s[caps] == '.' || s[caps] == '\''))
    ++caps;
  if (caps >= 4) {
    size_t i = caps;
    if (i < s.size() && s[i] == ',') {
      while (i < s.size() && i < caps + 30 && s[i] != '-' && s.substr(i, 3) != "\u2014" &&
             s.substr(i, 3) != "\u2013")
        ++i;
    }
    string_view rest = s.substr(i);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if ((rest.starts_with("- ") || rest.starts_with("\u2014") || rest.starts_with("\u2013")) &&
        rest.size() > 20)
      return true;
  }
  return false;
}

bool IsByline(string_view s) {
  return s.size() < 80 && s.size() > 5 && s.starts_with("By ") && IsUpper(s[3]);
}

// The first sentence of a paragraph (at most ~150 bytes, cut at a word boundary).
std::string FirstSentence(string_view s) {
  size_t end = s.size();
  for (size_t i = 20; i + 1 < s.size(); ++i) {
    if ((s[i] == '.' || s[i] == '?' || s[i] == '!') && s[i + 1] == ' ') {
      end = i + 1;
      break;
    }
  }
  if (end > 150) {
    end = 150;
    while (end > 0 && s[end] != ' ') --end;
    // Do not cut inside a UTF-8 sequence.
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    if (end == 0) end = std::min<size_t>(s.size(), 150);
  }
  std::string out(s.substr(0, end));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// ------------------------------------------------------------------ segmentation
struct Line {
  uint32_t b = 0;
  uint32_t e = 0;
  int gap = 0;  // blank lines before it
};

std::vector<Line> SplitLines(const std::string& text) {
  std::vector<Line> lines;
  int gap = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    size_t b = pos, e = nl;
    while (b < e && IsSpaceByte(text[b])) ++b;
    while (e > b && IsSpaceByte(text[e - 1])) --e;
    // A no-break space (U+00A0) alone is a blank line too.
    if (e - b == 2 && text.compare(b, 2, "\xC2\xA0") == 0) e = b;
    if (e > b) {
      lines.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e), gap});
      gap = 0;
    } else if (!lines.empty() || pos > 0) {
      ++gap;
    }
    if (nl == text.size()) break;
    pos = nl + 1;
  }
  return lines;
}

struct Para {
  uint32_t b, e;
  bool wrap_join;  // continues the previous line of a hard-wrapped paragraph
};

struct Article {
  std::string title;
  string_view title_norm;  // into the raw text or Cleaner::owned_
  std::vector<Para> paras;
  bool has_body = false;
  bool item = false;  // from a teaser section
};

class Cleaner {
 public:
  Cleaner(const Document& raw, const CleanOptions& options, CleanStats* stats)
      : raw_(raw), text_(raw.text), options_(options), stats_(stats) {}

  std::vector<Document> Run() {
    lines_ = SplitLines(raw_.text);
    norms_.reserve(lines_.size());
    for (const Line& l : lines_) norms_.push_back(NormalizedView(View(l)));
    articles_.emplace_back();
    if (!raw_.title.empty()) SetTitle(&articles_.back(), NormalizedView(raw_.title));
    for (size_t i = 0; i < lines_.size(); ++i) Step(i);
    return Finish();
  }

 private:
  string_view View(const Line& l) const { return string_view(text_).substr(l.b, l.e - l.b); }
  Article& Cur() { return articles_.back(); }

  // Normalize(s), without a copy when s is normalized already. The view stays valid
  // for the Cleaner's life.
  string_view NormalizedView(string_view s) {
    if (IsNormalized(s)) return s;
    owned_.push_back(Normalize(s));
    return owned_.back();
  }

  // REQUIRES: `norm` stays valid for the Cleaner's life (NormalizedView).
  void SetTitle(Article* a, string_view norm) {
    a->title_norm = norm;
    a->title = std::string(norm);
    seen_.insert(norm);
  }

  void Drop(size_t i, const char* kind) {
    if (!stats_) return;
    ++stats_->lines_dropped;
    ++stats_->dropped_by_kind[kind];
    if (options_.explain) stats_->dropped.push_back(std::string(kind) + ": " + std::string(View(lines_[i])));
  }

  // Looks ahead for signs that line i opens a new article.
  bool HeadlineEvidence(size_t i) const {
    for (size_t k = 1; k <= 12 && i + k < lines_.size(); ++k) {
      string_view s = View(lines_[i + k]);
      if (norms_[i + k] == norms_[i]) return true;
      if (k <= 3 && IsDateline(s)) return true;
      if (k <= 2 && IsByline(s)) return true;
      if (k <= 6 && IsWidget(s) && s.size() <= 16) return true;
    }
    return false;
  }

  void StartArticle(size_t i) {
    articles_.emplace_back();
    seen_.clear();
    SetTitle(&Cur(), norms_[i]);
    teaser_ = false;
    pending_caption_.reset();
    drop_next_ = false;
  }

  void Keep(size_t i, Article* a) {
    const Line& l = lines_[i];
    bool wrap = false;
    if (!a->paras.empty() && l.gap == 0 && last_kept_ + 1 == i) {
      string_view prev = View(lines_[last_kept_]);
      string_view cur = View(l);
      wrap = prev.size() >= 40 && !EndsSentence(prev) &&
             (prev.size() >= 60 || (!cur.empty() && IsLowerAscii(cur[0])));
    }
    a->paras.push_back({l.b, l.e, wrap});
    last_kept_ = i;
    seen_.insert(norms_[i]);
    if (stats_) ++stats_->lines_kept;
    string_view s = View(l);
    bool caption = IsCaption(i) || (i + 1 < lines_.size() && norms_[i + 1] == norms_[i]);
    if (!caption && (s.size() >= 80 || (s.size() >= 40 && EndsSentence(s)))) a->has_body = true;
  }

  void Step(size_t i) {
    string_view s = View(lines_[i]);
    const string_view norm = norms_[i];
    if (norm == Cur().title_norm) return Drop(i, "headline");
    if (IsWidget(s)) return Drop(i, "widget");
    if (IsCredit(s)) return Drop(i, "credit");
    if (IsVideoStub(s)) return Drop(i, "video");
    if (IsAdMarker(s)) return Drop(i, "sponsored");
    if (IsSponsorLabel(s)) {
      drop_next_ = true;
      return Drop(i, "sponsored");
    }
    if (IsReadMoreLine(s)) return Drop(i, "read-more");

    // A new headline block.
    if (IsTitleLike(s) && !seen_.count(norm)) {
      bool first_line = i == 0;
      bool evidence = HeadlineEvidence(i);
      if (evidence && Cur().has_body && options_.split_articles) {
        StartArticle(i);
        Drop(i, "headline");
        return;
      }
      if (!Cur().has_body && Cur().title.empty() && Cur().paras.empty() &&
          (evidence || (first_line && i + 1 < lines_.size() && lines_[i + 1].gap > 0))) {
        SetTitle(&Cur(), norm);
        Drop(i, "headline");
        return;
      }
    }
    if (IsTeaserHeader(s)) {
      if (Cur().has_body || Cur().item) teaser_ = true;
      return Drop(i, "teaser");
    }
    if (IsShareLine(s)) return Drop(i, "share");
    if (seen_.count(norm)) return Drop(i, "duplicate");
    if (drop_next_) {
      drop_next_ = false;
      seen_.insert(norm);
      return Drop(i, "sponsored");
    }
    if (teaser_) return TeaserLine(i);
    if (PromoScore(s) >= 3) return Drop(i, "promotional");
    Keep(i, &Cur());
  }

  bool IsCaption(size_t i) const {
    return i + 1 < lines_.size() && lines_[i + 1].gap == 0 && IsCredit(View(lines_[i + 1]));
  }

  void TeaserLine(size_t i) {
    string_view s = View(lines_[i]);
    seen_.insert(norms_[i]);
    if (PromoScore(s) >= 2) return Drop(i, "promotional");
    if (IsCaption(i)) {
      if (pending_caption_) Drop(*pending_caption_, "teaser");
      pending_caption_ = i;
      return;
    }
    if (s.size() < options_.min_item_bytes || !EndsSentence(s) || !options_.teaser_items_as_documents)
      return Drop(i, "teaser");
    // A teaser item of its own: its caption (if any) and this paragraph.
    Article item;
    item.item = true;
    item.title = FirstSentence(s);
    owned_.push_back(Normalize(item.title));  // item.title moves: not a view into it
    item.title_norm = owned_.back();
    if (pending_caption_) {
      item.paras.push_back({lines_[*pending_caption_].b, lines_[*pending_caption_].e, false});
      if (stats_) ++stats_->lines_kept;
      pending_caption_.reset();
    }
    item.paras.push_back({lines_[i].b, lines_[i].e, false});
    item.has_body = true;
    if (stats_) ++stats_->lines_kept;
    articles_.push_back(std::move(item));
    last_kept_ = i;
  }

  std::vector<Document> Finish() {
    if (pending_caption_) Drop(*pending_caption_, "teaser");
    std::vector<Document> out;
    for (size_t k = 0; k < articles_.size(); ++k) {
      Article& a = articles_[k];
      if (a.paras.empty() && (k > 0 || articles_.size() > 1)) continue;
      Document d;
      d.id = out.empty() ? raw_.id : raw_.id + "#" + std::to_string(out.size() + 1);
      d.title = a.title;
      d.date = raw_.date;
      d.url = raw_.url;
      d.source = raw_.source;
      d.story_id = raw_.story_id;
      TextBuilder b;
      for (size_t p = 0; p < a.paras.size(); ++p) {
        if (p > 0) b.AppendSynthetic(a.paras[p].wrap_join ? " " : "\n\n");
        b.AppendFrom(raw_, a.paras[p].b, a.paras[p].e);
      }
      b.MoveTo(&d);
      out.push_back(std::move(d));
    }
    if (out.empty()) {
      Document d;
      d.id = raw_.id;
      d.title = raw_.title;
      d.date = raw_.date;
      d.url = raw_.url;
      d.source = raw_.source;
      d.story_id = raw_.story_id;
      out.push_back(std::move(d));
    }
    if (stats_) {
      ++stats_->input_documents;
      stats_->output_documents += out.size();
    }
    return out;
  }

  const Document& raw_;
  const std::string& text_;
  const CleanOptions& options_;
  CleanStats* stats_;
  std::vector<Line> lines_;
  std::deque<std::string> owned_;  // normalized copies of lines that needed one
  std::vector<string_view> norms_;  // Normalize() of each line, into text_ or owned_
  std::vector<Article> articles_;
  std::unordered_set<string_view> seen_;
  std::optional<size_t> pending_caption_;
  size_t last_kept_ = static_cast<size_t>(-1);
  bool teaser_ = false;
  bool drop_next_ = false;
};

}  // namespace

std::vector<Document> CleanDocument(const Document& raw, const CleanOptions& options,
                                    CleanStats* stats) {
  Cleaner cleaner(raw, options, stats);
  return cleaner.Run();
}

}  // namespace khaldun
