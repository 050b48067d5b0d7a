#include "ingest/ingest.h"

#include <zlib.h>

#include <cstring>
#include <string>
#include <vector>

#include "base/utf8.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ingest/html.h"
#include "ingest/synthetic_page.h"
#include "ingest/text_builder.h"

namespace khaldun {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Result {
  CollectingSink sink;
  IngestStats stats;
};

Result Read(std::string_view data, std::string_view name, IngestOptions options = {}) {
  Result r;
  Status st = ReadBuffer(data, name, options, &r.sink, &r.stats);
  EXPECT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(r.stats.records, r.stats.documents + r.stats.rejected);
  EXPECT_EQ(r.stats.documents, r.sink.docs.size());
  EXPECT_EQ(r.stats.rejected, r.sink.rejections.size());
  return r;
}

// Every origin piece must point at exactly the bytes it claims to come from.
void ExpectOriginsExact(const Document& doc, std::string_view input) {
  if (doc.origin.empty()) {
    EXPECT_EQ(doc.text, input.substr(0, doc.text.size()));
    return;
  }
  for (const OriginPiece& p : doc.origin) {
    ASSERT_LE(p.doc_begin + p.length, doc.text.size());
    ASSERT_LE(p.orig_begin + p.length, input.size());
    EXPECT_EQ(doc.text.substr(p.doc_begin, p.length), input.substr(p.orig_begin, p.length))
        << "piece at doc offset " << p.doc_begin;
  }
}

// Gzip of `s` as one member.
std::string Gzip(std::string_view s) {
  z_stream z;
  std::memset(&z, 0, sizeof z);
  deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
  std::string out(compressBound(s.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(s.data()));
  z.avail_in = static_cast<uInt>(s.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string WarcRecord(std::string_view type, std::string_view id, std::string_view content_type,
                       std::string_view block, std::string_view uri = "https://example.org/a") {
  std::string r = "WARC/1.0\r\nWARC-Type: " + std::string(type) +
                  "\r\nWARC-Record-ID: <urn:uuid:" + std::string(id) +
                  ">\r\nWARC-Date: 2023-05-06T07:08:09Z\r\nWARC-Target-URI: " + std::string(uri) +
                  "\r\nContent-Type: " + std::string(content_type) +
                  "\r\nContent-Length: " + std::to_string(block.size()) + "\r\n\r\n";
  r += block;
  r += "\r\n\r\n";
  return r;
}

std::string HttpResponse(std::string_view status, std::string_view body,
                         std::string_view ctype = "text/html; charset=utf-8") {
  return "HTTP/1.1 " + std::string(status) + "\r\nContent-Type: " + std::string(ctype) +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

const char kPage[] = R"(<!DOCTYPE html>
<html><head>
<title>Harbour talks resume | The Daily Example</title>
<meta property="og:title" content="Harbour talks resume after long pause">
<meta property="article:published_time" content="2021-03-04T10:00:00Z">
<meta property="og:site_name" content="The Daily Example">
<script>var tracking = "SCRIPTTEXT";</script>
<style>.x { color: red } /* STYLETEXT */</style>
</head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World NAVTEXT</a></li></ul></nav></header>
<div id="cookie-banner"><p>We use cookies to improve your experience COOKIETEXT. Accept all cookies to continue.</p><button>OK</button></div>
<div class="ad-slot">ADTEXT buy our lovely product today, it is very good for you and your family.</div>
<main><article class="story">
<h1>Harbour talks resume after long pause</h1>
<p class="byline">By Jane Doe</p>
<time datetime="2021-03-04">March 4, 2021</time>
<p>PORTVILLE (Examplewire) &mdash; Delegations from the two coastal states met on Thursday in the harbour city, officials said, the first round of talks in a year.</p>
<p>The talks, which had stalled over fishing rights, will continue next week, a spokesman for the northern delegation told reporters &amp; photographers.</p>
<p>Both sides said they hoped to sign a framework agreement before the summer, although several issues, including border patrols, remain open.</p>
<ul class="related-links"><li><a href="/1">RELATEDTEXT one story</a></li><li><a href="/2">Another story</a></li></ul>
</article></main>
<aside><h3>Most read</h3><ol><li><a href="/3">ASIDETEXT</a></li></ol></aside>
<form><input name="email"> Sign up for our newsletter FORMTEXT</form>
<footer><p>Copyright FOOTERTEXT 2021, all rights reserved, The Daily Example.</p></footer>
</body></html>
)";

TEST(DetectFormat, FromContent) {
  EXPECT_EQ(DetectFormat("WARC/1.0\r\n"), InputFormat::kWarc);
  // A WARC whose first record carries a binary (e.g. gzip-encoded) payload.
  static const char kWarcBinary[] = "WARC/1.0\r\nContent-Length: 6\r\n\r\n\x1f\x8b\x00\x00\x00\x01";
  EXPECT_EQ(DetectFormat(std::string_view(kWarcBinary, sizeof kWarcBinary - 1)), InputFormat::kWarc);
  EXPECT_EQ(DetectFormat("{\"text\": \"x\"}\n"), InputFormat::kJsonl);
  EXPECT_EQ(DetectFormat("  <!DOCTYPE html><html>"), InputFormat::kHtml);
  EXPECT_EQ(DetectFormat("<div>hi</div>"), InputFormat::kHtml);
  EXPECT_EQ(DetectFormat("# sent_id = 1\n1\tHi\t_\t_\t_\t_\t0\troot\t_\t_\n"), InputFormat::kConllu);
  EXPECT_EQ(DetectFormat("Plain words here.\n"), InputFormat::kText);
  EXPECT_EQ(DetectFormat(std::string("\x7f" "ELF\x02\x01\x01\x00\x00", 9)), InputFormat::kText);
}

TEST(LooksBinary, NulAndControlBytes) {
  EXPECT_TRUE(LooksBinary(std::string("abc\0def", 7)));
  EXPECT_TRUE(LooksBinary("\x01\x02\x03\x04\x05\x06 text"));
  EXPECT_FALSE(LooksBinary("Caf\xc3\xa9 au lait, na\xc3\xafve.\n"));
  EXPECT_FALSE(LooksBinary("Latin-1 caf\xe9 is still text, mostly ASCII here.\n"));
}

TEST(TextReader, WholeFileIsOneDocumentNamedAfterTheStem) {
  Result r = Read("Two ministers met.\n\nThey talked.\n", "in/2024/story-one.txt");
  ASSERT_EQ(r.sink.docs.size(), 1u);
  EXPECT_EQ(r.sink.docs[0].id, "story-one");
  EXPECT_EQ(r.sink.docs[0].text, "Two ministers met.\n\nThey talked.\n");
  EXPECT_TRUE(r.sink.docs[0].origin.empty());
}

TEST(TextReader, RepairsInvalidUtf8AndKeepsOffsets) {
  std::string in = "abc\xff" "def \xc3\xa9t\xe9";
  Result r = Read(in, "bad.txt");
  ASSERT_EQ(r.sink.docs.size(), 1u);
  const Document& d = r.sink.docs[0];
  EXPECT_EQ(d.text, "abc\xEF\xBF\xBD" "def \xc3\xa9t\xEF\xBF\xBD");
  EXPECT_EQ(r.stats.utf8_repairs, 2u);
  ExpectOriginsExact(d, in);
  EXPECT_EQ(d.ToOriginal(6), 4u);  // 'd' of "def"
}

TEST(TextReader, DefaultDateApplies) {
  IngestOptions o;
  o.default_date = "2024-01-18";
  Result r = Read("Words.", "x.txt", o);
  ASSERT_EQ(r.sink.docs.size(), 1u);
  EXPECT_EQ(r.sink.docs[0].date, "2024-01-18");
}

TEST(TextReader, BinaryFileRejected) {
  std::string bin(4000, '\0');
  for (size_t i = 0; i < bin.size(); ++i) bin[i] = static_cast<char>((i * 37) & 0xff);
  Result r = Read(bin, "image.jpg");
  ASSERT_EQ(r.sink.rejections.size(), 1u);
  EXPECT_EQ(r.sink.rejections[0].reason, "binary");
  EXPECT_EQ(r.sink.rejections[0].record, "image.jpg");
}

TEST(TextReader, TooLargeRejected) {
  IngestOptions o;
  o.max_record_bytes = 100;
  Result r = Read(std::string(101, 'a'), "big.txt", o);
  ASSERT_EQ(r.sink.rejections.size(), 1u);
  EXPECT_EQ(r.sink.rejections[0].reason, "too large");
  Result ok = Read(std::string(100, 'a'), "fits.txt", o);
  EXPECT_EQ(ok.sink.docs.size(), 1u);
}

TEST(TextReader, EmptyFileIsAnEmptyDocument) {
  Result r = Read("", "empty.txt");
  ASSERT_EQ(r.sink.docs.size(), 1u);
  EXPECT_TRUE(r.sink.docs[0].text.empty());
  EXPECT_EQ(r.stats.empty, 1u);
}

TEST(JsonlReader, GoodAndBrokenLines) {
  std::string in =
      "{\"id\": \"a1\", \"date\": \"2020-02-03\", \"title\": \"T\", \"url\": \"u\", \"source\": \"S\", "
      "\"text\": \"First \\\"quoted\\\" line.\\nSecond \\u00e9 line.\"}\n"
      "this is not json\n"
      "{\"id\": \"a3\", \"title\": \"no text field\"}\n"
      "\n"
      "{\"id\": 44, \"text\": \"\"}\r\n"
      "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n"
      "{\"text\": 12}\n"
      "{\"text\": \"tail without newline\"}";
  Result r = Read(in, "feed.jsonl");
  ASSERT_EQ(r.sink.docs.size(), 3u);
  ASSERT_EQ(r.sink.rejections.size(), 4u);
  const Document& a = r.sink.docs[0];
  EXPECT_EQ(a.id, "a1");
  EXPECT_EQ(a.date, "2020-02-03");
  EXPECT_EQ(a.title, "T");
  EXPECT_EQ(a.url, "u");
  EXPECT_EQ(a.source, "S");
  EXPECT_EQ(a.text, "First \"quoted\" line.\nSecond \xc3\xa9 line.");
  ExpectOriginsExact(a, in);
  EXPECT_EQ(in.substr(a.ToOriginal(0), 6), "First ");
  EXPECT_EQ(r.sink.docs[1].id, "44");
  EXPECT_TRUE(r.sink.docs[1].text.empty());
  EXPECT_EQ(r.sink.docs[2].id, "feed:8");
  EXPECT_EQ(r.sink.rejections[0].record, "feed.jsonl:2");
  EXPECT_EQ(r.sink.rejections[0].reason, "not json");
  EXPECT_EQ(r.sink.rejections[1].record, "feed.jsonl:3");
  EXPECT_EQ(r.sink.rejections[1].reason, "no text");
  EXPECT_EQ(r.sink.rejections[2].reason, "json too deep");
  EXPECT_EQ(r.sink.rejections[2].record, "feed.jsonl:6");
  EXPECT_EQ(r.sink.rejections[3].reason, "no text");
  EXPECT_EQ(r.stats.rejected_by_reason["no text"], 2u);
}

TEST(JsonlReader, InvalidUtf8LineIsRepairedNotRejected) {
  Result r = Read("{\"text\": \"caf\xe9 talks\"}\n", "l.jsonl");
  ASSERT_EQ(r.sink.docs.size(), 1u);
  EXPECT_EQ(r.sink.docs[0].text, "caf\xEF\xBF\xBD talks");
  EXPECT_EQ(r.stats.utf8_repairs, 1u);
}

TEST(JsonlReader, LongLineRejectedAndNextLineRead) {
  IngestOptions o;
  o.max_record_bytes = 64;
  std::string in = "{\"text\": \"" + std::string(200, 'x') + "\"}\n{\"text\": \"short\"}\n";
  Result r = Read(in, "l.jsonl", o);
  ASSERT_EQ(r.sink.rejections.size(), 1u);
  EXPECT_EQ(r.sink.rejections[0].reason, "too large");
  EXPECT_EQ(r.sink.rejections[0].record, "l.jsonl:1");
  ASSERT_EQ(r.sink.docs.size(), 1u);
  EXPECT_EQ(r.sink.docs[0].text, "short");
}

TEST(HtmlReader, KeepsArticleDropsBoilerplate) {
  Result r = Read(kPage, "site/page.html");
  ASSERT_EQ(r.sink.docs.size(), 1u);
  const Document& d = r.sink.docs[0];
  EXPECT_EQ(d.id, "page");
  EXPECT_EQ(d.title, "Harbour talks resume after long pause");
  EXPECT_EQ(d.date, "2021-03-04");
  EXPECT_EQ(d.source, "The Daily Example");
  EXPECT_THAT(d.text, HasSubstr("PORTVILLE (Examplewire) \u2014 Delegations"));
  EXPECT_THAT(d.text, HasSubstr("reporters & photographers."));
  EXPECT_THAT(d.text, HasSubstr("border patrols, remain open."));
  EXPECT_THAT(d.text, HasSubstr("By Jane Doe"));
  for (const char* junk : {"SCRIPTTEXT", "STYLETEXT", "NAVTEXT", "COOKIETEXT", "ADTEXT",
                           "RELATEDTEXT", "ASIDETEXT", "FORMTEXT", "FOOTERTEXT"})
    EXPECT_THAT(d.text, Not(HasSubstr(junk))) << junk;
  // The headline is the title, not repeated in the body.
  EXPECT_THAT(d.text, Not(HasSubstr("Harbour talks resume")));
  // Paragraphs are separated by blank lines.
  EXPECT_THAT(d.text, HasSubstr("in a year.\n\nThe talks"));
  ExpectOriginsExact(d, kPage);
  // Mapped back, the first body word sits where it is in the page.
  size_t at = d.text.find("Delegations");
  EXPECT_EQ(std::string_view(kPage).substr(d.ToOriginal(static_cast<uint32_t>(at)), 11),
            "Delegations");
}

TEST(HtmlReader, JsonLdDateAndTitleFallback) {
  const char page[] =
      "<html><head><title>Quiet day at the port - Example News</title>"
      "<script type=\"application/ld+json\">{\"@graph\": [{\"@type\": \"NewsArticle\", "
      "\"datePublished\": \"2019-11-12T08:00:00+01:00\"}]}</script></head>"
      "<body><div><p>Nothing much happened at the port on Monday, according to the harbour "
      "master, who said the ships came and went.</p></div></body></html>";
  Result r = Read(page, "p.html");
  ASSERT_EQ(r.sink.docs.size(), 1u);
  EXPECT_EQ(r.sink.docs[0].date, "2019-11-12");
  EXPECT_EQ(r.sink.docs[0].title, "Quiet day at the port");
  EXPECT_THAT(r.sink.docs[0].text, HasSubstr("Nothing much happened"));
}

TEST(HtmlReader, PageWrappedInAFormKeepsItsText) {
  // Some CMSs wrap the whole body in one <form>; forms are not boilerplate by tag.
  Result r = Read(
      "<html><body><form id=\"mainForm\"><div class=\"content\"><p>Inside a form that wraps "
      "the page, text about a meeting of ministers in the capital city.</p></div></form></body></html>",
      "f.html");
  ASSERT_EQ(r.sink.docs.size(), 1u);
  EXPECT_THAT(r.sink.docs[0].text, HasSubstr("meeting of ministers"));
}

TEST(HtmlReader, CommentInsideTextKeepsOffsetsExact) {
  // Comments are cut before parsing; text around them must still map exactly.
  std::string page =
      "<html><body><script>var x = 1;</script><p>Before the comment<!-- hidden --> and after it, "
      "the text goes on for a while so that the paragraph scores.</p></body></html>";
  Result r = Read(page, "c.html");
  ASSERT_EQ(r.sink.docs.size(), 1u);
  EXPECT_THAT(r.sink.docs[0].text, HasSubstr("Before the comment and after it"));
  ExpectOriginsExact(r.sink.docs[0], page);
}

TEST(HtmlReader, DeclaredLatin1PageIsConverted) {
  std::string page =
      "<html><head><meta charset=\"windows-1252\"></head><body><p>The caf\xe9 owner said "
      "\x93yes\x94 to the plan on Monday, according to the local council.</p></body></html>";
  Result r = Read(page, "l.html");
  ASSERT_EQ(r.sink.docs.size(), 1u);
  EXPECT_THAT(r.sink.docs[0].text, HasSubstr("caf\xc3\xa9 owner said \u201Cyes\u201D"));
  EXPECT_EQ(r.stats.utf8_repairs, 0u);
}

TEST(ReadInput, DirectoryIsAnError) {
  CollectingSink sink;
  IngestStats stats;
  Status st = ReadInput("/tmp", {}, &sink, &stats);
  EXPECT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("directory"));
}

// Regression: gumbo's text node spans an ignored stray end tag; with long runs sent to
// gumbo as placeholders the tag leaked into the text.
TEST(HtmlReader, StrayEndTagInsideLongTextDoesNotLeakMarkup) {
  std::string page =
      "<html><body><article><p>A long run of words before the stray end tag is here</span> "
      "and a long run of words after the stray end tag follows it, with commas, too.</p>"
      "</article></body></html>";
  Result r = Read(page, "s.html");
  ASSERT_EQ(r.sink.docs.size(), 1u);
  EXPECT_THAT(r.sink.docs[0].text, Not(HasSubstr("</span>")));
  EXPECT_THAT(r.sink.docs[0].text, HasSubstr("tag is here and a long run"));
  ExpectOriginsExact(r.sink.docs[0], page);
}

TEST(HtmlReader, LongTextRunsKeepExactOffsets) {
  std::string page = "<html><body><div class=\"story\">";
  for (int i = 0; i < 20; ++i)
    page += "<p>Paragraph " + std::to_string(i) +
            " tells, at some length, how the delegations met and what they said about it.</p>";
  page += "</div></body></html>";
  Result r = Read(page, "long.html");
  ASSERT_EQ(r.sink.docs.size(), 1u);
  EXPECT_THAT(r.sink.docs[0].text, HasSubstr("Paragraph 19 tells, at some length"));
  ExpectOriginsExact(r.sink.docs[0], page);
  // Only the paragraph separators are unmapped.
  size_t mapped = 0;
  for (const OriginPiece& p : r.sink.docs[0].origin) mapped += p.length;
  EXPECT_EQ(mapped + 19 * 2, r.sink.docs[0].text.size());
}

TEST(HtmlReader, EmptyPageIsEmptyDocument) {
  Result r = Read("<html><head><title>Gone</title></head><body></body></html>", "e.html");
  ASSERT_EQ(r.sink.docs.size(), 1u);
  EXPECT_TRUE(r.sink.docs[0].text.empty());
  EXPECT_EQ(r.stats.empty, 1u);
}

TEST(HtmlReader, NotHtmlWhenForced) {
  IngestOptions o;
  o.format = InputFormat::kHtml;
  Result r = Read("just some words without any markup", "x.html", o);
  ASSERT_EQ(r.sink.rejections.size(), 1u);
  EXPECT_EQ(r.sink.rejections[0].reason, "not html");
}

TEST(HtmlReader, DeepNestingDoesNotCrash) {
  std::string page = "<html><body><p>Opening words of a page that goes wrong later on.</p>";
  for (int i = 0; i < 200000; ++i) page += "<div>";
  page += "deep";
  Result r = Read(page, "deep.html");
  EXPECT_EQ(r.stats.records, 1u);
  EXPECT_EQ(r.stats.depth_truncated, 1u);
  if (!r.sink.docs.empty()) EXPECT_THAT(r.sink.docs[0].text, Not(HasSubstr("deep")));
  std::string bomb;
  for (int i = 0; i < 100000; ++i) bomb += "<div>";
  Result r2 = Read(bomb, "bomb.html");  // truncated at the limit: nothing left
  ASSERT_EQ(r2.sink.docs.size(), 1u);
  EXPECT_TRUE(r2.sink.docs[0].text.empty());
  Result r3 = Read(bomb.substr(0, 2000) + "x", "bomb2.html", {.max_html_depth = 4});
  ASSERT_EQ(r3.sink.rejections.size(), 1u);
  EXPECT_EQ(r3.sink.rejections[0].reason, "too deep");
}

// Differential: the compact page handed to gumbo (HtmlOptions::compact) must give
// exactly what the whole page gives -- text, origin, title, date -- and the origin
// must point at the page's bytes.
void ExpectCompactSameAsWhole(const std::string& page, const std::string& label) {
  Document whole, compact;
  HtmlOptions off;
  off.compact = false;
  Status a = ExtractHtml(page, 0, off, &whole, nullptr);
  Status b = ExtractHtml(page, 0, HtmlOptions{}, &compact, nullptr);
  ASSERT_EQ(a.ok(), b.ok()) << label;
  EXPECT_EQ(compact.text, whole.text) << label;
  EXPECT_EQ(compact.title, whole.title) << label;
  EXPECT_EQ(compact.date, whole.date) << label;
  ASSERT_EQ(compact.origin.size(), whole.origin.size()) << label;
  for (size_t i = 0; i < whole.origin.size(); ++i) {
    EXPECT_EQ(compact.origin[i].doc_begin, whole.origin[i].doc_begin) << label << " piece " << i;
    EXPECT_EQ(compact.origin[i].orig_begin, whole.origin[i].orig_begin) << label << " piece " << i;
    EXPECT_EQ(compact.origin[i].length, whole.origin[i].length) << label << " piece " << i;
  }
  ExpectOriginsExact(compact, page);
}

TEST(HtmlCompaction, SyntheticPagesSameAsWholePage) {
  for (int paragraphs : {1, 4, 14, 40})
    for (uint64_t seed = 0; seed < 8; ++seed)
      ExpectCompactSameAsWhole(SyntheticNewsPage(seed, paragraphs),
                               "synthetic " + std::to_string(seed) + "/" + std::to_string(paragraphs));
}

TEST(HtmlCompaction, CharacterReferencesBetweenLongTextSameAsWholePage) {
  const std::string words = "the delegations met in the capital and talked at some length";
  const char* refs[] = {"&amp;",   "&ldquo;", "&#8217;", "&#x2014;", "&nbsp;", "&copy",
                        "&copy2024", "&notin;", "&not", "&unknown;", "& ",    "&",
                        "&#38", "&#12a", "&amp;&amp;", "&lt;b&gt;"};
  for (const char* ref : refs) {
    std::string page = "<html><head><title>" + words + " " + ref + " " + words +
                       "</title></head><body><article><p>" + words + ref + words + " " + ref +
                       " " + words + "," + ref + "</p><p>" + ref + words + "</p></article></body></html>";
    ExpectCompactSameAsWhole(page, std::string("ref ") + ref);
  }
}

TEST(HtmlCompaction, AwkwardPlacesSameAsWholePage) {
  const std::string w = "a long stretch of words about the talks between the two sides";
  const std::string pages[] = {
      "<p>" + w + "</p><table><tr><td>" + w + " &amp; " + w + "</td></tr>" + w + "</table>",
      "<html><body><pre>" + w + "\n  " + w + " &lt; " + w + "</pre><p>" + w + "</p></body></html>",
      "<html><body><textarea>" + w + " &amp; " + w + "</textarea><p>" + w + "</p></body></html>",
      "<html><body><p>" + w + "\r\n" + w + " &amp; " + w + "</p></body></html>",
      "<html><body><p>" + w + " 3 < 4 and " + w + " &gt; " + w + "</p></body></html>",
      "<html><body><p>" + w + "<!-- note --> &mdash; " + w + "</p><nav>" + w + "</nav></body></html>",
      "<html><body><ul><li>" + w + " &amp; <a href=\"/x\">" + w + "</a></li></ul><p>" + w +
          ", " + w + ", " + w + "</p></body></html>",
      "<html><body><p>" + w + "</span> &amp; " + w + "</p></body></html>",
      w + " &amp; " + w + "<p>" + w + "</p>",
  };
  for (size_t i = 0; i < std::size(pages); ++i)
    ExpectCompactSameAsWhole(pages[i], "page " + std::to_string(i));
}

// Random pages assembled from `pieces` (deterministic for a seed).
std::string RandomPage(const std::vector<std::string>& pieces, uint64_t* x) {
  auto next = [x]() {
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
  };
  std::string page = "<html><head><title>A title &amp; more</title></head><body><article>";
  int n = 20 + static_cast<int>(next() % 200);
  for (int i = 0; i < n; ++i) page += pieces[next() % pieces.size()];
  return page + "</article></body></html>";
}

const std::vector<std::string> kTextPieces = {
    "the delegations met in the capital ", "and talked, at some length, about it", "  ", "\t",
    "\n", "\n\n  ", "\xC2\xA0", "caf\xC3\xA9 ", "\xE2\x80\x9Cquoted\xE2\x80\x9D ", "\xFF\xFE ",
    "&amp;", "&nbsp;", "&#8217;", "&copy", "&bogus;", "& ", "AT&T ", "3 < 4 ", "x > y ", "\r\n",
    "Ministers agreed on Tuesday to resume the talks next week", ", said the spokesman. "};

TEST(HtmlCompaction, RandomPagesSameAsWholePage) {
  // Text with every kind of whitespace, references, non-ASCII and invalid bytes,
  // between well-formed inline and block elements.
  std::vector<std::string> pieces = kTextPieces;
  for (const char* tag : {"<p>", "</p>", "<a href=\"/x\">x</a>", "<em>y</em>", "<br>",
                          "<div class=\"story\">z</div>", "<li>", "<h1>w</h1>",
                          "<script>var a = '<p>';</script>", "<table><tr><td>t</td></tr></table>"})
    pieces.push_back(tag);
  uint64_t x = 88172645463325252ULL;
  for (int page_no = 0; page_no < 300 && !HasFailure(); ++page_no)
    ExpectCompactSameAsWhole(RandomPage(pieces, &x), "random page " + std::to_string(page_no));
}

TEST(HtmlCompaction, RandomPagesWithStrayTagsKeepExactOffsets) {
  // Stray end tags next to dropped comments and navigation may split text nodes
  // differently from the whole page; the text must still be valid UTF-8 and every
  // origin piece exact.
  std::vector<std::string> pieces = kTextPieces;
  for (const char* tag : {"</a>", "</em>", "</h1>", "</div>", "</td></tr></table>", "<!-- c -->",
                          "<nav>menu items here</nav>", "<p>", "<table><tr><td>"})
    pieces.push_back(tag);
  uint64_t x = 2463534242ULL;
  for (int page_no = 0; page_no < 300 && !HasFailure(); ++page_no) {
    std::string page = RandomPage(pieces, &x);
    Document doc;
    ASSERT_TRUE(ExtractHtml(page, 0, HtmlOptions{}, &doc, nullptr).ok());
    EXPECT_TRUE(IsValidUtf8(doc.text)) << page_no;
    EXPECT_TRUE(IsValidUtf8(doc.title)) << page_no;
    ExpectOriginsExact(doc, page);
  }
}

// Regression: every unclosed <aside> searched the rest of the page for its end tag
// (quadratic in the number of such tags).
TEST(HtmlReader, ManyUnclosedAsidesStayLinear) {
  std::string page = "<html><body><article><p>The delegations met in the capital and talked "
                     "at some length about the border, the talks and the envoys.</p></article>";
  for (int i = 0; i < 40000; ++i) page += "<aside>x ";
  page += "</body></html>";
  Document doc;
  ASSERT_TRUE(ExtractHtml(page, 0, HtmlOptions{}, &doc, nullptr).ok());
  EXPECT_THAT(doc.text, HasSubstr("The delegations met in the capital"));
  EXPECT_THAT(doc.text, Not(HasSubstr("x x")));
  ExpectOriginsExact(doc, page);
}

TEST(HtmlText, EntitiesAndWhitespace) {
  TextBuilder b;
  bool space = true;
  std::string raw = "  A&amp;B \n\t caf&#233;&nbsp;x&unknown;y ";
  AppendHtmlText(raw, 100, &b, &space);
  Document d;
  b.MoveTo(&d);
  EXPECT_EQ(d.text, "A&B caf\xc3\xa9 x&unknown;y ");
  for (const OriginPiece& p : d.origin)
    EXPECT_EQ(d.text.substr(p.doc_begin, p.length), raw.substr(p.orig_begin - 100, p.length));
}

std::string SampleWarc() {
  std::string page1 =
      "<html><head><meta property=\"og:title\" content=\"First page\"></head><body><article>"
      "<p>The first page tells of a meeting between two delegations in the capital, "
      "which went well by all accounts.</p></article></body></html>";
  std::string page2 =
      "<html><head><title>Second</title></head><body><div><p>The second page says that the "
      "ministers will meet again, perhaps in the spring, to sign the accord.</p></div></body></html>";
  std::string w;
  w += WarcRecord("warcinfo", "0000", "application/warc-fields", "software: test\r\n");
  w += WarcRecord("request", "0001", "application/http; msgtype=request",
                  "GET /a HTTP/1.1\r\nHost: example.org\r\n\r\n");
  w += WarcRecord("response", "0002", "application/http; msgtype=response",
                  HttpResponse("200 OK", page1), "https://example.org/first");
  w += WarcRecord("response", "0003", "application/http; msgtype=response",
                  HttpResponse("404 Not Found", "<html>gone</html>"));
  w += WarcRecord("response", "0004", "application/http; msgtype=response",
                  HttpResponse("200 OK", "\x89PNG\r\n", "image/png"));
  w += WarcRecord("response", "0005", "application/http; msgtype=response",
                  HttpResponse("200 OK", page2), "https://example.org/second");
  return w;
}

void ExpectSampleWarc(const Result& r) {
  ASSERT_EQ(r.sink.docs.size(), 2u);
  EXPECT_EQ(r.sink.docs[0].id, "urn:uuid:0002");
  EXPECT_EQ(r.sink.docs[0].url, "https://example.org/first");
  EXPECT_EQ(r.sink.docs[0].title, "First page");
  EXPECT_EQ(r.sink.docs[0].date, "2023-05-06");  // from WARC-Date
  EXPECT_THAT(r.sink.docs[0].text, HasSubstr("The first page tells"));
  EXPECT_THAT(r.sink.docs[1].text, HasSubstr("ministers will meet again"));
  ASSERT_EQ(r.sink.rejections.size(), 2u);
  EXPECT_EQ(r.sink.rejections[0].reason, "http status");
  EXPECT_EQ(r.sink.rejections[0].record, "crawl.warc#4 <urn:uuid:0003>");
  EXPECT_EQ(r.sink.rejections[1].reason, "not html");
  EXPECT_EQ(r.stats.skipped, 2u);  // warcinfo + request
}

TEST(WarcReader, PlainRecords) {
  std::string w = SampleWarc();
  Result r = Read(w, "crawl.warc");
  ExpectSampleWarc(r);
  ExpectOriginsExact(r.sink.docs[0], w);
  ExpectOriginsExact(r.sink.docs[1], w);
}

TEST(WarcReader, MultiMemberGzip) {
  // One gzip member per record, as CC-NEWS files are written.
  std::string w = SampleWarc();
  std::string gz;
  size_t pos = 0;
  while (pos < w.size()) {
    size_t next = w.find("WARC/1.0", pos + 1);
    if (next == std::string::npos) next = w.size();
    gz += Gzip(w.substr(pos, next - pos));
    pos = next;
  }
  Result r = Read(gz, "crawl.warc");
  ExpectSampleWarc(r);
  ExpectOriginsExact(r.sink.docs[0], w);  // offsets into the decompressed stream
}

TEST(WarcReader, TruncatedGzipKeepsEarlierRecords) {
  std::string w = SampleWarc();
  std::string gz = Gzip(w);
  Result r = Read(std::string_view(gz).substr(0, gz.size() - 40), "cut.warc.gz");
  ASSERT_GE(r.sink.docs.size(), 1u);
  EXPECT_EQ(r.sink.docs[0].id, "urn:uuid:0002");
  ASSERT_FALSE(r.sink.rejections.empty());
  EXPECT_EQ(r.sink.rejections.back().reason, "truncated");
}

TEST(WarcReader, TruncatedPlainRecord) {
  std::string w = SampleWarc();
  Result r = Read(std::string_view(w).substr(0, w.size() - 60), "cut.warc");
  ASSERT_EQ(r.sink.docs.size(), 1u);
  EXPECT_EQ(r.sink.rejections.back().reason, "truncated");
  EXPECT_THAT(r.sink.rejections.back().record, HasSubstr("cut.warc#6"));
}

TEST(WarcReader, GarbageBetweenRecordsResyncs) {
  std::string w = SampleWarc();
  size_t second = w.find("WARC/1.0", 10);
  w.insert(second, "garbage line\r\n");
  Result r = Read(w, "crawl.warc");
  EXPECT_EQ(r.sink.docs.size(), 2u);
  EXPECT_EQ(r.stats.rejected_by_reason["bad warc"], 1u);
}

TEST(WarcReader, OversizedRecordRejected) {
  IngestOptions o;
  o.max_record_bytes = 200;
  Result r = Read(SampleWarc(), "crawl.warc", o);
  EXPECT_EQ(r.sink.docs.size(), 0u);
  EXPECT_EQ(r.stats.rejected_by_reason["too large"], 2u);
}

TEST(ConlluReader, DocumentsPassThrough) {
  std::string in =
      "# newdoc id = d1\n# sent_id = 1\n# text = Hi there\n"
      "1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n2\tthere\tthere\tADV\tRB\t_\t1\tadvmod\t_\t_\n\n";
  Result r = Read(in, "x.conllu");
  ASSERT_EQ(r.sink.docs.size(), 1u);
  EXPECT_EQ(r.sink.docs[0].id, "d1");
  ASSERT_EQ(r.sink.docs[0].sentences.size(), 1u);
  EXPECT_EQ(r.sink.docs[0].sentences[0].tokens[1].form, "there");
}

TEST(Accounting, MixedCorpusAddsUp) {
  // Records of every kind, good and broken, through one stats object.
  IngestStats stats;
  CollectingSink sink;
  IngestOptions o;
  std::string w = SampleWarc();
  std::string gz = Gzip(w);
  std::vector<std::pair<std::string, std::string>> inputs = {
      {"a.txt", "Plain text story."},
      {"b.jsonl", "{\"text\": \"ok\"}\nnot json\n{\"x\": 1}\n"},
      {"c.html", kPage},
      {"d.bin", std::string("\x00\x01\x02\x03", 4)},
      {"e.warc", w},
      {"f.warc.gz", gz.substr(0, gz.size() / 2)},
      {"g.html", "<html><body></body></html>"},
  };
  for (const auto& [name, data] : inputs) ASSERT_TRUE(ReadBuffer(data, name, o, &sink, &stats).ok());
  EXPECT_EQ(stats.records, stats.documents + stats.rejected);
  EXPECT_EQ(stats.documents, sink.docs.size());
  EXPECT_EQ(stats.rejected, sink.rejections.size());
  size_t by_reason = 0;
  for (const auto& [reason, n] : stats.rejected_by_reason) by_reason += n;
  EXPECT_EQ(by_reason, stats.rejected);
  EXPECT_EQ(stats.rejected_by_reason["binary"], 1u);
  EXPECT_EQ(stats.rejected_by_reason["not json"], 1u);
  EXPECT_GE(stats.rejected_by_reason["truncated"], 1u);
  EXPECT_EQ(stats.empty, 1u);
}

TEST(ReadInput, MissingFileIsAnError) {
  CollectingSink sink;
  IngestStats stats;
  Status st = ReadInput("/nonexistent/khaldun/file.txt", {}, &sink, &stats);
  EXPECT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("/nonexistent/khaldun/file.txt"));
}

TEST(ReadInput, RealWikinewsJsonl) {
  std::string path = std::string(KHALDUN_SOURCE_DIR) + "/../shared/news/gum_wikinews.jsonl";
  CollectingSink sink;
  IngestStats stats;
  Status st = ReadInput(path, {}, &sink, &stats);
  if (st.code() == StatusCode::kNotFound) GTEST_SKIP() << "../shared/news not available";
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(stats.rejected, 0u);
  EXPECT_EQ(stats.documents, 43u);
  for (const Document& d : sink.docs) {
    EXPECT_FALSE(d.text.empty()) << d.id;
    EXPECT_EQ(d.date.size(), 10u) << d.id;
  }
}

}  // namespace
}  // namespace khaldun
