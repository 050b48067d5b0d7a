#include "events/plover_eval.h"

#include <gtest/gtest.h>

namespace khaldun {
namespace {

TEST(PloverEval, ParseAndScore) {
  const char* json = R"([
    {"id":"a","date":"2001-02-03","text":"X hit Y.","event":"ASSAULT",
     "source":[{"code":"PAK","sector":"MIL"}],"target":[{"code":"IRN"}]},
    {"id":"b","text":"Z met.","event":"CONSULT","source":[{"code":"IGOUNO"}],"target":""},
    {"text":"no id"}
  ])";
  int skipped = 0;
  auto gold = ParsePloverGold(json, &skipped);
  ASSERT_TRUE(gold.ok());
  ASSERT_EQ(gold->size(), 2u);
  EXPECT_EQ(skipped, 1);
  EXPECT_EQ((*gold)[1].sources[0], "IGO");
  EXPECT_TRUE((*gold)[1].targets.empty());

  PloverScore score;
  Event hit;
  hit.plover = "ASSAULT";
  hit.source.code = "PAKMIL";
  hit.target.code = "IRNGOV";
  hit.has_target = true;
  Event wrong = hit;
  wrong.plover = "THREATEN";
  Event negated = hit;
  negated.plover = "AID";
  negated.negated = true;
  ScorePloverRecord((*gold)[0], {hit, wrong, negated}, &score);
  Event consult;
  consult.plover = "CONSULT";
  consult.source.code = "IGOUNO";
  ScorePloverRecord((*gold)[1], {consult}, &score);
  EXPECT_EQ(score.records, 2);
  EXPECT_DOUBLE_EQ(score.TypeRecall(), 1.0);
  EXPECT_DOUBLE_EQ(score.TypePrecision(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(score.TripleRecall(), 1.0);
  EXPECT_DOUBLE_EQ(score.TriplePrecision(), 2.0 / 3);
  EXPECT_FALSE(ParsePloverGold("{", nullptr).ok());
  EXPECT_FALSE(ParsePloverGold("{}", nullptr).ok());
}

}  // namespace
}  // namespace khaldun
