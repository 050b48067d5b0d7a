#include "ingest/html.h"

#include "base/utf8.h"

#include <gumbo.h>
#include <strings.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ingest/text_builder.h"

namespace khaldun {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (Lower(s[i]) != prefix[i]) return false;
  return true;
}

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// ---------------------------------------------------------------- entities
struct Entity {
  const char* name;
  const char* utf8;
};
// The common named references; anything else is left to gumbo (see AppendNodeText).
constexpr Entity kEntities[] = {
    {"amp", "&"},         {"lt", "<"},          {"gt", ">"},          {"quot", "\""},
    {"apos", "'"},        {"nbsp", " "},        {"mdash", "\u2014"},  {"ndash", "\u2013"},
    {"hellip", "\u2026"}, {"rsquo", "\u2019"},  {"lsquo", "\u2018"},  {"rdquo", "\u201D"},
    {"ldquo", "\u201C"},  {"laquo", "\u00AB"},  {"raquo", "\u00BB"},  {"copy", "\u00A9"},
    {"reg", "\u00AE"},    {"trade", "\u2122"},  {"eacute", "\u00E9"}, {"egrave", "\u00E8"},
    {"aacute", "\u00E1"}, {"oacute", "\u00F3"}, {"iacute", "\u00ED"}, {"uacute", "\u00FA"},
    {"ntilde", "\u00F1"}, {"ccedil", "\u00E7"}, {"uuml", "\u00FC"},   {"ouml", "\u00F6"},
    {"auml", "\u00E4"},   {"euro", "\u20AC"},   {"pound", "\u00A3"},  {"bull", "\u2022"},
    {"middot", "\u00B7"}, {"deg", "\u00B0"},    {"times", "\u00D7"},  {"thinsp", " "},
    {"ensp", " "},        {"emsp", " "},
};

// Invalid code points (NUL, surrogates, > U+10FFFF) become U+FFFD.
void AppendCodePoint(uint32_t cp, std::string* out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  AppendUtf8(static_cast<char32_t>(cp), out);
}

// Decodes the character reference at raw[i] == '&'. Returns its length (0 = none).
size_t DecodeEntity(std::string_view raw, size_t i, std::string* decoded) {
  size_t end = raw.find(';', i + 1);
  if (end == std::string_view::npos || end - i > 12 || end == i + 1) return 0;
  std::string_view body = raw.substr(i + 1, end - i - 1);
  decoded->clear();
  if (body[0] == '#') {
    uint32_t cp = 0;
    size_t k = 1;
    bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    if (hex) k = 2;
    if (k >= body.size()) return 0;
    for (; k < body.size(); ++k) {
      char c = body[k];
      int d;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
      else return 0;
      cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
      if (cp > 0x10FFFF) cp = 0x110000;
    }
    if (cp == 0xA0) cp = ' ';
    AppendCodePoint(cp, decoded);
    return end - i + 1;
  }
  for (const Entity& e : kEntities) {
    if (body == e.name) {
      decoded->assign(e.utf8);
      return end - i + 1;
    }
  }
  return 0;
}

// Bytes AppendHtmlText cannot copy without a look: whitespace, '&', NUL and the lead
// byte of U+00A0.
struct TextSpecialTable {
  bool v[256] = {};
  constexpr TextSpecialTable() {
    for (unsigned char c : {' ', '\t', '\n', '\r', '\f', '\v', '&', '\0'}) v[c] = true;
    v[0xC2] = true;
  }
};
constexpr TextSpecialTable kTextSpecial;

bool IsNbsp(std::string_view s, size_t i) {
  return i + 1 < s.size() && static_cast<unsigned char>(s[i]) == 0xC2 &&
         static_cast<unsigned char>(s[i + 1]) == 0xA0;
}

// Whitespace collapse of already-decoded text (gumbo's), for the fallback path.
void CollapseInto(std::string_view s, bool* last_space, std::string* out) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (IsSpace(s[i]) || IsNbsp(s, i)) {
      if (IsNbsp(s, i)) ++i;
      if (!*last_space) out->push_back(' ');
      *last_space = true;
    } else {
      out->push_back(s[i]);
      *last_space = false;
    }
  }
}

// ---------------------------------------------------------------- tags
bool IsBlockTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIV: case GUMBO_TAG_DL: case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_HGROUP: case GUMBO_TAG_HR: case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_NAV: case GUMBO_TAG_OL: case GUMBO_TAG_P:
    case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION: case GUMBO_TAG_TABLE: case GUMBO_TAG_TR:
    case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_UL: case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_SUMMARY: case GUMBO_TAG_BODY: case GUMBO_TAG_HTML: case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT:
      return true;
    default:
      return false;
  }
}

// Subtrees that never hold article text.
bool IsBoilerplateTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS: case GUMBO_TAG_MAP: case GUMBO_TAG_INPUT:
    case GUMBO_TAG_MENU: case GUMBO_TAG_HEAD: case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO: case GUMBO_TAG_UNKNOWN:
      return true;
    default:
      return false;
  }
}

const char* Attr(const GumboNode* n, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? a->value : nullptr;
}

// Class/id fragments of page furniture (lower case, matched as substrings of each
// class or id token), and fragments that mark real content.
constexpr const char* kBadFragments[] = {
    "nav",      "menu",      "breadcrumb", "cookie",   "consent",  "gdpr",     "banner",
    "advert",   "sponsor",   "promo",      "related",  "recommend", "share",   "social",
    "newsletter", "subscribe", "signup",   "sign-up",  "comment",  "footer",   "sidebar",
    "widget",   "popup",     "modal",      "outbrain", "taboola",  "teaser",   "more-from",
    "most-read", "mostread", "trending",   "masthead", "toolbar",  "pagination", "pager",
    "disqus",   "rss",       "skip-link",  "paywall-prompt", "overlay", "adsbygoogle",
    "dfp",      "byline-share", "print-only", "screen-reader"};
constexpr const char* kGoodFragments[] = {"article", "content", "main", "story", "entry",
                                          "post-body", "body", "text"};

bool TokenIsAd(std::string_view tok) {
  return tok == "ad" || tok == "ads" || tok.starts_with("ad-") || tok.starts_with("ads-") ||
         tok.starts_with("ad_") || tok.ends_with("-ad") || tok.ends_with("-ads") ||
         tok.ends_with("_ad");
}

bool HintsBoilerplate(std::string_view raw_hints) {
  const std::string lower = ToLower(raw_hints);
  const std::string_view hints(lower);
  size_t i = 0;
  while (i < hints.size()) {
    while (i < hints.size() && IsSpace(hints[i])) ++i;
    size_t j = i;
    while (j < hints.size() && !IsSpace(hints[j])) ++j;
    if (j > i) {
      std::string_view tok = hints.substr(i, j - i);
      if (TokenIsAd(tok)) return true;
      bool bad = false;
      for (const char* f : kBadFragments)
        if (tok.find(f) != std::string::npos) { bad = true; break; }
      if (bad) {
        bool good = false;
        for (const char* f : kGoodFragments)
          if (tok.find(f) != std::string::npos) { good = true; break; }
        if (!good) return true;
      }
    }
    i = j;
  }
  return false;
}

bool IsBoilerplate(const GumboNode* n) {
  GumboTag t = n->v.element.tag;
  if (IsBoilerplateTag(t)) return true;
  if (t == GUMBO_TAG_BODY || t == GUMBO_TAG_HTML || t == GUMBO_TAG_ARTICLE || t == GUMBO_TAG_MAIN)
    return false;
  // Most elements (<p>, <a href>, <em>) carry none of the attributes looked at below.
  const GumboVector& attrs = n->v.element.attributes;
  bool any = false;
  for (unsigned i = 0; i < attrs.length && !any; ++i) {
    const char* name = static_cast<const GumboAttribute*>(attrs.data[i])->name;
    switch (Lower(name[0])) {
      case 'h': any = !strcasecmp(name, "hidden"); break;
      case 'a': any = !strcasecmp(name, "aria-hidden"); break;
      case 'r': any = !strcasecmp(name, "role"); break;
      case 's': any = !strcasecmp(name, "style"); break;
      case 'c': any = !strcasecmp(name, "class"); break;
      case 'i': any = !strcasecmp(name, "id"); break;
      default: break;
    }
  }
  if (!any) return false;
  if (Attr(n, "hidden")) return true;
  if (const char* v = Attr(n, "aria-hidden"); v && !std::strcmp(v, "true")) return true;
  if (const char* v = Attr(n, "role")) {
    std::string r = ToLower(v);
    if (r == "navigation" || r == "banner" || r == "contentinfo" || r == "complementary" ||
        r == "dialog" || r == "alertdialog" || r == "menu" || r == "search")
      return true;
  }
  if (const char* v = Attr(n, "style")) {
    std::string s = ToLower(v);
    if (s.find("display:none") != std::string::npos || s.find("display: none") != std::string::npos)
      return true;
  }
  const char* cls = Attr(n, "class");
  const char* id = Attr(n, "id");
  if (cls && HintsBoilerplate(cls)) return true;
  if (id && HintsBoilerplate(id)) return true;
  return false;
}

double ClassWeight(const GumboNode* n) {
  double w = 0;
  for (const char* name : {"class", "id"}) {
    const char* v = Attr(n, name);
    if (!v) continue;
    std::string s = ToLower(v);
    for (const char* f : {"article", "body", "content", "entry", "main", "page", "post", "text",
                          "blog", "story"})
      if (s.find(f) != std::string::npos) { w += 25; break; }
    for (const char* f : {"comment", "meta", "footer", "footnote", "sidebar", "widget",
                          "related", "promo", "sponsor"})
      if (s.find(f) != std::string::npos) { w -= 25; break; }
  }
  return w;
}

// Plain-text length, link-text length and commas of a subtree (iterative).
struct TextCount {
  size_t chars = 0;
  size_t link_chars = 0;
  size_t commas = 0;
};

// ---------------------------------------------------------------- depth
bool IsVoidOrAutoClosed(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
      "source", "track", "wbr", "p", "li", "dt", "dd", "td", "th", "tr", "option", "keygen",
      "basefont", "bgsound", "frame", "image", "isindex", "rp", "rt", "optgroup", "tbody",
      "thead", "tfoot", "colgroup", "html", "head", "body"};
  for (std::string_view n : kNames)
    if (name == n) return true;
  return false;
}

// Offset at which the estimated element depth first exceeds `max_depth`, or npos.
size_t FindDepthOverflow(std::string_view s, size_t max_depth) {
  size_t depth = 0;
  size_t i = 0;
  char name[16];
  while ((i = s.find('<', i)) != std::string_view::npos) {
    size_t start = i++;
    if (i >= s.size()) break;
    bool close = s[i] == '/';
    if (close) ++i;
    if (i < s.size() && (s[i] == '!' || s[i] == '?')) {
      if (s.substr(i).starts_with("!--")) {
        size_t e = s.find("-->", i + 3);
        if (e == std::string_view::npos) break;
        i = e + 3;
      }
      continue;
    }
    size_t k = 0;
    while (i < s.size() && k < sizeof name &&
           ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
            (s[i] >= '0' && s[i] <= '9') || s[i] == '-')) {
      name[k++] = Lower(s[i++]);
    }
    if (k == 0) continue;
    std::string_view tag(name, k);
    size_t gt = s.find('>', i);
    if (gt == std::string_view::npos) break;
    bool self_closing = gt > 0 && s[gt - 1] == '/';
    if (close) {
      if (!IsVoidOrAutoClosed(tag) && depth > 0) --depth;
    } else if (tag == "script" || tag == "style" || tag == "textarea" || tag == "title" ||
               tag == "xmp" || tag == "plaintext") {
      std::string end = "</" + std::string(tag);
      size_t e = gt;
      for (;;) {  // case-insensitive search for the end tag
        e = s.find("</", e);
        if (e == std::string_view::npos || StartsWithNoCase(s.substr(e), end)) break;
        e += 2;
      }
      if (e == std::string_view::npos) break;
      gt = e;
    } else if (!self_closing && !IsVoidOrAutoClosed(tag)) {
      if (++depth > max_depth) return start;
    }
    i = gt + 1;
  }
  return std::string_view::npos;
}

// ---------------------------------------------------------------- metadata
struct Meta {
  std::string og_title, twitter_title, h1, title_tag, date, time_date, ld_date, ld_headline;
  std::string url, site;
};

void ScanJsonLd(std::string_view text, Meta* meta) {
  // Depth pre-check: nlohmann parses iteratively but keep the tree bounded anyway.
  int depth = 0, max_depth = 0;
  bool in_str = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_str) {
      if (c == '\\') ++i;
      else if (c == '"') in_str = false;
    } else if (c == '"') {
      in_str = true;
    } else if (c == '{' || c == '[') {
      max_depth = std::max(max_depth, ++depth);
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  if (max_depth > 64) return;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return;
  std::vector<const nlohmann::json*> todo{&j};
  for (size_t visited = 0; !todo.empty() && visited < 2000; ++visited) {
    const nlohmann::json* v = todo.back();
    todo.pop_back();
    if (v->is_object()) {
      auto d = v->find("datePublished");
      if (d != v->end() && d->is_string() && meta->ld_date.empty())
        meta->ld_date = NormalizeDate(d->get_ref<const std::string&>());
      auto h = v->find("headline");
      if (h != v->end() && h->is_string() && meta->ld_headline.empty())
        meta->ld_headline = h->get<std::string>();
      for (const auto& [k, child] : v->items())
        if (child.is_structured()) todo.push_back(&child);
    } else if (v->is_array()) {
      for (const auto& child : *v)
        if (child.is_structured()) todo.push_back(&child);
    }
  }
}

void ReadMetaTag(const GumboNode* n, Meta* meta) {
  const char* key = Attr(n, "property");
  if (!key) key = Attr(n, "name");
  if (!key) key = Attr(n, "itemprop");
  const char* content = Attr(n, "content");
  if (!key || !content) return;
  std::string k = ToLower(key);
  if (k == "og:title") {
    if (meta->og_title.empty()) meta->og_title = content;
  } else if (k == "twitter:title") {
    if (meta->twitter_title.empty()) meta->twitter_title = content;
  } else if (k == "og:site_name") {
    if (meta->site.empty()) meta->site = content;
  } else if (k == "og:url") {
    if (meta->url.empty()) meta->url = content;
  } else if (k == "article:published_time" || k == "og:article:published_time" ||
             k == "datepublished" || k == "date" || k == "pubdate" || k == "publishdate" ||
             k == "publish-date" || k == "publish_date" || k == "dc.date" ||
             k == "dc.date.issued" || k == "dcterms.created" || k == "dcterms.date" ||
             k == "sailthru.date" || k == "parsely-pub-date" || k == "article.published" ||
             k == "citation_publication_date" || k == "original-publish-date") {
    if (meta->date.empty()) meta->date = NormalizeDate(content);
  }
}

// Removes a trailing " | Site" / " - Site" from a <title>.
std::string TrimSiteSuffix(std::string t) {
  for (std::string_view sep : {" | ", " - ", " \u2013 ", " \u2014 ", " :: "}) {
    size_t p = t.rfind(sep);
    if (p != std::string::npos && p >= 10 && t.size() - p - sep.size() <= 40) return t.substr(0, p);
  }
  return t;
}

// ---------------------------------------------------------------- page map
// gumbo's tokenizer is the bottleneck (it handles text one character token at a
// time), so it is given a compact page: script, style, svg and noscript contents,
// comments and whole nav/aside/footer elements are dropped (none of it is article
// text; JSON-LD scripts are kept for dates), and every long stretch of plain text
// (between character references, which gumbo still decodes; runs holding CR or NUL
// are left whole) is replaced by one placeholder character. The tree is the same as
// for the full page, since a run of text and one text character take the same path
// through tree construction. PageMap maps compact offsets back to the page and
// hands out the real text behind placeholders.
// U+E000 (private use), which gumbo passes through as text; pages that contain it are
// not compacted.
constexpr std::string_view kPlaceholder = "\xEE\x80\x80";

class PageMap {
 public:
  struct Segment {
    size_t compact;  // start in the compact page
    size_t orig;     // start in the page
    size_t orig_len; // bytes of the page behind it
    bool placeholder;  // kPlaceholder standing for orig_len bytes of text
    // Placeholders only, measured once while building (so the text behind them is
    // not scanned again): non-space bytes, commas, and whether the text is ASCII with
    // no whitespace but single spaces (it needs no collapsing or repair).
    bool simple = false;
    uint32_t nonspace = 0;
    uint32_t commas = 0;
    size_t compact_len() const { return placeholder ? 3 : orig_len; }
  };

  // Returns false when nothing was changed (the page itself is parsed).
  bool Build(std::string_view page);
  std::string_view compact() const { return compact_; }
  bool identity() const { return segments_.empty(); }

  // Calls fn(raw, page_offset, placeholder) for the page text behind compact bytes
  // [b, e); placeholder is the Segment when raw is the text behind a placeholder.
  template <typename Fn>
  void ForEach(size_t b, size_t e, Fn fn) const {
    if (segments_.empty()) {
      fn(page_.substr(b, e - b), b, nullptr);
      return;
    }
    auto it = std::upper_bound(segments_.begin(), segments_.end(), b,
                               [](size_t o, const Segment& sg) { return o < sg.compact; });
    if (it != segments_.begin()) --it;
    for (; it != segments_.end() && it->compact < e; ++it) {
      size_t sb = std::max(b, it->compact);
      size_t se = std::min(e, it->compact + it->compact_len());
      if (sb >= se) continue;
      if (it->placeholder) {
        fn(page_.substr(it->orig, it->orig_len), it->orig, &*it);
      } else {
        fn(page_.substr(it->orig + (sb - it->compact), se - sb), it->orig + (sb - it->compact),
           nullptr);
      }
    }
  }
  // Calls fn(piece, placeholder) for gumbo's decoded text of a text node with every
  // placeholder replaced by the page text it stands for, piece by piece in order (no
  // copy); placeholder is the Segment when piece is the text behind one.
  template <typename Fn>
  void ForEachExpanded(const GumboNode* n, Fn fn) const {
    std::string_view decoded(n->v.text.text);
    const GumboStringPiece& o = n->v.text.original_text;
    auto it = segments_.end();
    size_t b = 0, e = 0;
    if (o.data >= compact_.data() && o.data + o.length <= compact_.data() + compact_.size()) {
      b = static_cast<size_t>(o.data - compact_.data());
      e = b + o.length;
      it = std::upper_bound(segments_.begin(), segments_.end(), b,
                            [](size_t off, const Segment& sg) { return off < sg.compact; });
      if (it != segments_.begin()) --it;
    }
    size_t pos = 0;
    for (;;) {
      size_t p = decoded.find(kPlaceholder, pos);
      if (p == std::string_view::npos) break;
      if (p > pos) fn(decoded.substr(pos, p - pos), nullptr);
      while (it != segments_.end() && it->compact < e && !(it->placeholder && it->compact >= b)) ++it;
      if (it != segments_.end() && it->compact < e) {
        fn(page_.substr(it->orig, it->orig_len), &*it);
        ++it;
      }
      pos = p + kPlaceholder.size();
    }
    if (pos < decoded.size()) fn(decoded.substr(pos), nullptr);
  }
  // gumbo's decoded text of a text node with every placeholder replaced by its run.
  std::string Expand(const GumboNode* n) const {
    std::string out;
    ForEachExpanded(n, [&out](std::string_view piece, const Segment*) { out.append(piece); });
    return out;
  }
  bool HasPlaceholder(size_t b, size_t e) const {
    if (segments_.empty()) return false;
    auto it = std::upper_bound(segments_.begin(), segments_.end(), b,
                               [](size_t o, const Segment& sg) { return o < sg.compact; });
    if (it != segments_.begin()) --it;
    for (; it != segments_.end() && it->compact < e; ++it)
      if (it->placeholder && it->compact >= b) return true;
    return false;
  }

 private:
  void Copy(size_t from, size_t to) {
    if (to <= from) return;
    if (!segments_.empty()) {
      Segment& last = segments_.back();
      if (!last.placeholder && last.orig + last.orig_len == from &&
          last.compact + last.orig_len == compact_.size()) {
        last.orig_len += to - from;
        compact_.append(page_.substr(from, to - from));
        return;
      }
    }
    segments_.push_back({compact_.size(), from, to - from, false});
    compact_.append(page_.substr(from, to - from));
  }
  void Placeholder(size_t from, size_t to, bool simple, uint32_t nonspace, uint32_t commas) {
    segments_.push_back({compact_.size(), from, to - from, true, simple, nonspace, commas});
    compact_.append(kPlaceholder);
    changed_ = true;
  }
  // Replaces the plain stretches of the text run page_[b, e) by placeholders, leaving
  // character references to gumbo. *copied is the first page byte not yet in compact_.
  void CompactRun(size_t b, size_t e, size_t* copied);

  std::string_view page_;
  std::string compact_;
  std::vector<Segment> segments_;
  bool changed_ = false;
};

size_t FindNoCase(std::string_view s, std::string_view needle, size_t from) {
  // needle is lower case and starts with '<'.
  while ((from = s.find('<', from)) != std::string_view::npos) {
    if (StartsWithNoCase(s.substr(from), needle)) return from;
    ++from;
  }
  return std::string_view::npos;
}

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Does s[i] == '<' open markup (a tag, end tag, comment, doctype)?
bool OpensMarkup(std::string_view s, size_t i) {
  if (i + 1 >= s.size()) return false;
  char c = s[i + 1];
  return IsAsciiAlpha(c) || c == '/' || c == '!' || c == '?';
}

// Index just past the '>' closing the tag at s[i] == '<' (quoted values skipped).
size_t TagEnd(std::string_view s, size_t i) {
  char last = 0;
  for (size_t k = i + 1; k < s.size(); ++k) {
    char c = s[k];
    if (c == '>') return k + 1;
    if ((c == '"' || c == '\'') && last == '=') {
      size_t q = s.find(c, k + 1);
      if (q == std::string_view::npos) return s.size();
      k = q;
      last = c;
      continue;
    }
    if (!IsSpace(c)) last = c;
  }
  return s.size();
}

bool IsAsciiAlnum(char c) { return IsAsciiAlpha(c) || (c >= '0' && c <= '9'); }

// Byte classes for CompactRun's single pass over a text run.
enum : uint8_t {
  kRunSpace = 1,     // ' '
  kRunOtherWs = 2,   // \t \n \f \v: collapsed by AppendHtmlText
  kRunStop = 4,      // \r \0 < >: the run is left whole
  kRunAmp = 8,       // '&': a character reference starts
  kRunHigh = 16,     // non-ASCII
  kRunComma = 32,
};
struct RunClassTable {
  uint8_t v[256] = {};
  constexpr RunClassTable() {
    v[static_cast<unsigned char>(' ')] = kRunSpace;
    for (unsigned char c : {'\t', '\n', '\f', '\v'}) v[c] = kRunSpace | kRunOtherWs;
    for (unsigned char c : {'\r', '\0', '<', '>'}) v[c] = kRunStop;
    v[static_cast<unsigned char>('&')] = kRunAmp;
    v[static_cast<unsigned char>(',')] = kRunComma;
    for (int c = 0x80; c < 256; ++c) v[c] = kRunHigh;
  }
};
constexpr RunClassTable kRunClass;

// Set bits of a 16-bit mask (std::popcount calls into libgcc on baseline x86-64).
constexpr uint32_t Popcount16(unsigned x) {
  x = x - ((x >> 1) & 0x5555u);
  x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
  x = (x + (x >> 4)) & 0x0F0Fu;
  return (x + (x >> 8)) & 0x1Fu;
}
static_assert(Popcount16(0xFFFFu) == 16 && Popcount16(0x8001u) == 2 && Popcount16(0) == 0);

void PageMap::CompactRun(size_t b, size_t e, size_t* copied) {
  constexpr size_t kMinRun = 24;
  struct Stretch {
    size_t b, e;
    uint32_t nonspace, commas;
    bool simple;
    bool high;  // holds non-ASCII bytes
  };
  // Stretches between character references, measured in one pass.
  Stretch stretches[64];
  size_t count = 0;
  Stretch cur{b, e, 0, 0, true, false};
  unsigned char prev = 0;
  size_t k = b;
  while (k < e) {
#if defined(__SSE2__)
    // Sixteen bytes at a time while there is no reference and nothing that stops
    // the run (the byte loop below does the same per byte).
    if (k + 16 <= e) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(page_.data() + k));
      auto eq = [&v](char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); };
      const __m128i stop_or_amp = _mm_or_si128(_mm_or_si128(eq('\r'), eq('\0')),
                                               _mm_or_si128(_mm_or_si128(eq('<'), eq('>')), eq('&')));
      if (_mm_movemask_epi8(stop_or_amp) == 0) {
        const unsigned spaces = static_cast<unsigned>(_mm_movemask_epi8(eq(' ')));
        const unsigned other_ws = static_cast<unsigned>(_mm_movemask_epi8(
            _mm_or_si128(_mm_or_si128(eq('\t'), eq('\n')), _mm_or_si128(eq('\f'), eq('\v')))));
        const unsigned high = static_cast<unsigned>(_mm_movemask_epi8(v));
        cur.nonspace += 16 - Popcount16(spaces | other_ws);
        cur.commas += Popcount16(static_cast<unsigned>(_mm_movemask_epi8(eq(','))));
        if (other_ws | high) cur.simple = false;
        if (high) cur.high = true;
        if ((spaces & (spaces >> 1)) || (prev == ' ' && (spaces & 1))) cur.simple = false;
        prev = static_cast<unsigned char>(page_[k + 15]);
        k += 16;
        continue;
      }
    }
#endif
    const unsigned char c = static_cast<unsigned char>(page_[k]);
    const uint8_t cls = kRunClass.v[c];
    if (cls == 0) {
      ++cur.nonspace;
    } else if (cls & kRunStop) {
      // CR (newline normalization), NUL (replacement) and stray angle brackets change
      // what gumbo makes of the text: such runs are left whole.
      return;
    } else if (cls & kRunAmp) {
      cur.e = k;
      if (count < std::size(stretches)) stretches[count++] = cur;  // else left to gumbo
      // The reference itself ("&amp;", "&#8217;", "&copy" without ';', or a bare '&'):
      // every name character after '&' stays, so gumbo sees the same name and the same
      // kind of character after it (not alphanumeric) as in the page.
      size_t q = k + 1;
      while (q < e && (IsAsciiAlnum(page_[q]) || page_[q] == '#')) ++q;
      if (q < e && page_[q] == ';') ++q;
      cur = Stretch{q, e, 0, 0, true, false};
      prev = 0;
      k = q;
      continue;
    } else {
      if (!(cls & kRunSpace)) ++cur.nonspace;
      if (cls & kRunComma) ++cur.commas;
      if (cls & (kRunOtherWs | kRunHigh)) cur.simple = false;
      if (cls & kRunHigh) cur.high = true;
      if (c == ' ' && prev == ' ') cur.simple = false;
    }
    prev = c;
    ++k;
  }
  cur.e = e;
  if (count < std::size(stretches)) stretches[count++] = cur;
  for (size_t x = 0; x < count; ++x) {
    const Stretch& st = stretches[x];
    // A placeholder is text, not whitespace: all-blank stretches stay as they are.
    if (st.e - st.b < kMinRun || st.nonspace == 0) continue;
    // Invalid UTF-8 is left to gumbo, which decodes it to U+FFFD: the text behind a
    // placeholder is then exactly what gumbo would have made of it.
    if (st.high && !IsValidUtf8(page_.substr(st.b, st.e - st.b))) continue;
    Copy(*copied, st.b);
    Placeholder(st.b, st.e, st.simple, st.nonspace, st.commas);
    *copied = st.e;
  }
}

bool PageMap::Build(std::string_view page) {
  page_ = page;
  compact_.clear();
  segments_.clear();
  changed_ = false;
  const bool compact_text = page.find(kPlaceholder) == std::string_view::npos;
  size_t copied = 0;  // page bytes before this are in compact_ or dropped
  bool verbatim_next = false;  // the next text run must stay (title, JSON-LD, textarea)
  bool unclosed[3] = {};       // no </nav, </aside, </footer after the current position
  size_t i = 0;
  const size_t n = page.size();
  auto drop = [&](size_t from, size_t to) {
    Copy(copied, from);
    copied = to;
    changed_ = true;
  };
  while (i < n) {
    if (page[i] == '<' && OpensMarkup(page, i)) {
      std::string_view rest = page.substr(i);
      if (rest.starts_with("<!--")) {
        size_t e = page.find("-->", i + 4);
        size_t end = e == std::string_view::npos ? n : e + 3;
        drop(i, end);
        i = end;
        continue;
      }
      const char* whole = nullptr;
      int w = -1;
      if (StartsWithNoCase(rest, "<nav") && rest.size() > 4 && !IsAsciiAlpha(rest[4])) whole = "</nav", w = 0;
      else if (StartsWithNoCase(rest, "<aside")) whole = "</aside", w = 1;
      else if (StartsWithNoCase(rest, "<footer")) whole = "</footer", w = 2;
      if (whole && !unclosed[w]) {
        size_t end = FindNoCase(page, whole, i + 1);
        // No end tag after here means none after any later start tag either: one
        // search, not one per start tag (a page of unclosed <aside>s stays linear).
        if (end == std::string_view::npos) unclosed[w] = true;
        if (end != std::string_view::npos) {
          size_t gt = TagEnd(page, end);
          drop(i, gt);
          i = gt;
          continue;
        }
      }
      size_t gt = TagEnd(page, i);
      const char* close = nullptr;
      if (StartsWithNoCase(rest, "<script")) close = "</script";
      else if (StartsWithNoCase(rest, "<style")) close = "</style";
      else if (StartsWithNoCase(rest, "<svg")) close = "</svg";
      else if (StartsWithNoCase(rest, "<noscript")) close = "</noscript";
      if (close) {
        bool keep = close[3] == 'c' &&
                    ToLower(page.substr(i, gt - i)).find("ld+json") != std::string::npos;
        size_t end = FindNoCase(page, close, gt);
        if (end == std::string_view::npos) end = n;
        if (keep) {
          // JSON-LD stays verbatim (dates); continue after it.
          Copy(copied, end);
          copied = end;
          i = end;
        } else {
          drop(gt, end);
          i = end;
        }
        continue;
      }
      verbatim_next = StartsWithNoCase(rest, "<title") || StartsWithNoCase(rest, "<textarea") ||
                      StartsWithNoCase(rest, "<xmp") || StartsWithNoCase(rest, "<plaintext") ||
                      StartsWithNoCase(rest, "<pre") || StartsWithNoCase(rest, "<listing");
      i = gt;
      continue;
    }
    // A text run up to the next markup.
    size_t j = i;
    for (;;) {
      j = page.find('<', j + 1);
      if (j == std::string_view::npos) {
        j = n;
        break;
      }
      if (OpensMarkup(page, j)) break;
    }
    if (compact_text && !verbatim_next) CompactRun(i, j, &copied);
    verbatim_next = false;
    i = j;
  }
  if (!changed_) {
    compact_.clear();
    segments_.clear();
    return false;
  }
  Copy(copied, n);
  return true;
}

TextCount CountText(const GumboNode* root, const PageMap& map) {
  TextCount c;
  std::vector<std::pair<const GumboNode*, bool>> stack{{root, false}};
  while (!stack.empty()) {
    auto [n, in_link] = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_ELEMENT) {
      if (IsBoilerplate(n)) continue;
      bool link = in_link || n->v.element.tag == GUMBO_TAG_A;
      const GumboVector& ch = n->v.element.children;
      for (unsigned i = ch.length; i-- > 0;)
        stack.push_back({static_cast<const GumboNode*>(ch.data[i]), link});
    } else if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
      size_t nonspace = 0;
      auto count = [&](std::string_view t) {
        for (char ch : t) {
          if (!IsSpace(ch)) ++nonspace;
          if (ch == ',') ++c.commas;
        }
      };
      if (map.identity()) {
        count(n->v.text.text);
      } else {
        map.ForEachExpanded(n, [&](std::string_view piece, const PageMap::Segment* ph) {
          if (!ph) return count(piece);
          nonspace += ph->nonspace;
          c.commas += ph->commas;
        });
      }
      c.chars += nonspace;
      if (in_link) c.link_chars += nonspace;
    }
  }
  return c;
}

std::string CollapsedText(const GumboNode* root, const PageMap& map) {
  std::string out;
  bool last_space = true;
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_ELEMENT) {
      if (n != root && IsBoilerplateTag(n->v.element.tag)) continue;
      const GumboVector& ch = n->v.element.children;
      for (unsigned i = ch.length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(ch.data[i]));
    } else if (n->type != GUMBO_NODE_COMMENT) {
      if (map.identity()) {
        CollapseInto(n->v.text.text, &last_space, &out);
      } else {
        map.ForEachExpanded(n, [&](std::string_view piece, const PageMap::Segment*) {
          CollapseInto(piece, &last_space, &out);
        });
      }
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// ---------------------------------------------------------------- emission
class Emitter {
 public:
  Emitter(std::string_view html, uint64_t base, const PageMap* map, TextBuilder* out)
      : html_(html), base_(base), map_(map), out_(out) {}

  void Emit(const GumboNode* root, const GumboNode** skip_h1) {
    struct Frame {
      const GumboNode* node;
      bool exit;
    };
    std::vector<Frame> stack{{root, false}};
    while (!stack.empty()) {
      Frame f = stack.back();
      stack.pop_back();
      const GumboNode* n = f.node;
      if (n->type == GUMBO_NODE_ELEMENT) {
        GumboTag t = n->v.element.tag;
        if (f.exit) {
          if (t == GUMBO_TAG_A) --link_depth_;
          if (IsBlockTag(t)) Break();
          continue;
        }
        if (n != root && IsBoilerplate(n)) continue;
        if (t == GUMBO_TAG_H1 && *skip_h1 == n) continue;
        if (t == GUMBO_TAG_BR) {
          if (para_start_ < out_->size() && !last_space_) {
            out_->AppendSynthetic('\n');
            ++para_chars_;
            last_space_ = true;
          }
          continue;
        }
        if (IsBlockTag(t)) Break();
        if (t == GUMBO_TAG_A) ++link_depth_;
        stack.push_back({n, true});
        const GumboVector& ch = n->v.element.children;
        for (unsigned i = ch.length; i-- > 0;)
          stack.push_back({static_cast<const GumboNode*>(ch.data[i]), false});
      } else if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
                 n->type == GUMBO_NODE_CDATA) {
        AppendNodeText(n);
      }
    }
    Break();
  }

 private:
  void AppendNodeText(const GumboNode* n) {
    if (para_start_ == out_->size() && !separator_pending_) last_space_ = true;
    if (separator_pending_) {
      // Only whitespace so far? Do not open a paragraph for it.
      std::string_view t(n->v.text.text);
      bool blank = true;
      for (size_t i = 0; i < t.size() && blank; ++i)
        if (!IsSpace(t[i]) && !IsNbsp(t, i)) blank = false;
      if (blank) return;
      out_->AppendSynthetic("\n\n");
      separator_pending_ = false;
      para_start_ = out_->size();
      last_space_ = true;
    }
    size_t before = out_->size();
    const GumboStringPiece& orig = n->v.text.original_text;
    std::string_view decoded(n->v.text.text);
    bool mapped = orig.data >= html_.data() && orig.data + orig.length <= html_.data() + html_.size();
    if (mapped) {
      std::string_view raw(orig.data, orig.length);
      size_t at = static_cast<size_t>(orig.data - html_.data());
      bool saved_space = last_space_;
      bool placeholder = false;
      if (map_->identity()) {
        AppendHtmlText(raw, base_ + at, out_, &last_space_);
      } else {
        // Text behind placeholders and across dropped comments, piece by piece.
        placeholder = map_->HasPlaceholder(at, at + raw.size());
        map_->ForEach(at, at + raw.size(),
                      [&](std::string_view piece, size_t off, const PageMap::Segment* ph) {
                        if (ph && ph->simple) {
                          // Single spaces between words only: what AppendHtmlText
                          // would do, without looking at each byte.
                          size_t skip = piece[0] == ' ' && last_space_ ? 1 : 0;
                          out_->AppendMapped(piece.substr(skip), base_ + off + skip);
                          last_space_ = piece.back() == ' ';
                        } else {
                          AppendHtmlText(piece, base_ + off, out_, &last_space_);
                        }
                      });
      }
      if (raw != decoded) {
        // Check the mapping against gumbo's decoding (a text node may span an ignored
        // tag, or a reference we decode differently); on disagreement use gumbo's.
        std::string expect;
        bool s = saved_space;
        CollapseInto(decoded, &s, &expect);
        bool same;
        if (!placeholder) {
          same = std::string_view(out_->text()).substr(before) == expect;
        } else {
          TextBuilder scratch;  // compare in compact form: placeholders on both sides
          bool s2 = saved_space;
          AppendHtmlText(raw, 0, &scratch, &s2);
          same = scratch.text() == expect;
        }
        if (!same) {
          out_->Truncate(before);
          if (placeholder) {
            expect.clear();
            s = saved_space;
            CollapseInto(map_->Expand(n), &s, &expect);
          }
          out_->AppendSynthetic(expect);
          last_space_ = s;
        }
      }
    } else {
      std::string expect;
      CollapseInto(decoded, &last_space_, &expect);
      out_->AppendSynthetic(expect);
    }
    size_t added = out_->size() - before;
    para_chars_ += added;
    if (link_depth_ > 0) link_chars_ += added;
  }

  // Ends the current paragraph: drops it when link-dominated or blank.
  void Break() {
    size_t size = out_->size();
    while (size > para_start_ && out_->text()[size - 1] == ' ') --size;
    out_->Truncate(size);
    size_t len = size - para_start_;
    if (len > 0) {
      bool linky = para_chars_ > 0 && link_chars_ * 2 > para_chars_;
      if (linky) {
        out_->Truncate(para_start_ >= 2 && any_ ? para_start_ - 2 : para_start_);
        if (!any_) out_->Truncate(0);
      } else {
        any_ = true;
      }
    }
    if (out_->size() > 0) {
      separator_pending_ = true;
      para_start_ = out_->size();
    } else {
      para_start_ = 0;
    }
    para_chars_ = link_chars_ = 0;
    last_space_ = true;
  }

  std::string_view html_;
  uint64_t base_;
  const PageMap* map_;
  TextBuilder* out_;
  size_t para_start_ = 0;
  size_t para_chars_ = 0;
  size_t link_chars_ = 0;
  int link_depth_ = 0;
  bool last_space_ = true;
  bool separator_pending_ = false;
  bool any_ = false;
};

}  // namespace

void AppendHtmlText(std::string_view raw, uint64_t orig, TextBuilder* out, bool* last_space) {
  size_t i = 0;
  size_t run = 0;  // start of the pending verbatim run
  std::string decoded;
  auto flush = [&](size_t end) {
    if (end > run) out->AppendMapped(raw.substr(run, end - run), orig + run);
  };
  const size_t n = raw.size();
  while (i < n) {
    // Fast path: bytes copied as they are, and a single space between words.
    for (;;) {
      unsigned char b = static_cast<unsigned char>(raw[i]);
      if (!kTextSpecial.v[b]) {
        *last_space = false;
      } else if (b == ' ' && !*last_space &&
                 (i + 1 == n || (!IsSpace(raw[i + 1]) && !IsNbsp(raw, i + 1)))) {
        *last_space = true;
      } else {
        break;
      }
      if (++i == n) break;
    }
    if (i == n) break;
    char c = raw[i];
    bool nbsp = IsNbsp(raw, i);
    if (IsSpace(c) || nbsp) {
      size_t j = i + (nbsp ? 2 : 1);
      while (j < raw.size() && (IsSpace(raw[j]) || IsNbsp(raw, j))) j += IsNbsp(raw, j) ? 2 : 1;
      if (*last_space) {
        flush(i);
      } else if (c == ' ' && j == i + 1) {
        flush(i + 1);  // a single plain space stays mapped
      } else {
        flush(i);
        out->AppendSynthetic(' ');
      }
      *last_space = true;
      i = j;
      run = j;
      continue;
    }
    if (c == '&') {
      size_t len = DecodeEntity(raw, i, &decoded);
      if (len) {
        flush(i);
        bool space = decoded == " ";
        if (space) {
          if (!*last_space) out->AppendSynthetic(' ');
          *last_space = true;
        } else {
          out->AppendSynthetic(decoded);
          *last_space = false;
        }
        i += len;
        run = i;
        continue;
      }
    }
    if (c == '\0') {
      flush(i);
      out->AppendSynthetic("\xEF\xBF\xBD");
      *last_space = false;
      run = ++i;
      continue;
    }
    *last_space = false;
    ++i;
  }
  flush(raw.size());
}

bool LooksLikeHtml(std::string_view head) {
  size_t i = 0;
  if (head.starts_with("\xEF\xBB\xBF")) i = 3;
  while (i < head.size() && IsSpace(head[i])) ++i;
  std::string_view s = head.substr(i);
  if (s.empty() || s[0] != '<') return false;
  for (std::string_view p : {"<!doctype html", "<html", "<head", "<body", "<meta", "<title",
                             "<div", "<p>", "<p ", "<!--", "<article", "<section", "<script",
                             "<link", "<h1", "<table", "<span", "<main", "<header", "<nav"})
    if (StartsWithNoCase(s, p)) return true;
  std::string lower = ToLower(s.substr(0, 2048));
  return lower.find("<html") != std::string::npos || lower.find("<body") != std::string::npos;
}

std::string NormalizeDate(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && IsSpace(s[i])) ++i;
  s = s.substr(i);
  auto digits = [&](size_t at, size_t n) {
    if (at + n > s.size()) return false;
    for (size_t k = at; k < at + n; ++k)
      if (s[k] < '0' || s[k] > '9') return false;
    return true;
  };
  if (!digits(0, 4) || s.size() < 10 || (s[4] != '-' && s[4] != '/') || s[7] != s[4] ||
      !digits(5, 2) || !digits(8, 2))
    return "";
  if (s.size() > 10 && ((s[10] >= '0' && s[10] <= '9'))) return "";
  int y = std::stoi(std::string(s.substr(0, 4)));
  int m = (s[5] - '0') * 10 + (s[6] - '0');
  int d = (s[8] - '0') * 10 + (s[9] - '0');
  if (y < 1000 || m < 1 || m > 12 || d < 1 || d > 31) return "";
  std::string out(s.substr(0, 10));
  out[4] = out[7] = '-';
  return out;
}

Status ExtractHtml(std::string_view html, uint64_t base, const HtmlOptions& options,
                   Document* doc, HtmlStats* stats) {
  if (html.find('<') == std::string_view::npos) return InvalidArgumentError("not html");
  PageMap map;
  if (options.compact && map.Build(html)) html = map.compact();
  size_t overflow = FindDepthOverflow(html, options.max_depth);
  if (overflow != std::string_view::npos) {
    if (overflow < 64) return ResourceExhaustedError("too deep");
    html = html.substr(0, overflow);  // keep what came before the runaway nesting
    if (stats) ++stats->depth_truncated;
  }
  GumboOptions gopts = kGumboDefaultOptions;
  gopts.max_errors = 0;
  GumboOutput* output = gumbo_parse_with_options(&gopts, html.data(), html.size());
  if (!output) return InternalError("html parser failed");

  // Pass 1: metadata and paragraph scores.
  Meta meta;
  std::unordered_map<const GumboNode*, double> scores;
  const GumboNode* first_h1 = nullptr;
  const GumboNode* body = nullptr;
  std::vector<const GumboNode*> stack{output->root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    GumboTag t = n->v.element.tag;
    switch (t) {
      case GUMBO_TAG_META: ReadMetaTag(n, &meta); break;
      case GUMBO_TAG_TITLE:
        if (meta.title_tag.empty()) meta.title_tag = CollapsedText(n, map);
        break;
      case GUMBO_TAG_LINK:
        if (const char* rel = Attr(n, "rel"); rel && ToLower(rel) == "canonical")
          if (const char* href = Attr(n, "href"); href && meta.url.empty()) meta.url = href;
        break;
      case GUMBO_TAG_SCRIPT:
        if (const char* type = Attr(n, "type"); type && ToLower(type) == "application/ld+json") {
          const GumboVector& ch = n->v.element.children;
          if (ch.length > 0) {
            const GumboNode* c = static_cast<const GumboNode*>(ch.data[0]);
            if (c->type == GUMBO_NODE_TEXT) ScanJsonLd(c->v.text.text, &meta);
          }
        }
        break;
      case GUMBO_TAG_TIME:
        if (meta.time_date.empty())
          if (const char* dt = Attr(n, "datetime")) meta.time_date = NormalizeDate(dt);
        break;
      case GUMBO_TAG_BODY: body = n; break;
      default: break;
    }
    if (t == GUMBO_TAG_HEAD) {  // metadata only, never content
      const GumboVector& ch = n->v.element.children;
      for (unsigned i = ch.length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(ch.data[i]));
      continue;
    }
    if (IsBoilerplate(n)) continue;
    if (t == GUMBO_TAG_H1 && !first_h1) {
      first_h1 = n;
      meta.h1 = CollapsedText(n, map);
    }
    if (t == GUMBO_TAG_P || t == GUMBO_TAG_PRE || t == GUMBO_TAG_TD || t == GUMBO_TAG_BLOCKQUOTE) {
      TextCount c = CountText(n, map);
      if (c.chars >= 25) {
        double score = 1.0 + static_cast<double>(c.commas) + std::min(c.chars / 100.0, 3.0);
        score *= 1.0 - static_cast<double>(c.link_chars) / static_cast<double>(c.chars);
        const GumboNode* anc = n->parent;
        for (int level = 1; level <= 3 && anc && anc->type == GUMBO_NODE_ELEMENT; ++level) {
          auto [it, inserted] = scores.try_emplace(anc, 0.0);
          if (inserted) {
            GumboTag at = anc->v.element.tag;
            double init = ClassWeight(anc);
            if (at == GUMBO_TAG_DIV || at == GUMBO_TAG_ARTICLE) init += 5;
            else if (at == GUMBO_TAG_PRE || at == GUMBO_TAG_TD || at == GUMBO_TAG_BLOCKQUOTE) init += 3;
            else if (at == GUMBO_TAG_OL || at == GUMBO_TAG_UL || at == GUMBO_TAG_LI || at == GUMBO_TAG_FORM) init -= 3;
            it->second = init;
          }
          it->second += score / level;
          anc = anc->parent;
        }
      }
    }
    const GumboVector& ch = n->v.element.children;
    for (unsigned i = ch.length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(ch.data[i]));
  }

  const GumboNode* top = nullptr;
  double top_score = 0;
  for (const auto& [node, score] : scores) {
    if (score > top_score || (score == top_score && top && node < top)) {
      top = node;
      top_score = score;
    }
  }

  TextBuilder builder;
  Emitter emitter(html, base, &map, &builder);
  const GumboNode* skip_h1 = first_h1;
  if (top && top_score > 0 && top->parent && top->parent->type == GUMBO_NODE_ELEMENT &&
      top->v.element.tag != GUMBO_TAG_BODY && top->v.element.tag != GUMBO_TAG_HTML) {
    // The top candidate and the siblings that look like its continuation.
    const GumboVector& sib = top->parent->v.element.children;
    double threshold = std::max(10.0, top_score * 0.2);
    for (unsigned i = 0; i < sib.length; ++i) {
      const GumboNode* s = static_cast<const GumboNode*>(sib.data[i]);
      if (s->type != GUMBO_NODE_ELEMENT) continue;
      bool take = s == top;
      if (!take) {
        auto it = scores.find(s);
        if (it != scores.end() && it->second >= threshold) take = true;
      }
      if (!take && s->v.element.tag == GUMBO_TAG_P) {
        TextCount c = CountText(s, map);
        double ld = c.chars ? static_cast<double>(c.link_chars) / c.chars : 1.0;
        if (c.chars >= 80 && ld < 0.25) take = true;
      }
      if (take && !IsBoilerplate(s)) emitter.Emit(s, &skip_h1);
    }
  } else if (body || output->root) {
    emitter.Emit(body ? body : output->root, &skip_h1);
  }

  std::string title = meta.og_title;
  if (title.empty()) title = meta.ld_headline;
  if (title.empty()) title = meta.h1;
  if (title.empty()) title = meta.twitter_title;
  if (title.empty()) title = TrimSiteSuffix(meta.title_tag);
  std::string collapsed;
  bool sp = true;
  CollapseInto(title, &sp, &collapsed);
  while (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
  doc->title = std::move(collapsed);
  std::string date = meta.date;
  if (date.empty()) date = meta.ld_date;
  if (date.empty()) date = meta.time_date;
  if (!date.empty()) doc->date = date;
  if (doc->url.empty()) doc->url = meta.url;
  if (!meta.site.empty()) doc->source = meta.site;
  if (stats) stats->utf8_repairs += builder.repairs();
  builder.MoveTo(doc);
  gumbo_destroy_output(&gopts, output);
  return Status::Ok();
}

}  // namespace khaldun
