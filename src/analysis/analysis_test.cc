#include "analysis/analysis.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace khaldun {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Event Ev(const std::string& src, const std::string& tgt, const std::string& cameo, int quad,
         double goldstein, const std::string& date, const std::string& trigger = "acted") {
  Event e;
  e.source.code = src;
  e.source.country = src.substr(0, 3);
  e.target.code = tgt;
  e.target.country = tgt.substr(0, 3);
  e.has_target = !tgt.empty();
  e.cameo = cameo;
  e.cameo_root = cameo.substr(0, 2);
  e.quad_class = quad;
  e.goldstein = goldstein;
  e.date = date;
  e.trigger_text = trigger;
  return e;
}

TEST(DaysTest, RoundTripAcrossLeapYearsAndMonthEnds) {
  for (const char* d : {"1970-01-01", "2000-02-29", "2024-02-29", "2024-03-01", "2023-12-31",
                        "2100-03-01", "1969-12-31"}) {
    int64_t day;
    ASSERT_TRUE(ParseDay(d, &day)) << d;
    EXPECT_EQ(FormatDay(day), d);
  }
  int64_t a, b;
  ASSERT_TRUE(ParseDay("2024-02-28", &a));
  ASSERT_TRUE(ParseDay("2024-03-01", &b));
  EXPECT_EQ(b - a, 2);
  ASSERT_TRUE(ParseDay("2024-01-16T10:00", &a));  // time part ignored
  EXPECT_FALSE(ParseDay("2024-13-01", &a));
  EXPECT_FALSE(ParseDay("2024-1-1", &a));
  EXPECT_FALSE(ParseDay("", &a));
}

// The shape of a border crisis, with invented countries: FRD strikes militants in SYL,
// SYL recalls its envoy and condemns, then strikes back two days later.
std::vector<Event> Crisis() {
  std::vector<Event> ev;
  ev.push_back(Ev("FRDGOV", "SYLGOV", "042", 1, 1.9, "2024-01-10", "visited"));
  ev.push_back(Ev("FRDMIL", "SYLINS", "195", 4, -10, "2024-01-16", "struck"));
  ev.push_back(Ev("SYLGOV", "FRDGOV", "1663", 4, -5, "2024-01-17", "expelled"));
  ev.push_back(Ev("SYLGOV", "FRDGOV", "122", 3, -4, "2024-01-17", "condemned"));
  ev.push_back(Ev("USAGOV", "FRDGOV", "111", 3, -2, "2024-01-17", "criticized"));
  ev.push_back(Ev("SYLMIL", "FRDINS", "195", 4, -10, "2024-01-18", "struck"));
  ev.push_back(Ev("FRDGOV", "SYLGOV", "036", 1, 4, "2024-01-25", "talks"));
  ev.push_back(Ev("SYLGOV", "", "122", 3, -4, "2024-01-17", "denounced"));  // no target
  ev.push_back(Ev("USAGOV", "", "122", 3, -4, "2024-01-17", "regretted"));  // not a side
  return ev;
}

TEST(TitForTatTest, FlagsTheExchangeWithAllDyadEventsInTheWindow) {
  std::vector<Event> ev = Crisis();
  std::vector<EscalationFlag> flags = DetectEscalation(ev);
  ASSERT_EQ(flags.size(), 1u);
  const EscalationFlag& f = flags[0];
  EXPECT_EQ(f.kind, EscalationFlag::Kind::kTitForTat);
  EXPECT_EQ(f.a, "FRD");
  EXPECT_EQ(f.b, "SYL");
  EXPECT_EQ(f.first, "2024-01-16");
  EXPECT_EQ(f.last, "2024-01-18");
  // Strike, expulsion, condemnations (one without a target) and counter-strike; not the
  // US events, not the visit before or the talks after.
  EXPECT_THAT(f.events, ElementsAre(1, 2, 3, 7, 5));
  EXPECT_THAT(f.summary, HasSubstr("FRD -> SYL material conflict"));
  EXPECT_STREQ(EscalationKindName(f.kind), "tit-for-tat");
}

TEST(TitForTatTest, NoFlagWhenTheAnswerComesTooLate) {
  std::vector<Event> ev;
  ev.push_back(Ev("FRDMIL", "SYLGOV", "195", 4, -10, "2024-01-01"));
  ev.push_back(Ev("SYLMIL", "FRDGOV", "195", 4, -10, "2024-01-05"));
  EXPECT_TRUE(DetectEscalation(ev).empty());
  AnalysisOptions o;
  o.tit_for_tat_days = 4;
  EXPECT_EQ(DetectEscalation(ev, o).size(), 1u);
}

TEST(TitForTatTest, NoFlagForOneSidedOrVerbalOrHypotheticalAnswers) {
  std::vector<Event> one_sided;
  one_sided.push_back(Ev("FRDMIL", "SYLGOV", "195", 4, -10, "2024-01-01"));
  one_sided.push_back(Ev("FRDMIL", "SYLGOV", "190", 4, -10, "2024-01-02"));
  EXPECT_TRUE(DetectEscalation(one_sided).empty());

  std::vector<Event> verbal = one_sided;
  verbal.push_back(Ev("SYLGOV", "FRDGOV", "122", 3, -4, "2024-01-02"));
  EXPECT_TRUE(DetectEscalation(verbal).empty());
  AnalysisOptions o;
  o.answer_min_quad = 3;
  EXPECT_EQ(DetectEscalation(verbal, o).size(), 1u);

  std::vector<Event> threat = one_sided;
  threat.push_back(Ev("SYLGOV", "FRDGOV", "195", 4, -10, "2024-01-02"));
  threat.back().modality = Modality::kFuture;
  EXPECT_TRUE(DetectEscalation(threat).empty());

  std::vector<Event> negated = one_sided;
  negated.push_back(Ev("SYLGOV", "FRDGOV", "195", 4, -10, "2024-01-02"));
  negated.back().negated = true;
  EXPECT_TRUE(DetectEscalation(negated).empty());
}

TEST(TitForTatTest, FullCodesSeparateActorsOfOneCountry) {
  std::vector<Event> ev;
  ev.push_back(Ev("FRDMIL", "SYLINS", "195", 4, -10, "2024-01-01"));
  ev.push_back(Ev("SYLGOV", "FRDGOV", "195", 4, -10, "2024-01-02"));
  EXPECT_EQ(DetectEscalation(ev).size(), 1u);
  AnalysisOptions o;
  o.full_codes = true;
  EXPECT_TRUE(DetectEscalation(ev, o).empty());
}

TEST(TitForTatTest, ChainedExchangesMergeIntoOneFlag) {
  std::vector<Event> ev;
  ev.push_back(Ev("FRDMIL", "SYLGOV", "195", 4, -10, "2024-01-01"));
  ev.push_back(Ev("SYLMIL", "FRDGOV", "195", 4, -10, "2024-01-03"));
  ev.push_back(Ev("FRDMIL", "SYLGOV", "195", 4, -10, "2024-01-05"));
  ev.push_back(Ev("SYLMIL", "FRDGOV", "195", 4, -10, "2024-01-07"));
  ev.push_back(Ev("FRDMIL", "SYLGOV", "195", 4, -10, "2024-03-01"));
  ev.push_back(Ev("SYLMIL", "FRDGOV", "195", 4, -10, "2024-03-01"));
  auto flags = DetectEscalation(ev);
  ASSERT_EQ(flags.size(), 2u);
  EXPECT_EQ(flags[0].first, "2024-01-01");
  EXPECT_EQ(flags[0].last, "2024-01-07");
  EXPECT_EQ(flags[0].events.size(), 4u);
  EXPECT_EQ(flags[1].first, "2024-03-01");
  EXPECT_EQ(flags[1].events.size(), 2u);
}

TEST(SpikeTest, FlagsABurstAgainstTheDyadsOwnBaseline) {
  std::vector<Event> ev;
  // A steady month: one conflict event every other day in ABC-XYZ ...
  for (int d = 1; d <= 28; d += 2) {
    char date[16];
    std::snprintf(date, sizeof date, "2024-02-%02d", d);
    ev.push_back(Ev("ABCGOV", "XYZGOV", "112", 3, -2, date));
  }
  // ... then eight on one day.
  for (int i = 0; i < 8; ++i) ev.push_back(Ev("XYZGOV", "ABCGOV", "112", 3, -2, "2024-03-01"));
  auto flags = DetectEscalation(ev);
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].kind, EscalationFlag::Kind::kSpike);
  EXPECT_EQ(flags[0].first, "2024-03-01");
  EXPECT_EQ(flags[0].events.size(), 8u);
  EXPECT_GT(flags[0].score, 3.0);
  EXPECT_THAT(flags[0].summary, HasSubstr("8 conflict events"));
}

TEST(SpikeTest, NoSpikeInASteadyHighLevel) {
  std::vector<Event> ev;
  for (int d = 1; d <= 29; ++d) {
    char date[16];
    std::snprintf(date, sizeof date, "2024-02-%02d", d);
    for (int i = 0; i < 6; ++i) ev.push_back(Ev("ABCGOV", "XYZGOV", "112", 3, -2, date));
  }
  // The first days have no baseline yet and are flagged as a new surge; after that the
  // level is the dyad's normal and nothing more is flagged.
  for (const EscalationFlag& f : DetectEscalation(ev)) EXPECT_LT(f.first, "2024-02-05");
  AnalysisOptions o;
  o.spike_min_events = 7;
  EXPECT_TRUE(DetectEscalation(ev, o).empty());
}

TEST(SeriesTest, DailyCountsPerQuadClassAndGoldstein) {
  std::vector<Event> ev = Crisis();
  auto series = DailySeries(ev);
  ASSERT_FALSE(series.empty());
  const DyadSeries& s = series[0];
  EXPECT_EQ(s.a, "FRD");
  EXPECT_EQ(s.b, "SYL");
  EXPECT_EQ(s.total, 6);
  ASSERT_EQ(s.days.size(), 5u);
  EXPECT_EQ(s.days[2].date, "2024-01-17");
  EXPECT_EQ(s.days[2].quad[4], 1);
  EXPECT_EQ(s.days[2].quad[3], 1);
  EXPECT_EQ(s.days[2].b_to_a, 2);
  EXPECT_DOUBLE_EQ(s.days[2].goldstein_sum, -9);
  EXPECT_DOUBLE_EQ(s.days[2].goldstein_mean(), -4.5);
}

TEST(NetworkTest, WeightsByCountAndGoldstein) {
  std::vector<Event> ev = Crisis();
  ev.push_back(Ev("FRDGOV", "FRDMIL", "010", 1, 0, "2024-01-20"));  // self-loop, left out
  Network net = ActorNetwork(ev);
  ASSERT_EQ(net.nodes.size(), 3u);
  EXPECT_EQ(net.nodes[0].id, "FRD");
  EXPECT_EQ(net.nodes[0].events, 7);  // every event but the self-loop touches FRD
  const NetworkEdge* fs = nullptr;
  for (const NetworkEdge& e : net.edges)
    if (e.source == "FRD" && e.target == "SYL") fs = &e;
  ASSERT_NE(fs, nullptr);
  EXPECT_EQ(fs->count, 3);
  EXPECT_EQ(fs->conflict, 1);
  EXPECT_EQ(fs->cooperation, 2);
  EXPECT_DOUBLE_EQ(fs->goldstein_sum, 1.9 - 10 + 4);
  AnalysisOptions o;
  o.full_codes = true;
  Network full = ActorNetwork(ev, o);
  EXPECT_GT(full.nodes.size(), 3u);
}

TEST(AnalysisTest, IgnoresUndatedAndTargetlessEvents) {
  std::vector<Event> ev;
  ev.push_back(Ev("FRDMIL", "SYLGOV", "195", 4, -10, ""));
  ev.push_back(Ev("SYLMIL", "", "195", 4, -10, "2024-01-01"));
  EXPECT_TRUE(DailySeries(ev).empty());
  EXPECT_TRUE(DetectEscalation(ev).empty());
  EXPECT_EQ(ActorNetwork(ev).edges.size(), 1u);  // the network does not need dates
}

}  // namespace
}  // namespace khaldun
