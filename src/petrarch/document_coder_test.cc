#include "petrarch/document_coder.h"

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace khaldun::petrarch {
namespace {

using ::testing::HasSubstr;

// Invented places and codes, as in coder_test.cc.
Dictionaries TestDicts() {
  Dictionaries d;
  ErrorFn fail = [](const std::string& m) { ADD_FAILURE() << m; };
  d.actors = *ReadActors(
      "VELMORA [VLM]\n+VELMORAN\nKESTREL [KST]\n"
      "MARLOW_GRANT [VLM]\n  [VLMGOV 20200101-20230101]\n  [VLMELI >20230101]\n",
      "actors", {}, fail);
  d.agents = *ReadAgents("MINISTER [~GOV]\nPOLICE {} [~COP]\n", "agents", {}, fail);
  d.discards = *ReadDiscards("ROWING REGATTA\n", "discards", {}, fail);
  d.verbs = *ReadVerbs(
      "--- PRAISE [051] ---\nPRAISE\n"
      "--- ATTACK [190] ---\nATTACK\n- * POLICE [173]\n"
      "--- GREET [042:043] ---\nGREET\n"
      "--- SAY [010] ---\nSAY {SAYS SAID}\n",
      "verbs", {}, fail);
  return d;
}

// A document from "form lemma upos head deprel" rows (one sentence; spans computed
// from the forms joined by single spaces).
Document Doc(const std::string& rows, const std::string& date) {
  Document doc;
  doc.id = "doc";
  doc.date = date;
  Sentence s;
  size_t p = 0;
  while (p < rows.size()) {
    size_t nl = rows.find(';', p);
    if (nl == std::string::npos) nl = rows.size();
    std::string row = rows.substr(p, nl - p);
    p = nl + 1;
    char f[64], l[64], u[16], r[32];
    int h;
    if (std::sscanf(row.c_str(), "%63s %63s %15s %d %31s", f, l, u, &h, r) != 5) continue;
    if (!doc.text.empty()) doc.text += ' ';
    Token t;
    t.span.begin = static_cast<uint32_t>(doc.text.size());
    doc.text += f;
    t.span.end = static_cast<uint32_t>(doc.text.size());
    t.form = f;
    t.lemma = l;
    t.upos = u;
    t.head = h;
    t.deprel = r;
    s.tokens.push_back(t);
  }
  s.span = {0, static_cast<uint32_t>(doc.text.size())};
  doc.sentences.push_back(s);
  return doc;
}

std::unique_ptr<CameoTable> Cameo() {
  auto t = CameoTable::Load(std::string(KHALDUN_SOURCE_DIR) + "/data/cameo/cameo.txt");
  EXPECT_TRUE(t.ok()) << t.status().message();
  return t.ok() ? std::move(*t) : nullptr;
}

class DocumentCoderTest : public ::testing::Test {
 protected:
  Dictionaries dicts_ = TestDicts();
  std::unique_ptr<CameoTable> cameo_ = Cameo();
  std::vector<Status> errors_;
  std::function<void(const Status&)> report_ = [this](const Status& s) {
    errors_.push_back(s);
  };
};

TEST_F(DocumentCoderTest, EventCarriesSpansCodesAndPattern) {
  ASSERT_NE(cameo_, nullptr);
  DocumentCoder coder(&dicts_, cameo_.get(), "verbs.txt");
  // "The Velmoran minister attacked Kestrel police ."
  Document doc = Doc(
      "The the DET 3 det;Velmoran Velmoran ADJ 3 amod;minister minister NOUN 4 nsubj;"
      "attacked attack VERB 0 root;Kestrel Kestrel PROPN 6 compound;police police NOUN 4 obj;"
      ". . PUNCT 4 punct",
      "2021-05-01");
  std::vector<Event> ev;
  coder.CodeDocument(doc, &ev, report_);
  ASSERT_EQ(ev.size(), 1u);
  const Event& e = ev[0];
  EXPECT_EQ(e.cameo, "173");  // the pattern "- * POLICE", not the block's 190
  EXPECT_EQ(e.cameo_root, "17");
  EXPECT_EQ(e.plover, cameo_->Find("173")->plover);
  EXPECT_EQ(e.pattern, "verbs.txt:5");
  EXPECT_EQ(e.trigger_text, "attacked");
  EXPECT_EQ(e.source.code, "VLMGOV");
  EXPECT_EQ(e.source.country, "VLM");
  EXPECT_EQ(e.source.sector, "GOV");
  EXPECT_EQ(e.source.text, "The Velmoran minister");
  ASSERT_TRUE(e.has_target);
  EXPECT_EQ(e.target.code, "KSTCOP");
  EXPECT_EQ(e.target.text, "Kestrel police");
  EXPECT_EQ(e.date, "2021-05-01");
  EXPECT_EQ(e.doc_id, "doc");
  EXPECT_FALSE(e.event_id.empty());
  EXPECT_TRUE(errors_.empty());
}

TEST_F(DocumentCoderTest, DatedActorFollowsDocumentDate) {
  ASSERT_NE(cameo_, nullptr);
  DocumentCoder coder(&dicts_, cameo_.get(), "verbs.txt");
  const std::string rows =
      "Marlow Marlow PROPN 2 compound;Grant Grant PROPN 3 nsubj;praised praise VERB 0 root;"
      "Kestrel Kestrel PROPN 3 obj";
  std::vector<Event> ev;
  coder.CodeDocument(Doc(rows, "2021-06-01"), &ev, report_);
  coder.CodeDocument(Doc(rows, "2024-06-01"), &ev, report_);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].source.code, "VLMGOV");
  EXPECT_EQ(ev[0].source.text, "Marlow Grant");
  EXPECT_EQ(ev[0].pattern, "verbs.txt:PRAISED");  // block default, no pattern line
  EXPECT_EQ(ev[1].source.code, "VLMELI");
}

TEST_F(DocumentCoderTest, ReciprocalCodeGivesBothDirections) {
  ASSERT_NE(cameo_, nullptr);
  DocumentCoder coder(&dicts_, cameo_.get(), "verbs.txt");
  std::vector<Event> ev;
  coder.CodeDocument(Doc("Velmora Velmora PROPN 2 nsubj;greeted greet VERB 0 root;"
                         "Kestrel Kestrel PROPN 2 obj",
                         "2021-05-01"),
                     &ev, report_);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].source.code + ">" + ev[0].target.code + ":" + ev[0].cameo, "VLM>KST:042");
  EXPECT_EQ(ev[1].source.code + ">" + ev[1].target.code + ":" + ev[1].cameo, "KST>VLM:043");
  EXPECT_EQ(ev[1].source.text, "Kestrel");  // the heads swap with the direction
  EXPECT_EQ(ev[1].target.text, "Velmora");
}

TEST_F(DocumentCoderTest, StatementsOnlyWhenAsked) {
  ASSERT_NE(cameo_, nullptr);
  const std::string rows =
      "Velmora Velmora PROPN 2 nsubj;said say VERB 0 root;to to ADP 4 case;"
      "Kestrel Kestrel PROPN 2 obl";
  std::vector<Event> ev;
  DocumentCoder plain(&dicts_, cameo_.get(), "verbs.txt");
  plain.CodeDocument(Doc(rows, "2021-05-01"), &ev, report_);
  EXPECT_TRUE(ev.empty());
  DocumentCoderOptions o;
  o.code_statements = true;
  DocumentCoder with(&dicts_, cameo_.get(), "verbs.txt", o);
  with.CodeDocument(Doc(rows, "2021-05-01"), &ev, report_);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].cameo, "010");
}

TEST_F(DocumentCoderTest, UnparsedSentenceIsReportedAndSkipped) {
  ASSERT_NE(cameo_, nullptr);
  DocumentCoder coder(&dicts_, cameo_.get(), "verbs.txt");
  Document doc = Doc("Velmora Velmora PROPN 2 nsubj;praised praise VERB 0 root;"
                     "Kestrel Kestrel PROPN 2 obj",
                     "2021-05-01");
  doc.sentences[0].tokens[2].head = -1;
  std::vector<Event> ev;
  coder.CodeDocument(doc, &ev, report_);
  EXPECT_TRUE(ev.empty());
  ASSERT_EQ(errors_.size(), 1u);
  EXPECT_THAT(errors_[0].message(), HasSubstr("doc: sentence 0"));
}

TEST(SplitActorCode, CountryAndSector) {
  std::string c, s;
  SplitActorCode("USAGOV", &c, &s);
  EXPECT_EQ(c + "/" + s, "USA/GOV");
  SplitActorCode("IGOUNO", &c, &s);
  EXPECT_EQ(c + "/" + s, "/UNO");
  SplitActorCode("---GOV", &c, &s);
  EXPECT_EQ(c + "/" + s, "/GOV");
  SplitActorCode("PAK", &c, &s);
  EXPECT_EQ(c + "/" + s, "PAK/");
  SplitActorCode("\"NEW GROUP\"", &c, &s);
  EXPECT_EQ(c + "/" + s, "/");
}

TEST(LoadDictionarySet, MissingFolderIsNamed) {
  auto d = LoadDictionarySet("/nonexistent/petrarch-dicts", DictionarySet::kAuto, {}, nullptr);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(d.status().message(), HasSubstr("/nonexistent/petrarch-dicts"));
}

TEST(LoadDictionarySet, MissingFileIsNamed) {
  // A folder with CAMEO.2.0.txt only: the Phoenix set is chosen, its actors are missing.
  std::string dir = ::testing::TempDir() + "/petrarch_set_test";
  std::filesystem::create_directories(dir);
  {
    FILE* f = std::fopen((dir + "/CAMEO.2.0.txt").c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("--- PRAISE [051] ---\nPRAISE\n", f);
    std::fclose(f);
  }
  EXPECT_EQ(VerbFileName(dir, DictionarySet::kAuto), "CAMEO.2.0.txt");
  auto d = LoadDictionarySet(dir, DictionarySet::kAuto, {}, nullptr);
  ASSERT_FALSE(d.ok());
  EXPECT_THAT(d.status().message(), HasSubstr("Phoenix.Countries.actors.txt"));
  std::filesystem::remove_all(dir);
}

// The shipped PETRARCH dictionaries (../shared) load as both sets.
TEST(LoadDictionarySet, SharedDictionariesLoad) {
  const std::string dir = std::string(KHALDUN_SOURCE_DIR) + "/../shared/petrarch/dictionaries";
  if (!std::filesystem::exists(dir + "/CAMEO.2.0.txt"))
    GTEST_SKIP() << "../shared/petrarch/dictionaries not present";
  size_t warnings = 0;
  auto phoenix = LoadDictionarySet(dir, DictionarySet::kPhoenix, {},
                                   [&](const std::string&) { ++warnings; });
  ASSERT_TRUE(phoenix.ok()) << phoenix.status().message();
  EXPECT_GT(phoenix->actors.phrases.size(), 10000u);
  EXPECT_GT(phoenix->agents.phrases.size(), 500u);
  EXPECT_GT(phoenix->verbs.blocks.size(), 100u);
  EXPECT_FALSE(phoenix->ontology.value.empty());
  auto validate = LoadDictionarySet(dir, DictionarySet::kValidate, {}, nullptr);
  ASSERT_TRUE(validate.ok()) << validate.status().message();
  EXPECT_LT(validate->actors.phrases.size(), phoenix->actors.phrases.size());
}

}  // namespace
}  // namespace khaldun::petrarch
