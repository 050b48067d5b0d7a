#include "output/writers.h"

#include <nlohmann/json.hpp>

#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace khaldun {
namespace {

using ::testing::HasSubstr;

StoredEvent MakeRow() {
  StoredEvent r;
  Event& e = r.event;
  e.event_id = "00ab12cd34ef5678";
  e.doc_id = "wire-7";
  e.story_id = "wire-7";
  e.date = "2024-01-16";
  e.date_basis = DateBasis::kRelative;
  e.source = {"Freedonian jets", {0, 15}, "FRDMIL", "FRD", "MIL", "actors:3"};
  e.target = {"rebels, \"north\" group", {30, 52}, "SYLREB", "SYL", "REB", "agents:9"};
  e.has_target = true;
  e.cameo = "195";
  e.cameo_root = "19";
  e.plover = "ASSAULT";
  e.plover_mode = "aerial";
  e.goldstein = -10;
  e.quad_class = 4;
  e.trigger_text = "bombed";
  e.trigger_span = {16, 22};
  e.sentence_index = 2;
  e.location.valid = true;
  e.location.name = "Port\tTown";
  e.location.country = "SY";
  e.location.lat = 12.5;
  e.location.lon = -3.25;
  e.location.basis = "text";
  e.pattern = "verbs.txt:40";
  r.sentence = "Freedonian jets bombed the rebels, \"north\" group,\nat dawn.";
  r.doc = {"wire-7", "https://example.org/a?b=1,2", "Title", "2024-01-18", "Wire"};
  return r;
}

std::vector<std::string> SplitCsvLine(const std::string& line) {
  // Minimal RFC 4180 reader for the tests (handles quotes, doubled quotes, newlines).
  std::vector<std::string> out(1);
  bool q = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (q) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        q = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      q = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\n' || i + 1 < line.size()) {
      out.back() += c;
    }
  }
  return out;
}

TEST(WritersTest, ParsesFormatNames) {
  EXPECT_EQ(*ParseOutputFormat("jsonl"), OutputFormat::kJsonl);
  EXPECT_EQ(*ParseOutputFormat("csv"), OutputFormat::kCsv);
  EXPECT_EQ(*ParseOutputFormat("gdelt"), OutputFormat::kGdelt);
  EXPECT_EQ(*ParseOutputFormat("tsv"), OutputFormat::kGdelt);
  EXPECT_FALSE(ParseOutputFormat("xml").ok());
}

TEST(WritersTest, CsvHeaderAndQuotedRow) {
  std::string out;
  AppendHeader(OutputFormat::kCsv, &out);
  EXPECT_EQ(out.substr(0, out.find('\n')), [] {
    std::string h;
    for (const auto& c : CsvColumns()) h += (h.empty() ? "" : ",") + c;
    return h;
  }());
  out.clear();
  AppendCsvRow(MakeRow(), &out);
  const std::string r_sentence = MakeRow().sentence;  // newline kept inside quotes
  std::vector<std::string> f = SplitCsvLine(out);
  ASSERT_EQ(f.size(), CsvColumns().size());
  auto col = [&](const std::string& name) {
    auto it = std::find(CsvColumns().begin(), CsvColumns().end(), name);
    return f[it - CsvColumns().begin()];
  };
  EXPECT_EQ(col("target_text"), "rebels, \"north\" group");
  EXPECT_EQ(col("sentence"), r_sentence);
  EXPECT_EQ(col("goldstein"), "-10");
  EXPECT_EQ(col("quad_class"), "4");
  EXPECT_EQ(col("lon"), "-3.25");
  EXPECT_EQ(col("doc_url"), "https://example.org/a?b=1,2");
  EXPECT_EQ(col("date_basis"), "relative");
}

TEST(WritersTest, GdeltHeaderAndRow) {
  std::string out;
  AppendHeader(OutputFormat::kGdelt, &out);
  EXPECT_THAT(out, HasSubstr("GLOBALEVENTID\tSQLDATE\tMonthYear"));
  out.clear();
  AppendGdeltRow(MakeRow(), &out);
  ASSERT_EQ(out.back(), '\n');
  out.pop_back();
  std::vector<std::string> f;
  std::stringstream ss(out);
  for (std::string x; std::getline(ss, x, '\t');) f.push_back(x);
  ASSERT_EQ(f.size(), GdeltColumns().size());
  EXPECT_EQ(f[1], "20240116");
  EXPECT_EQ(f[2], "202401");
  EXPECT_EQ(f[3], "2024");
  EXPECT_EQ(f[4], "2024.0438");
  EXPECT_EQ(f[5], "FRDMIL");
  EXPECT_EQ(f[14], "195");
  EXPECT_EQ(f[16], "19");
  EXPECT_EQ(f[17], "4");
  EXPECT_EQ(f[23], "Port Town");  // tab inside a field became a space
  EXPECT_EQ(f[28], "20240118");
}

TEST(WritersTest, JsonlHeaderAndRoundTrippableRow) {
  std::string out;
  AppendHeader(OutputFormat::kJsonl, &out);
  auto h = nlohmann::json::parse(out);
  EXPECT_EQ(h["khaldun_header"]["format"], "plover-jsonl");
  out.clear();
  StoredEvent r = MakeRow();
  AppendPloverJson(r, &out);
  auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["event"], "ASSAULT");
  EXPECT_EQ(j["mode"], "aerial");
  EXPECT_EQ(j["source"]["code"], "FRDMIL");
  EXPECT_EQ(j["target"]["actorText"], "rebels, \"north\" group");
  EXPECT_EQ(j["text"], r.sentence);
  EXPECT_EQ(j["location"]["lat"], 12.5);
  EXPECT_EQ(j["doc"]["url"], r.doc.url);
  r.event.has_target = false;
  r.event.location.valid = false;
  out.clear();
  AppendPloverJson(r, &out);
  j = nlohmann::json::parse(out);
  EXPECT_TRUE(j["target"].is_null());
  EXPECT_TRUE(j["location"].is_null());
}

TEST(WritersTest, InvalidUtf8DoesNotThrow) {
  StoredEvent r = MakeRow();
  r.sentence = "bad \xff\xfe bytes";
  std::string out;
  AppendPloverJson(r, &out);
  EXPECT_THAT(out, HasSubstr("bad"));
}

TEST(WritersTest, WriterReportsWriteErrors) {
  FILE* full = std::fopen("/dev/full", "w");
  if (!full) GTEST_SKIP() << "/dev/full not available";
  EventWriter w(OutputFormat::kCsv, full, "/dev/full");
  for (int i = 0; i < 1000; ++i) w.Write(MakeRow());
  Status s = w.Finish();
  std::fclose(full);
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_THAT(s.message(), HasSubstr("/dev/full"));
}

}  // namespace
}  // namespace khaldun
