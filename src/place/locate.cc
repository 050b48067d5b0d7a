#include "place/locate.h"

#include "document/event_context.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <string_view>

#include "place/fold.h"

namespace khaldun {
namespace {

using gazetteer_format::kNone;

enum class WK : uint8_t { kAlpha, kDigit, kPunct };
struct W {
  uint32_t begin, end;
  WK kind;
};

bool Alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

size_t SeqLen(unsigned char c) {
  if (c >= 0xF0 && c < 0xF5) return 4;
  if (c >= 0xE0) return c < 0xF0 ? 3 : 1;
  if (c >= 0xC2) return 2;
  return 1;
}

// Punctuation and spaces among multi-byte characters: U+0080..U+00BF and U+2000..U+206F.
bool MultiBytePunct(std::string_view t, size_t i) {
  unsigned char c = t[i];
  if (c == 0xC2) return true;
  if (c == 0xE2 && i + 1 < t.size() &&
      (static_cast<unsigned char>(t[i + 1]) == 0x80 ||
       static_cast<unsigned char>(t[i + 1]) == 0x81))
    return true;
  return c < 0xC2;
}

bool AnyAbbrev(std::string_view s) { return s == "St" || s == "Ft" || s == "Mt" || s == "Pt"; }

// Words: letter runs (with '.' inside abbreviations: "U.S."), digit runs, or single
// punctuation characters.
std::vector<W> Lex(std::string_view t, Span r) {
  std::vector<W> out;
  size_t i = std::min<size_t>(r.begin, t.size());
  const size_t end = std::min<size_t>(r.end, t.size());
  while (i < end) {
    unsigned char c = t[i];
    if (c <= ' ') {
      ++i;
      continue;
    }
    W w{static_cast<uint32_t>(i), 0, WK::kPunct};
    if (c >= '0' && c <= '9') {
      w.kind = WK::kDigit;
      while (i < end && t[i] >= '0' && t[i] <= '9') ++i;
    } else if (Alpha(c) || (c >= 0x80 && !MultiBytePunct(t, i))) {
      w.kind = WK::kAlpha;
      while (i < end) {
        unsigned char d = t[i];
        if (Alpha(d)) {
          ++i;
        } else if (d >= 0x80 && !MultiBytePunct(t, i)) {
          i += SeqLen(d);
        } else if (d == '.' && i + 1 < end && Alpha(t[i + 1]) && i >= 1 && i - w.begin == 1) {
          // "U.S" of "U.S.": single letter, dot, letter.
          ++i;
        } else if (d == '.' && i - w.begin >= 3 && t[i - 2] == '.' && i + 1 <= end) {
          ++i;  // closing dot of "U.S."
          break;
        } else if (d == '.' && i - w.begin == 2 && AnyAbbrev(t.substr(w.begin, 2))) {
          ++i;  // "St.", "Ft.", "Mt." stay with their name: "St. Louis"
          break;
        } else {
          break;
        }
      }
    } else {
      i += c >= 0x80 ? SeqLen(c) : 1;
    }
    w.end = static_cast<uint32_t>(std::min(i, end));
    i = w.end;
    if (w.end > w.begin) out.push_back(w);
  }
  return out;
}

bool EqCI(std::string_view s, const char* lit) {
  size_t n = std::strlen(lit);
  if (s.size() != n) return false;
  for (size_t k = 0; k < n; ++k)
    if ((static_cast<unsigned char>(s[k]) | 0x20) != static_cast<unsigned char>(lit[k]))
      return false;
  return true;
}

bool AnyCI(std::string_view s, std::initializer_list<const char*> lits) {
  for (const char* l : lits)
    if (EqCI(s, l)) return true;
  return false;
}

// Not "over", "to", "toward", "between": "the crisis over Gaza", "a threat to Israel",
// "tensions between Iran and Pakistan" do not say where.
constexpr std::initializer_list<const char*> kPrepositions = {
    "in",     "near", "at",    "outside", "inside", "into",   "across", "within", "throughout",
    "around", "from", "along", "off",     "beyond", "nearby", "via",    "through"};
constexpr std::initializer_list<const char*> kModifiers = {
    "the",       "a",         "an",           "western",      "eastern",      "northern",
    "southern",  "central",   "northwestern", "northeastern", "southwestern", "southeastern",
    "north",     "south",     "east",         "west",         "northeast",    "northwest",
    "southeast", "southwest", "restive",      "remote",       "neighbouring", "neighboring",
    "occupied",  "rural",     "mountainous",  "coastal",      "volatile",     "besieged",
    "embattled", "troubled",  "northernmost", "southernmost", "far",          "upper",
    "lower",     "mainland",  "impoverished", "oil",          "rich",         "resource",
    "tribal",    "border",    "and"};
constexpr std::initializer_list<const char*> kCityNouns = {
    "city",     "town",    "village",   "capital",       "port",
    "suburb",   "suburbs", "outskirts", "neighbourhood", "neighborhood",
    "district", "streets", "centre",    "center",        "heart"};
constexpr std::initializer_list<const char*> kRegionNouns = {
    "province",   "region", "state",      "governorate", "territory", "county",
    "prefecture", "oblast", "department", "emirate",     "island",    "islands",
    "area",       "areas",  "part",       "parts",       "north",     "south",
    "east",       "west",   "border",     "borders",     "coast"};
constexpr std::initializer_list<const char*> kFollowingNouns = {
    "border",   "borders", "territory", "soil",     "airspace",    "waters",
    "side",     "coast",   "province",  "region",   "governorate", "city",
    "town",     "village", "frontier",  "mainland", "countryside", "state",
    "district", "capital", "port",      "camp"};
constexpr std::initializer_list<const char*> kConnectors = {
    "and", "of",  "the", "de", "del", "al",  "el", "upon", "la", "le",  "du",
    "da",  "dos", "das", "do", "di",  "es",  "ad", "ar",   "as", "ash", "an",
    "ul",  "e",   "i",   "y",  "van", "der", "on", "sur",  "am"};
constexpr uint32_t kMinAlternatePopulation = 500000;

constexpr std::initializer_list<const char*> kCalendarWords = {
    "monday",   "tuesday",  "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march",    "april",     "may",      "june",   "july",     "august", "september",
    "october",  "november", "december",  "jan",      "feb",    "mar",      "apr",    "jun",
    "jul",      "aug",      "sep",       "sept",     "oct",    "nov",      "dec"};
// Words that may follow a place name without making it a modifier ("in Gaza on Monday").
constexpr std::initializer_list<const char*> kFunctionWords = {
    "on",    "in",     "at",     "and",   "or",        "to",        "for",       "from",
    "with",  "by",     "last",   "this",  "next",      "early",     "late",      "since",
    "after", "before", "when",   "where", "which",     "who",       "that",      "as",
    "over",  "near",   "during", "said",  "says",      "was",       "were",      "is",
    "are",   "has",    "had",    "have",  "will",      "would",     "could",     "earlier",
    "later", "amid",   "while",  "until", "but",       "because",   "following", "against",
    "into",  "of",     "s",      "late",  "overnight", "yesterday", "today",     "itself",
    "alone", "again",  "too",    "also"};
// Capitalised words that start sentences or name non-places and are also
// (rare) place names somewhere: never a place on their own.
constexpr std::initializer_list<const char*> kNeverAlone = {"the",
                                                            "a",
                                                            "an",
                                                            "in",
                                                            "on",
                                                            "at",
                                                            "of",
                                                            "he",
                                                            "she",
                                                            "it",
                                                            "we",
                                                            "they",
                                                            "i",
                                                            "but",
                                                            "and",
                                                            "or",
                                                            "if",
                                                            "as",
                                                            "so",
                                                            "this",
                                                            "that",
                                                            "these",
                                                            "those",
                                                            "there",
                                                            "here",
                                                            "his",
                                                            "her",
                                                            "its",
                                                            "their",
                                                            "our",
                                                            "my",
                                                            "your",
                                                            "after",
                                                            "before",
                                                            "when",
                                                            "while",
                                                            "since",
                                                            "january",
                                                            "february",
                                                            "march",
                                                            "april",
                                                            "may",
                                                            "june",
                                                            "july",
                                                            "august",
                                                            "september",
                                                            "october",
                                                            "november",
                                                            "december",
                                                            "monday",
                                                            "tuesday",
                                                            "wednesday",
                                                            "thursday",
                                                            "friday",
                                                            "saturday",
                                                            "sunday",
                                                            "god",
                                                            "police",
                                                            "president",
                                                            "minister",
                                                            "government",
                                                            "army",
                                                            "union",
                                                            "justice",
                                                            "liberty",
                                                            "independence",
                                                            "victory",
                                                            "hope",
                                                            "many",
                                                            "most",
                                                            "some",
                                                            "more",
                                                            "all",
                                                            "no",
                                                            "not",
                                                            "what",
                                                            "why",
                                                            "how",
                                                            "who",
                                                            "where",
                                                            "which",
                                                            "one",
                                                            "two",
                                                            "mr",
                                                            "mrs",
                                                            "ms",
                                                            "dr",
                                                            "new",
                                                            "north",
                                                            "south",
                                                            "east",
                                                            "west",
                                                            "central",
                                                            "western",
                                                            "eastern",
                                                            "northern",
                                                            "southern",
                                                            "said",
                                                            "says",
                                                            "also",
                                                            "then",
                                                            "both",
                                                            "prime",
                                                            "foreign",
                                                            "state",
                                                            "congress",
                                                            "parliament",
                                                            "senate",
                                                            "house",
                                                            "court",
                                                            "islam",
                                                            "muslim",
                                                            "christian",
                                                            "jewish",
                                                            "sunni",
                                                            "shia",
                                                            "shiite",
                                                            "english",
                                                            "arabic",
                                                            "reuters",
                                                            "ap",
                                                            "afp",
                                                            "cnn",
                                                            "bbc",
                                                            "photo",
                                                            "image",
                                                            "video",
                                                            "youtube",
                                                            "twitter",
                                                            "more",
                                                            "read",
                                                            "click",
                                                            "share",
                                                            "home",
                                                            "news",
                                                            "world",
                                                            "politics",
                                                            "business",
                                                            "republic",
                                                            "university",
                                                            "pacific",
                                                            "atlantic",
                                                            "centre",
                                                            "center",
                                                            "college",
                                                            "school",
                                                            "church",
                                                            "hospital",
                                                            "airport",
                                                            "station",
                                                            "street",
                                                            "road",
                                                            "avenue",
                                                            "bridge",
                                                            "park",
                                                            "lake",
                                                            "river",
                                                            "mount",
                                                            "island",
                                                            "bay",
                                                            "gulf",
                                                            "ocean",
                                                            "sea",
                                                            "valley",
                                                            "county",
                                                            "city",
                                                            "province",
                                                            "region",
                                                            "district",
                                                            "kingdom",
                                                            "empire",
                                                            "federation",
                                                            "magazine",
                                                            "marine",
                                                            "marines",
                                                            "navy",
                                                            "air",
                                                            "force",
                                                            "war",
                                                            "peace",
                                                            "well",
                                                            "okay",
                                                            "yes",
                                                            "thanks",
                                                            "over",
                                                            "paper",
                                                            "ring",
                                                            "circle",
                                                            "labor",
                                                            "labour",
                                                            "party",
                                                            "council",
                                                            "committee",
                                                            "office",
                                                            "department",
                                                            "ministry",
                                                            "agency",
                                                            "bank",
                                                            "company",
                                                            "group",
                                                            "media",
                                                            "press",
                                                            "times",
                                                            "post",
                                                            "daily",
                                                            "herald",
                                                            "journal",
                                                            "tribune",
                                                            "review",
                                                            "studio",
                                                            "studios",
                                                            "national",
                                                            "international",
                                                            "federal",
                                                            "royal",
                                                            "supreme",
                                                            "general",
                                                            "secretary",
                                                            "chief",
                                                            "commander",
                                                            "king",
                                                            "queen",
                                                            "prince",
                                                            "princess",
                                                            "sir",
                                                            "lord",
                                                            "saint",
                                                            "st",
                                                            "mount",
                                                            "fort",
                                                            "port",
                                                            "global",
                                                            "stage",
                                                            "summit",
                                                            "forum",
                                                            "brotherhood",
                                                            "republican",
                                                            "democrat",
                                                            "democratic",
                                                            "liberal",
                                                            "green",
                                                            "red",
                                                            "white",
                                                            "black",
                                                            "blue",
                                                            "gold",
                                                            "silver",
                                                            "star",
                                                            "sun",
                                                            "moon",
                                                            "earth",
                                                            "march",
                                                            "mayor",
                                                            "governor",
                                                            "senator",
                                                            "representative",
                                                            "ambassador",
                                                            "envoy"};

struct Raw {
  Span span;
  std::vector<uint32_t> cands;  // best first (gazetteer order), capped
  PlaceCue cue = PlaceCue::kNone;
  bool adjective = false;
  size_t first_word = 0;
  size_t end_word = 0;  // one past the last word
};

class Finder {
 public:
  Finder(std::string_view t, Span r, const Gazetteer& g) : t_(t), w_(Lex(t, r)), g_(g) {}

  std::vector<Raw> Find() {
    std::vector<Raw> out;
    std::string folded;
    for (size_t i = 0; i < w_.size();) {
      if (!Capital(i)) {
        ++i;
        continue;
      }
      // Longest phrase first.
      size_t best_end = 0;
      std::span<const uint32_t> best;
      size_t last_cap = i;
      size_t limit = std::min(w_.size(), i + 8);
      std::vector<size_t> ends;
      for (size_t j = i; j < limit; ++j) {
        if (j > i) {
          bool hyphen = IsPunct(j, '-') && Adjacent(j - 1) && Adjacent(j);
          bool connector = w_[j].kind == WK::kAlpha && !Capital(j) && AnyCI(S(j), kConnectors);
          if (!hyphen && !connector && !Capital(j)) break;
          if (w_[j].kind == WK::kPunct && !hyphen) break;
        }
        if (Capital(j)) {
          last_cap = j;
          ends.push_back(j + 1);
        }
      }
      (void)last_cap;
      for (auto it = ends.rbegin(); it != ends.rend(); ++it) {
        size_t e = *it;
        const bool single = e == i + 1;
        if (single && AnyCI(S(i), kNeverAlone)) continue;
        // "University of Helsinki", "Bank of England": the head of a longer name.
        if (single && e + 1 < w_.size() && EqCI(S(e), "of") && Capital(e + 1)) continue;
        std::string_view phrase = t_.substr(w_[i].begin, w_[e - 1].end - w_[i].begin);
        if (!FoldName(phrase, &folded) || folded.empty()) continue;
        auto c = g_.LookupFolded(folded);
        // "in the Hague": GeoNames keeps the article ("The Hague").
        if (c.empty() && i > 0 && EqCI(S(i - 1), "the") && !Capital(i - 1)) {
          std::string with_the = "the " + folded;
          c = g_.LookupFolded(with_the);
        }
        // Alternate names only for several words or after a place cue, and a single
        // word only as the exonym of a large place ("in Cologne"), since single-word
        // alternates are often surnames, brands or common words. A large exonym also
        // beats small places whose main name it is (Cologne, Italy vs Köln).
        if (!single || CueFor(i, e) != PlaceCue::kNone) {
          auto alt = g_.LookupAlternateFolded(folded);
          if (single && !alt.empty() &&
              (g_.Get(alt[0]).population < kMinAlternatePopulation || AllCaps(i)))
            alt = {};
          if (!alt.empty() &&
              (c.empty() || (g_.Get(c[0]).kind == PlaceKind::kCity &&
                             g_.Get(alt[0]).population >= kMinAlternatePopulation &&
                             g_.Get(alt[0]).population / 10 > g_.Get(c[0]).population)))
            c = alt;
        }
        if (c.empty()) continue;
        // A lone city name beside other capitalised words is usually part of a
        // person's or an organisation's name ("Dan Savage", "Phoenix Suns").
        if (single && g_.Get(c[0]).kind == PlaceKind::kCity &&
            (PartOfLongerName(i, /*left=*/true) || PartOfLongerName(e - 1, /*left=*/false)))
          continue;
        best = c;
        best_end = e;
        break;
      }
      if (best_end) {
        Raw m;
        m.span = Span{w_[i].begin, w_[best_end - 1].end};
        m.first_word = i;
        m.cands.assign(best.begin(), best.begin() + std::min<size_t>(best.size(), 64));
        m.cue = CueFor(i, best_end);
        // "in Iraq and Syria": a coordinated name shares the cue of the one before.
        if (m.cue == PlaceCue::kNone && !out.empty() && i >= 1 && out.back().end_word == i - 1 &&
            (AnyCI(S(i - 1), {"and", "or"}) || IsPunct(i - 1, ',')))
          m.cue = out.back().cue;
        m.end_word = best_end;
        out.push_back(std::move(m));
        i = best_end;
        continue;
      }
      // Country adjective before a place noun: "Syrian border", "Iranian soil".
      if (w_[i].kind == WK::kAlpha && i + 1 < w_.size() && AnyCI(S(i + 1), kFollowingNouns)) {
        auto c = g_.LookupAdjective(S(i));
        if (!c.empty()) {
          Raw m;
          m.span = Span{w_[i].begin, w_[i].end};
          m.first_word = i;
          m.cands.assign(c.begin(), c.begin() + std::min<size_t>(c.size(), 8));
          m.adjective = true;
          m.cue = PlaceCue::kFollowingNoun;
          out.push_back(std::move(m));
        }
      }
      ++i;
    }
    return out;
  }

  // True when word i has a capitalised non-place word right beside it (same line,
  // one space), on the left or the right. Weekdays, months and place nouns do not
  // count ("in Geneva Tuesday", "Kerman Province").
  bool PartOfLongerName(size_t i, bool left) const {
    size_t j = left ? i - 1 : i + 1;
    if ((left && i == 0) || j >= w_.size() || !Capital(j)) return false;
    uint32_t gap_b = left ? w_[j].end : w_[i].end, gap_e = left ? w_[i].begin : w_[j].begin;
    if (gap_e - gap_b != 1 || t_[gap_b] != ' ') return false;
    std::string_view s = S(j);
    if (AnyCI(s, kFollowingNouns) || AnyCI(s, kCalendarWords)) return false;
    // Sentence-initial words are capitalised anyway.
    if (left && (j == 0 || (w_[j - 1].kind == WK::kPunct &&
                            (S(j - 1) == "." || S(j - 1) == "\"" || S(j - 1) == "\xE2\x80\x9C"))))
      return false;
    if (!g_.Lookup(s).empty()) return false;  // "Islamabad Karachi": a list of places
    return true;
  }

  // Adjectives anywhere (for the country context): "Iranian officials".
  void Adjectives(std::vector<std::pair<size_t, std::span<const uint32_t>>>* out) {
    for (size_t i = 0; i < w_.size(); ++i) {
      if (!Capital(i)) continue;
      auto c = g_.LookupAdjective(S(i));
      if (!c.empty()) out->emplace_back(i, c);
    }
  }

 private:
  std::string_view S(size_t i) const { return t_.substr(w_[i].begin, w_[i].end - w_[i].begin); }
  bool Capital(size_t i) const {
    if (i >= w_.size() || w_[i].kind != WK::kAlpha) return false;
    unsigned char c = t_[w_[i].begin];
    return (c >= 'A' && c <= 'Z') || c >= 0xC3;
  }
  bool AllCaps(size_t i) const {
    for (char c : S(i))
      if (c >= 'a' && c <= 'z') return false;
    return true;
  }
  bool IsPunct(size_t i, char c) const {
    return i < w_.size() && w_[i].kind == WK::kPunct && w_[i].end - w_[i].begin == 1 &&
           t_[w_[i].begin] == c;
  }
  bool Adjacent(size_t i) const { return i + 1 < w_.size() && w_[i].end == w_[i + 1].begin; }
  bool IsApostrophe(size_t i) const {
    if (i >= w_.size() || w_[i].kind != WK::kPunct) return false;
    std::string_view s = S(i);
    return s == "'" || s == "\xE2\x80\x99";
  }

  PlaceCue CueFor(size_t first, size_t end) const {
    // Following place noun: "Balochistan province", "Syrian border", or after a
    // possessive "Pakistan's border".
    if (end < w_.size()) {
      std::string_view next = S(end);
      if (AnyCI(next, {"province", "region", "governorate", "state", "district"}))
        return PlaceCue::kRegionNoun;
      if (AnyCI(next, {"city", "town", "village"})) return PlaceCue::kCityNoun;
      if (AnyCI(next, kFollowingNouns)) return PlaceCue::kFollowingNoun;
      if (IsApostrophe(end) && end + 2 < w_.size() && EqCI(S(end + 1), "s") &&
          AnyCI(S(end + 2), {"border", "borders", "territory", "soil", "airspace", "waters"}))
        return PlaceCue::kFollowingNoun;
    }
    // Preceding preposition or place noun, over up to four modifiers and possessives.
    // "at a US base": a determiner before the name and a noun after it make the name a
    // modifier, not the place.
    const bool noun_follows = end < w_.size() && w_[end].kind == WK::kAlpha && !Capital(end) &&
                              !AnyCI(S(end), kFunctionWords);
    bool determiner = false;
    size_t k = first;
    for (int hops = 0; hops < 6 && k > 0; ++hops) {
      --k;
      std::string_view s = S(k);
      if (w_[k].kind == WK::kPunct) {
        if (s == "-") continue;  // "south-western"
        return PlaceCue::kNone;
      }
      if (EqCI(s, "of")) {
        if (k == 0) return PlaceCue::kNone;
        std::string_view noun = S(k - 1);
        if (AnyCI(noun, kCityNouns)) return PlaceCue::kCityNoun;
        if (AnyCI(noun, kRegionNouns)) return PlaceCue::kRegionNoun;
        return PlaceCue::kNone;
      }
      if (AnyCI(s, kPrepositions))
        return determiner && noun_follows ? PlaceCue::kNone : PlaceCue::kPreposition;
      if (AnyCI(s, {"a", "an", "the"})) determiner = true;
      if (!Capital(k) && AnyCI(s, kModifiers)) continue;
      // Skip a possessive owner: "in Iran's Sistan".
      if (EqCI(s, "s") && k >= 2 && IsApostrophe(k - 1) && w_[k - 2].kind == WK::kAlpha) {
        k -= 2;
        continue;
      }
      return PlaceCue::kNone;
    }
    return PlaceCue::kNone;
  }

  std::string_view t_;
  std::vector<W> w_;
  const Gazetteer& g_;
};

double Score(const Place& p, const Raw& m, const CountryContext& ctx) {
  double s = std::log10(static_cast<double>(std::min<uint32_t>(p.rank, 2000000000u)) + 10.0);
  if (p.kind == PlaceKind::kCountry) s += 3;
  if (p.kind == PlaceKind::kAdmin1) s -= 0.1;
  if (m.cue == PlaceCue::kCityNoun && p.kind == PlaceKind::kCity) s += 2;
  if (m.cue == PlaceCue::kRegionNoun && p.kind == PlaceKind::kAdmin1) s += 2;
  s += 2.5 * ctx.Share(p.country);
  if (p.kind == PlaceKind::kCity && p.admin1_id != kNone &&
      std::find(ctx.regions.begin(), ctx.regions.end(), p.admin1_id) != ctx.regions.end())
    s += 1.5;
  return s;
}

uint32_t Choose(const Raw& m, const Gazetteer& g, const CountryContext& ctx) {
  uint32_t best = kNone;
  double best_s = -1e9;
  for (uint32_t id : m.cands) {
    double s = Score(g.Get(id), m, ctx);
    if (s > best_s) best_s = s, best = id;
  }
  return best;
}

void AddWeight(CountryContext* c, std::string_view iso2, double w) {
  if (iso2.size() != 2) return;
  for (auto& [k, v] : c->weights)
    if (k == iso2) {
      v += w;
      return;
    }
  c->weights.emplace_back(std::string(iso2), w);
}

uint32_t ClauseDistance(std::string_view t, Span a, Span b) {
  uint32_t lo, hi;
  if (a.end <= b.begin) {
    lo = a.end, hi = b.begin;
  } else if (b.end <= a.begin) {
    lo = b.end, hi = a.begin;
  } else {
    return 0;
  }
  uint32_t d = hi - lo;
  for (uint32_t p = lo; p < hi && p < t.size(); ++p)
    if (t[p] == ',' || t[p] == ';' || t[p] == ':' || t[p] == '(' || t[p] == ')') d += 30;
  return d;
}

bool Inside(Span in, Span out) { return in.begin >= out.begin && in.end <= out.end; }

void SetLocation(const Gazetteer& g, uint32_t id, const char* basis, Span span, Location* loc) {
  Place p = g.Get(id);
  loc->name = std::string(p.name);
  loc->country = std::string(p.country);
  loc->admin1 = p.kind == PlaceKind::kCountry ? "" : std::string(p.admin1);
  loc->lat = p.lat;
  loc->lon = p.lon;
  loc->basis = basis;
  loc->span = span;
  loc->valid = true;
}

}  // namespace

double CountryContext::Share(std::string_view iso2) const {
  double max = 0, mine = 0;
  for (const auto& [k, v] : weights) {
    max = std::max(max, v);
    if (k == iso2) mine = v;
  }
  return max > 0 ? mine / max : 0;
}

namespace {

// The country context from mentions already found (one scan serves both).
CountryContext ContextFromMentions(
    const std::vector<Raw>& raws,
    const std::vector<std::pair<size_t, std::span<const uint32_t>>>& adjs, const Gazetteer& gaz,
    const std::vector<Event>* events) {
  CountryContext ctx;
  for (const Raw& m : raws) {
    Place top = gaz.Get(m.cands[0]);
    if (top.kind == PlaceKind::kCountry) {
      AddWeight(&ctx, top.country, m.adjective ? 0.5 : 1.0);
      continue;
    }
    // A name whose candidates all lie in one country says that country.
    bool one = true;
    for (uint32_t id : m.cands) one = one && gaz.Get(id).country == top.country;
    if (one) AddWeight(&ctx, top.country, 0.5);
    if (top.kind == PlaceKind::kAdmin1 && m.cands.size() == 1) ctx.regions.push_back(top.id);
  }
  for (const auto& [i, c] : adjs) AddWeight(&ctx, gaz.Get(c[0]).country, 0.5);
  if (events) {
    for (const Event& ev : *events) {
      for (const Actor* a : {&ev.source, &ev.target}) {
        if (a->country.empty()) continue;
        uint32_t id = gaz.CountryByCameo(a->country);
        if (id != kNone) AddWeight(&ctx, gaz.Get(id).country, 1.0);
      }
    }
  }
  // Regions chosen with the country context count too ("Texas" -> Paris, Texas).
  for (const Raw& m : raws) {
    if (m.cands.size() < 2) continue;
    uint32_t id = Choose(m, gaz, ctx);
    if (id != kNone && gaz.Get(id).kind == PlaceKind::kAdmin1) ctx.regions.push_back(id);
  }
  return ctx;
}

std::vector<PlaceMention> Resolve(const std::vector<Raw>& raws, const Gazetteer& gaz,
                                  const CountryContext& context) {
  std::vector<PlaceMention> out;
  out.reserve(raws.size());
  for (const Raw& m : raws) {
    PlaceMention pm;
    pm.span = m.span;
    pm.cue = m.cue;
    pm.adjective = m.adjective;
    pm.place = Choose(m, gaz, context);
    if (pm.place != kNone) out.push_back(pm);
  }
  return out;
}

Span WholeText(const Document& doc) {
  return Span{0, static_cast<uint32_t>(std::min<size_t>(doc.text.size(), UINT32_MAX))};
}

}  // namespace

CountryContext BuildCountryContext(const Document& doc, const Gazetteer& gaz,
                                   const std::vector<Event>* events) {
  Finder f(doc.text, WholeText(doc), gaz);
  std::vector<std::pair<size_t, std::span<const uint32_t>>> adjs;
  f.Adjectives(&adjs);
  return ContextFromMentions(f.Find(), adjs, gaz, events);
}

std::vector<PlaceMention> FindPlaceMentions(const Document& doc, Span range, const Gazetteer& gaz,
                                            const CountryContext& context) {
  range.end = std::min<uint32_t>(range.end, static_cast<uint32_t>(doc.text.size()));
  if (range.begin >= range.end) return {};
  Finder f(doc.text, range, gaz);
  return Resolve(f.Find(), gaz, context);
}

void LocateEvents(const Document& doc, const Gazetteer& gaz, std::vector<Event>* events) {
  if (events->empty()) return;
  Finder f(doc.text, WholeText(doc), gaz);
  std::vector<Raw> raws = f.Find();
  std::vector<std::pair<size_t, std::span<const uint32_t>>> adjs;
  f.Adjectives(&adjs);
  CountryContext ctx = ContextFromMentions(raws, adjs, gaz, events);
  std::vector<PlaceMention> mentions = Resolve(raws, gaz, ctx);

  for (Event& ev : *events) {
    ev.location = Location();
    EventContext c = EventContextOf(doc, ev);
    Span trig =
        ev.trigger_span.empty() ? Span{c.sentence.begin, c.sentence.begin} : ev.trigger_span;
    const PlaceMention* best = nullptr;
    uint32_t best_d = UINT32_MAX;
    for (const PlaceMention& m : mentions) {
      if (!m.locative() || !Inside(m.span, c.sentence)) continue;
      uint32_t d = ClauseDistance(doc.text, m.span, trig);
      if (d < best_d || (d == best_d && best && m.span.begin > trig.begin)) best = &m, best_d = d;
    }
    // A more specific place right beside it in the same country wins.
    if (best) {
      Place bp = gaz.Get(best->place);
      for (const PlaceMention& m : mentions) {
        if (&m == best || !m.locative() || !Inside(m.span, c.sentence) || m.adjective) continue;
        Place mp = gaz.Get(m.place);
        bool finer = (bp.kind == PlaceKind::kCountry && mp.kind != PlaceKind::kCountry) ||
                     (bp.kind == PlaceKind::kAdmin1 && mp.kind == PlaceKind::kCity);
        if (finer && mp.country == bp.country &&
            ClauseDistance(doc.text, m.span, best->span) <= 80) {
          best = &m;
          bp = mp;
        }
      }
    }
    // Then the paragraph: the nearest locative mention before the sentence, else after.
    if (!best) {
      for (const PlaceMention& m : mentions)
        if (m.locative() && Inside(m.span, c.paragraph) && m.span.end <= c.sentence.begin)
          best = &m;
    }
    if (!best) {
      for (const PlaceMention& m : mentions)
        if (m.locative() && Inside(m.span, c.paragraph) && m.span.begin >= c.sentence.end) {
          best = &m;
          break;
        }
    }
    if (best) {
      SetLocation(gaz, best->place, "text", best->span, &ev.location);
      continue;
    }
    uint32_t country = gaz.CountryByCameo(ev.target.country);
    if (country != kNone) {
      SetLocation(gaz, country, "target_country", Span{}, &ev.location);
    } else {
      ev.location.basis = "none";
      ev.location.valid = false;
    }
  }
}

}  // namespace khaldun
