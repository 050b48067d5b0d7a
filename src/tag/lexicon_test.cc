#include "tag/lexicon.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "tag/binary_io.h"

namespace khaldun::tag {
namespace {

// A WordNet database folder written by the test: a few lemmas in the index files, their
// synsets (for capitalisation) in the data files, and the exception lists.
class MiniWordNet : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/khaldun_wordnet.XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    const std::string licence = "  1 licence text, skipped  \n";
    Write("index.noun", licence +
                            "ceasefire n 1 1 @ 1 0 00000001  \n"
                            "strike n 2 1 @ 2 0 00000002 00000003  \n"
                            "match n 1 1 @ 1 0 00000004  \n"
                            "paris n 1 1 @ 1 0 00000005  \n"
                            "peace_talks n 1 1 @ 1 0 00000006  \n");
    Write("index.verb", licence +
                            "strike v 1 1 @ 1 0 00000010  \n"
                            "stop v 1 1 @ 1 0 00000011  \n"
                            "raze v 1 1 @ 1 0 00000012  \n"
                            "go v 1 1 @ 1 0 00000013  \n");
    Write("index.adj", licence + "big a 1 1 & 1 0 00000020  \n" + "hostile a 1 1 & 1 0 00000021  \n");
    Write("index.adv", licence + "swiftly r 1 0 1 0 00000030  \n");
    Write("data.noun", licence +
                           "00000001 04 n 01 ceasefire 0 000 | a truce  \n"
                           "00000002 04 n 01 strike 0 000 | an attack  \n"
                           "00000004 04 n 02 match 0 lucifer 0 000 | a game  \n"
                           "00000005 15 n 01 Paris 0 000 | a city  \n"
                           "00000006 04 n 01 peace_talks 0 000 | talks  \n");
    Write("data.verb", licence + "00000010 33 v 01 strike 0 000 | to hit  \n");
    Write("data.adj", licence + "00000020 00 a 02 big 0 large(a) 0 000 | of size  \n");
    Write("data.adv", licence + "00000030 02 r 01 swiftly 0 000 | fast  \n");
    Write("noun.exc", "children child\n");
    Write("verb.exc", "went go\nstruck strike\n");
    Write("adj.exc", "better good\n");
  }
  void TearDown() override {
    if (!dir_.empty()) std::system(("rm -rf '" + dir_ + "'").c_str());
  }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ + "/" + name, std::ios::binary) << text;
  }
  std::string dir_;
};

TEST_F(MiniWordNet, ClassifiesLemmasAndInflections) {
  Lexicon lex;
  ASSERT_TRUE(lex.LoadWordNet(dir_).ok());
  EXPECT_EQ(lex.Classify("ceasefire"), kLexNoun);
  EXPECT_EQ(lex.Classify("Ceasefires"), kLexNounPlural);
  EXPECT_EQ(lex.Classify("strike"), kLexNoun | kLexVerb);
  EXPECT_EQ(lex.Classify("strikes"), kLexNounPlural | kLexVerbS);
  EXPECT_EQ(lex.Classify("striking"), kLexVerbIng);  // strik+e
  EXPECT_EQ(lex.Classify("struck"), kLexVerbEd);      // exception list
  EXPECT_EQ(lex.Classify("stopped"), kLexVerbEd);     // doubled consonant
  EXPECT_EQ(lex.Classify("razed"), kLexVerbEd);
  EXPECT_EQ(lex.Classify("went"), kLexVerbEd);
  EXPECT_EQ(lex.Classify("matches"), kLexNounPlural);
  EXPECT_EQ(lex.Classify("bigger"), kLexAdjGrade);
  EXPECT_EQ(lex.Classify("large"), 0u);  // only a synset spelling, not in the index
  EXPECT_EQ(lex.Classify("better"), kLexAdjGrade);
  EXPECT_EQ(lex.Classify("children"), kLexNounPlural);
  EXPECT_EQ(lex.Classify("swiftly"), kLexAdv);
  EXPECT_EQ(lex.Classify("PARIS"), kLexNoun | kLexCapital);
  EXPECT_EQ(lex.Classify("Hostile"), kLexAdj);
  // Unknown words, collocations (WordNet joins them with '_'), odd input.
  EXPECT_EQ(lex.Classify("Araghchi"), 0u);
  EXPECT_EQ(lex.Classify("peace_talks"), 0u);
  EXPECT_EQ(lex.Classify(""), 0u);
  EXPECT_EQ(lex.Classify("s"), 0u);
  EXPECT_EQ(lex.Classify(std::string(200, 'a')), 0u);
  EXPECT_EQ(lex.Classify(std::string("\xff\xfe\0s", 4)), 0u);
}

TEST_F(MiniWordNet, RoundTripsThroughTheModelFormat) {
  Lexicon lex;
  ASSERT_TRUE(lex.LoadWordNet(dir_).ok());
  BinaryWriter w;
  lex.Write(&w);
  Lexicon back;
  BinaryReader r(w.data());
  ASSERT_TRUE(back.Read(&r));
  EXPECT_EQ(back.size(), lex.size());
  for (const char* word : {"strikes", "struck", "Paris", "bigger", "Araghchi"})
    EXPECT_EQ(back.Classify(word), lex.Classify(word)) << word;
  // Truncated bytes are refused.
  std::string bytes = w.data();
  bytes.resize(bytes.size() - 3);
  BinaryReader tr(bytes);
  Lexicon bad;
  EXPECT_FALSE(bad.Read(&tr));
}

TEST_F(MiniWordNet, MissingOrMalformedFilesNameTheFile) {
  std::remove((dir_ + "/adj.exc").c_str());
  Lexicon lex;
  Status st = lex.LoadWordNet(dir_);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.ToString().find("adj.exc"), std::string::npos) << st.ToString();
  Write("adj.exc", "better good\n");
  Write("data.noun", "00000001 04 n zz ceasefire 0 000 | bad count\n");
  st = lex.LoadWordNet(dir_);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.ToString().find("data.noun:1"), std::string::npos) << st.ToString();
  EXPECT_TRUE(lex.empty());
  EXPECT_EQ(lex.Classify("ceasefire"), 0u);
}

// Debian's wordnet-base (installed by `make deps`): news words get their classes.
TEST(DebianWordNet, KnowsNewsWords) {
  const char* dir = "/usr/share/wordnet";
  if (::access((std::string(dir) + "/index.noun").c_str(), R_OK) != 0)
    GTEST_SKIP() << dir << " absent (Debian package wordnet-base)";
  Lexicon lex;
  ASSERT_TRUE(lex.LoadWordNet(dir).ok());
  EXPECT_GT(lex.size(), 80000u);
  EXPECT_TRUE(lex.Classify("retaliated") & kLexVerbEd);
  EXPECT_TRUE(lex.Classify("missiles") & kLexNounPlural);
  EXPECT_TRUE(lex.Classify("condemning") & kLexVerbIng);
  EXPECT_TRUE(lex.Classify("Pakistan") & kLexCapital);
  EXPECT_FALSE(lex.Classify("ceasefire") & kLexCapital);
  EXPECT_EQ(lex.Classify("Balochistan"), 0u);
}

}  // namespace
}  // namespace khaldun::tag
