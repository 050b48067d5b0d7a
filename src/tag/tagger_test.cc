#include "tag/tagger.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "base/file.h"
#include "document/conllu.h"
#include "tag/binary_io.h"
#include "tag/model.h"

namespace khaldun {
namespace {

std::string SharedPath(const std::string& rel) {
  return std::string(KHALDUN_SOURCE_DIR) + "/../shared/" + rel;
}

// Reads up to `max` sentences of a CoNLL-U file starting at sentence `skip`.
std::vector<Sentence> ReadSentences(const std::string& path, size_t skip, size_t max) {
  std::vector<Sentence> out;
  auto data = ReadFile(path);
  if (!data.ok()) return out;
  std::vector<Document> docs;
  ReadConllu(*data, path, "x", &docs, [](const Status&) {});
  size_t k = 0;
  for (const Document& d : docs)
    for (const Sentence& s : d.sentences) {
      if (k++ < skip) continue;
      if (out.size() < max) out.push_back(s);
    }
  return out;
}

Sentence Words(const std::vector<std::string>& forms) {
  Sentence s;
  for (const auto& f : forms) {
    Token t;
    t.form = f;
    s.tokens.push_back(t);
  }
  return s;
}

double UposAccuracy(const Tagger& tagger, const std::vector<Sentence>& gold) {
  size_t ok = 0, all = 0;
  TaggerScratch scratch;
  for (const Sentence& g : gold) {
    Sentence s = g;
    tagger.Tag(&s, &scratch);
    for (size_t i = 0; i < s.tokens.size(); ++i) {
      ok += s.tokens[i].upos == g.tokens[i].upos;
      ++all;
    }
  }
  return all ? 100.0 * ok / all : 0;
}

class SmallEwtTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string train = SharedPath("ud/en_ewt/en_ewt-ud-train.conllu");
    train_ = new std::vector<Sentence>(ReadSentences(train, 0, 600));
    heldout_ = new std::vector<Sentence>(ReadSentences(train, 5000, 300));
    if (train_->empty()) return;
    TaggerTrainOptions opt;
    opt.iterations = 6;
    opt.jackknife_folds = 2;
    auto bytes = TrainTaggerToBytes(*train_, {}, opt, nullptr);
    ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
    bytes_ = new std::string(*bytes);
  }
  static void TearDownTestSuite() {
    delete train_;
    delete heldout_;
    delete bytes_;
  }
  void SetUp() override {
    if (train_->empty()) GTEST_SKIP() << "../shared/ud/en_ewt not available";
  }
  static std::vector<Sentence>* train_;
  static std::vector<Sentence>* heldout_;
  static std::string* bytes_;
};
std::vector<Sentence>* SmallEwtTest::train_ = nullptr;
std::vector<Sentence>* SmallEwtTest::heldout_ = nullptr;
std::string* SmallEwtTest::bytes_ = nullptr;

TEST_F(SmallEwtTest, LearnsFromSixHundredSentences) {
  auto tagger = Tagger::FromBytes(*bytes_, "small");
  ASSERT_TRUE(tagger.ok()) << tagger.status().ToString();
  double acc = UposAccuracy(**tagger, *heldout_);
  EXPECT_GT(acc, 85.0);
  // It must also fit its training data much better than chance.
  EXPECT_GT(UposAccuracy(**tagger, *train_), 95.0);
}

TEST_F(SmallEwtTest, TrainingIsDeterministic) {
  TaggerTrainOptions opt;
  opt.iterations = 6;
  opt.jackknife_folds = 2;
  auto again = TrainTaggerToBytes(*train_, {}, opt, nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(*again == *bytes_);
}

TEST_F(SmallEwtTest, SaveLoadRoundTripGivesIdenticalTags) {
  const std::string path = ::testing::TempDir() + "/tagger_roundtrip.bin";
  ASSERT_TRUE(WriteFile(path, *bytes_).ok());
  auto from_file = Tagger::Load(path);
  auto from_bytes = Tagger::FromBytes(*bytes_, "mem");
  ASSERT_TRUE(from_file.ok()) << from_file.status().ToString();
  ASSERT_TRUE(from_bytes.ok());
  TaggerScratch scratch;
  for (const Sentence& g : *heldout_) {
    Sentence a = g, b = g;
    (*from_file)->Tag(&a, &scratch);
    (*from_bytes)->Tag(&b);
    for (size_t i = 0; i < a.tokens.size(); ++i) {
      EXPECT_EQ(a.tokens[i].upos, b.tokens[i].upos);
      EXPECT_EQ(a.tokens[i].xpos, b.tokens[i].xpos);
      EXPECT_EQ(a.tokens[i].lemma, b.tokens[i].lemma);
      EXPECT_EQ(a.tokens[i].feats, b.tokens[i].feats);
    }
  }
  std::remove(path.c_str());
}

// Models of format version 2 (before the WordNet lexicon) still load and tag exactly as
// the same weights do in version 3.
TEST_F(SmallEwtTest, VersionTwoFilesStillLoad) {
  const std::string_view magic(tag::TaggerModel::kMagic, 8);
  auto payload = tag::UnframeModel(*bytes_, magic, 3, 3, "v3", nullptr);
  ASSERT_TRUE(payload.ok()) << payload.status().ToString();
  // Trained without WordNet: the payload ends with the empty lexicon (two empty arrays).
  ASSERT_GE(payload->size(), 16u);
  ASSERT_EQ(payload->substr(payload->size() - 16), std::string(16, '\0'));
  const std::string v2 =
      tag::FrameModel(magic, 2, payload->substr(0, payload->size() - 16));
  auto old_model = Tagger::FromBytes(v2, "v2.bin");
  ASSERT_TRUE(old_model.ok()) << old_model.status().ToString();
  auto new_model = Tagger::FromBytes(*bytes_, "v3.bin");
  ASSERT_TRUE(new_model.ok());
  for (const Sentence& g : *heldout_) {
    Sentence a = g, b = g;
    (*old_model)->Tag(&a);
    (*new_model)->Tag(&b);
    for (size_t i = 0; i < a.tokens.size(); ++i) EXPECT_EQ(a.tokens[i].xpos, b.tokens[i].xpos);
  }
  // A version-2 header over a version-3 payload leaves bytes unread: refused.
  auto mixed = Tagger::FromBytes(tag::FrameModel(magic, 2, *payload), "mixed.bin");
  ASSERT_FALSE(mixed.ok());
  EXPECT_NE(mixed.status().message().find("mixed.bin"), std::string::npos);
}

// Training with WordNet (Debian wordnet-base) stores the lexicon in the model; a folder
// without WordNet files is an error naming the missing file.
TEST_F(SmallEwtTest, TrainsWithTheWordNetLexicon) {
  TaggerTrainOptions opt;
  opt.iterations = 6;
  opt.jackknife_folds = 2;
  opt.wordnet_dir = "/nonexistent/wordnet";
  auto missing = TrainTaggerToBytes(*train_, {}, opt, nullptr);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("/nonexistent/wordnet/index.noun"),
            std::string::npos)
      << missing.status().ToString();
  opt.wordnet_dir = "/usr/share/wordnet";
  if (!std::ifstream(opt.wordnet_dir + "/index.noun").good())
    GTEST_SKIP() << "/usr/share/wordnet absent (Debian package wordnet-base)";
  auto bytes = TrainTaggerToBytes(*train_, {}, opt, nullptr);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  EXPECT_GT(bytes->size(), bytes_->size() + 500000);  // the lexicon travels in the model
  auto tagger = Tagger::FromBytes(*bytes, "wordnet.bin");
  ASSERT_TRUE(tagger.ok()) << tagger.status().ToString();
  EXPECT_GT(UposAccuracy(**tagger, *heldout_), 85.0);
}

TEST_F(SmallEwtTest, RefusesCorruptTruncatedAndForeignFiles) {
  // One flipped payload byte: checksum mismatch.
  std::string flipped = *bytes_;
  flipped[flipped.size() / 2] ^= 0x40;
  auto r = Tagger::FromBytes(flipped, "flipped.bin");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_NE(r.status().message().find("flipped.bin"), std::string::npos);
  EXPECT_NE(r.status().message().find("checksum"), std::string::npos);

  r = Tagger::FromBytes(bytes_->substr(0, bytes_->size() - 100), "short.bin");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("short.bin"), std::string::npos);
  EXPECT_NE(r.status().message().find("truncated"), std::string::npos);

  std::string foreign = *bytes_;
  foreign.replace(0, 8, "GGUFxxxx");
  r = Tagger::FromBytes(foreign, "foreign.bin");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("bad magic"), std::string::npos);

  std::string newer = *bytes_;
  newer[8] = static_cast<char>(tag::TaggerModel::kVersion + 1);
  r = Tagger::FromBytes(newer, "newer.bin");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("version"), std::string::npos);

  std::string older = *bytes_;
  older[8] = static_cast<char>(tag::TaggerModel::kMinVersion - 1);
  r = Tagger::FromBytes(older, "older.bin");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("version"), std::string::npos);

  EXPECT_FALSE(Tagger::FromBytes("", "empty.bin").ok());
  auto missing = Tagger::Load("/nonexistent/dir/tagger.bin");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("/nonexistent/dir/tagger.bin"), std::string::npos);
}

TEST_F(SmallEwtTest, HandlesEmptyAndOddSentences) {
  auto tagger = Tagger::FromBytes(*bytes_, "small");
  ASSERT_TRUE(tagger.ok());
  Sentence empty;
  (*tagger)->Tag(&empty);
  EXPECT_TRUE(empty.tokens.empty());
  Sentence odd = Words({"", "\xff\xfe", "zzzzqqq", std::string(5000, 'a'), "\xe2\x80\x94"});
  (*tagger)->Tag(&odd);
  for (const Token& t : odd.tokens) EXPECT_FALSE(t.upos.empty());
}

// Lemmatizer rules learned from a handful of hand-written examples.
TEST(Morphology, LearnsExceptionsAndSuffixRules) {
  // Composite tags for this test: 0 NNS, 1 VBD, 2 NNP, 3 POS, 4 VBZ.
  std::vector<tag::Morphology::Example> ex = {
      {"rockets", "rocket", "Number=Plur", 0}, {"talks", "talk", "Number=Plur", 0},
      {"soldiers", "soldier", "Number=Plur", 0}, {"cities", "city", "Number=Plur", 0},
      {"parties", "party", "Number=Plur", 0},  {"went", "go", "Tense=Past", 1},
      {"fired", "fire", "Tense=Past", 1},      {"attacked", "attack", "Tense=Past", 1},
      {"Kabul", "Kabul", "Number=Sing", 2},    {"Tehran", "Tehran", "Number=Sing", 2},
      {"'s", "'s", "", 3},                     {"says", "say", "Number=Sing", 4},
      {"fights", "fight", "Number=Sing", 4},   {"calls", "call", "Number=Sing", 4}};
  tag::Morphology m;
  m.Train(ex, 5);
  std::string lemma;
  auto L = [&](const char* form, int tag) {
    m.Lemmatize(form, tag, &lemma);
    return lemma;
  };
  EXPECT_EQ(L("went", 1), "go");
  EXPECT_EQ(L("Went", 1), "go");
  EXPECT_EQ(L("militants", 0), "militant");
  EXPECT_EQ(L("strikes", 4), "strike");
  EXPECT_EQ(L("strikes", 0), "strike");
  EXPECT_EQ(L("bodies", 0), "body");
  EXPECT_EQ(L("Pakistan", 2), "Pakistan");
  EXPECT_EQ(L("'s", 3), "'s");
  std::string feats;
  m.Feats("missiles", 0, 0, &feats);
  EXPECT_EQ(feats, "Number=Plur");
  m.Feats("'s", 3, 0, &feats);
  EXPECT_EQ(feats, "");
}

// FEATS of verbs follow their subject when the training data says so.
TEST(Morphology, FeatsFollowContextForAgreementTags) {
  const uint64_t kAfterI = 11, kAfterThey = 12;
  const char* verbs[] = {"walked", "talked", "fired", "landed", "opened", "closed",
                         "asked",  "voted",  "moved", "played", "signed", "joined"};
  std::vector<tag::Morphology::Example> ex;
  for (const char* v : verbs) {
    ex.push_back({v, "", "Number=Sing|Person=1|Tense=Past", 0, kAfterI});
    ex.push_back({v, "", "Number=Plur|Person=3|Tense=Past", 0, kAfterThey});
  }
  // Tag 1 (a pronoun) depends on the word, not the context.
  ex.push_back({"me", "", "Case=Acc", 1, kAfterI});
  ex.push_back({"me", "", "Case=Acc", 1, kAfterThey});
  tag::Morphology m;
  m.Train(ex, 2);
  std::string feats;
  m.Feats("marched", 0, kAfterI, &feats);
  EXPECT_EQ(feats, "Number=Sing|Person=1|Tense=Past");
  m.Feats("walked", 0, kAfterThey, &feats);
  EXPECT_EQ(feats, "Number=Plur|Person=3|Tense=Past");
  m.Feats("me", 1, kAfterThey, &feats);
  EXPECT_EQ(feats, "Case=Acc");
}

const std::string kCommittedModel = std::string(KHALDUN_SOURCE_DIR) + "/data/models/tagger.bin";

// The committed tagger model, or null when it is absent (a load error fails the test).
std::unique_ptr<Tagger> LoadCommittedModel() {
  std::ifstream probe(kCommittedModel);
  if (!probe) return nullptr;
  auto tagger = Tagger::Load(kCommittedModel);
  EXPECT_TRUE(tagger.ok()) << tagger.status().ToString();
  return tagger.ok() ? std::move(*tagger) : nullptr;
}

// The committed model on sentences of our own.
TEST(CommittedModel, TagsAndLemmatizesNewsWords) {
  auto tagger = LoadCommittedModel();
  if (!tagger) GTEST_SKIP() << kCommittedModel << " not built yet";
  Sentence s = Words({"Pakistan", "'s", "army", "said", "militants", "went", "into", "the",
                      "hills", "after", "the", "air", "strikes", "."});
  tagger->Tag(&s);
  std::vector<std::string> lemmas, upos;
  for (const Token& t : s.tokens) {
    lemmas.push_back(t.lemma);
    upos.push_back(t.upos);
  }
  EXPECT_EQ(lemmas, (std::vector<std::string>{"Pakistan", "'s", "army", "say", "militant", "go",
                                              "into", "the", "hill", "after", "the", "air",
                                              "strike", "."}));
  EXPECT_EQ(upos[0], "PROPN");
  EXPECT_EQ(upos[1], "PART");
  EXPECT_EQ(s.tokens[1].xpos, "POS");
  EXPECT_EQ(upos[3], "VERB");
  EXPECT_EQ(upos[4], "NOUN");
  EXPECT_EQ(s.tokens[4].feats, "Number=Plur");
  EXPECT_EQ(upos[8], "NOUN");
  Sentence they = Words({"They", "attacked", "the", "town", "."});
  Sentence i = Words({"I", "attacked", "the", "town", "."});
  tagger->Tag(&they);
  tagger->Tag(&i);
  EXPECT_EQ(they.tokens[1].xpos, "VBD");
  EXPECT_NE(they.tokens[1].feats.find("Number=Plur"), std::string::npos) << they.tokens[1].feats;
  EXPECT_NE(i.tokens[1].feats.find("Person=1"), std::string::npos) << i.tokens[1].feats;
  EXPECT_EQ(upos[13], "PUNCT");
}

// Guessed lemmas are checked against the model's WordNet lexicon: the suffix rule that
// turns "visited" into "visit" would turn "extradited" into "extradit".
TEST(CommittedModel, WordNetRepairsGuessedLemmas) {
  auto tagger = LoadCommittedModel();
  if (!tagger) GTEST_SKIP() << kCommittedModel << " not built yet";
  Sentence s = Words({"Zambia", "extradited", "the", "suspect", "and", "Iran", "visited",
                      "Pakistan", "."});
  tagger->Tag(&s);
  EXPECT_EQ(s.tokens[1].xpos, "VBD");
  EXPECT_EQ(s.tokens[1].lemma, "extradite");
  EXPECT_EQ(s.tokens[6].lemma, "visit");
  Sentence b = Words({"Jets", "bombed", "the", "closest", "villages", "."});
  tagger->Tag(&b);
  EXPECT_EQ(b.tokens[1].lemma, "bomb") << b.tokens[1].xpos;
  EXPECT_EQ(b.tokens[3].lemma, "close") << b.tokens[3].xpos;
}

}  // namespace
}  // namespace khaldun
