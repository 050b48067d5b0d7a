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

TEST(PloverEval, CountryNormalisation) {
  EXPECT_EQ(CanonicalCountry("ROM"), "ROU");
  EXPECT_EQ(CanonicalCountry("ROU"), "ROU");
  EXPECT_EQ(CanonicalCountry("ITL"), "ITA");
  EXPECT_EQ(CanonicalCountry("JAP"), "JPN");
  EXPECT_EQ(CanonicalCountry("VTN"), "VNM");
  // Different actors stay different.
  EXPECT_EQ(CanonicalCountry("IGO"), "IGO");
  EXPECT_EQ(CanonicalCountry("NGO"), "NGO");
  EXPECT_EQ(CanonicalCountry("IMG"), "IMG");

  const char* json = R"([
    {"id":"a","text":"Romania sanctioned Italy.","event":"SANCTION",
     "source":[{"code":"ROU"}],"target":[{"code":"ITL"}]},
    {"id":"b","text":"Z met.","event":"CONSULT","source":[{"code":"NGO"}],"target":""}
  ])";
  auto gold = ParsePloverGold(json, nullptr);
  ASSERT_TRUE(gold.ok());
  Event sanction;
  sanction.plover = "SANCTION";
  sanction.source.code = "ROMGOV";  // CAMEO's Romania
  sanction.target.code = "ITA";
  sanction.has_target = true;
  Event consult;
  consult.plover = "CONSULT";
  consult.source.code = "IGOUNO";  // IGO is not NGO
  PloverScore strict, norm;
  ScorePloverRecord((*gold)[0], {sanction}, &strict);
  ScorePloverRecord((*gold)[1], {consult}, &strict);
  ScorePloverRecord((*gold)[0], {sanction}, &norm, true);
  ScorePloverRecord((*gold)[1], {consult}, &norm, true);
  EXPECT_EQ(strict.triple_records, 0);
  EXPECT_EQ(norm.triple_records, 1);
  EXPECT_EQ(norm.system_triple_hits, 1);
  EXPECT_EQ(norm.system_triples, 2);
  EXPECT_DOUBLE_EQ(norm.TripleRecall(), 0.5);
  // Type scores do not depend on normalisation.
  EXPECT_EQ(strict.type_hits, norm.type_hits);
}

}  // namespace
}  // namespace khaldun
