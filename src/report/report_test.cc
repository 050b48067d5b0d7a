#include "report/report.h"

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace khaldun {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

StoredEvent Row(const std::string& doc, int sent, const std::string& sentence,
                const std::string& src_text, const std::string& src, const std::string& trig,
                const std::string& tgt_text, const std::string& tgt, const std::string& cameo,
                int quad, double g, const std::string& date) {
  StoredEvent r;
  Event& e = r.event;
  r.sentence = sentence;
  r.doc = {doc, "https://example.org/" + doc, "Report on " + doc, date, "Wire"};
  uint32_t base = 1000 * sent;  // sentence offset inside the document
  auto span = [&](const std::string& s) {
    size_t p = sentence.find(s);
    return Span{static_cast<uint32_t>(base + p), static_cast<uint32_t>(base + p + s.size())};
  };
  e.doc_id = doc;
  e.sentence_index = sent;
  e.sentence_span = {base, static_cast<uint32_t>(base + sentence.size())};
  e.date = date;
  e.source = {src_text, span(src_text), src, src.substr(0, 3), src.substr(3), ""};
  if (!tgt.empty()) {
    e.target = {tgt_text, span(tgt_text), tgt, tgt.substr(0, 3), tgt.substr(3), ""};
    e.has_target = true;
  }
  e.trigger_text = trig;
  e.trigger_span = span(trig);
  e.cameo = cameo;
  e.cameo_root = cameo.substr(0, 2);
  e.plover = quad == 4 ? "ASSAULT" : quad == 3 ? "ACCUSE" : "CONSULT";
  e.quad_class = quad;
  e.goldstein = g;
  e.event_id = doc + ":" + std::to_string(sent) + ":" + cameo;
  return r;
}

std::vector<StoredEvent> Crisis() {
  std::vector<StoredEvent> rows;
  rows.push_back(Row("d1", 0, "Freedonian jets struck camps in Sylvania’s south on Tuesday.",
                     "Freedonian jets", "FRDMIL", "struck", "camps", "SYLINS", "195", 4, -10,
                     "2024-01-16"));
  rows.back().event.location = {"Southtown", "SY", "", 10.5, 20.5, "text", {}, true};
  rows.push_back(Row("d1", 1, "Sylvania expelled the Freedonian envoy </script> at once.",
                     "Sylvania", "SYLGOV", "expelled", "the Freedonian envoy", "FRDGOV", "1663",
                     4, -5, "2024-01-17"));
  rows.push_back(Row("d2", 0, "Sylvania condemned the raid.", "Sylvania", "SYLGOV", "condemned",
                     "", "", "122", 3, -4, "2024-01-17"));
  rows.push_back(Row("d2", 1, "Sylvanian drones hit a Freedonian depot.", "Sylvanian drones",
                     "SYLMIL", "hit", "a Freedonian depot", "FRDMIL", "195", 4, -10,
                     "2024-01-18"));
  rows.back().event.location = {"Northtown", "FR", "", 12.0, 18.0, "text", {}, true};
  rows.push_back(Row("d3", 0, "Freedonia and Sylvania held talks in Geneva.", "Freedonia",
                     "FRDGOV", "held talks", "Sylvania", "SYLGOV", "036", 1, 4, "2024-01-25"));
  return rows;
}

TEST(ReportTest, Utf16Offsets) {
  EXPECT_EQ(Utf16Offset("abc", 2), 2u);
  EXPECT_EQ(Utf16Offset("a\u2019b", 4), 2u);   // 3-byte char is one unit
  EXPECT_EQ(Utf16Offset("a\U0001F600b", 5), 3u);  // 4-byte char is two units
  EXPECT_EQ(Utf16Offset("ab", 10), 2u);
}

TEST(ReportTest, SelfContainedPageWithData) {
  auto html = BuildReport(Crisis(), {});
  ASSERT_TRUE(html.ok()) << html.status().ToString();
  EXPECT_THAT(*html, HasSubstr("<!DOCTYPE html>"));
  EXPECT_THAT(*html, Not(HasSubstr("src=\"http")));  // nothing loaded from the network
  EXPECT_THAT(*html, Not(HasSubstr("<script src")));
  // The sentence's "</script>" cannot close the data element.
  EXPECT_THAT(*html, HasSubstr("envoy <\\/script>"));
  size_t b = html->find("<script id=\"report-data\" type=\"application/json\">");
  ASSERT_NE(b, std::string::npos);
  b = html->find('>', b) + 1;
  size_t e = html->find("</script>", b);
  auto data = nlohmann::json::parse(html->substr(b, e - b));
  EXPECT_EQ(data["meta"]["events"], 5);
  EXPECT_EQ(data["meta"]["first"], "2024-01-16");
  ASSERT_EQ(data["flags"].size(), 1u);
  EXPECT_EQ(data["flags"][0]["kind"], "tit-for-tat");
  EXPECT_EQ(data["flags"][0]["ev"].size(), 4u);  // with the targetless condemnation
  EXPECT_EQ(data["places"].size(), 2u);
  EXPECT_EQ(data["series"][0]["a"], "FRD");
  // Spans are UTF-16 offsets inside the sentence: "camps" follows no multi-byte char,
  // the trigger of row 0 starts at byte 16 = unit 16.
  EXPECT_EQ(data["ev"][0][13], 16);
  EXPECT_EQ(data["sents"].size(), 5u);
}

TEST(ReportTest, EmptyStoreStillMakesAPage) {
  auto html = BuildReport({}, {});
  ASSERT_TRUE(html.ok());
  EXPECT_THAT(*html, HasSubstr("report-data"));
}

// Renders `html` in headless Chromium and returns the DOM after scripts ran.
std::string DumpDom(const std::string& html, double* seconds, bool virtual_time = true) {
  std::string dir = std::filesystem::temp_directory_path() /
                    ("khaldun_report_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir + "/profile");
  std::string page = dir + "/report.html";
  std::ofstream(page, std::ios::binary) << html;
  std::string cmd =
      "/usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync "
      "--disable-dev-shm-usage --user-data-dir=" + dir + "/profile " +
      (virtual_time ? "--virtual-time-budget=5000 " : "") + "--dump-dom file://" + page +
      " 2>/dev/null";
  auto t0 = std::chrono::steady_clock::now();
  std::string out;
  if (FILE* p = ::popen(cmd.c_str(), "r")) {
    char buf[1 << 16];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    ::pclose(p);
  }
  if (seconds) *seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::filesystem::remove_all(dir);
  return out;
}

int Attr(const std::string& dom, const std::string& id, const std::string& attr) {
  std::regex re("id=\"" + id + "\"[^>]*" + attr + "=\"([0-9]+)\"");
  std::smatch m;
  if (!std::regex_search(dom, m, re)) return -1;
  return std::stoi(m[1]);
}

TEST(ReportChromiumTest, ChartsMapAndTableAreDrawn) {
  if (::access("/usr/bin/chromium", X_OK) != 0)
    GTEST_SKIP() << "/usr/bin/chromium not installed (apt-get install chromium); report not rendered";
  auto html = BuildReport(Crisis(), {});
  ASSERT_TRUE(html.ok());
  // KHALDUN_REPORT_SAVE=FILE keeps the page (to look at it or take a screenshot).
  if (const char* save = std::getenv("KHALDUN_REPORT_SAVE")) std::ofstream(save) << *html;
  std::string dom = DumpDom(*html, nullptr);
  ASSERT_FALSE(dom.empty()) << "chromium produced no DOM";
  EXPECT_THAT(dom, HasSubstr("data-ready=\"1\""));
  EXPECT_EQ(Attr(dom, "flags", "data-drawn"), 1);
  EXPECT_GT(Attr(dom, "timeline", "data-drawn"), 0);  // bars
  EXPECT_EQ(Attr(dom, "network", "data-drawn"), 2);   // FRD and SYL
  EXPECT_GT(Attr(dom, "map", "data-drawn"), 100);      // country shapes
  EXPECT_EQ(Attr(dom, "map", "data-places"), 2);
  EXPECT_EQ(Attr(dom, "events", "data-drawn"), 5);     // table rows
  // Spans are highlighted in the table and in the flag.
  EXPECT_THAT(dom, HasSubstr("<mark class=\"trg\">struck</mark>"));
  EXPECT_THAT(dom, HasSubstr("<mark class=\"src\">Sylvanian drones</mark>"));
  EXPECT_THAT(dom, HasSubstr("<mark class=\"tgt\">the Freedonian envoy</mark>"));
}

// Not part of the normal run (slow): KHALDUN_REPORT_100K=1 renders 100,000 synthetic
// events and prints the page's time to interactive (navigation start to data-ready).
TEST(ReportChromiumTest, HundredThousandEventsTimeToInteractive) {
  if (!std::getenv("KHALDUN_REPORT_100K")) GTEST_SKIP() << "set KHALDUN_REPORT_100K=1 to run";
  if (::access("/usr/bin/chromium", X_OK) != 0) GTEST_SKIP() << "no /usr/bin/chromium";
  std::vector<StoredEvent> base = Crisis();
  std::vector<StoredEvent> rows;
  std::mt19937 rng(3);
  const char* cc[] = {"FRD", "SYL", "ABC", "XYZ", "QRS", "TUV", "LMN", "OPQ"};
  for (int i = 0; i < 100000; ++i) {
    StoredEvent r = base[i % base.size()];
    r.event.doc_id = "doc" + std::to_string(i / 10);
    r.event.event_id = std::to_string(i);
    r.event.sentence_index = i % 10;
    r.event.source.code = std::string(cc[rng() % 8]) + "GOV";
    r.event.source.country = r.event.source.code.substr(0, 3);
    r.event.target.code = std::string(cc[rng() % 8]) + "MIL";
    r.event.target.country = r.event.target.code.substr(0, 3);
    r.event.has_target = true;
    int day = static_cast<int>(rng() % 700);
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", 2023 + day / 336, 1 + (day % 336) / 28,
                  1 + day % 28);
    r.event.date = date;
    int place = static_cast<int>(rng() % 3000);
    r.event.location = {"Place" + std::to_string(place), "ZZ", "", -50.0 + place % 100,
                        -150.0 + place / 10, "text", {}, true};
    rows.push_back(std::move(r));
  }
  auto t0 = std::chrono::steady_clock::now();
  auto html = BuildReport(rows, {});
  double build = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_TRUE(html.ok());
  if (const char* save = std::getenv("KHALDUN_REPORT_SAVE_100K")) std::ofstream(save) << *html;
  double secs = 0;
  // Real time (no virtual time budget): the page script runs before the load event,
  // so --dump-dom waits for it, and performance.now() is wall time since navigation.
  std::string dom = DumpDom(*html, &secs, false);
  EXPECT_THAT(dom, HasSubstr("data-ready=\"1\""));
  int ready_ms = -1;
  std::regex re("data-ready-ms=\"([0-9]+)\"");
  std::smatch m;
  if (std::regex_search(dom, m, re)) ready_ms = std::stoi(m[1]);
  std::regex re2("data-script-ms=\"([0-9]+)\"");
  int script_ms = std::regex_search(dom, m, re2) ? std::stoi(m[1]) : -1;
  std::printf("100k events: page %.1f MB built in %.2f s; time to interactive %d ms "
              "(script %d ms); chromium wall %.1f s\n",
              html->size() / 1e6, build, ready_ms, script_ms, secs);
  EXPECT_EQ(Attr(dom, "events", "data-drawn"), 50);
  EXPECT_LT(ready_ms, 3000);
}

}  // namespace
}  // namespace khaldun
