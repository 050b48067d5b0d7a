// Synthetic but realistic news pages for benchmarks and fuzz seeds: a <head> with
// meta tags, JSON-LD and a large inline script and style, a navigation menu, a cookie
// banner, an ad slot, the article (headline, byline, dateline, paragraphs with links
// and character references, a repeated photo caption), a related-links list, an aside
// and a footer. Deterministic for a given seed. Header-only; thread-safe.
#ifndef KHALDUN_INGEST_SYNTHETIC_PAGE_H_
#define KHALDUN_INGEST_SYNTHETIC_PAGE_H_

#include <cstdint>
#include <string>

namespace khaldun {

inline std::string SyntheticNewsPage(uint64_t seed, int paragraphs = 14) {
  static const char* kWords[] = {
      "minister", "said", "talks", "border", "on", "Tuesday", "the", "government", "forces",
      "and", "officials", "would", "meet", "in", "capital", "after", "strikes", "against",
      "militants", "province", "of", "a", "security", "agreement", "spokesman", "told",
      "reporters", "that", "both", "sides", "had", "agreed", "to", "continue", "with", "plans",
      "for", "new", "sanctions", "embassy", "envoy", "ceasefire", "negotiations", "week"};
  const size_t n = sizeof(kWords) / sizeof(kWords[0]);
  uint64_t x = seed * 0x9E3779B97F4A7C15ULL + 1;
  auto next = [&x]() {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  auto sentence = [&](int words) {
    std::string s = "The";
    for (int i = 0; i < words; ++i) {
      s += ' ';
      s += kWords[next() % n];
      if (i % 9 == 8) s += ',';
    }
    return s + ".";
  };
  std::string p;
  p.reserve(96 << 10);
  p += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
  p += "<title>" + sentence(8) + " | Example Times</title>\n";
  p += "<meta property=\"og:title\" content=\"Ministers agree to resume border talks\">\n";
  p += "<meta property=\"og:site_name\" content=\"Example Times\">\n";
  p += "<meta property=\"article:published_time\" content=\"2024-01-18T09:30:00Z\">\n";
  p += "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":"
       "\"NewsArticle\",\"headline\":\"Ministers agree\",\"datePublished\":\"2024-01-18\"}</script>\n";
  p += "<style>";
  for (int i = 0; i < 120; ++i)
    p += ".c" + std::to_string(i) + "{margin:0 auto;padding:4px 8px;color:#333;font-size:14px}\n";
  p += "</style>\n<script>\n";
  for (int i = 0; i < 250; ++i)
    p += "window.dataLayer.push({event:'view',id:" + std::to_string(next() % 100000) +
         ",path:'/world/asia/article-" + std::to_string(i) + "'});\n";
  p += "</script></head>\n<body class=\"article-page\">\n";
  p += "<header class=\"site-header\"><nav class=\"main-nav\"><ul>";
  for (int i = 0; i < 30; ++i)
    p += "<li><a href=\"/section/" + std::to_string(i) + "\">Section " + std::to_string(i) +
         "</a></li>";
  p += "</ul></nav></header>\n";
  p += "<div id=\"cookie-consent\" class=\"cookie-banner\"><p>We use cookies to improve your "
       "experience. By continuing you accept our use of cookies.</p><button>Accept</button></div>\n";
  p += "<div class=\"ad-slot ad-leaderboard\"><iframe src=\"https://ads.example/x\"></iframe></div>\n";
  p += "<main><article class=\"story\">\n<h1>Ministers agree to resume border talks</h1>\n";
  p += "<p class=\"byline\">By <a href=\"/staff/jo\">Jo Example</a></p>\n";
  p += "<time datetime=\"2024-01-18\">January 18, 2024</time>\n";
  std::string caption = "<figure><img src=\"a.jpg\" alt=\"\"><figcaption>" + sentence(20) +
                        " REUTERS/Sam Example</figcaption></figure>\n";
  p += caption + caption;
  p += "<div class=\"article-body\">\n";
  for (int i = 0; i < paragraphs; ++i) {
    p += "<p>";
    if (i == 0) p += "PORTVILLE, Jan 18 (Reuters) &mdash; ";
    p += sentence(30) + " " + sentence(25) + " <a href=\"/topic/" + std::to_string(i) + "\">" +
         sentence(4) + "</a> &ldquo;" + sentence(12) + "&rdquo; " + sentence(20) + "</p>\n";
    if (i == 5) p += "<div class=\"ad-inline\">Advertisement</div>\n";
  }
  p += "</div>\n<ul class=\"related-links\">";
  for (int i = 0; i < 8; ++i)
    p += "<li><a href=\"/r/" + std::to_string(i) + "\">" + sentence(7) + "</a></li>";
  p += "</ul>\n</article></main>\n<aside class=\"sidebar\"><h3>Most read</h3><ol>";
  for (int i = 0; i < 10; ++i)
    p += "<li><a href=\"/m/" + std::to_string(i) + "\">" + sentence(8) + "</a></li>";
  p += "</ol></aside>\n<footer><p>&copy; 2024 Example Times. All rights reserved.</p>"
       "<ul><li><a href=\"/privacy\">Privacy</a></li><li><a href=\"/terms\">Terms</a></li></ul>"
       "</footer>\n</body></html>\n";
  return p;
}

}  // namespace khaldun

#endif  // KHALDUN_INGEST_SYNTHETIC_PAGE_H_
