// Acceptance test on the two seed pages in ../shared/seeds (the Iran-Pakistan strikes
// of January 2024 and a June 2025 page on the US strikes on Iran and the ceasefire).
// It runs the CLI named by $KHALDUN_BIN (`khaldun run` into a temporary SQLite DB and
// events JSONL, then `khaldun clean --explain` and `khaldun analyze`) and checks the
// events that matter. Skips when the seeds or the binary are absent. The seed text is
// read at run time only; nothing of it is written here.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "gtest/gtest.h"
#include "shell.h"

namespace {

namespace fs = std::filesystem;

struct Ev {
  std::string doc, date, sentence, cameo, plover, src, src_country, tgt, tgt_country;
};

using khaldun_tests::Shell;

bool Is(const std::string& code, const std::string& prefix) {
  return code.compare(0, prefix.size(), prefix) == 0;
}

// Reads an events JSONL file into `out`; returns the number of lines that are no JSON.
int ReadEvents(const std::string& path, std::vector<Ev>* out) {
  std::ifstream in(path);
  std::string line;
  int bad = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) {
      ++bad;
      continue;
    }
    Ev e;
    e.doc = j.value("doc_id", "");
    e.date = j.value("date", "");
    e.sentence = j.value("sentence", "");
    e.cameo = j.value("cameo", "");
    e.plover = j.value("plover", "");
    if (j.contains("source") && j["source"].is_object()) {
      e.src = j["source"].value("code", "");
      e.src_country = j["source"].value("country", "");
    }
    if (j.contains("target") && j["target"].is_object()) {
      e.tgt = j["target"].value("code", "");
      e.tgt_country = j["target"].value("country", "");
    }
    out->push_back(std::move(e));
  }
  return bad;
}

class SeedsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    bin_ = khaldun_tests::Bin();
    if (bin_.empty()) {
      skip_ = "KHALDUN_BIN not set or not executable";
      return;
    }
    fs::path seeds = fs::path(KHALDUN_SOURCE_DIR) / ".." / "shared" / "seeds";
    std::error_code ec;
    if (fs::is_directory(seeds, ec))
      for (const auto& e : fs::directory_iterator(seeds, ec))
        if (e.path().extension() == ".txt") files_.push_back(e.path().string());
    std::sort(files_.begin(), files_.end());
    if (files_.size() < 2) {
      skip_ = "../shared/seeds with the two seed pages is absent";
      return;
    }
    char tmpl[] = "/tmp/khaldun_seeds.XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) {
      skip_ = "cannot create a temp dir";
      return;
    }
    dir_ = tmpl;
    std::string list;
    for (const std::string& f : files_) list += " '" + f + "'";
    std::string out;
    run_rc_ = Shell("'" + bin_ + "' run" + list + " --db '" + dir_ + "/s.sqlite' --events '" +
                        dir_ + "/s.jsonl' 2>&1",
                    &out);
    bad_lines_ = ReadEvents(dir_ + "/s.jsonl", &events_);
    Shell("'" + bin_ + "' clean --explain" + list + " 2>&1 >/dev/null", &clean_explain_);
    Shell("'" + bin_ + "' analyze --db '" + dir_ + "/s.sqlite' 2>&1", &analyze_);
  }
  static void TearDownTestSuite() {
    if (!dir_.empty()) {
      std::error_code ec;
      fs::remove_all(dir_, ec);
    }
  }
  void SetUp() override {
    if (!skip_.empty()) GTEST_SKIP() << skip_;
    ASSERT_EQ(run_rc_, 0);
    ASSERT_EQ(bad_lines_, 0);
    ASSERT_FALSE(events_.empty());
  }

  // Whether an event matches: source/target country, CAMEO prefix, optional date,
  // optional document-date year prefix.
  static bool Has(const std::string& src, const std::string& tgt, const std::string& cameo,
                  const std::string& date = "", const std::string& year = "") {
    for (const Ev& e : events_)
      if (e.src_country == src && e.tgt_country == tgt && Is(e.cameo, cameo) &&
          (date.empty() || e.date == date) && (year.empty() || Is(e.date, year)))
        return true;
    return false;
  }

  static inline std::string skip_, bin_, dir_, clean_explain_, analyze_;
  static inline std::vector<std::string> files_;
  static inline std::vector<Ev> events_;
  static inline int run_rc_ = -1, bad_lines_ = 0;
};

TEST_F(SeedsTest, IranStrikesPakistanOn16January) {
  EXPECT_TRUE(Has("IRN", "PAK", "19", "2024-01-16"));
}

// The target is a free relative ("attacked what it said were ... in <country>").
TEST_F(SeedsTest, PakistanStrikesIranOn18January) {
  EXPECT_TRUE(Has("PAK", "IRN", "19", "2024-01-18"));
}

TEST_F(SeedsTest, PakistanStrikesIranIn2024) {
  EXPECT_TRUE(Has("PAK", "IRN", "19", "", "2024-01"));
}

TEST_F(SeedsTest, PakistanDiplomaticSanctionOnIran) {
  EXPECT_TRUE(Has("PAK", "IRN", "16"));
  // A diplomatic sanction within one country is a miscoding.
  for (const Ev& e : events_) {
    if (Is(e.cameo, "16") && !e.src_country.empty()) {
      EXPECT_NE(e.src_country, e.tgt_country) << e.sentence;
    }
  }
}

TEST_F(SeedsTest, IranCondemnsPakistan) { EXPECT_TRUE(Has("IRN", "PAK", "11")); }

TEST_F(SeedsTest, UsStrikesIranIn2025) { EXPECT_TRUE(Has("USA", "IRN", "19", "", "2025")); }

TEST_F(SeedsTest, TruceAndThreatIn2025) {
  bool truce = false, threat = false;
  for (const Ev& e : events_) {
    if (!Is(e.date, "2025")) continue;
    if (e.plover == "AGREE" || Is(e.cameo, "0871") || Is(e.cameo, "036") || Is(e.cameo, "057"))
      truce = true;
    if (Is(e.cameo, "13")) threat = true;
  }
  EXPECT_TRUE(truce);
  EXPECT_TRUE(threat);
}

TEST_F(SeedsTest, NoDuplicateEvents) {
  std::set<std::tuple<std::string, std::string, std::string, std::string, std::string>> seen;
  for (const Ev& e : events_)
    EXPECT_TRUE(seen.emplace(e.doc, e.sentence, e.cameo, e.src, e.tgt).second)
        << "duplicate " << e.cameo << " " << e.src << ">" << e.tgt << " in " << e.doc << ": "
        << e.sentence;
}

// Paragraphs the cleaner drops as promotional or sponsored must give no event: take a
// 40-byte prefix of each dropped paragraph (from `khaldun clean --explain`) and look
// for it in the events' sentences.
TEST_F(SeedsTest, NoEventFromPromotionalText) {
  std::istringstream in(clean_explain_);
  std::string line;
  std::vector<std::string> promo;
  static const std::regex re(R"(^dropped (promotional|sponsored): (.*)$)");
  std::smatch m;
  while (std::getline(in, line))
    if (std::regex_match(line, m, re) && m[2].length() >= 40) promo.push_back(m[2].str().substr(0, 40));
  ASSERT_FALSE(promo.empty()) << "the seeds hold promotional blurbs; clean dropped none:\n"
                              << clean_explain_;
  for (const Ev& e : events_)
    for (const std::string& p : promo)
      EXPECT_EQ(e.sentence.find(p), std::string::npos) << "event from promotional text: " << p;
}

// `khaldun code` cleans the pages and splits the glued articles as `run` does, so it
// codes the same events with the same documents and dates (the 2025 article of the
// second page is dated by its own caption, not by the 2024 article before it).
TEST_F(SeedsTest, CodeCommandCodesWhatRunCodes) {
  std::string list, out;
  for (const std::string& f : files_) list += " '" + f + "'";
  ASSERT_EQ(Shell("'" + bin_ + "' code" + list + " -o '" + dir_ + "/c.jsonl' 2>&1", &out), 0)
      << out;
  std::vector<Ev> coded;
  ASSERT_EQ(ReadEvents(dir_ + "/c.jsonl", &coded), 0);
  auto key = [](const Ev& e) {
    return e.doc + "|" + e.date + "|" + e.cameo + "|" + e.src + "|" + e.tgt + "|" + e.sentence;
  };
  std::vector<std::string> a, b;
  for (const Ev& e : events_) a.push_back(key(e));
  for (const Ev& e : coded) b.push_back(key(e));
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  EXPECT_EQ(a, b);
}

// The 2024 page speaks of mediation by "a third party": that is no political party.
TEST_F(SeedsTest, ThirdPartyIsNoPoliticalParty) {
  for (const Ev& e : events_) {
    if (e.sentence.find("third party") == std::string::npos) continue;
    EXPECT_EQ(e.src.find("PTY"), std::string::npos) << e.src << " in: " << e.sentence;
    EXPECT_EQ(e.tgt.find("PTY"), std::string::npos) << e.tgt << " in: " << e.sentence;
  }
}

TEST_F(SeedsTest, AnalyzeFlagsIranPakistanTitForTat) {
  static const std::regex re(
      R"(\[tit-for-tat\] (IRN-PAK|PAK-IRN) (\d{4}-\d\d-\d\d) \.\. (\d{4}-\d\d-\d\d))");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(analyze_, m, re)) << analyze_;
  EXPECT_GE(m[2].str(), "2024-01-16");
  EXPECT_LE(m[3].str(), "2024-01-18");
  EXPECT_LE(m[2].str(), m[3].str());
}

}  // namespace
