#include "petrarch/dictionaries.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace khaldun::petrarch {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Errors {
  std::vector<std::string> list;
  ErrorFn fn() {
    return [this](const std::string& m) { list.push_back(m); };
  }
};

TEST(DictDate, SixAndEightDigits) {
  EXPECT_EQ(ParseDictDate("991231"), 19991231);
  EXPECT_EQ(ParseDictDate("300101"), 20300101);
  EXPECT_EQ(ParseDictDate("310101"), 19310101);
  EXPECT_EQ(ParseDictDate("20121109"), 20121109);
  EXPECT_EQ(ParseDictDate("2012110"), -1);
  EXPECT_EQ(ParseDictDate("20121339"), -1);
  EXPECT_EQ(ParseDictDate("abcdef"), -1);
}

TEST(Actors, DateRangesFirstMatchInFileOrder) {
  const char* text =
      "<!-- a comment\n spanning lines [XXX] -->\n"
      "VELMORA [VLM]  # trailing comment\n"
      "+VELMORAN\n"
      "KESTREL_BAY\n"
      "\t[KSTGOV 050101-100101]\n"
      "\t[KSTMIL 080101-090101]\n"
      "\t[KSTREB >100101]\n"
      "\t[KST]\n"
      "OLD_RIDGE\n"
      "  [ORD <911226]\n";
  Errors e;
  auto d = ReadActors(text, "actors.txt", {}, e.fn());
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_TRUE(e.list.empty());
  ASSERT_EQ(d->codes.size(), 3u);
  ASSERT_EQ(d->phrases.size(), 4u);
  EXPECT_THAT(d->phrases[1].words, ElementsAre("VELMORAN"));
  EXPECT_EQ(d->phrases[1].actor, 0);
  EXPECT_THAT(d->phrases[2].words, ElementsAre("KESTREL", "BAY"));
  // Bounds are "or equal" as in PETRARCH; 05 is read as 2005; the first restricted
  // match in file order wins (KSTGOV over the later KSTMIL).
  EXPECT_EQ(d->CodeAt(1, 20050101), "KSTGOV");
  EXPECT_EQ(d->CodeAt(1, 20080601), "KSTGOV");
  EXPECT_EQ(d->CodeAt(1, 20100101), "KSTGOV");  // end day included
  EXPECT_EQ(d->CodeAt(1, 20100102), "KSTREB");
  EXPECT_EQ(d->CodeAt(1, 20041231), "KST");     // default
  EXPECT_EQ(d->CodeAt(2, 19911226), "ORD");
  EXPECT_EQ(d->CodeAt(2, 19911227), "");
  // A blank between words lets other words come between; '_' does not.
  EXPECT_TRUE(d->phrases[2].gaps.empty());
  EXPECT_EQ(d->CodeAt(0, 19000101), "VLM");
}

TEST(Actors, MalformedLinesReportedWithFileAndLine) {
  const char* text =
      "ALPHA [ALP]\n"
      "BETA\n"
      "  [950601-990815]\n"   // date range without a code
      "GAMMA [GAM <99x]\n"    // bad date
      "DELTA [DLT\n"          // unbalanced
      "EPSILON [EPS]\n";
  Errors e;
  auto d = ReadActors(text, "a.txt", {}, e.fn());
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(e.list.size(), 3u);
  EXPECT_THAT(e.list[0], HasSubstr("a.txt:3:"));
  EXPECT_THAT(e.list[1], HasSubstr("a.txt:4:"));
  EXPECT_THAT(e.list[2], HasSubstr("a.txt:5:"));
  EXPECT_EQ(d->CodeAt(d->phrases.back().actor, 20000101), "EPS");

  ReadOptions strict;
  strict.strict = true;
  auto s = ReadActors(text, "a.txt", strict, nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.status().message(), HasSubstr("a.txt:3:"));
}

TEST(Agents, TildePlacementPluralsAndSubstitution) {
  const char* text =
      "!CREW! = HAND, HANDS, MATE, MATES\n"
      "HARBOUR_WARDEN [~GOV] # appended\n"
      "RELIEF_SOCIETY {} [NGO~]\n"
      "SHEEP_HERDER {SHEEP_HERDFOLK} [~AGR]\n"
      "DEPUTY [  ~LEG]\n"
      "DECK!CREW! [~MIL]\n"
      "LOOSE CANNON [MIL]\n";
  Errors e;
  auto d = ReadAgents(text, "agents.txt", {}, e.fn());
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(e.list.size(), 1u);
  EXPECT_THAT(e.list[0], HasSubstr("agents.txt:7:"));
  auto find = [&](std::vector<std::string> w) -> const AgentEntry* {
    for (const auto& a : d->phrases) {
      if (a.words == w) return &a;
    }
    return nullptr;
  };
  ASSERT_NE(find({"HARBOUR", "WARDEN"}), nullptr);
  EXPECT_EQ(find({"HARBOUR", "WARDEN"})->code, "GOV");
  EXPECT_FALSE(find({"HARBOUR", "WARDEN"})->prepend);
  EXPECT_NE(find({"HARBOUR", "WARDENS"}), nullptr);  // generated plural
  ASSERT_NE(find({"RELIEF", "SOCIETY"}), nullptr);
  EXPECT_TRUE(find({"RELIEF", "SOCIETY"})->prepend);
  EXPECT_EQ(find({"RELIEF", "SOCIETIES"}), nullptr);  // {} = no plural
  EXPECT_NE(find({"SHEEP", "HERDFOLK"}), nullptr);    // explicit plural
  EXPECT_EQ(find({"SHEEP", "HERDERS"}), nullptr);
  EXPECT_NE(find({"DEPUTIES"}), nullptr);
  EXPECT_NE(find({"DECKHAND"}), nullptr);
  EXPECT_NE(find({"DECKMATES"}), nullptr);
  EXPECT_EQ(find({"DECKHAND"})->code, "MIL");
}

TEST(Actors, BlankConnectorGaps) {
  auto d = ReadActors("NORTH HARBOUR_FLEET [NHF]\n", "a.txt", {}, nullptr);
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->phrases.size(), 1u);
  EXPECT_THAT(d->phrases[0].words, ElementsAre("NORTH", "HARBOUR", "FLEET"));
  EXPECT_THAT(d->phrases[0].gaps, ElementsAre(false, true, false));
}

TEST(Ontology, NegationTogglesTheFFFFComponent) {
  const char* text =
      "# comment\n"
      "042:0x0080  # cooperate\n"
      "051:0x0080\n"
      "112:0x1007f  # written as one literal\n"
      "061:0x0087\n"
      "172:0x0087+0xFFFF\n"
      "013:0x1000\n"
      "014:0x1000-0xFFFF\n"
      "bad line\n";
  std::vector<std::string> errors;
  auto o = ReadOntology(text, "o.txt", {}, [&](const std::string& m) { errors.push_back(m); });
  ASSERT_TRUE(o.ok());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("o.txt:9:"));
  EXPECT_EQ(o->Negate("112"), "042");  // first code with the value wins
  EXPECT_EQ(o->Negate("172"), "061");
  EXPECT_EQ(o->Negate("042"), "112");
  EXPECT_EQ(o->Negate("013"), "014");
  EXPECT_EQ(o->Negate("014"), "013");
  EXPECT_EQ(o->Negate("999"), "");
}

TEST(Discards, StoryAndSentence) {
  Errors e;
  auto d = ReadDiscards("# header\nROWING REGATTA  # note\n+CHESS OLYMPIAD\n[BAD]\n", "d.txt", {},
                        e.fn());
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->phrases.size(), 2u);
  EXPECT_FALSE(d->phrases[0].story);
  EXPECT_TRUE(d->phrases[1].story);
  EXPECT_THAT(d->phrases[1].words, ElementsAre("CHESS", "OLYMPIAD"));
  ASSERT_EQ(e.list.size(), 1u);
  EXPECT_THAT(e.list[0], HasSubstr("d.txt:4:"));
}

TEST(Verbs, SynsetsBlocksPatternsAndForms) {
  const char* text =
      "# test verbs\n"
      "&BOATS\n"
      "+SKIFF\n"
      "+FISHING_BOAT\n"
      "+(SAILING VESSEL)\n"
      "&CRAFT\n"
      "+&BOATS\n"
      "+RAFT_\n"
      "--- PADDLE [0342] ---\n"
      "PADDLE\n"
      "ROW {ROWS ROWED ROWING} [0343]\n"
      "+SET_SAIL {+SETS_SAIL +SETTING_SAIL}\n"
      "CANOE_+HAUL\n"
      "- * &CRAFT (TOWARD +) [032:033]\n"
      "- $ (WITH) * [:044]\n"
      "- % * [046]\n"
      "- * HARBOUR [---]\n"
      "- * LAKE [9x9]\n"
      "- LAKE [045]\n";
  Errors e;
  auto d = ReadVerbs(text, "verbs.txt", {}, e.fn());
  ASSERT_TRUE(d.ok()) << d.status().message();
  ASSERT_EQ(e.list.size(), 2u);
  EXPECT_THAT(e.list[0], HasSubstr("verbs.txt:18:"));  // unknown code
  EXPECT_THAT(e.list[1], HasSubstr("verbs.txt:19:"));  // no '*'
  ASSERT_EQ(d->blocks.size(), 1u);
  const VerbBlock& b = d->blocks[0];
  EXPECT_EQ(b.codes.forward, "0342");
  ASSERT_EQ(b.patterns.size(), 4u);
  EXPECT_EQ(b.patterns[0].codes.forward, "032");
  EXPECT_EQ(b.patterns[0].codes.backward, "033");
  EXPECT_EQ(b.patterns[1].codes.forward, "");
  EXPECT_EQ(b.patterns[1].codes.backward, "044");
  EXPECT_EQ(b.patterns[1].before[0].kind, PatternElement::kSource);
  EXPECT_TRUE(b.patterns[2].compound);
  EXPECT_TRUE(b.patterns[3].codes.null());
  // Nested synset expanded; parentheses and '_' dropped.
  const auto& craft = d->synsets.at("CRAFT");
  EXPECT_EQ(craft.size(), 4u);
  EXPECT_NE(std::find(craft.begin(), craft.end(), std::vector<std::string>{"SAILING", "VESSEL"}),
            craft.end());
  EXPECT_NE(std::find(craft.begin(), craft.end(), std::vector<std::string>{"RAFT"}), craft.end());
  // Forms: irregular, generated, verb-specific code, multi-word.
  ASSERT_TRUE(d->forms.count("ROWED"));
  EXPECT_TRUE(d->forms.at("ROWED")[0].has_code);
  EXPECT_EQ(d->forms.at("ROWED")[0].codes.forward, "0343");
  EXPECT_TRUE(d->forms.count("PADDLED"));
  EXPECT_TRUE(d->forms.count("PADDLING"));
  ASSERT_TRUE(d->forms.count("SETTING"));
  EXPECT_THAT(d->forms.at("SETTING")[0].particle, ElementsAre("SAIL"));
  ASSERT_TRUE(d->forms.count("HAUL"));
  EXPECT_THAT(d->forms.at("HAUL")[0].prefix, ElementsAre("CANOE"));

  ReadOptions strict;
  strict.strict = true;
  EXPECT_FALSE(ReadVerbs(text, "verbs.txt", strict, nullptr).ok());
}

TEST(Verbs, ShippedDictionaryReads) {
  const std::string dir = std::string(KHALDUN_SOURCE_DIR) + "/../shared/petrarch/dictionaries/";
  FILE* f = std::fopen((dir + "PETR.Validate.verbs.2.0.txt").c_str(), "rb");
  if (f == nullptr) GTEST_SKIP() << "../shared/petrarch not present";
  std::string text;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  std::fclose(f);
  Errors e;
  auto d = ReadVerbs(text, "PETR.Validate.verbs.2.0.txt", {}, e.fn());
  ASSERT_TRUE(d.ok());
  EXPECT_GT(d->blocks.size(), 50u);
  EXPECT_GE(d->synsets.size(), 30u);
  EXPECT_TRUE(d->forms.count("SAID"));
  // The file has a handful of codes like [075A] and [xxy]: reported, not fatal.
  EXPECT_FALSE(e.list.empty());
  EXPECT_LT(e.list.size(), 20u);
}

}  // namespace
}  // namespace khaldun::petrarch
