// Main-content extraction from HTML pages (gumbo HTML5 parser).
//
// In the spirit of readability/trafilatura: boilerplate subtrees are dropped by tag
// (script, style, nav, aside, footer, form, iframe, ...) and by class/id/role hints
// (menu, cookie/consent banners, ads, sponsored, related/recommended lists, share and
// newsletter boxes, comments, sidebars, hidden elements). Paragraph-like elements are
// scored by text length and commas, discounted by link density, and the score flows
// to their parent and grandparent; the best container and its high-scoring siblings
// are emitted paragraph by paragraph ("\n\n" between blocks, "\n" for <br>), dropping
// link-dominated blocks (teaser lists). When no container scores, every
// non-boilerplate block with enough text is kept.
//
// Metadata: title (og:title, then the first <h1>, then <title>), publication date
// (article:published_time and similar meta, JSON-LD datePublished, <time datetime>),
// canonical URL, site name. The headline <h1> is not repeated in the body text.
//
// Every byte of body text copied from the page gets an origin piece pointing at its
// offset in the input (entity-decoded characters and collapsed whitespace are gaps).
// Thread-safe: pure functions.
#ifndef KHALDUN_INGEST_HTML_H_
#define KHALDUN_INGEST_HTML_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "khaldun/document.h"
#include "khaldun/status.h"

namespace khaldun {

struct HtmlOptions {
  // Pages whose estimated element nesting exceeds this are rejected (gumbo 0.10
  // frees its tree recursively, so unbounded depth would risk the stack).
  size_t max_depth = 256;
  // Hand gumbo a compact page (boilerplate contents cut, plain text stretches as
  // placeholders; see html.cc) instead of the whole page. The result is the same
  // either way; false exists for the differential test.
  bool compact = true;
};

struct HtmlStats {
  size_t utf8_repairs = 0;
  size_t depth_truncated = 0;  // pages cut at HtmlOptions::max_depth
};

// Extracts `html` (bytes [base, base + html.size()) of the input) into doc->text,
// doc->origin, doc->title, doc->date (YYYY-MM-DD or empty), doc->url (canonical/og:url
// when present; kept when already set), doc->source (og:site_name when present).
// Returns InvalidArgument("not html") when the data has no markup at all and
// ResourceExhausted("too deep") when nesting exceeds options.max_depth.
Status ExtractHtml(std::string_view html, uint64_t base, const HtmlOptions& options,
                   Document* doc, HtmlStats* stats);

// True when the first non-blank bytes look like HTML markup.
bool LooksLikeHtml(std::string_view head);

// Normalizes a date string starting with YYYY-MM-DD or YYYY/MM/DD (ISO 8601 time
// parts ignored) to "YYYY-MM-DD"; returns "" when it is not one.
std::string NormalizeDate(std::string_view s);

// Decodes HTML character references in `raw` (the input's bytes starting at `orig`),
// collapsing whitespace runs into one space, appending to *out. `*last_space` tells
// whether the output currently ends in whitespace (updated). Exposed for tests.
class TextBuilder;
void AppendHtmlText(std::string_view raw, uint64_t orig, TextBuilder* out, bool* last_space);

}  // namespace khaldun

#endif  // KHALDUN_INGEST_HTML_H_
