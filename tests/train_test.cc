// End-to-end tests of `khaldun train parser --jackknife`: the jackknife folds train in
// parallel without changing the model, and --jackknife-cache reuses the jackknifed tags
// (same model, no tagger training); --average merges models of several seeds. They read a few hundred sentences of UD English EWT
// from ../shared, run the CLI named by $KHALDUN_BIN, and skip when either is missing.
#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "shell.h"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

using khaldun_tests::Slurp;

// The first `n` sentences (blank-line separated blocks) of a CoNLL-U text.
std::string FirstSentences(const std::string& conllu, int n) {
  size_t pos = 0;
  for (int i = 0; i < n && pos != std::string::npos; ++i) {
    pos = conllu.find("\n\n", pos);
    if (pos != std::string::npos) pos += 2;
  }
  return pos == std::string::npos ? conllu : conllu.substr(0, pos);
}

class TrainParserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    bin_ = khaldun_tests::Bin();
    if (bin_.empty()) GTEST_SKIP() << "KHALDUN_BIN not set";
    const fs::path ewt = fs::path(KHALDUN_SOURCE_DIR) / ".." / "shared" / "ud" / "en_ewt";
    if (fs::exists(ewt / "en_ewt-ud-train.conllu")) ewt_ = ewt.string() + "/";
    if (ewt_.empty()) GTEST_SKIP() << "../shared/ud/en_ewt not found: skipping training tests";
    char tmpl[] = "/tmp/khaldun_train.XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    std::ofstream(dir_ + "/train.conllu")
        << FirstSentences(Slurp(ewt_ + "en_ewt-ud-train.conllu"), 240);
    std::ofstream(dir_ + "/dev.conllu") << FirstSentences(Slurp(ewt_ + "en_ewt-ud-dev.conllu"), 60);
  }
  void TearDown() override {
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }
  // Trains a parser with 2 jackknife folds; returns the exit status, stderr in *log.
  int Train(const std::string& out, int threads, bool cache, std::string* log,
            const std::string& extra = "") {
    std::string cmd = "'" + bin_ + "' train parser --train '" + dir_ + "/train.conllu' --dev '" +
                      dir_ + "/dev.conllu' --jackknife 2 --epochs 2 --tagger-iterations 2" +
                      " --threads " + std::to_string(threads) + " -o '" + dir_ + "/" + out + "'";
    if (cache) cmd += " --jackknife-cache '" + dir_ + "/jk'";
    cmd += extra;
    cmd += " 2>'" + dir_ + "/log.txt'";
    std::string out_text;
    const int st = khaldun_tests::Shell(cmd, &out_text);
    *log = Slurp(dir_ + "/log.txt");
    return st;
  }
  // `khaldun train parser --average A,B,... -o OUT`; returns the exit status.
  int Average(const std::string& models, const std::string& out, std::string* log) {
    std::string text;
    const int st = khaldun_tests::Shell("'" + bin_ + "' train parser --average " + models +
                                            " -o '" + dir_ + "/" + out + "' 2>'" + dir_ +
                                            "/log.txt'",
                                        &text);
    *log = Slurp(dir_ + "/log.txt");
    return st;
  }
  std::string bin_, ewt_, dir_;
};

TEST_F(TrainParserTest, ParallelJackknifeAndCacheGiveTheSameModel) {
  std::string log;
  ASSERT_EQ(Train("one.bin", 1, false, &log), 0) << log;
  EXPECT_THAT(log, HasSubstr("jackknife fold 2/2 tagged"));
  ASSERT_EQ(Train("two.bin", 2, true, &log), 0) << log;
  EXPECT_THAT(log, HasSubstr("jackknife fold 1/2 tagged"));
  ASSERT_TRUE(fs::exists(dir_ + "/jk.train.conllu"));
  ASSERT_TRUE(fs::exists(dir_ + "/jk.dev.conllu"));
  // The cached tags are predictions, not the gold tags of the input.
  EXPECT_NE(Slurp(dir_ + "/jk.train.conllu"), Slurp(dir_ + "/train.conllu"));
  ASSERT_EQ(Train("cached.bin", 2, true, &log), 0) << log;
  EXPECT_THAT(log, HasSubstr("jackknifed tags from"));
  EXPECT_THAT(log, Not(HasSubstr("jackknife fold")));
  const std::string one = Slurp(dir_ + "/one.bin");
  ASSERT_FALSE(one.empty());
  EXPECT_EQ(one, Slurp(dir_ + "/two.bin")) << "thread count changed the model";
  EXPECT_EQ(one, Slurp(dir_ + "/cached.bin")) << "the cache changed the model";
}

TEST_F(TrainParserTest, CacheOfOtherSentencesIsRefused) {
  std::string log;
  ASSERT_EQ(Train("a.bin", 2, true, &log), 0) << log;
  // Another training set with the same cache prefix: refused, naming the cache.
  std::ofstream(dir_ + "/train.conllu")
      << FirstSentences(Slurp(ewt_ + "en_ewt-ud-train.conllu"), 120);
  EXPECT_NE(Train("b.bin", 2, true, &log), 0);
  EXPECT_THAT(log, HasSubstr("jackknife cache"));
  EXPECT_THAT(log, HasSubstr(dir_ + "/jk"));
}

TEST_F(TrainParserTest, AveragedModelsParse) {
  std::string log;
  ASSERT_EQ(Train("s1.bin", 2, true, &log), 0) << log;
  ASSERT_EQ(Train("s2.bin", 2, true, &log, " --seed 2"), 0) << log;
  const std::string s1 = dir_ + "/s1.bin", s2 = dir_ + "/s2.bin";
  ASSERT_NE(Slurp(s1), Slurp(s2)) << "another seed should give other weights";
  // A model averaged with itself is itself.
  ASSERT_EQ(Average(s1 + "," + s1, "same.bin", &log), 0) << log;
  EXPECT_EQ(Slurp(dir_ + "/same.bin"), Slurp(s1));
  // Two seeds: a new model that parses.
  ASSERT_EQ(Average(s1 + "," + s2, "avg.bin", &log), 0) << log;
  const std::string avg = Slurp(dir_ + "/avg.bin");
  EXPECT_NE(avg, Slurp(s1));
  EXPECT_NE(avg, Slurp(s2));
  std::string out;
  ASSERT_EQ(khaldun_tests::Shell("'" + bin_ + "' eval ud '" + dir_ + "/dev.conllu' --parser '" +
                                     dir_ + "/avg.bin' 2>/dev/null",
                                 &out),
            0);
  EXPECT_THAT(out, HasSubstr("UAS"));
  // Models of other training data are refused, naming them.
  std::ofstream(dir_ + "/train.conllu")
      << FirstSentences(Slurp(ewt_ + "en_ewt-ud-train.conllu"), 120);
  ASSERT_EQ(Train("other.bin", 2, false, &log), 0) << log;
  EXPECT_NE(Average(s1 + "," + dir_ + "/other.bin", "bad.bin", &log), 0);
  EXPECT_THAT(log, HasSubstr("other.bin"));
  EXPECT_FALSE(fs::exists(dir_ + "/bad.bin"));
}

}  // namespace
