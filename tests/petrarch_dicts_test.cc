// `khaldun code --dicts petrarch[:DIR]`: the CLI codes raw text with the PETRARCH
// dictionaries of ../shared/petrarch/dictionaries (CAMEO.2.0.txt verbs, Phoenix actors
// with dated codes, agents, discards) instead of the project's own. Runs the binary named
// by $KHALDUN_BIN on sentences written here; skips when the binary or ../shared is absent.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gtest/gtest.h"
#include "shell.h"

namespace {

namespace fs = std::filesystem;

using khaldun_tests::Shell;

std::vector<nlohmann::json> Lines(const std::string& jsonl) {
  std::vector<nlohmann::json> out;
  std::istringstream in(jsonl);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

class PetrarchDictsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    bin_ = khaldun_tests::Bin();
    if (bin_.empty()) GTEST_SKIP() << "KHALDUN_BIN not set";
    dicts_ = (fs::path(KHALDUN_SOURCE_DIR) / ".." / "shared" / "petrarch" / "dictionaries")
                 .string();
    if (!fs::exists(dicts_ + "/CAMEO.2.0.txt"))
      GTEST_SKIP() << "../shared/petrarch/dictionaries is absent";
    // One folder per test process: ctest runs these tests in parallel.
    std::string tmpl = ::testing::TempDir() + "/khaldun_petrarch_dicts.XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) GTEST_FAIL() << "cannot create " << tmpl;
    dir_ = tmpl;
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }

  // Runs `khaldun code ARGS FILE` and returns the events (stderr dropped).
  std::vector<nlohmann::json> Code(const std::string& args, const std::string& file) {
    std::string out;
    int rc = Shell("'" + bin_ + "' code " + args + " '" + file + "' 2>/dev/null", &out);
    EXPECT_EQ(rc, 0) << args;
    return Lines(out);
  }

  std::string bin_, dicts_, dir_;
};

TEST_F(PetrarchDictsTest, CodesTextWithPhoenixDictionaries) {
  std::string f = Write("raid.txt",
                        "Pakistani troops attacked militants in Afghanistan on Tuesday. "
                        "The Iranian foreign minister met the Pakistani prime minister in "
                        "Islamabad.\n");
  // Dated by the document (the events' own dates are tested below).
  auto ev = Code("--dicts petrarch:'" + dicts_ + "' --date 2024-01-18 --publication-dates", f);
  bool attack = false, meeting = false;
  for (const auto& e : ev) {
    EXPECT_EQ(e["doc_id"], "raid");
    EXPECT_EQ(e["date"], "2024-01-18");
    EXPECT_EQ(e["date_basis"], "publication");
    EXPECT_EQ(e["pattern"].get<std::string>().rfind("CAMEO.2.0.txt:", 0), 0u) << e.dump();
    const std::string src = e["source"]["code"], cameo = e["cameo"];
    if (src == "PAKMIL" && cameo.rfind("19", 0) == 0 && !e["target"].is_null() &&
        e["target"]["country"] == "AFG") {
      attack = true;
      EXPECT_EQ(e["source"]["text"], "Pakistani troops");
      EXPECT_EQ(e["trigger"]["text"], "attacked");
      EXPECT_EQ(e["plover"], "FIGHT");
      EXPECT_EQ(e["quad_class"], 4);
    }
    if (src == "IRNGOV" && cameo.rfind("04", 0) == 0 && !e["target"].is_null() &&
        e["target"]["code"] == "PAKGOV") {
      meeting = true;
      EXPECT_EQ(e["sentence_index"], 1);
      EXPECT_EQ(e["trigger"]["text"], "met");
    }
  }
  EXPECT_TRUE(attack) << "no PAKMIL -> AFG 19x event";
  EXPECT_TRUE(meeting) << "no IRNGOV -> PAKGOV 04x event";
  // By default each event has the day the text says it happened: Tuesday before the
  // Thursday the document is dated.
  bool dated = false;
  for (const auto& e : Code("--dicts petrarch:'" + dicts_ + "' --date 2024-01-18", f))
    if (e["trigger"]["text"] == "attacked") {
      dated = true;
      EXPECT_EQ(e["date"], "2024-01-16");
      EXPECT_EQ(e["date_basis"], "relative");
    }
  EXPECT_TRUE(dated);
}

// Phoenix actor codes are dated: Karzai is an elite before his presidency and the
// government from 2001-12-22.
TEST_F(PetrarchDictsTest, ActorCodeFollowsTheDocumentDate) {
  std::string f = Write("karzai.txt", "Hamid Karzai met Pakistani officials in Kabul.\n");
  auto before = Code("--dicts petrarch --date 1998-05-01", f);
  auto during = Code("--dicts petrarch --date 2010-05-01", f);
  ASSERT_FALSE(before.empty());
  ASSERT_FALSE(during.empty());
  EXPECT_EQ(before[0]["source"]["code"], "AFGELI");
  EXPECT_EQ(during[0]["source"]["code"], "AFGGOV");
  EXPECT_EQ(during[0]["source"]["text"], "Hamid Karzai");
}

TEST_F(PetrarchDictsTest, MissingFolderIsAClearError) {
  std::string f = Write("x.txt", "Pakistani troops attacked militants.\n");
  std::string out;
  int rc = Shell("'" + bin_ + "' code --dicts petrarch:" + dir_ + "/no-such-folder '" + f +
                     "' 2>&1 >/dev/null",
                 &out);
  EXPECT_EQ(rc, 1);
  EXPECT_NE(out.find("no-such-folder"), std::string::npos) << out;
  EXPECT_NE(out.find("not found"), std::string::npos) << out;
  rc = Shell("'" + bin_ + "' code --dicts tabari '" + f + "' 2>&1 >/dev/null", &out);
  EXPECT_EQ(rc, 2);
  EXPECT_NE(out.find("petrarch[:DIR]"), std::string::npos) << out;
}

TEST_F(PetrarchDictsTest, ValidationSetIsSelectable) {
  std::string f = Write("meet.txt",
                        "The Iranian foreign minister met the Pakistani prime minister.\n");
  auto ev = Code("--dicts petrarch-validate --date 2024-01-18", f);
  bool found = false;
  for (const auto& e : ev) {
    EXPECT_EQ(e["pattern"].get<std::string>().rfind("PETR.Validate.verbs.2.0.txt:", 0), 0u);
    if (e["trigger"]["text"] == "met") found = true;
  }
  EXPECT_TRUE(found);
}

// `khaldun run --dicts petrarch` codes with the same dictionaries as `khaldun code`.
TEST_F(PetrarchDictsTest, RunUsesThePetrarchDictionaries) {
  std::string f = Write("run.txt",
                        "The Iranian foreign minister met the Pakistani prime minister.\n");
  std::string out;
  int rc = Shell("'" + bin_ + "' run --dicts petrarch -q --events '" + dir_ + "/ev.jsonl' '" +
                     f + "' 2>&1",
                 &out);
  ASSERT_EQ(rc, 0) << out;
  std::ifstream in(dir_ + "/ev.jsonl");
  std::stringstream jsonl;
  jsonl << in.rdbuf();
  auto ev = Lines(jsonl.str());
  ASSERT_FALSE(ev.empty());
  bool found = false;
  for (const auto& e : ev) {
    EXPECT_EQ(e["pattern"].get<std::string>().rfind("CAMEO.2.0.txt:", 0), 0u);
    if (e["source"]["code"] == "IRNGOV" && !e["target"].is_null() &&
        e["target"]["code"] == "PAKGOV")
      found = true;
  }
  EXPECT_TRUE(found);
  rc = Shell("'" + bin_ + "' run --dicts petrarch:" + dir_ + "/none -q --events '" + dir_ +
                 "/ev2.jsonl' '" + f + "' 2>&1",
             &out);
  EXPECT_NE(rc, 0);
  EXPECT_NE(out.find(dir_ + "/none"), std::string::npos) << out;
}

}  // namespace
