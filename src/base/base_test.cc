#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "base/file.h"
#include "base/text.h"
#include "base/utf8.h"
#include "khaldun/status.h"

namespace khaldun {
namespace {

TEST(Utf8, ValidTextPassesUnchanged) {
  std::string in = "Tehran’s envoy — Amir-Abdollahian said “no” 😀";
  EXPECT_TRUE(IsValidUtf8(in));
  std::string out;
  EXPECT_EQ(RepairUtf8(in, &out), 0u);
  EXPECT_EQ(out, in);
}

TEST(Utf8, RepairsEachInvalidByte) {
  struct Case { std::string in, want; size_t count; };
  const Case cases[] = {
      {"a\xFF" "b", "a\xEF\xBF\xBD" "b", 1},
      {"\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD", 2},          // overlong '/'
      {"x\xED\xA0\x80y", "x\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDy", 3},  // surrogate
      {"end\xE2\x80", "end\xEF\xBF\xBD\xEF\xBF\xBD", 2},    // truncated
  };
  for (const auto& c : cases) {
    std::string out;
    EXPECT_FALSE(IsValidUtf8(c.in));
    EXPECT_EQ(RepairUtf8(c.in, &out), c.count) << c.in;
    EXPECT_EQ(out, c.want);
    EXPECT_TRUE(IsValidUtf8(out));
  }
}

TEST(Utf8, DecodeEncodeRoundTrip) {
  for (char32_t cp : {U'a', U'é', U'—', U'中', U'😀'}) {
    std::string s;
    AppendUtf8(cp, &s);
    size_t pos = 0;
    EXPECT_EQ(DecodeUtf8(s, &pos), cp);
    EXPECT_EQ(pos, s.size());
  }
  EXPECT_EQ(Utf8Length("naïve—x"), 7u);
}

TEST(File, MissingFileNamesThePath) {
  auto r = ReadFile("/nonexistent/khaldun-file.txt");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("/nonexistent/khaldun-file.txt"), std::string::npos);
}

TEST(File, WriteThenReadAndLimit) {
  std::string path = ::testing::TempDir() + "/khaldun_file_test.txt";
  ASSERT_TRUE(WriteFile(path, "hello world").ok());
  auto r = ReadFile(path);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "hello world");
  auto limited = ReadFile(path, 5);
  EXPECT_EQ(limited.status().code(), StatusCode::kResourceExhausted);
  EXPECT_FALSE(WriteFile("/proc/khaldun-not-writable/x", "x").ok());
}

TEST(File, Stem) {
  EXPECT_EQ(FileStem("a/b/000_x.txt"), "000_x");
  EXPECT_EQ(FileStem("plain"), "plain");
  EXPECT_EQ(FileStem("dir.d/file"), "file");
}

TEST(Status, ErrorsCarryMessages) {
  Status s = InvalidArgumentError("line 3: bad");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.ToString(), "INVALID_ARGUMENT: line 3: bad");
  StatusOr<int> v = 4;
  EXPECT_TRUE(v.ok());
  EXPECT_EQ(*v, 4);
  StatusOr<int> e = NotFoundError("x");
  EXPECT_FALSE(e.ok());
}

}  // namespace
}  // namespace khaldun

TEST(TextTest, TrimBlanks) {
  EXPECT_EQ(khaldun::TrimBlanks(" \t a b\r\t "), "a b");
  EXPECT_EQ(khaldun::TrimBlanks(" \r "), "");
  EXPECT_EQ(khaldun::TrimBlanks("x"), "x");
}

TEST(TextTest, DataLinesSkipCommentsAndKeepNumbers) {
  const std::string text =
      "# header\n"
      "\n"
      "a | b # note\n"
      "  Sa'ar #2 | c #\r\n"
      "   # indented comment\n"
      "last";
  khaldun::DataLineReader lines(text, " # ");
  std::vector<std::pair<int, std::string>> got;
  for (khaldun::DataLine l; lines.Next(&l);) got.emplace_back(l.number, std::string(l.text));
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0], std::make_pair(3, std::string("a | b")));
  EXPECT_EQ(got[1], std::make_pair(4, std::string("Sa'ar #2 | c")));
  EXPECT_EQ(got[2], std::make_pair(6, std::string("last")));
  // With " #" as the mark, "Sa'ar #2" loses its tail.
  khaldun::DataLineReader loose(text, " #");
  khaldun::DataLine l;
  ASSERT_TRUE(loose.Next(&l));
  ASSERT_TRUE(loose.Next(&l));
  EXPECT_EQ(l.text, "Sa'ar");
  EXPECT_EQ(l.number, 4);
}
