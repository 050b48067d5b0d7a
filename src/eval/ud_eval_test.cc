#include "eval/ud_eval.h"

#include <gtest/gtest.h>

namespace khaldun {
namespace {

// Gold: "Rebels attacked the base ." with full annotation.
Sentence Gold() {
  Sentence s;
  s.sent_id = "g1";
  auto add = [&](const char* form, const char* lemma, const char* upos, const char* xpos,
                 const char* feats, int head, const char* rel) {
    Token t;
    t.form = form;
    t.lemma = lemma;
    t.upos = upos;
    t.xpos = xpos;
    t.feats = feats;
    t.head = head;
    t.deprel = rel;
    s.tokens.push_back(t);
  };
  add("Rebels", "rebel", "NOUN", "NNS", "Number=Plur", 2, "nsubj");
  add("attacked", "attack", "VERB", "VBD", "Mood=Ind|Tense=Past|VerbForm=Fin", 0, "root");
  add("the", "the", "DET", "DT", "Definite=Def|PronType=Art", 4, "det");
  add("base", "base", "NOUN", "NN", "Number=Sing", 2, "obj");
  add(".", ".", "PUNCT", ".", "", 2, "punct");
  return s;
}

TEST(UdEval, PerfectPredictionScoresHundred) {
  UdEvaluator ev;
  ASSERT_TRUE(ev.Add(Gold(), Gold()).ok());
  EXPECT_EQ(ev.counts().words, 5u);
  EXPECT_DOUBLE_EQ(ev.Percent(ev.counts().upos), 100.0);
  EXPECT_DOUBLE_EQ(ev.Percent(ev.counts().las_full), 100.0);
}

TEST(UdEval, CountsEachMetricSeparately) {
  Sentence p = Gold();
  p.tokens[0].upos = "PROPN";                                     // UPOS, AllTags wrong
  p.tokens[1].xpos = "VBN";                                       // XPOS, AllTags wrong
  p.tokens[1].feats = "VerbForm=Fin|Tense=Past|Mood=Ind";         // same set: UFeats ok
  p.tokens[2].feats = "Definite=Ind|PronType=Art";                // UFeats wrong
  p.tokens[3].lemma = "bases";                                    // lemma wrong
  p.tokens[3].deprel = "obl";                                     // LAS wrong, UAS ok
  p.tokens[4].head = 4;                                           // UAS wrong
  p.tokens[0].deprel = "nsubj:pass";                              // LAS ok, full LAS wrong
  UdEvaluator ev;
  ASSERT_TRUE(ev.Add(Gold(), p).ok());
  const UdCounts& c = ev.counts();
  EXPECT_EQ(c.upos, 4u);
  EXPECT_EQ(c.xpos, 4u);
  EXPECT_EQ(c.ufeats, 4u);
  EXPECT_EQ(c.alltags, 2u);  // only "base" and "." keep all three
  EXPECT_EQ(c.lemmas, 4u);
  EXPECT_EQ(c.uas, 4u);
  EXPECT_EQ(c.las, 3u);
  EXPECT_EQ(c.las_full, 2u);
  EXPECT_NEAR(ev.Percent(c.las), 60.0, 1e-9);
  EXPECT_NE(ev.Report().find("LAS        60.00\n"), std::string::npos);
  EXPECT_NE(ev.Report().find("UPOS       80.00\n"), std::string::npos);
}

TEST(UdEval, GoldEmptyLemmaCountsAsMatchAndLanguageFeaturesIgnored) {
  Sentence g = Gold(), p = Gold();
  g.tokens[0].lemma = "";  // "_" in CoNLL-U
  p.tokens[0].lemma = "whatever";
  // Layered feature (not in the universal list) is ignored by UFeats, not by AllTags.
  g.tokens[3].feats = "Number=Sing|Number[psor]=Plur";
  UdEvaluator ev;
  ASSERT_TRUE(ev.Add(g, p).ok());
  EXPECT_EQ(ev.counts().lemmas, 5u);
  EXPECT_EQ(ev.counts().ufeats, 5u);
  EXPECT_EQ(ev.counts().alltags, 4u);
}

TEST(UdEval, RefusesDifferentTokenization) {
  Sentence p = Gold();
  p.tokens.pop_back();
  UdEvaluator ev;
  Status st = ev.Add(Gold(), p);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("g1"), std::string::npos);
  p = Gold();
  p.tokens[2].form = "a";
  EXPECT_FALSE(ev.Add(Gold(), p).ok());
  EXPECT_EQ(ev.counts().words, 0u);
}

TEST(UdEval, FiltersByDocumentPrefix) {
  std::vector<Document> gold(2), pred(2);
  gold[0].id = "GUM_news_a";
  gold[1].id = "GUM_fiction_b";
  gold[0].sentences = {Gold()};
  gold[1].sentences = {Gold(), Gold()};
  // Prediction without document ids, split differently into documents.
  pred[0].sentences = {Gold(), Gold()};
  pred[1].sentences = {Gold()};
  pred[0].sentences[0].tokens[0].upos = "X";  // error in the news sentence
  auto news = EvaluateUd(gold, pred, {"GUM_news_"});
  ASSERT_TRUE(news.ok()) << news.status().ToString();
  EXPECT_EQ(news->counts().words, 5u);
  EXPECT_EQ(news->counts().upos, 4u);
  auto all = EvaluateUd(gold, pred);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->counts().words, 15u);
  EXPECT_EQ(all->counts().upos, 14u);
  pred[1].sentences.clear();
  EXPECT_FALSE(EvaluateUd(gold, pred).ok());
}

}  // namespace
}  // namespace khaldun
