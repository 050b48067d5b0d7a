// End-to-end tests of the input limits of `khaldun run` (docs/LIMITS.md): each limit
// cuts or rejects the one record that exceeds it, with a reason, and the run goes on.
// They run the CLI named by $KHALDUN_BIN and skip when it is unset.
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "shell.h"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

using khaldun_tests::Bin;
using khaldun_tests::Slurp;

class LimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    bin_ = Bin();
    if (bin_.empty()) GTEST_SKIP() << "KHALDUN_BIN not set or not executable";
    char tmpl[] = "/tmp/khaldun_limits.XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  void Write(const std::string& name, const std::string& bytes) const {
    std::ofstream(Path(name), std::ios::binary) << bytes;
  }
  // Runs `khaldun run ARGS -q --threads 1`; returns the exit status, stderr in *err.
  int RunCli(const std::vector<std::string>& args, std::string* err) const {
    std::string cmd = "'" + bin_ + "' run";
    for (const std::string& a : args) cmd += " '" + a + "'";
    cmd += " -q --threads 1 2>'" + Path("stderr.txt") + "' >/dev/null";
    int st = std::system(cmd.c_str());
    *err = Slurp(Path("stderr.txt"));
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  }

  std::string bin_, dir_;
};

// "records: N read = C coded + E empty + R rejected" -> {N, C, E, R}.
std::vector<long> Summary(const std::string& err) {
  std::smatch m;
  static const std::regex re(
      R"(records:\s+(\d+) read = (\d+) coded \+ (\d+) empty \+ (\d+) rejected)");
  if (!std::regex_search(err, m, re)) return {};
  return {std::stol(m[1]), std::stol(m[2]), std::stol(m[3]), std::stol(m[4])};
}

TEST_F(LimitsTest, SentencesPerDocumentCutsTheDocumentNotTheRun) {
  // Six different coded sentences (repeated sentences are coded once per document).
  static const char* kPairs[][2] = {{"Pakistan", "India"}, {"Iran", "Israel"},
                                    {"Egypt", "Turkey"},   {"Russia", "Ukraine"},
                                    {"China", "Japan"},    {"France", "Germany"}};
  std::string text;
  for (const auto& p : kPairs)
    text += std::string(p[0]) + " accused " + p[1] + " of shelling villages near the border. ";
  Write("long.txt", text + "\n");
  std::string err;
  ASSERT_EQ(RunCli({Path("long.txt"), "--events", Path("all.jsonl")}, &err), 0) << err;
  std::string all = Slurp(Path("all.jsonl"));
  ASSERT_THAT(all, HasSubstr("\"sentence_index\":5")) << err;

  ASSERT_EQ(RunCli({Path("long.txt"), "--max-sentences", "2", "--events", Path("cut.jsonl")},
                   &err),
            0)
      << err;
  EXPECT_THAT(err, HasSubstr("1 documents cut at the sentence limit")) << err;
  std::string cut = Slurp(Path("cut.jsonl"));
  EXPECT_THAT(cut, HasSubstr("\"sentence_index\":0"));
  EXPECT_THAT(cut, Not(HasSubstr("\"sentence_index\":2")));
  EXPECT_THAT(cut, Not(HasSubstr("\"sentence_index\":5")));
  std::vector<long> s = Summary(err);
  ASSERT_EQ(s.size(), 4u) << err;
  EXPECT_EQ(s[0], 1);
  EXPECT_EQ(s[1], 1);  // still coded
}

TEST_F(LimitsTest, JsonDepthRejectsOnlyTheDeepLine) {
  std::string deep = "{\"id\":\"deep\",\"text\":\"Iran condemned Israel.\",\"meta\":";
  for (int i = 0; i < 10; ++i) deep += "{\"a\":";
  deep += "1";
  for (int i = 0; i < 10; ++i) deep += "}";
  deep += "}";
  Write("feed.jsonl",
        "{\"id\":\"ok\",\"text\":\"Egypt praised Turkey for its aid to refugees.\"}\n" + deep +
            "\n");
  std::string err;
  ASSERT_EQ(RunCli({Path("feed.jsonl"), "--max-json-depth", "4"}, &err), 0) << err;
  EXPECT_THAT(err, HasSubstr("json too deep 1")) << err;
  std::vector<long> s = Summary(err);
  ASSERT_EQ(s.size(), 4u) << err;
  EXPECT_EQ(s[0], 2);
  EXPECT_EQ(s[3], 1);
  // With the default depth (64) the same line is read.
  ASSERT_EQ(RunCli({Path("feed.jsonl")}, &err), 0) << err;
  EXPECT_THAT(err, Not(HasSubstr("json too deep"))) << err;
}

TEST_F(LimitsTest, RecordBytesRejectsOnlyTheLargeRecord) {
  std::string big(5000, 'y');
  Write("feed.jsonl", "{\"id\":\"small\",\"text\":\"Kenya met officials from Nigeria.\"}\n"
                      "{\"id\":\"big\",\"text\":\"" + big + "\"}\n"
                      "{\"id\":\"after\",\"text\":\"Brazil signed a trade agreement with Mexico.\"}\n");
  std::string err;
  ASSERT_EQ(RunCli({Path("feed.jsonl"), "--max-record-bytes", "1000"}, &err), 0) << err;
  EXPECT_THAT(err, HasSubstr("too large 1")) << err;
  std::vector<long> s = Summary(err);
  ASSERT_EQ(s.size(), 4u) << err;
  EXPECT_EQ(s[0], 3);
  EXPECT_EQ(s[3], 1);
}

TEST_F(LimitsTest, HtmlDepthCutsThePage) {
  std::string page = "<html><body><p>Russia threatened to impose sanctions on Ukraine.</p>";
  for (int i = 0; i < 2000; ++i) page += "<div>";
  page += "<p>deep text</p></body></html>";
  Write("deep.html", page);
  std::string err;
  int rc = RunCli({Path("deep.html"), "--max-html-depth", "50"}, &err);
  EXPECT_EQ(rc, 0) << err;
  std::vector<long> s = Summary(err);
  ASSERT_EQ(s.size(), 4u) << err;
  EXPECT_EQ(s[0], 1);
  EXPECT_EQ(s[0], s[1] + s[2] + s[3]);
}

}  // namespace
