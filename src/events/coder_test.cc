// Coder tests on hand-written parses. Each sentence is written compactly as
// "form/lemma/UPOS/head/deprel[/xpos]" tokens ("=" lemma = the form), turned into
// CoNLL-U text and read with the project's CoNLL-U reader.
#include "events/coder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "document/conllu.h"

namespace khaldun {
namespace {

constexpr char kCountries[] =
    "PAK | PK | Pakistan | Pakistani; Pakistanis | Islamabad | Karachi\n"
    "IRN | IR | Iran | Iranian; Iranians | Tehran | Mashhad\n"
    "USA | US | United States; US; U.S. | American | Washington |\n"
    "HUN | HU | Hungary | Hungarian | Budapest |\n"
    "ROU | RO | Romania | Romanian | Bucharest |\n"
    "PRK | KP | North Korea; Democratic People's Republic of Korea | North Korean | Pyongyang |\n"
    "KOR | KR | South Korea; Republic of Korea | South Korean | Seoul |\n";
constexpr char kActors[] =
    "IGOUNO |  | IGO | United Nations; UN | | world body\n"
    "IRNINSJAA | IRN | INS | Jaish al-Adl | 2012-.. | group\n"
    "KORMIL | KOR | MIL | Korean forces |  | one entry naming a country's forces\n";
constexpr char kPeople[] =
    "Hossein Amir-Abdollahian; Amir-Abdollahian | IRNGOV | 2021-08-25 | 2024-05-19 | FM | x\n"
    "Abbas Araghchi; Araghchi | IRNGOV | 2024-08-21 | | FM | x\n";
constexpr char kAgents[] =
    "militant; militants; insurgents | INS\n"
    "troops; army; military; soldiers | MIL\n"
    "foreign ministry; ministry; government; officials; official; minister | GOV\n"
    "ambassador; envoy; diplomat; diplomats | GOV\n"
    "charge d'affaires; chargé d'affaires | GOV\n"
    "prisoners; prisoner | CVL\n"
    "peacekeepers; observers; mission | PKO\n"
    "protesters; demonstrators; demonstrator | OPP;CVL\n"
    "fishermen; fisherman | AGR\n"
    "tourists; tourist | CVL\n"
    "kurds | CVL;PPL\n"
    "party; parties | PTY\n";
constexpr char kDiscards[] =
    "noun | team; teams; storm | sport, weather\n"
    "sentence | premier league | sport\n";

std::string ToConllu(const std::vector<std::string>& sentences) {
  std::string out;
  for (const std::string& s : sentences) {
    std::vector<std::string> toks;
    size_t pos = 0;
    while (pos < s.size()) {
      size_t e = s.find(' ', pos);
      if (e == std::string::npos) e = s.size();
      if (e > pos) toks.push_back(s.substr(pos, e - pos));
      pos = e + 1;
    }
    int id = 0;
    for (const std::string& t : toks) {
      std::vector<std::string> f;
      size_t p = 0;
      while (true) {
        size_t sl = t.find('/', p);
        f.push_back(t.substr(p, sl == std::string::npos ? sl : sl - p));
        if (sl == std::string::npos) break;
        p = sl + 1;
      }
      EXPECT_GE(f.size(), 5u) << t;
      if (f.size() < 5) continue;
      std::string lemma = f[1] == "=" ? f[0] : f[1];
      std::string xpos = f.size() > 5 ? f[5] : "_";
      out += std::to_string(++id) + "\t" + f[0] + "\t" + lemma + "\t" + f[2] + "\t" + xpos +
             "\t_\t" + f[3] + "\t" + f[4] + "\t_\t_\n";
    }
    out += "\n";
  }
  return out;
}

class CoderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string root = KHALDUN_SOURCE_DIR;
    auto cameo = CameoTable::Load(root + "/data/cameo/cameo.txt");
    ASSERT_TRUE(cameo.ok()) << cameo.status().ToString();
    cameo_ = std::move(*cameo);
    auto pats = PatternSet::Load(root + "/data/dict/verbs.txt", *cameo_, {},
                                 [](const Status& st) { ADD_FAILURE() << st.ToString(); });
    ASSERT_TRUE(pats.ok()) << pats.status().ToString();
    patterns_ = std::move(*pats);
    ActorDictionary::Builder b;
    auto fail = [](const Status& st) { ADD_FAILURE() << st.ToString(); };
    ASSERT_TRUE(ActorDictionary::ParseFile("countries", kCountries, "c", {}, fail, &b).ok());
    ASSERT_TRUE(ActorDictionary::ParseFile("actors", kActors, "a", {}, fail, &b).ok());
    ASSERT_TRUE(ActorDictionary::ParseFile("people", kPeople, "p", {}, fail, &b).ok());
    ASSERT_TRUE(ActorDictionary::ParseFile("agents", kAgents, "g", {}, fail, &b).ok());
    ASSERT_TRUE(ActorDictionary::ParseFile("discards", kDiscards, "d", {}, fail, &b).ok());
    actors_ = b.Build();
    coder_ = std::make_unique<Coder>(actors_.get(), patterns_.get(), cameo_.get());
  }

  std::vector<Event> Code(const std::vector<std::string>& sentences,
                          const std::string& date = "2024-01-18",
                          std::vector<Status>* errors = nullptr) {
    std::vector<Document> docs;
    std::string text = ToConllu(sentences);
    ReadConllu(text, "test", "doc", &docs, [&](const Status& st) {
      if (errors) errors->push_back(st);
    });
    std::vector<Event> events;
    if (docs.empty()) return events;
    docs[0].date = date;
    doc_ = docs[0];
    auto scratch = NewCoderScratch();
    coder_->CodeDocument(doc_, scratch.get(), &events, [&](const Status& st) {
      if (errors) errors->push_back(st);
    });
    return events;
  }

  // The source codes of the events whose CAMEO code starts with `prefix`.
  static std::set<std::string> SourcesOf(const std::vector<Event>& ev, std::string_view prefix) {
    std::set<std::string> out;
    for (const Event& e : ev)
      if (e.cameo.starts_with(prefix)) out.insert(e.source.code);
    return out;
  }

  // "SRC>TGT:CAMEO" for each non-negated event, with "!" for negated ones.
  static std::vector<std::string> Triples(const std::vector<Event>& ev) {
    std::vector<std::string> out;
    for (const Event& e : ev)
      out.push_back(std::string(e.negated ? "!" : "") + e.source.code + ">" +
                    (e.has_target ? e.target.code : "-") + ":" + e.cameo);
    return out;
  }

  std::unique_ptr<CameoTable> cameo_;
  std::unique_ptr<PatternSet> patterns_;
  std::unique_ptr<ActorDictionary> actors_;
  std::unique_ptr<Coder> coder_;
  Document doc_;
};

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;

TEST_F(CoderTest, ActiveWithAgentsAndLocationCountry) {
  auto ev = Code({"Pakistani/=/ADJ/2/amod troops/troop/NOUN/3/nsubj attacked/attack/VERB/0/root "
                  "militants/militant/NOUN/3/obj in/=/ADP/7/case western/=/ADJ/7/amod "
                  "Pakistan/=/PROPN/4/nmod ././PUNCT/3/punct"});
  ASSERT_THAT(Triples(ev), ElementsAre("PAKMIL>PAKINS:190"));
  const Event& e = ev[0];
  EXPECT_EQ(e.plover, "FIGHT");
  EXPECT_EQ(e.source.text, "Pakistani troops");
  EXPECT_EQ(e.target.text, "militants");
  EXPECT_EQ(e.trigger_text, "attacked");
  EXPECT_EQ(doc_.Text(e.trigger_span), "attacked");
  EXPECT_EQ(e.quad_class, 4);
  EXPECT_EQ(e.date, "2024-01-18");
  EXPECT_THAT(e.pattern, ::testing::HasSubstr("verbs.txt:"));
  EXPECT_EQ(e.modality, Modality::kAsserted);
}

TEST_F(CoderTest, NonStateSourceMakesAssault) {
  auto ev = Code({"Jaish/Jaish/PROPN/3/nsubj al-Adl/=/PROPN/1/flat attacked/attack/VERB/0/root "
                  "Iranian/=/ADJ/5/amod soldiers/soldier/NOUN/3/obj ././PUNCT/3/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("IRNINSJAA>IRNMIL:180"));
  EXPECT_EQ(ev[0].plover, "ASSAULT");
}

TEST_F(CoderTest, Passive) {
  auto ev = Code({"Pakistan/=/PROPN/3/nsubj:pass was/be/AUX/3/aux:pass attacked/attack/VERB/0/root/VBN "
                  "by/=/ADP/5/case Iran/=/PROPN/3/obl:agent ././PUNCT/3/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("IRN>PAK:190"));
}

TEST_F(CoderTest, NominalEvent) {
  auto ev = Code({"Iran/=/PROPN/3/nmod:poss 's/=/PART/1/case strike/=/NOUN/7/nsubj "
                  "on/=/ADP/5/case Pakistan/=/PROPN/3/nmod killed/kill/VERB/0/root "
                  "two/=/NUM/8/nummod children/child/NOUN/6/obj ././PUNCT/6/punct"});
  // Not 7: the tokens are 1 Iran 2 's 3 strike 4 on 5 Pakistan 6 killed.
  EXPECT_THAT(Triples(ev), Contains("IRN>PAK:190"));
}

TEST_F(CoderTest, NominalEventRightHeads) {
  auto ev = Code({"Iran/=/PROPN/3/nmod:poss 's/=/PART/1/case strike/=/NOUN/6/nsubj "
                  "on/=/ADP/5/case Pakistan/=/PROPN/3/nmod killed/kill/VERB/0/root "
                  "two/=/NUM/8/nummod children/child/NOUN/6/obj ././PUNCT/6/punct"});
  EXPECT_THAT(Triples(ev), Contains("IRN>PAK:190"));
  EXPECT_THAT(Triples(ev), Contains("IRN>-:1823"));  // the strike's source did the killing
}

TEST_F(CoderTest, ReportedSpeech) {
  auto ev = Code({"Pakistan/=/PROPN/2/nsubj said/say/VERB/0/root its/its/PRON/4/nmod:poss "
                  "strikes/strike/NOUN/5/nsubj targeted/target/VERB/2/ccomp "
                  "militants/militant/NOUN/5/obj ././PUNCT/2/punct"});
  ASSERT_EQ(ev.size(), 1u) << ::testing::PrintToString(Triples(ev));
  EXPECT_EQ(ev[0].source.code, "PAK");
  EXPECT_EQ(ev[0].target.code, "PAKINS");  // bare agent: domestic default
  EXPECT_EQ(ev[0].modality, Modality::kReported);
  EXPECT_EQ(ev[0].trigger_text, "targeted");
}

TEST_F(CoderTest, NegationIsFlagged) {
  auto ev = Code({"Iran/=/PROPN/4/nsubj did/do/AUX/4/aux not/=/PART/4/advmod attack/=/VERB/0/root "
                  "Pakistan/=/PROPN/4/obj ././PUNCT/4/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("!IRN>PAK:190"));
}

TEST_F(CoderTest, ThreatsAndFuture) {
  auto ev = Code({"Iran/=/PROPN/2/nsubj threatened/threaten/VERB/0/root to/=/PART/4/mark "
                  "attack/=/VERB/2/xcomp Pakistan/=/PROPN/4/obj ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("IRN>PAK:1384"));
  EXPECT_EQ(ev[0].plover, "THREATEN");
  EXPECT_EQ(ev[0].modality, Modality::kIntended);

  ev = Code({"Iran/=/PROPN/3/nsubj will/=/AUX/3/aux strike/=/VERB/0/root again/=/ADV/3/advmod "
             "if/=/SCONJ/7/mark Pakistan/=/PROPN/7/nsubj attacks/attack/VERB/3/advcl ././PUNCT/3/punct"});
  ASSERT_FALSE(ev.empty());
  EXPECT_EQ(ev[0].source.code, "IRN");
  EXPECT_EQ(ev[0].plover, "THREATEN");  // not FIGHT
  EXPECT_EQ(ev[0].modality, Modality::kConditional);  // "will ... if": conditional wins
}

TEST_F(CoderTest, CompoundActorsAndIntent) {
  std::vector<Status> errs;
  auto ev = Code({"Iran/=/PROPN/4/nsubj and/=/CCONJ/3/cc Pakistan/=/PROPN/1/conj "
                  "agreed/agree/VERB/0/root to/=/ADP/7/case a/=/DET/7/det ceasefire/=/NOUN/4/obl "
                  "././PUNCT/4/punct"}, "2024-01-18", &errs);
  for (const Status& st : errs) ADD_FAILURE() << st.ToString();
  EXPECT_THAT(Triples(ev), ElementsAre("IRN>-:0871", "PAK>-:0871"));
  EXPECT_EQ(ev[0].plover, "RETREAT");
  EXPECT_EQ(ev[0].plover_mode, "ceasefire");

  ev = Code({"Hungarian/=/ADJ/4/amod and/=/CCONJ/3/cc Romanian/=/ADJ/1/conj "
             "officials/official/NOUN/5/nsubj met/meet/VERB/0/root ././PUNCT/5/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("HUNGOV>-:040", "ROUGOV>-:040"));
}

TEST_F(CoderTest, PronounsCapitalsAndRecall) {
  auto ev = Code({"Iran/=/PROPN/2/nsubj condemned/condemn/VERB/0/root Pakistan/=/PROPN/2/obj "
                  "././PUNCT/2/punct",
                  "It/it/PRON/2/nsubj recalled/recall/VERB/0/root its/its/PRON/4/nmod:poss "
                  "ambassador/=/NOUN/2/obj from/=/ADP/6/case Islamabad/=/PROPN/2/obl ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("IRN>PAK:111", "IRN>PAKGOV:161"));
  EXPECT_EQ(ev[1].source.text, "It");
  EXPECT_EQ(ev[1].sentence_index, 1);
  EXPECT_EQ(ev[1].plover, "SANCTION");

  ev = Code({"Tehran/=/PROPN/2/nsubj condemned/condemn/VERB/0/root Islamabad/=/PROPN/2/obj "
             "././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("IRNGOV>PAKGOV:111"));
}

// A misparse making the possessor of the expelled envoy the subject: a diplomatic
// sanction (16x) within one country is wrong, so the capital before the verb is the source.
TEST_F(CoderTest, DiplomaticSanctionSourceOfAnotherCountry) {
  auto ev = Code({"Islamabad/=/PROPN/5/dep then/=/ADV/5/advmod Tehran/=/PROPN/5/nsubj "
                  "abruptly/=/ADV/5/advmod expelled/expel/VERB/0/root top/=/ADJ/7/amod "
                  "diplomat/=/NOUN/5/obj ././PUNCT/5/punct"});
  ASSERT_FALSE(ev.empty());
  EXPECT_EQ(ev[0].cameo.substr(0, 2), "16");
  EXPECT_EQ(ev[0].source.code, "PAKGOV");
}

// "attacked what it called armed militants in Iran": the free relative's noun is the target.
TEST_F(CoderTest, FreeRelativeTarget) {
  auto ev = Code({"Pakistan/=/PROPN/2/nsubj attacked/attack/VERB/0/root what/=/PRON/2/obj "
                  "it/=/PRON/5/nsubj called/call/VERB/3/acl:relcl armed/=/ADJ/7/amod "
                  "militants/militant/NOUN/5/obj in/=/ADP/9/case Iran/=/PROPN/7/nmod ././PUNCT/2/punct"});
  ASSERT_FALSE(ev.empty());
  EXPECT_EQ(ev[0].cameo.substr(0, 2), "19");
  EXPECT_EQ(ev[0].source.code, "PAK");
  EXPECT_EQ(ev[0].target.country, "IRN");
}

TEST_F(CoderTest, DefiniteDescriptions) {
  auto ev = Code({"Iran/=/PROPN/2/nsubj struck/strike/VERB/0/root Pakistan/=/PROPN/2/obj ././PUNCT/2/punct",
                  "Both/both/DET/2/det countries/country/NOUN/3/nsubj agreed/agree/VERB/0/root "
                  "to/=/PART/5/mark hold/=/VERB/3/xcomp talks/talk/NOUN/5/obj ././PUNCT/3/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("IRN>PAK:190", "PAK>-:036", "IRN>-:036"));
  EXPECT_EQ(ev[1].plover, "AGREE");
}

TEST_F(CoderTest, PeopleByRoleAtDocumentDate) {
  std::vector<std::string> s = {"Amir-Abdollahian/=/PROPN/2/nsubj visited/visit/VERB/0/root "
                                "Islamabad/=/PROPN/2/obj ././PUNCT/2/punct"};
  EXPECT_THAT(Triples(Code(s, "2023-05-01")), ElementsAre("IRNGOV>PAKGOV:042"));
  EXPECT_THAT(Triples(Code(s, "2025-05-01")), ElementsAre("IRNELI>PAKGOV:042"));
}

TEST_F(CoderTest, PeopleRedatedToTheEventDate) {
  // The article appears after he left office; the visit was dated to 2023 by the time
  // stage: he is coded by the role he held then, as a pronoun for him is.
  std::vector<std::string> s = {
      "Amir-Abdollahian/=/PROPN/2/nsubj visited/visit/VERB/0/root Islamabad/=/PROPN/2/obj "
      "././PUNCT/2/punct",
      "He/he/PRON/2/nsubj visited/visit/VERB/0/root Islamabad/=/PROPN/2/obj "
      "././PUNCT/2/punct"};
  std::vector<Event> ev = Code(s, "2025-05-01");
  ASSERT_THAT(Triples(ev), ElementsAre("IRNELI>PAKGOV:042", "IRNELI>PAKGOV:042"));
  ev[0].date = "2023-05-01";
  ev[1].date = "2023-05-01";
  coder_->RedateActors(doc_, &ev);
  EXPECT_THAT(Triples(ev), ElementsAre("IRNGOV>PAKGOV:042", "IRNGOV>PAKGOV:042"));
  EXPECT_EQ(ev[0].source.pattern, "p:1");
  EXPECT_EQ(ev[1].source.pattern, "coref:p:1");
  EXPECT_EQ(ev[0].source.sector, "GOV");
  // Events dated the document's day, and actors that are not people, keep their codes.
  ev[0].date = doc_.date;
  ev[0].source.code = "IRNELI";
  coder_->RedateActors(doc_, &ev);
  EXPECT_EQ(ev[0].source.code, "IRNELI");
  EXPECT_EQ(ev[0].target.code, "PAKGOV");
}

// Sources of the events, in order.
std::vector<std::string> Sources(const std::vector<Event>& ev) {
  std::vector<std::string> out;
  for (const Event& e : ev) out.push_back(e.source.code);
  return out;
}

TEST_F(CoderTest, ActorInsideANounsModifierClauseIsNoAntecedent) {
  // "They" is not the group that holds the areas; "their" attack has no known source.
  std::vector<std::string> s = {
      "Aid/aid/NOUN/2/nsubj reached/reach/VERB/0/root areas/area/NOUN/2/obj "
      "held/hold/VERB/3/acl by/=/ADP/7/case Jaish/=/PROPN/7/compound "
      "al-Adl/=/PROPN/4/obl:agent ././PUNCT/2/punct",
      "They/they/PRON/2/nsubj attacked/attack/VERB/0/root Pakistani/=/ADJ/4/amod "
      "troops/troop/NOUN/2/obj ././PUNCT/2/punct"};
  EXPECT_THAT(Sources(Code(s)), Not(Contains("IRNINSJAA")));
  // Named as the subject, the group is the antecedent.
  std::vector<std::string> s2 = {
      "Jaish/=/PROPN/2/compound al-Adl/=/PROPN/3/nsubj held/hold/VERB/0/root "
      "areas/area/NOUN/3/obj ././PUNCT/3/punct",
      s[1]};
  EXPECT_THAT(Triples(Code(s2)), Contains("IRNINSJAA>PAKMIL:180"));
}

TEST_F(CoderTest, PronounChainOfAPlainSubjectSkipsPlacesAndObjects) {
  // The team is "they" throughout: not the capital it arrived in, not the country it
  // was refused entry to.
  std::vector<std::string> s = {
      "The/the/DET/2/det team/=/NOUN/3/nsubj arrived/arrive/VERB/0/root in/=/ADP/5/case "
      "Islamabad/=/PROPN/3/obl ././PUNCT/3/punct",
      "They/they/PRON/4/nsubj:pass were/be/AUX/4/aux:pass twice/=/ADV/4/advmod "
      "denied/deny/VERB/0/root visas/visa/NOUN/4/obj to/=/PART/7/mark enter/=/VERB/4/advcl "
      "Iran/=/PROPN/7/obj ././PUNCT/4/punct",
      "They/they/PRON/2/nsubj attacked/attack/VERB/0/root Pakistani/=/ADJ/4/amod "
      "troops/troop/NOUN/2/obj ././PUNCT/2/punct"};
  for (const std::string& src : Sources(Code(s))) {
    EXPECT_NE(src.substr(0, 3), "PAK") << src;
    EXPECT_NE(src.substr(0, 3), "IRN") << src;
  }
}

TEST_F(CoderTest, PossessiveCountryWithAgent) {
  auto ev = Code({"Iran/=/PROPN/4/nmod:poss 's/=/PART/1/case foreign/=/ADJ/4/amod "
                  "ministry/=/NOUN/5/nsubj condemned/condemn/VERB/0/root the/=/DET/7/det "
                  "United/=/PROPN/8/compound States/=/PROPN/5/obj ././PUNCT/5/punct"});
  ASSERT_FALSE(ev.empty());
  EXPECT_EQ(ev[0].source.code, "IRNGOV");
  EXPECT_EQ(ev[0].source.text, "Iran 's foreign ministry");  // text rebuilt from tokens
  EXPECT_EQ(ev[0].target.code, "USA");
}

TEST_F(CoderTest, DemandGovernor) {
  auto ev = Code({"The/the/DET/3/det United/=/PROPN/3/compound Nations/=/PROPN/4/nsubj "
                  "urged/urge/VERB/0/root Iran/=/PROPN/4/obj to/=/PART/7/mark release/=/VERB/4/xcomp "
                  "the/=/DET/9/det prisoners/prisoner/NOUN/7/obj ././PUNCT/4/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("IGOUNO>IRN:1053"));
  EXPECT_EQ(ev[0].plover, "DEMAND");
}

TEST_F(CoderTest, LightVerbWithNounEvent) {
  auto ev = Code({"Iran/=/PROPN/2/nsubj launched/launch/VERB/0/root missile/=/NOUN/4/compound "
                  "strikes/strike/NOUN/2/obj on/=/ADP/6/case Pakistan/=/PROPN/4/nmod ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("IRN>PAK:195"));
  EXPECT_EQ(ev[0].trigger_text, "launched missile strikes");
}

TEST_F(CoderTest, ReportedObligationIsADemand) {
  auto ev = Code({"Iran/=/PROPN/2/nsubj said/say/VERB/0/root Pakistan/=/PROPN/5/nsubj "
                  "must/=/AUX/5/aux act/=/VERB/2/ccomp ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("IRN>PAK:100"));
  EXPECT_EQ(ev[0].plover, "DEMAND");
}

TEST_F(CoderTest, RefusedCooperationIsARejection) {
  auto ev = Code({"Pakistan/=/PROPN/4/nsubj will/=/AUX/4/aux not/=/PART/4/advmod "
                  "accept/=/VERB/0/root the/=/DET/6/det offer/=/NOUN/4/obj ././PUNCT/4/punct"});
  ASSERT_FALSE(ev.empty());
  EXPECT_EQ(ev[0].plover, "REJECT");
  EXPECT_FALSE(ev[0].negated);
  ev = Code({"Iran/=/PROPN/2/nsubj refused/refuse/VERB/0/root to/=/PART/4/mark "
             "release/=/VERB/2/xcomp the/=/DET/6/det prisoners/prisoner/NOUN/4/obj ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("IRN>-:1243"));  // own prisoners: no target
}

TEST_F(CoderTest, ConditionalWithdrawalIsAThreat) {
  auto ev = Code({"Pakistan/=/PROPN/3/nsubj will/=/AUX/3/aux withdraw/=/VERB/0/root "
                  "unless/=/SCONJ/6/mark Iran/=/PROPN/6/nsubj acts/act/VERB/3/advcl ././PUNCT/3/punct"});
  ASSERT_FALSE(ev.empty());
  EXPECT_EQ(ev[0].plover, "THREATEN");
  EXPECT_EQ(ev[0].modality, Modality::kConditional);
}

TEST_F(CoderTest, RepeatedSentencesAreCodedOnce) {
  std::string s = "Iran/=/PROPN/2/nsubj struck/strike/VERB/0/root militants/militant/NOUN/2/obj "
                  "in/=/ADP/5/case Pakistan/=/PROPN/3/nmod ././PUNCT/2/punct";
  auto ev = Code({s, s});
  EXPECT_THAT(Triples(ev), ElementsAre("IRN>PAKINS:190"));
}

TEST_F(CoderTest, BrokenTreeIsReportedAndSkipped) {
  std::vector<Status> errors;
  std::vector<Document> docs;
  // Sentence 1 has a cycle (1 -> 2 -> 1) that the reader may or may not catch; build it
  // directly so the coder's own check is exercised.
  Document d;
  d.id = "broken";
  d.text = "Iran attacked Pakistan";
  Sentence s;
  s.span = {0, 22};
  const char* forms[] = {"Iran", "attacked", "Pakistan"};
  uint32_t begins[] = {0, 5, 14};
  int heads[] = {2, 1, 2};
  for (int i = 0; i < 3; ++i) {
    Token t;
    t.form = forms[i];
    t.lemma = i == 1 ? "attack" : forms[i];
    t.upos = i == 1 ? "VERB" : "PROPN";
    t.head = heads[i];
    t.deprel = i == 0 ? "nsubj" : i == 1 ? "root" : "obj";
    t.span = {begins[i], static_cast<uint32_t>(begins[i] + t.form.size())};
    s.tokens.push_back(t);
  }
  d.sentences.push_back(s);
  s.tokens[1].head = 0;
  d.sentences.push_back(s);
  std::vector<Event> events;
  auto scratch = NewCoderScratch();
  coder_->CodeDocument(d, scratch.get(), &events, [&](const Status& st) { errors.push_back(st); });
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0].message(), ::testing::HasSubstr("broken: sentence 1"));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].sentence_index, 1);
}

// A light verb that is also a speech verb: "announced a suspension of ties".
TEST_F(CoderTest, LightVerbThatIsAlsoASpeechVerb) {
  auto ev = Code({"Iran/=/PROPN/2/nsubj announced/announce/VERB/0/root a/=/DET/4/det "
                  "suspension/=/NOUN/2/obj of/=/ADP/6/case ties/tie/NOUN/4/nmod with/=/ADP/8/case "
                  "Pakistan/=/PROPN/6/nmod ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("IRN>PAK:160"));
  EXPECT_EQ(ev[0].plover, "SANCTION");
}

// A compound before a light verb's object names the event only when the object is a
// noun of effort or sequence: "a mediation effort" mediates, "asylum decisions" grant
// no asylum.
TEST_F(CoderTest, CompoundOfALightVerbsObjectNamesTheEventOnlyForEffortNouns) {
  auto none = Code({"Pakistan/=/PROPN/2/nsubj made/make/VERB/0/root faster/fast/ADJ/5/amod "
                    "asylum/=/NOUN/5/compound decisions/decision/NOUN/2/obj ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(none), ElementsAre());
  auto ev = Code({"Pakistan/=/PROPN/2/nsubj launched/launch/VERB/0/root a/=/DET/5/det "
                  "mediation/=/NOUN/5/compound effort/=/NOUN/2/obj between/=/ADP/7/case "
                  "Iran/=/PROPN/5/nmod and/=/CCONJ/9/cc Hungary/=/PROPN/7/conj ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("PAK>IRN:045", "PAK>HUN:045"));
}

// "sent 500 tons of food": the pattern's object is the measured thing.
TEST_F(CoderTest, MeasureNounObject) {
  auto ev = Code({"Iran/=/PROPN/2/nsubj sent/send/VERB/0/root 500/=/NUM/4/nummod "
                  "tons/ton/NOUN/2/obj of/=/ADP/6/case food/=/NOUN/4/nmod to/=/ADP/8/case "
                  "Pakistan/=/PROPN/2/obl ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("IRN>PAK:073"));
}

// The purpose clause of a protest names its target; "to protest" is not a second event.
TEST_F(CoderTest, ProtestTargetFromPurposeClause) {
  auto ev = Code({"Pakistani/=/ADJ/2/amod protesters/protester/NOUN/3/nsubj staged/stage/VERB/0/root "
                  "a/=/DET/5/det rally/=/NOUN/3/obj to/=/PART/7/mark protest/=/VERB/3/advcl "
                  "Iran/=/PROPN/10/nmod:poss 's/=/PART/8/case decision/=/NOUN/7/obj ././PUNCT/3/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("PAKOPP>IRN:141"));
  EXPECT_EQ(ev[0].plover, "PROTEST");
}

// Civilians who protest demonstrate (141); a government that protests disapproves (111).
TEST_F(CoderTest, ProtestingCrowdsDemonstrate) {
  auto ev = Code({"Thousands/thousand/NOUN/4/nsubj of/=/ADP/3/case Pakistanis/Pakistani/PROPN/1/nmod "
                  "protested/protest/VERB/0/root the/=/DET/6/det verdict/=/NOUN/4/obj ././PUNCT/4/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("PAKCVL>PAKGOV:141"));
  ev = Code({"Iran/=/PROPN/2/nsubj protested/protest/VERB/0/root the/=/DET/4/det "
             "verdict/=/NOUN/2/obj ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("IRN>-:111"));
}

// A verdict alone finds nobody guilty (it may acquit, or settle a question); convicting
// does.
TEST_F(CoderTest, BareVerdictIsNoConviction) {
  auto ev = Code({"Hungary/=/PROPN/2/nsubj reached/reach/VERB/0/root a/=/DET/4/det "
                  "verdict/=/NOUN/2/obj on/=/ADP/7/case the/=/DET/7/det flag/=/NOUN/4/nmod "
                  "././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre());
  ev = Code({"Iran/=/PROPN/2/nsubj convicted/convict/VERB/0/root two/=/NUM/4/nummod "
             "Hungarians/Hungarian/PROPN/2/obj ././PUNCT/2/punct"});
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].cameo, "116");
}

// "demanded that X do Y": a demand on the clause's subject, also through "refuse to".
TEST_F(CoderTest, DemandThatClause) {
  auto ev = Code({"The/the/DET/3/det United/=/PROPN/3/compound States/=/PROPN/4/nsubj "
                  "demanded/demand/VERB/0/root that/=/SCONJ/7/mark Iran/=/PROPN/7/nsubj "
                  "release/=/VERB/4/ccomp the/=/DET/9/det prisoners/prisoner/NOUN/7/obj ././PUNCT/4/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("USA>IRN:1053"));
  ev = Code({"Iran/=/PROPN/2/nsubj demanded/demand/VERB/0/root that/=/SCONJ/5/mark "
             "Pakistan/=/PROPN/5/nsubj refuse/=/VERB/2/ccomp to/=/PART/7/mark "
             "recognize/=/VERB/5/xcomp the/=/DET/10/det United/=/PROPN/10/compound "
             "States/=/PROPN/7/obj ././PUNCT/2/punct"});
  ASSERT_EQ(ev.size(), 1u) << ::testing::PrintToString(Triples(ev));
  EXPECT_EQ(ev[0].plover, "DEMAND");
  EXPECT_EQ(ev[0].source.code, "IRN");
  EXPECT_EQ(ev[0].target.code, "PAK");
}

// "withdraw its troops from Pakistan": the source's own troops are not the target.
TEST_F(CoderTest, OwnForcesAreNotTheTarget) {
  auto ev = Code({"Iran/=/PROPN/2/nsubj withdrew/withdraw/VERB/0/root its/its/PRON/4/nmod:poss "
                  "troops/troop/NOUN/2/obj from/=/ADP/6/case Pakistan/=/PROPN/2/obl ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("IRN>PAK:0872"));
}

// "Iranian drone strikes killed militants in Pakistan": the strikes' target is the
// verb's object.
TEST_F(CoderTest, EventNounSubjectTakesTheVerbsTarget) {
  auto ev = Code({"Iranian/=/ADJ/3/amod drone/=/NOUN/3/compound strikes/strike/NOUN/4/nsubj "
                  "killed/kill/VERB/0/root militants/militant/NOUN/4/obj in/=/ADP/7/case "
                  "Pakistan/=/PROPN/5/nmod ././PUNCT/4/punct"});
  EXPECT_THAT(Triples(ev), Contains("IRN>PAKINS:195"));
}

// Nobody named: an unidentified armed force of the place where it happened.
TEST_F(CoderTest, UnattributedBombingTakesThePlace) {
  auto ev = Code({"A/a/DET/2/det bombing/=/NOUN/5/nsubj in/=/ADP/4/case Karachi/=/PROPN/2/nmod "
                  "killed/kill/VERB/0/root two/=/NUM/8/nummod Pakistani/=/ADJ/8/amod "
                  "soldiers/soldier/NOUN/5/obj ././PUNCT/5/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("PAKUAF>PAKMIL:1823"));
  EXPECT_EQ(ev[0].source.text, "Karachi");
  EXPECT_EQ(ev[0].source.sector, "UAF");
}

// "attacked militants, killing ten": the killing is the attack's outcome.
TEST_F(CoderTest, ViolentParticipleIsTheOutcome) {
  auto ev = Code({"Pakistani/=/ADJ/2/amod troops/troop/NOUN/3/nsubj attacked/attack/VERB/0/root "
                  "militants/militant/NOUN/3/obj ,/,/PUNCT/6/punct killing/kill/VERB/3/advcl/VBG "
                  "ten/=/NUM/6/obj ././PUNCT/3/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("PAKMIL>PAKINS:190"));
}

// What is alleged is not an event: "accused Pakistan of attacking".
TEST_F(CoderTest, AllegedActIsNotAnEvent) {
  auto ev = Code({"Iran/=/PROPN/2/nsubj accused/accuse/VERB/0/root Pakistan/=/PROPN/2/obj "
                  "of/=/SCONJ/5/mark attacking/attack/VERB/2/advcl/VBG its/its/PRON/7/nmod:poss "
                  "border/=/NOUN/5/obj ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("IRN>PAK:1123"));
}

// A lemmatiser slip ("rioted" -> "riote") is repaired from the form.
TEST_F(CoderTest, VerbLemmaRepairedFromForm) {
  auto ev = Code({"Pakistani/=/ADJ/2/amod demonstrators/demonstrator/NOUN/3/nsubj "
                  "rioted/riote/VERB/0/root ././PUNCT/3/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("PAKOPP>PAKGOV:145"));
}

// "X and Y signed a pact between the two countries": no target beyond themselves.
TEST_F(CoderTest, ReciprocalTargetIsDropped) {
  auto ev = Code({"Iran/=/PROPN/4/nsubj and/=/CCONJ/3/cc Pakistan/=/PROPN/1/conj "
                  "signed/sign/VERB/0/root a/=/DET/6/det pact/=/NOUN/4/obj between/=/ADP/10/case "
                  "the/=/DET/10/det two/=/NUM/10/nummod countries/country/NOUN/6/nmod ././PUNCT/4/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("IRN>-:057", "PAK>-:057"));
}

// A name with a possessive 's matches the tokens "People" "'s".
TEST_F(CoderTest, NameWithPossessiveMatches) {
  auto ev = Code({"Iran/=/PROPN/2/nsubj condemned/condemn/VERB/0/root the/=/DET/7/det "
                  "Democratic/=/ADJ/7/amod People/=/PROPN/7/nmod:poss 's/=/PART/5/case "
                  "Republic/=/PROPN/2/obj of/=/ADP/9/case Korea/=/PROPN/7/nmod ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("IRN>PRK:111"));
}

// "arrived in Islamabad for talks": the talks are the arriving delegation's.
TEST_F(CoderTest, PurposeNounTakesTheClauseSubject) {
  auto ev = Code({"Iranian/=/ADJ/2/amod officials/official/NOUN/3/nsubj arrived/arrive/VERB/0/root "
                  "in/=/ADP/5/case Islamabad/=/PROPN/3/obl for/=/ADP/7/case talks/talk/NOUN/3/obl "
                  "././PUNCT/3/punct"});
  EXPECT_THAT(Triples(ev), Contains("IRNGOV>PAKGOV:042"));
  EXPECT_THAT(Triples(ev), Contains("IRNGOV>-:040"));
}

// "police opened fire to disperse demonstrators": the purpose clause names the target;
// the aim of the force is part of it, not a second event (as when the parser hangs the
// clause on "fire").
TEST_F(CoderTest, PurposeClauseTarget) {
  auto ev = Code({"Pakistani/=/ADJ/2/amod troops/troop/NOUN/3/nsubj opened/open/VERB/0/root "
                  "fire/=/NOUN/3/obj to/=/PART/6/mark disperse/=/VERB/3/advcl "
                  "demonstrators/demonstrator/NOUN/6/obj ././PUNCT/3/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("PAKMIL>PAKOPP:190"));
}

// A protest naming no target is against its own country's government.
TEST_F(CoderTest, ProtestWithoutTargetIsAgainstOwnGovernment) {
  auto ev = Code({"Pakistani/=/ADJ/2/amod protesters/protester/NOUN/3/nsubj "
                  "rioted/riot/VERB/0/root ././PUNCT/3/punct"});
  ASSERT_THAT(Triples(ev), ElementsAre("PAKOPP>PAKGOV:145"));
  EXPECT_EQ(ev[0].target.pattern, "default:protest-against-own-government");
}

// The aim of a protest is part of it: "blocked roads demanding reforms" is one event.
TEST_F(CoderTest, ProtestAimIsNotASecondEvent) {
  auto ev = Code({"Pakistani/=/ADJ/2/amod protesters/protester/NOUN/3/nsubj blocked/block/VERB/0/root "
                  "roads/road/NOUN/3/obj demanding/demand/VERB/3/advcl/VBG reforms/reform/NOUN/5/obj "
                  "././PUNCT/3/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("PAKOPP>PAKGOV:144"));
}

// A war named as the setting of another event is background.
TEST_F(CoderTest, BackgroundWarIsNotAnEvent) {
  auto ev = Code({"Pakistan/=/PROPN/2/nsubj sent/send/VERB/0/root aid/=/NOUN/2/obj "
                  "to/=/ADP/5/case Iran/=/PROPN/2/obl during/=/ADP/8/case its/its/PRON/8/nmod:poss "
                  "war/=/NOUN/2/obl ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("PAK>IRN:070"));
}

// "Iranian Pakistanis" are people of Iran; "ethnic Pakistanis" a minority of the
// country the sentence names.
TEST_F(CoderTest, ResidentPeopleAndMinorities) {
  auto ev = Code({"Iranian/=/ADJ/2/amod Pakistanis/Pakistani/PROPN/3/nsubj "
                  "condemned/condemn/VERB/0/root the/=/DET/6/det United/=/PROPN/6/compound "
                  "States/=/PROPN/3/obj ././PUNCT/3/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("IRN>USA:111"));
  ev = Code({"Ethnic/ethnic/ADJ/2/amod Pakistanis/Pakistani/PROPN/3/nsubj "
             "condemned/condemn/VERB/0/root Iran/=/PROPN/3/obj ././PUNCT/3/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("IRNCVL>IRN:111"));
}

// A target that resolves to the source itself leaves the event without a target
// instead of dropping it ("Iranian officials welcomed the officials' statement").
TEST_F(CoderTest, SelfTargetKeepsTheEvent) {
  auto ev = Code({"Iranian/=/ADJ/2/amod officials/official/NOUN/3/nsubj welcomed/welcome/VERB/0/root "
                  "the/=/DET/5/det officials/official/NOUN/7/nmod:poss '/'/PART/5/case "
                  "statement/=/NOUN/3/obj ././PUNCT/3/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("IRNGOV>-:051"));
}

// "protesters from the Jaish al-Adl militants": the organisation inside an agent modifier.
TEST_F(CoderTest, OrganisationInsideAnAgentModifier) {
  auto ev = Code({"Protesters/protester/NOUN/7/nsubj from/=/ADP/6/case the/=/DET/6/det "
                  "Jaish/Jaish/PROPN/6/compound al-Adl/=/PROPN/4/flat militants/militant/NOUN/1/nmod "
                  "staged/stage/VERB/0/root rallies/rally/NOUN/7/obj ././PUNCT/7/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("IRNINSJAA>-:141"));
}

// "prevented the demonstration staged by protesters": the doer of the object event.
TEST_F(CoderTest, DoerOfAnObjectEvent) {
  auto ev = Code({"Pakistani/=/ADJ/2/amod troops/troop/NOUN/3/nsubj prevented/prevent/VERB/0/root "
                  "the/=/DET/5/det demonstration/=/NOUN/3/obj staged/stage/VERB/5/acl/VBN "
                  "by/=/ADP/8/case protesters/protester/NOUN/6/obl:agent ././PUNCT/3/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("PAKMIL>PAKOPP:172"));
}

// "If Pakistan attacks, Iran threatened to cut ties": the threat is aimed at the condition's subject.
TEST_F(CoderTest, ThreatTargetFromCondition) {
  auto ev = Code({"If/if/SCONJ/3/mark Pakistan/=/PROPN/3/nsubj attacks/attack/VERB/6/advcl ,/,/PUNCT/6/punct "
                  "Iran/=/PROPN/6/nsubj threatened/threaten/VERB/0/root to/=/PART/8/mark "
                  "cut/=/VERB/6/xcomp ties/tie/NOUN/8/obj ././PUNCT/6/punct"});
  const Event* cut = nullptr;
  for (const Event& e : ev)
    if (e.trigger_text.find("cut") != std::string::npos) cut = &e;
  ASSERT_NE(cut, nullptr) << ::testing::PrintToString(Triples(ev));
  EXPECT_EQ(cut->plover, "THREATEN");
  EXPECT_EQ(cut->source.code, "IRN");
  EXPECT_EQ(cut->target.code, "PAK");
}

// "Iranian troops declared a ceasefire on Monday in western Iran": their own country is the place.
TEST_F(CoderTest, OwnCountryAfterInIsThePlace) {
  auto ev = Code({"Iranian/=/ADJ/2/amod troops/troop/NOUN/3/nsubj declared/declare/VERB/0/root "
                  "a/=/DET/5/det ceasefire/=/NOUN/3/obj on/=/ADP/7/case Monday/=/PROPN/3/obl "
                  "in/=/ADP/10/case western/=/ADJ/10/amod Iran/=/PROPN/7/nmod ././PUNCT/3/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("IRNMIL>-:0871"));
}

// A passive without an agent has no known source: neither the patient before it
// ("militants armed with rifles" do not arm themselves) nor the speaker who reports it
// ("prisoners were killed in Tehran, officials said").
TEST_F(CoderTest, AgentlessPassiveHasNoSource) {
  auto ev = Code({"Pakistani/=/ADJ/2/amod militants/militant/NOUN/6/nsubj armed/arm/VERB/2/acl/VBN "
                  "with/=/ADP/5/case rifles/rifle/NOUN/3/obl attacked/attack/VERB/0/root "
                  "Iran/=/PROPN/6/obj ././PUNCT/6/punct"});
  ASSERT_FALSE(ev.empty());
  for (const Event& e : ev) {
    EXPECT_NE(e.plover, "AID") << ::testing::PrintToString(Triples(ev));
    EXPECT_EQ(e.source.country, "PAK");
  }
  auto killed = Code({"Prisoners/prisoner/NOUN/3/nsubj:pass were/be/AUX/3/aux:pass "
                      "killed/kill/VERB/8/ccomp/VBN in/=/ADP/5/case Tehran/=/PROPN/3/obl ,/,/PUNCT/8/punct "
                      "officials/official/NOUN/8/nsubj said/say/VERB/0/root ././PUNCT/8/punct"});
  EXPECT_THAT(Triples(killed), ElementsAre()) << "the reporting officials are not the killers";
  // An agent that names no actor does not make the patient before it the source.
  auto hit = Code({"Pakistani/=/ADJ/2/amod troops/troop/NOUN/4/nsubj:pass were/be/AUX/4/aux:pass "
                   "attacked/attack/VERB/0/root by/=/ADP/6/case gunfire/=/NOUN/4/obl:agent ././PUNCT/4/punct"});
  EXPECT_THAT(Triples(hit), ElementsAre());
  // A "participle" with a bare oblique naming an actor is a mis-tagged finite verb:
  // "Iranian troops attacked/VBN Pakistan" keeps its source.
  auto mistagged = Code({"Iranian/=/ADJ/2/amod troops/troop/NOUN/0/root attacked/attack/VERB/2/acl/VBN "
                         "Pakistan/=/PROPN/3/obl ././PUNCT/2/punct"});
  ASSERT_FALSE(mistagged.empty());
  EXPECT_EQ(mistagged[0].source.code, "IRNMIL");
}

// "in the occupied territory": a participle used as an adjective is a state, not an
// event; with no verb at the root (a missed main verb) it is still coded.
TEST_F(CoderTest, AttributiveParticipleIsNoEvent) {
  auto ev = Code({"Iranian/=/ADJ/2/amod troops/troop/NOUN/3/nsubj attacked/attack/VERB/0/root "
                  "militants/militant/NOUN/3/obj in/=/ADP/8/case the/=/DET/8/det "
                  "occupied/occupy/VERB/8/amod/VBN territory/=/NOUN/3/obl ././PUNCT/3/punct"});
  ASSERT_FALSE(ev.empty());
  for (const Event& e : ev) EXPECT_EQ(e.trigger_text, "attacked") << ::testing::PrintToString(Triples(ev));
  auto missed = Code({"Iranian/=/ADJ/2/amod troops/troop/NOUN/4/nsubj attacked/attack/VERB/4/amod/VBN "
                      "militants/militant/NOUN/0/root ././PUNCT/4/punct"});
  EXPECT_FALSE(missed.empty());
}

// "US and Korean forces attacked Iran": "Korean forces" is one entry (KORMIL); the
// country conjoined with its adjective is a second source with the same sector.
TEST_F(CoderTest, CountryConjoinedWithAForcesEntry) {
  auto ev = Code({"US/=/PROPN/4/compound and/=/CCONJ/3/cc Korean/=/ADJ/1/conj forces/force/NOUN/5/nsubj "
                  "attacked/attack/VERB/0/root Iran/=/PROPN/5/obj ././PUNCT/5/punct"});
  EXPECT_THAT(Triples(ev), ::testing::UnorderedElementsAre("KORMIL>IRN:190", "USAMIL>IRN:190"));
}

// "withdraw its troops from neighboring Pakistan" with "neighboring" parsed as a verb:
// the country after it is still the target.
TEST_F(CoderTest, NeighboringTaggedAsVerb) {
  auto ev = Code({"Iran/=/PROPN/3/nsubj will/=/AUX/3/aux withdraw/=/VERB/0/root its/=/PRON/5/nmod:poss "
                  "troops/troop/NOUN/3/obj from/=/SCONJ/7/mark neighboring/neighbor/VERB/3/advcl/VBG "
                  "Pakistan/=/PROPN/7/obj ././PUNCT/3/punct"});
  ASSERT_EQ(ev.size(), 1u) << ::testing::PrintToString(Triples(ev));
  EXPECT_EQ(ev[0].source.code, "IRN");
  ASSERT_TRUE(ev[0].has_target);
  EXPECT_EQ(ev[0].target.code, "PAK");
}

// "The Pakistani and Iranian sides agreed to a truce": a description naming its own
// countries is not an anaphor ("the sides" alone would be); both are sources.
TEST_F(CoderTest, DescriptionNamingItsCountriesIsNoAnaphor) {
  auto ev = Code({"Iran/=/PROPN/2/nsubj attacked/attack/VERB/0/root Pakistan/=/PROPN/2/obj ././PUNCT/2/punct",
                  "The/=/DET/5/det Pakistani/=/ADJ/5/amod and/=/CCONJ/4/cc Hungarian/=/ADJ/2/conj "
                  "sides/side/NOUN/6/nsubj agreed/agree/VERB/0/root to/=/ADP/9/case a/=/DET/9/det "
                  "truce/=/NOUN/6/obl ././PUNCT/6/punct"});
  std::vector<std::string> truce;
  for (const Event& e : ev)
    if (e.sentence_index == 1) truce.push_back(e.source.code);
  EXPECT_THAT(truce, ::testing::UnorderedElementsAre("PAK", "HUN"));
}

// "Their countries will cooperate": a plural country noun owned by "their" stands for
// the two most recent countries.
TEST_F(CoderTest, TheirCountriesAreTwo) {
  auto ev = Code({"Pakistan/=/PROPN/2/nsubj attacked/attack/VERB/0/root Hungary/=/PROPN/2/obj ././PUNCT/2/punct",
                  "Their/their/PRON/2/nmod:poss countries/country/NOUN/4/nsubj will/=/AUX/4/aux "
                  "cooperate/=/VERB/0/root ././PUNCT/4/punct"});
  std::vector<std::string> coop;
  for (const Event& e : ev)
    if (e.sentence_index == 1) coop.push_back(e.source.code);
  EXPECT_THAT(coop, ::testing::UnorderedElementsAre("PAK", "HUN"));
}

// "Protesters blocked a road to show their disapproval for Iran's policies", with the
// purpose clause hung on the object: the protest is against Iran.
TEST_F(CoderTest, ProtestTargetInShowDisapprovalFor) {
  auto ev = Code({"Protesters/protester/NOUN/2/nsubj blocked/block/VERB/0/root a/=/DET/4/det "
                  "road/=/NOUN/2/obj to/=/PART/6/mark show/=/VERB/4/acl their/their/PRON/8/nmod:poss "
                  "disapproval/=/NOUN/6/obj for/=/ADP/12/case Iran/=/PROPN/12/nmod:poss "
                  "'s/'s/PART/10/case policies/policy/NOUN/6/obl ././PUNCT/2/punct"});
  const Event* block = nullptr;
  for (const Event& e : ev)
    if (e.trigger_text.find("blocked") != std::string::npos) block = &e;
  ASSERT_NE(block, nullptr) << ::testing::PrintToString(Triples(ev));
  EXPECT_EQ(block->plover, "PROTEST");
  ASSERT_TRUE(block->has_target);
  EXPECT_EQ(block->target.country, "IRN");
  // The disapproval shown is the protest's aim, not a second event.
  EXPECT_EQ(ev.size(), 1u) << ::testing::PrintToString(Triples(ev));
}

// "A bombing killed Pakistani soldiers, officials said": the reporting officials are not
// the doers of a clause whose own subject names no actor.
TEST_F(CoderTest, SpeakerIsNotTheDoerOfANamedSubject) {
  auto ev = Code({"A/=/DET/2/det bombing/=/NOUN/3/nsubj killed/kill/VERB/8/ccomp Pakistani/=/ADJ/5/amod "
                  "soldiers/soldier/NOUN/3/obj ,/,/PUNCT/8/punct officials/official/NOUN/8/nsubj "
                  "said/say/VERB/0/root ././PUNCT/8/punct"});
  for (const Event& e : ev) EXPECT_NE(e.source.sector, "GOV") << ::testing::PrintToString(Triples(ev));
}

// "The Pakistani envoy was expelled by Iran and condemned Iran": the active conjunct
// shares the passive's subject, not its agent.
TEST_F(CoderTest, ActiveConjunctOfAPassive) {
  auto ev = Code({"Pakistani/=/ADJ/2/amod envoy/=/NOUN/4/nsubj:pass was/be/AUX/4/aux:pass "
                  "expelled/expel/VERB/0/root by/=/ADP/6/case Iran/=/PROPN/4/obl:agent and/=/CCONJ/8/cc "
                  "condemned/condemn/VERB/4/conj Iran/=/PROPN/8/obj ././PUNCT/4/punct"});
  const Event* condemn = nullptr;
  for (const Event& e : ev)
    if (e.plover == "DISAPPROVE") condemn = &e;
  ASSERT_NE(condemn, nullptr) << ::testing::PrintToString(Triples(ev));
  EXPECT_EQ(condemn->source.country, "PAK");
  ASSERT_TRUE(condemn->has_target);
  EXPECT_EQ(condemn->target.code, "IRN");
}

// "Iran attacked Pakistan, according to a press release by the militants": the release
// is a report, not a release of prisoners.
TEST_F(CoderTest, PressReleaseIsNoEvent) {
  auto ev = Code({"Iran/=/PROPN/2/nsubj attacked/attack/VERB/0/root Pakistan/=/PROPN/2/obj ,/,/PUNCT/9/punct "
                  "according/accord/VERB/9/case to/=/ADP/5/fixed a/=/DET/9/det press/=/NOUN/9/compound "
                  "release/=/NOUN/2/obl by/=/ADP/12/case the/=/DET/12/det militants/militant/NOUN/9/nmod "
                  "././PUNCT/2/punct"});
  for (const Event& e : ev) EXPECT_EQ(e.trigger_text, "attacked") << ::testing::PrintToString(Triples(ev));
  EXPECT_FALSE(ev.empty());
}

// "Hungary, an ally in Iran's war against Pakistan, attacked Romania": the war inside the
// apposition describes Hungary; it is not a new event.
TEST_F(CoderTest, EventNounInAppositionIsBackground) {
  auto ev = Code({"Hungary/=/PROPN/11/nsubj ,/,/PUNCT/4/punct an/=/DET/4/det ally/=/NOUN/1/appos "
                  "in/=/ADP/8/case Iran/=/PROPN/8/nmod:poss 's/'s/PART/6/case war/=/NOUN/4/nmod "
                  "against/=/ADP/10/case Pakistan/=/PROPN/8/nmod attacked/attack/VERB/0/root "
                  "Romania/=/PROPN/11/obj ././PUNCT/11/punct"});
  ASSERT_FALSE(ev.empty());
  for (const Event& e : ev) EXPECT_EQ(e.trigger_text, "attacked") << ::testing::PrintToString(Triples(ev));
}

// "after ten years of Hungarian occupation", "since Hungary's invasion": time references
// to earlier events, not news.
TEST_F(CoderTest, TimeReferencesAreBackground) {
  auto ev = Code({"Iran/=/PROPN/2/nsubj attacked/attack/VERB/0/root Pakistan/=/PROPN/2/obj "
                  "after/=/ADP/6/case ten/=/NUM/6/nummod years/year/NOUN/2/obl of/=/ADP/9/case "
                  "Hungarian/=/ADJ/9/amod occupation/=/NOUN/6/nmod ././PUNCT/2/punct"});
  ASSERT_FALSE(ev.empty());
  for (const Event& e : ev) EXPECT_EQ(e.trigger_text, "attacked") << ::testing::PrintToString(Triples(ev));
  auto since = Code({"Soldiers/soldier/NOUN/2/nsubj stayed/stay/VERB/0/root in/=/ADP/4/case "
                     "Pakistan/=/PROPN/2/obl since/=/ADP/8/case Hungary/=/PROPN/8/nmod:poss "
                     "'s/'s/PART/6/case invasion/=/NOUN/2/obl ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(since), ElementsAre());
}

// "Iran attacked Pakistan 18 years ago" is history; "two days ago" is news.
TEST_F(CoderTest, YearsAgoIsHistory) {
  auto old_ev = Code({"Iran/=/PROPN/2/nsubj attacked/attack/VERB/0/root Pakistan/=/PROPN/2/obj "
                      "18/=/NUM/5/nummod years/year/NOUN/6/obl:unmarked ago/=/ADV/2/advmod ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(old_ev), ElementsAre());
  auto recent = Code({"Iran/=/PROPN/2/nsubj attacked/attack/VERB/0/root Pakistan/=/PROPN/2/obj "
                      "two/=/NUM/5/nummod days/day/NOUN/6/obl:unmarked ago/=/ADV/2/advmod ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(recent), ElementsAre("IRN>PAK:190"));
}

// "Tehran summoned Pakistan's charge d'affaires to demand an explanation", with the
// name's second word tagged as a verb (as our tagger does): the purpose clause belongs
// to the summoning government and is aimed at the chargé; the name's first word
// ("charge") is no accusation.
TEST_F(CoderTest, PurposeOfSummoningIsTheSummoners) {
  auto ev = Code({"Tehran/=/PROPN/2/nsubj summoned/summon/VERB/0/root Pakistan/=/PROPN/5/nmod:poss "
                  "'s/'s/PART/3/case charge/=/NOUN/6/nsubj d'affaires/d'affaire/VERB/2/obj "
                  "to/=/PART/8/mark demand/=/VERB/6/xcomp an/a/DET/10/det "
                  "explanation/=/NOUN/8/obj ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("IRNGOV>PAKGOV:100", "IRNGOV>PAKGOV:1042"));
}

// "Pakistan said militants it accuses of operating from Iranian territory ...": read
// as two subjects (as our parser does), the pronoun is the subject (Pakistan) and the
// noun the object. Parsed as a relative clause, it describes the militants: no event.
TEST_F(CoderTest, ContactRelativeClauseSubjectAndObject) {
  auto two_subj = Code({"Pakistan/=/PROPN/2/nsubj said/say/VERB/0/root militants/militant/NOUN/5/nsubj "
                        "it/=/PRON/5/nsubj accuses/accuse/VERB/2/ccomp of/=/SCONJ/7/mark "
                        "operating/operate/VERB/5/advcl from/=/ADP/10/case Iranian/=/ADJ/10/amod "
                        "territory/=/NOUN/7/obl ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(two_subj), ElementsAre("PAK>PAKINS:112"));
  auto relcl = Code({"Pakistan/=/PROPN/2/nsubj named/name/VERB/0/root militants/militant/NOUN/2/obj "
                     "it/=/PRON/5/nsubj accuses/accuse/VERB/3/acl:relcl of/=/SCONJ/7/mark "
                     "operating/operate/VERB/5/advcl from/=/ADP/10/case Iranian/=/ADJ/10/amod "
                     "territory/=/NOUN/7/obl ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(relcl), ElementsAre());
}

// "Iran's ambassador, who is visiting his country, ...": going home is no visit; a
// visit to another country still is.
TEST_F(CoderTest, VisitToOwnCountryIsNoMeeting) {
  auto home = Code({"Iran/=/PROPN/3/nmod:poss 's/'s/PART/1/case ambassador/=/NOUN/9/nsubj "
                    "who/=/PRON/6/nsubj is/be/AUX/6/aux visiting/visit/VERB/3/acl:relcl "
                    "his/he/PRON/8/nmod:poss country/=/NOUN/6/obj left/leave/VERB/0/root ././PUNCT/9/punct"});
  EXPECT_THAT(Triples(home), ElementsAre());
  auto abroad = Code({"Iran/=/PROPN/3/nmod:poss 's/'s/PART/1/case ambassador/=/NOUN/4/nsubj "
                      "visited/visit/VERB/0/root Pakistan/=/PROPN/4/obj ././PUNCT/4/punct"});
  EXPECT_THAT(Triples(abroad), ElementsAre("IRNGOV>PAK:042"));
}

// Conditions and relative clauses are not news: "Iran threatened to attack Pakistan
// unless Pakistan expels the militants" codes the threat only; "troops attacked
// militants who had attacked Pakistan" codes the first attack only.
TEST_F(CoderTest, ConditionsAndRelativeClausesAreNoEvents) {
  auto cond = Code({"Iran/=/PROPN/2/nsubj threatened/threaten/VERB/0/root to/=/PART/4/mark "
                    "attack/=/VERB/2/xcomp Pakistan/=/PROPN/4/obj unless/=/SCONJ/8/mark "
                    "Pakistan/=/PROPN/8/nsubj expels/expel/VERB/4/advcl the/=/DET/10/det "
                    "militants/militant/NOUN/8/obj ././PUNCT/2/punct"});
  for (const std::string& t : Triples(cond)) EXPECT_THAT(t, ::testing::StartsWith("IRN>PAK:13"));
  EXPECT_EQ(Triples(cond).size(), 1u);
  auto rel = Code({"Iranian/=/ADJ/2/amod troops/troop/NOUN/3/nsubj attacked/attack/VERB/0/root "
                   "militants/militant/NOUN/3/obj who/=/PRON/8/nsubj had/have/AUX/8/aux "
                   "earlier/=/ADV/8/advmod attacked/attack/VERB/4/acl:relcl Pakistan/=/PROPN/8/obj "
                   "././PUNCT/3/punct"});
  EXPECT_THAT(Triples(rel), ElementsAre("IRNMIL>IRNINS:190"));
}

// What is rejected is the rejection's content ("rejected a US offer to host a
// summit"); the reason for thanks is the thanks' content ("thanked Iran for its help").
TEST_F(CoderTest, RejectedProposalAndReasonForThanksAreContent) {
  auto rej = Code({"Pakistan/=/PROPN/2/nsubj rejected/reject/VERB/0/root a/=/DET/5/det "
                   "US/=/PROPN/5/compound offer/=/NOUN/2/obj to/=/PART/7/mark host/=/VERB/5/acl "
                   "talks/talk/NOUN/7/obj ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(rej), ElementsAre("PAK>USA:121"));
  auto thanks = Code({"Pakistan/=/PROPN/2/nsubj thanked/thank/VERB/0/root Iran/=/PROPN/2/obj "
                      "for/=/ADP/6/case its/=/PRON/6/nmod:poss help/=/NOUN/2/obl ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(thanks), ElementsAre("PAK>IRN:051"));
}

// A thing that names no actor stands for its owner: "Pakistan welcomed Iran's
// statement" is aimed at Iran.
TEST_F(CoderTest, OwnerOfTheObjectIsTheTarget) {
  auto ev = Code({"Pakistan/=/PROPN/2/nsubj welcomed/welcome/VERB/0/root Iran/=/PROPN/5/nmod:poss "
                  "'s/'s/PART/3/case statement/=/NOUN/2/obj ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("PAK>IRN:051"));
}

// "Iranian officials threatened to impose a curfew in Tehran": a curfew is imposed on
// the place, so the capital is the target, as the place (IRN), not the government.
TEST_F(CoderTest, CoercionInOwnCapitalTargetsThePlace) {
  auto ev = Code({"Iranian/=/ADJ/2/amod officials/official/NOUN/3/nsubj threatened/threaten/VERB/0/root "
                  "to/=/PART/5/mark impose/=/VERB/3/xcomp a/=/DET/7/det curfew/=/NOUN/5/obj "
                  "in/=/ADP/9/case Tehran/=/PROPN/5/obl ././PUNCT/3/punct"});
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_THAT(Triples(ev)[0], ::testing::StartsWith("IRNGOV>IRN:13"));
}

// "Pakistani minister Jilani summoned Iran's ambassador Hosseini to complain", with
// "summoned" tagged as a participle modifying the name: a finite verb with an object
// (a bare oblique naming an actor); the titled names resolve through their titles and
// the purpose clause is the minister's, aimed at the ambassador.
TEST_F(CoderTest, SummonedToComplainWithTitledNames) {
  auto ev = Code({"Pakistani/=/ADJ/2/amod minister/=/NOUN/3/nmod:desc Jilani/=/PROPN/0/root "
                  "summoned/summon/VERB/3/acl/VBN Iran/=/PROPN/7/nmod:poss 's/'s/PART/5/case "
                  "ambassador/=/NOUN/8/nmod:desc Hosseini/=/PROPN/4/obl to/=/PART/10/mark "
                  "complain/=/VERB/4/advcl ././PUNCT/3/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("PAKGOV>IRNGOV:100", "PAKGOV>IRNGOV:110"));
}

// "Pakistan helped mediate between Iran and the United States" (the bare infinitive
// tagged as a noun object, as our tagger does): mediation, not aid.
TEST_F(CoderTest, HelpedActionIsTheEvent) {
  auto ev = Code({"Pakistan/=/PROPN/2/nsubj helped/help/VERB/0/root mediate/=/NOUN/2/obj "
                  "between/=/ADP/5/case Iran/=/PROPN/3/nmod and/=/CCONJ/7/cc "
                  "Hungary/=/PROPN/5/conj ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("PAK>IRN:045", "PAK>HUN:045"));
}

// Mis-parsed conditions and relative clauses are still not news: "until" read as the
// preposition of the clause's subject; "whom" read as a determiner of the subject.
TEST_F(CoderTest, MisparsedConditionAndRelativeClause) {
  auto until = Code({"Pakistan/=/PROPN/2/nsubj rejected/reject/VERB/0/root the/=/DET/4/det "
                     "plan/=/NOUN/2/obj until/=/ADP/7/case its/=/PRON/7/nmod:poss "
                     "demands/demand/NOUN/9/nsubj:pass are/be/AUX/9/aux:pass met/meet/VERB/2/conj "
                     "././PUNCT/2/punct"});
  EXPECT_THAT(Triples(until), ElementsAre("PAK>-:127"));
  auto whom = Code({"Iranian/=/ADJ/2/amod troops/troop/NOUN/3/nsubj attacked/attack/VERB/0/root "
                    "militants/militant/NOUN/3/obj ,/,/PUNCT/8/punct whom/=/PRON/7/det "
                    "officials/official/NOUN/8/nsubj accuse/=/VERB/3/parataxis of/=/ADP/10/case "
                    "bombings/bombing/NOUN/8/obl ././PUNCT/3/punct"});
  EXPECT_THAT(Triples(whom), ElementsAre("IRNMIL>IRNINS:190"));
}

// "will withdraw their troops from Pakistan": the source's own people go, the other
// country named with them stays the target.
TEST_F(CoderTest, OwnPeopleDroppedOtherCountryKept) {
  auto ev = Code({"Iran/=/PROPN/2/nsubj withdrew/withdraw/VERB/0/root its/=/PRON/4/nmod:poss "
                  "troops/troop/NOUN/2/obj from/=/ADP/6/case Pakistan/=/PROPN/4/nmod ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("IRN>PAKMIL:0872"));
}

// "Iranian troops killed a Pakistani soldier and wounded two others": the second,
// target-less assault by the same source adds nothing.
TEST_F(CoderTest, TargetlessEventSubsumedInSentence) {
  auto ev = Code({"Iranian/=/ADJ/2/amod troops/troop/NOUN/3/nsubj killed/kill/VERB/0/root "
                  "a/=/DET/6/det Pakistani/=/ADJ/6/amod soldier/=/NOUN/3/obj and/=/CCONJ/8/cc "
                  "wounded/wound/VERB/3/conj two/=/NUM/10/nummod others/other/NOUN/8/obj "
                  "././PUNCT/3/punct"});
  ASSERT_EQ(ev.size(), 1u) << ::testing::PrintToString(Triples(ev));
  EXPECT_THAT(Triples(ev)[0], ::testing::StartsWith("IRNMIL>PAK:18"));
}

// "Pakistan mobilized the army": the forces moved are
// the source's own, not a target.
TEST_F(CoderTest, MobilisedOwnForcesAreNoTarget) {
  auto ev = Code({"Pakistan/=/PROPN/2/nsubj mobilized/mobilize/VERB/0/root the/=/DET/4/det "
                  "army/=/NOUN/2/obj ././PUNCT/2/punct"});
  ASSERT_EQ(ev.size(), 1u) << ::testing::PrintToString(Triples(ev));
  EXPECT_THAT(Triples(ev)[0], ::testing::StartsWith("PAK>-:15"));
}

// "Militants in the Pakistani city of Karachi attacked Iranian diplomats", with the
// verb read as a clause on the city: the doers are the militants in it.
TEST_F(CoderTest, VerbOnThePlaceBelongsToWhoIsThere) {
  auto ev = Code({"Militants/militant/NOUN/0/root in/=/ADP/5/case the/=/DET/5/det "
                  "Pakistani/=/ADJ/5/amod city/=/NOUN/1/nmod of/=/ADP/7/case Karachi/=/PROPN/5/nmod "
                  "attacked/attack/VERB/5/acl Iranian/=/ADJ/10/amod diplomats/diplomat/NOUN/8/obj "
                  "././PUNCT/1/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("PAKINS>IRNGOV:180"));
}

// "A bombing near Karachi killed one Iranian soldier and wounded two others", the
// subject misparsed: the conjunct shares the head verb's source, not its object.
TEST_F(CoderTest, ConjunctSharesTheHeadVerbsSource) {
  auto ev = Code({"A/a/DET/2/det roadside/=/NOUN/5/nsubj near/=/ADP/4/case Karachi/=/PROPN/2/nmod "
                  "killed/kill/VERB/0/root one/=/NUM/8/nummod Iranian/=/ADJ/8/amod "
                  "soldiers/soldier/NOUN/5/obj and/=/CCONJ/10/cc wounded/wound/VERB/5/conj "
                  "two/=/NUM/12/nummod others/other/NOUN/10/obj ././PUNCT/5/punct"});
  for (const Event& e : ev) EXPECT_EQ(e.source.country, "PAK") << ::testing::PrintToString(Triples(ev));
  EXPECT_FALSE(ev.empty());
}

// "in protest at" is how the recall was made, not a protest of its own.
TEST_F(CoderTest, InProtestIsTheMannerOfAnotherAct) {
  auto ev = Code({"Pakistan/=/PROPN/2/nsubj recalled/recall/VERB/0/root its/its/PRON/4/nmod:poss "
                  "ambassador/=/NOUN/2/obj from/=/ADP/6/case Iran/=/PROPN/2/obl in/=/ADP/8/case "
                  "protest/=/NOUN/2/obl at/=/ADP/12/case Tuesday/=/PROPN/12/nmod:poss "
                  "'s/=/PART/10/case attack/=/NOUN/8/nmod ././PUNCT/2/punct"});
  std::vector<std::string> codes;
  for (const Event& e : ev) codes.push_back(e.cameo);
  EXPECT_THAT(codes, Contains("161"));
  EXPECT_THAT(codes, Not(Contains(::testing::StartsWith("14"))));
}

// A city before an event noun is where it happened, not its doer.
TEST_F(CoderTest, CityBeforeAnEventNounIsThePlace) {
  auto ev = Code({"Officials/official/NOUN/2/nsubj described/describe/VERB/0/root "
                  "the/=/DET/5/det Karachi/=/PROPN/5/compound bombing/=/NOUN/2/obj as/=/ADP/8/case "
                  "a/=/DET/8/det failure/=/NOUN/2/obl ././PUNCT/2/punct"});
  for (const std::string& src : Sources(ev)) EXPECT_NE(src.substr(0, 3), "PAK") << src;
  // A country adjective is the doer: "the Pakistani bombing".
  auto adj = Code({"Officials/official/NOUN/2/nsubj described/describe/VERB/0/root "
                   "the/=/DET/5/det Pakistani/=/ADJ/5/amod bombing/=/NOUN/2/obj as/=/ADP/8/case "
                   "a/=/DET/8/det failure/=/NOUN/2/obl ././PUNCT/2/punct"});
  EXPECT_THAT(Sources(adj), Contains("PAK"));
}

// Defending oneself is self-defence, not a verbal defence (052) of anyone.
TEST_F(CoderTest, DefendingItselfIsNoVerbalDefence) {
  EXPECT_THAT(Triples(Code({"Iran/=/PROPN/2/nsubj vowed/vow/VERB/0/root to/=/PART/4/mark "
                            "defend/defend/VERB/2/xcomp itself/itself/PRON/4/obj ././PUNCT/2/punct"})),
              IsEmpty());
  EXPECT_THAT(Triples(Code({"Iran/=/PROPN/2/nsubj defended/defend/VERB/0/root "
                            "Pakistan/=/PROPN/2/obj ././PUNCT/2/punct"})),
              ElementsAre("IRN>PAK:052"));
}

// "X said it ...": the reported clause's subject pronoun is its speaker, not an actor
// named earlier in the sentence.
TEST_F(CoderTest, ReportedPronounIsTheSpeaker) {
  auto ev = Code({"Pakistan/=/PROPN/4/nmod:poss 's/=/PART/1/case foreign/=/ADJ/4/amod "
                  "ministry/=/NOUN/5/nsubj said/say/VERB/0/root Tehran/=/PROPN/7/nsubj "
                  "said/say/VERB/5/ccomp it/it/PRON/9/nsubj struck/strike/VERB/7/ccomp "
                  "Pakistani/=/ADJ/11/amod troops/troop/NOUN/9/obj ././PUNCT/5/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("IRNGOV>PAKMIL:190"));
}

// "in Karachi, Pakistan": the country after its city is a place too, no antecedent.
TEST_F(CoderTest, CountryAfterItsCityIsAPlace) {
  std::vector<std::string> s = {
      "Delegates/delegate/NOUN/2/nsubj/NNS met/meet/VERB/0/root in/=/ADP/4/case "
      "Karachi/=/PROPN/2/obl ,/,/PUNCT/6/punct Pakistan/=/PROPN/4/appos ././PUNCT/2/punct",
      "It/it/PRON/2/nsubj attacked/attack/VERB/0/root Iranian/=/ADJ/4/amod "
      "troops/troop/NOUN/2/obj ././PUNCT/2/punct"};
  for (const std::string& src : Sources(Code(s))) EXPECT_NE(src.substr(0, 3), "PAK") << src;
}

// Words "in" a city happen there; force in a city is against its country.
TEST_F(CoderTest, CityIsWhereWordsHappen) {
  EXPECT_THAT(Triples(Code({"Iranian/=/ADJ/2/amod officials/official/NOUN/3/nsubj "
                            "defended/defend/VERB/0/root the/=/DET/5/det operation/=/NOUN/3/obj "
                            "in/=/ADP/7/case Karachi/=/PROPN/5/nmod ././PUNCT/3/punct"})),
              ElementsAre("IRNGOV>-:052"));
  EXPECT_THAT(Triples(Code({"Iranian/=/ADJ/2/amod missiles/missile/NOUN/3/nsubj "
                            "struck/strike/VERB/0/root a/=/DET/5/det village/=/NOUN/3/obj "
                            "in/=/ADP/7/case Karachi/=/PROPN/5/nmod ././PUNCT/3/punct"})),
              Contains(::testing::StartsWith("IRN>PAK:19")));
}

// "helped mediate between ...": the bare infinitive, even tagged as an adjective, is
// the event; "help" is not coded as aid.
TEST_F(CoderTest, HelpedMediateIsMediation) {
  auto ev = Code({"Pakistan/=/PROPN/2/nsubj helped/help/VERB/0/root "
                  "mediate/mediate/ADJ/2/xcomp between/=/ADP/5/case "
                  "Washington/=/PROPN/3/obl and/=/CCONJ/7/cc Tehran/=/PROPN/5/conj "
                  "././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("PAK>USAGOV:045", "PAK>IRNGOV:045"));
}

// An infinitive hung on a name that is the verb's object is the verb's purpose: its
// doer is the verb's subject, not the name.
TEST_F(CoderTest, InfinitiveOnObjectNameIsTheVerbsPurpose) {
  auto ev = Code({"Iran/=/PROPN/2/nsubj summoned/summon/VERB/0/root "
                  "Pakistan/=/PROPN/5/nmod:poss 's/=/PART/3/case ambassador/=/NOUN/6/nmod:desc "
                  "Asim/=/PROPN/2/obj Khan/=/PROPN/6/flat to/=/PART/9/mark "
                  "complain/=/VERB/6/acl ././PUNCT/2/punct"});
  std::vector<std::string> src = Sources(ev);
  ASSERT_EQ(src.size(), 2u) << ::testing::PrintToString(Triples(ev));
  EXPECT_EQ(src[0], "IRN");
  EXPECT_EQ(src[1], "IRN");
  // A common noun keeps its own clause ("a plan to attack"): not climbed.
  auto ev2 = Code({"Iran/=/PROPN/2/nsubj rejected/reject/VERB/0/root the/=/DET/4/det "
                   "demand/=/NOUN/2/obj to/=/PART/6/mark attack/=/VERB/4/acl "
                   "Pakistan/=/PROPN/6/obj ././PUNCT/2/punct"});
  for (const std::string& t : Triples(ev2)) EXPECT_FALSE(t.starts_with("IRN>PAK:19")) << t;
}

// "talks between Iran and the United States", "clashes between Pakistani troops and
// Afghan forces": a mutual event noun without a doer is done by its sides; mediation
// between two sides is not mutual.
TEST_F(CoderTest, MutualEventNounBetweenTwoSides) {
  EXPECT_THAT(Triples(Code({"Talks/talk/NOUN/6/nsubj between/=/ADP/3/case Iran/=/PROPN/1/nmod "
                            "and/=/CCONJ/5/cc Pakistan/=/PROPN/3/conj resumed/resume/VERB/0/root "
                            "././PUNCT/6/punct"})),
              ElementsAre("IRN>PAK:040"));
  EXPECT_THAT(Triples(Code({"Mediation/mediation/NOUN/6/nsubj between/=/ADP/3/case "
                            "Iran/=/PROPN/1/nmod and/=/CCONJ/5/cc Pakistan/=/PROPN/3/conj "
                            "resumed/resume/VERB/0/root ././PUNCT/6/punct"})),
              ElementsAre());
  // Both sides must be named: "the government" filled in from the context is no side.
  for (const std::string& t :
       Triples(Code({"Iran/=/PROPN/2/nsubj said/say/VERB/0/root ././PUNCT/2/punct",
                     "Talks/talk/NOUN/7/nsubj between/=/ADP/3/case Pakistan/=/PROPN/1/nmod "
                     "and/=/CCONJ/6/cc the/=/DET/6/det government/=/NOUN/3/conj "
                     "resumed/resume/VERB/0/root ././PUNCT/7/punct"})))
    EXPECT_FALSE(t.ends_with(":040")) << t;
}

// "fighting between Hungary and Romania" under another clause: a mutual act without a
// subject of its own is done by its two sides, not by the governing clause's subject.
TEST_F(CoderTest, MutualVerbBetweenTwoSidesWithoutSubject) {
  auto ev = Code({"Iran/=/PROPN/2/nsubj closed/close/VERB/0/root its/=/PRON/4/nmod:poss "
                  "borders/border/NOUN/2/obj because/=/SCONJ/7/mark of/=/SCONJ/7/mark "
                  "fighting/fight/VERB/2/advcl between/=/ADP/9/case Hungary/=/PROPN/7/obj "
                  "and/=/CCONJ/11/cc Romania/=/PROPN/9/conj ././PUNCT/2/punct"});
  std::vector<std::string> tr = Triples(ev);
  EXPECT_THAT(tr, Contains("HUN>ROU:190"));
  for (const std::string& t : tr) EXPECT_FALSE(t.starts_with("IRN>HUN:19")) << t;
}

// What someone is suspected or accused of is alleged, not coded as their act.
TEST_F(CoderTest, ActSuspectedOfIsNotAsserted) {
  EXPECT_THAT(Triples(Code({"Militants/militant/NOUN/0/root suspected/suspect/VERB/1/acl "
                            "by/=/ADP/4/case Iran/=/PROPN/2/obl:agent of/=/SCONJ/6/mark "
                            "attacking/attack/VERB/2/advcl Pakistan/=/PROPN/6/obj "
                            "././PUNCT/1/punct"})),
              ElementsAre());
  EXPECT_THAT(Triples(Code({"Militants/militant/NOUN/2/nsubj attacked/attack/VERB/0/root "
                            "Pakistan/=/PROPN/2/obj ././PUNCT/2/punct"})),
              Contains(::testing::StartsWith("PAKINS>PAK:")));
}

// A unilateral act has no counterpart: "declared a unilateral ceasefire with X" keeps
// its source and drops X.
TEST_F(CoderTest, UnilateralActHasNoTarget) {
  auto with = [&](bool unilateral) {
    std::string s = "Iran/=/PROPN/2/nsubj declared/declare/VERB/0/root a/=/DET/5/det ";
    s += unilateral ? "unilateral/=/ADJ/5/amod " : "new/=/ADJ/5/amod ";
    s += "ceasefire/=/NOUN/2/obj with/=/ADP/7/case Pakistan/=/PROPN/5/nmod ././PUNCT/2/punct";
    return Triples(Code({s}));
  };
  std::vector<std::string> plain = with(false), one_sided = with(true);
  ASSERT_FALSE(plain.empty());
  EXPECT_TRUE(plain[0].starts_with("IRN>PAK:")) << plain[0];
  ASSERT_FALSE(one_sided.empty());
  for (const std::string& t : one_sided) EXPECT_TRUE(t.starts_with("IRN>-:")) << t;
}

// "Araghchi and Asim Khan, minister, attacked": an office in apposition to an unknown name
// conjoined with a known actor is that actor's country's, not the document's other
// country's.
TEST_F(CoderTest, OfficeOfUnknownNameConjoinedWithKnownActor) {
  auto ev = Code({"Pakistan/=/PROPN/2/nsubj protested/protest/VERB/0/root ././PUNCT/2/punct",
                  "Pakistan/=/PROPN/2/nsubj protested/protest/VERB/0/root ././PUNCT/2/punct",
                  "Araghchi/=/PROPN/7/nsubj and/=/CCONJ/3/cc Asim/=/PROPN/1/conj "
                  "Khan/=/PROPN/3/flat ,/,/PUNCT/6/punct "
                  "minister/=/NOUN/3/appos attacked/attack/VERB/0/root militants/militant/NOUN/7/obj "
                  "././PUNCT/7/punct"});
  std::vector<std::string> src;
  for (const Event& e : ev)
    if (e.sentence_index == 2) src.push_back(e.source.code);
  EXPECT_THAT(src, Contains("IRNGOV"));
  EXPECT_THAT(src, Not(Contains("PAKGOV")));
}

// A state reporting strikes in another country speaks of its own; where a pronoun
// subject is ("those in Pakistan") is not who acts.
TEST_F(CoderTest, ReportedStrikesAbroadAreTheSpeakers) {
  auto ev = Code({"Tehran/=/PROPN/2/nsubj said/say/VERB/0/root the/=/DET/4/det "
                  "strikes/strike/NOUN/7/nsubj in/=/ADP/6/case Pakistan/=/PROPN/4/nmod "
                  "hit/hit/VERB/2/ccomp militants/militant/NOUN/7/obj ,/,/PUNCT/14/punct "
                  "while/=/SCONJ/14/mark those/that/PRON/14/nsubj in/=/ADP/13/case "
                  "Karachi/=/PROPN/11/nmod targeted/target/VERB/7/advcl "
                  "Jaish/=/PROPN/16/compound al-Adl/=/PROPN/14/obj ././PUNCT/2/punct"});
  std::vector<std::string> src = Sources(ev);
  ASSERT_FALSE(src.empty());
  EXPECT_EQ(src[0], "IRNGOV");
  for (const std::string& c : src) EXPECT_NE(c.substr(0, 3), "PAK") << c;
  // Said by the place's own police, the strikes stay an unidentified force's.
  auto own = Code({"Pakistani/=/ADJ/2/amod police/=/NOUN/3/nsubj said/say/VERB/0/root "
                   "the/=/DET/5/det strikes/strike/NOUN/8/nsubj in/=/ADP/7/case "
                   "Karachi/=/PROPN/5/nmod hit/hit/VERB/3/ccomp Iranian/=/ADJ/10/amod "
                   "diplomats/diplomat/NOUN/8/obj ././PUNCT/3/punct"});
  ASSERT_FALSE(own.empty());
  EXPECT_EQ(own[0].source.code, "PAKUAF");
}

// "Iran must agree to talks before Pakistan withdraws": the later step is no event yet;
// "Iran agreed to talks before Pakistan withdrew" codes both.
TEST_F(CoderTest, StepAfterADemandIsNoEvent) {
  auto must = Code({"Iran/=/PROPN/3/nsubj must/=/AUX/3/aux attack/=/VERB/0/root Hungary/=/PROPN/3/obj "
                    "before/=/SCONJ/7/mark Pakistan/=/PROPN/7/nsubj withdraws/withdraw/VERB/3/advcl "
                    "././PUNCT/3/punct"});
  for (const Event& e : must) EXPECT_NE(e.source.code, "PAK") << ::testing::PrintToString(Triples(must));
  auto past = Code({"Iran/=/PROPN/2/nsubj attacked/attack/VERB/0/root Hungary/=/PROPN/2/obj "
                    "before/=/SCONJ/6/mark Pakistan/=/PROPN/6/nsubj withdrew/withdraw/VERB/2/advcl "
                    "././PUNCT/2/punct"});
  EXPECT_TRUE(std::any_of(past.begin(), past.end(), [](const Event& e) { return e.source.code == "PAK"; }))
      << ::testing::PrintToString(Triples(past));
}

// "Iran will send troops to Hungary to attack the militants": the purpose of a future
// act is future too, a threat rather than an attack.
TEST_F(CoderTest, PurposeOfAFutureActIsFuture) {
  auto ev = Code({"Iran/=/PROPN/3/nsubj will/=/AUX/3/aux visit/=/VERB/0/root Hungary/=/PROPN/3/obj "
                  "to/=/PART/6/mark attack/=/VERB/3/advcl militants/militant/NOUN/6/obj "
                  "././PUNCT/3/punct"});
  bool attack = false;
  for (const Event& e : ev)
    if (e.trigger_text == "attack") {
      attack = true;
      EXPECT_EQ(e.modality, Modality::kFuture);
      EXPECT_EQ(e.cameo_root, "13") << e.cameo;
    }
  EXPECT_TRUE(attack) << ::testing::PrintToString(Triples(ev));
}

// Observers are international: "Pakistan received observers" has no Pakistani
// target; "received a mission from the UN" is aimed at the sender.
TEST_F(CoderTest, ObserversAreNotDomestic) {
  auto bare = Code({"Pakistan/=/PROPN/2/nsubj received/receive/VERB/0/root "
                    "observers/observer/NOUN/2/obj ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(bare), ElementsAre("PAK>PKO:0862"));
  auto from = Code({"Pakistan/=/PROPN/2/nsubj received/receive/VERB/0/root a/=/DET/4/det "
                    "mission/=/NOUN/2/obj from/=/ADP/7/case the/=/DET/7/det UN/=/PROPN/2/obl "
                    "././PUNCT/2/punct"});
  EXPECT_THAT(Triples(from), ElementsAre("PAK>IGOUNO:0862"));
}

// "Militants in Pakistan blew up power lines": armed non-state force that names no
// target is against their own country; troops that do the same keep no target.
TEST_F(CoderTest, ArmedGroupWithoutTargetActsAgainstItsCountry) {
  auto ev = Code({"Militants/militant/NOUN/4/nsubj in/=/ADP/3/case Pakistan/=/PROPN/1/nmod "
                  "attacked/attack/VERB/0/root yesterday/=/NOUN/4/obl:unmarked ././PUNCT/4/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("PAKINS>PAK:180"));
  auto troops = Code({"Pakistani/=/ADJ/2/amod troops/troop/NOUN/3/nsubj attacked/attack/VERB/0/root "
                      "yesterday/=/NOUN/3/obl:unmarked ././PUNCT/3/punct"});
  EXPECT_THAT(Triples(troops), ElementsAre("PAKMIL>-:190"));
}

// "Iran said on Tuesday that its troops had attacked militants", the that-clause read
// as a relative clause on "Tuesday": it has no gap, so it is the speech's complement
// (reported), not a relative clause.
TEST_F(CoderTest, GaplessThatClauseAfterSpeechIsReported) {
  auto ev = Code({"Iran/=/PROPN/2/nsubj said/say/VERB/0/root on/=/ADP/4/case Tuesday/=/PROPN/2/obl "
                  "that/=/PRON/9/obj its/=/PRON/7/nmod:poss troops/troop/NOUN/9/nsubj had/have/AUX/9/aux "
                  "attacked/attack/VERB/4/acl:relcl militants/militant/NOUN/9/obj ././PUNCT/2/punct"});
  ASSERT_EQ(ev.size(), 1u) << ::testing::PrintToString(Triples(ev));
  EXPECT_EQ(ev[0].trigger_text, "attacked");
  EXPECT_EQ(ev[0].modality, Modality::kReported);
}

// "The UN urged Iran to release the prisoners and to hold talks", the first infinitive
// read as a purpose clause and the second as its conjunct: both are demands on Iran;
// "engage in dialogue" is talk, not combat.
TEST_F(CoderTest, ConjoinedInfinitivesOfADemand) {
  auto ev = Code({"The/the/DET/3/det United/=/PROPN/3/compound Nations/=/PROPN/4/nsubj "
                  "urged/urge/VERB/0/root Iran/=/PROPN/4/obj to/=/PART/7/mark release/=/VERB/4/advcl "
                  "prisoners/prisoner/NOUN/7/obj and/=/CCONJ/11/cc to/=/PART/11/mark "
                  "engage/=/VERB/7/conj in/=/ADP/13/case dialogue/=/NOUN/11/obl ././PUNCT/4/punct"});
  EXPECT_THAT(Triples(ev), ::testing::UnorderedElementsAre("IGOUNO>IRN:1053", "IGOUNO>IRN:106"));
}

// Precision on news that is not political (issue 6): an event needs a political actor
// on at least one side, as PETRARCH codes only actors its dictionaries know.
TEST_F(CoderTest, NonPoliticalActorsOnBothSidesMakeNoEvent) {
  EXPECT_THAT(Triples(Code({"Fishermen/fisherman/NOUN/2/nsubj rescued/rescue/VERB/0/root "
                            "tourists/tourist/NOUN/2/obj ././PUNCT/2/punct"})),
              IsEmpty());
  EXPECT_THAT(Triples(Code({"Pakistani/=/ADJ/2/amod troops/troop/NOUN/3/nsubj "
                            "rescued/rescue/VERB/0/root tourists/tourist/NOUN/3/obj "
                            "././PUNCT/3/punct"})),
              ElementsAre("PAKMIL>PAKCVL:073"));
  // An ethnic or national people (agents marked PPL) is a political actor.
  EXPECT_THAT(Triples(Code({"The/the/DET/2/det Kurds/kurds/PROPN/3/nsubj vowed/vow/VERB/0/root "
                            "to/=/PART/5/mark fight/=/VERB/3/xcomp ././PUNCT/3/punct"})),
              ElementsAre("CVL>-:1384"));
  EXPECT_THAT(Triples(Code({"The/the/DET/2/det tourists/tourist/NOUN/3/nsubj vowed/vow/VERB/0/root "
                            "to/=/PART/5/mark fight/=/VERB/3/xcomp ././PUNCT/3/punct"})),
              IsEmpty());
}

// A country named as the place of a subjectless clause ("In Pakistan, supporting the
// plan ...") is no participant; named as the subject it is.
TEST_F(CoderTest, CountryNamedAsAPlaceIsNoActor) {
  EXPECT_THAT(Triples(Code({"In/in/ADP/2/case Pakistan/=/PROPN/3/obl supporting/support/VERB/0/root "
                            "the/the/DET/5/det plan/=/NOUN/3/obj ././PUNCT/3/punct"})),
              IsEmpty());
  EXPECT_THAT(Triples(Code({"Pakistan/=/PROPN/2/nsubj supported/support/VERB/0/root "
                            "the/the/DET/4/det plan/=/NOUN/2/obj ././PUNCT/2/punct"})),
              ElementsAre("PAK>-:051"));
}

// "The crane fell on the ministry, killing two people": the clause names its doer, a
// thing; the nearest actor before the verb is not the killer. A subject split by the
// parser ("Some 800 Pakistani soldiers") still finds its actor inside its words.
TEST_F(CoderTest, SubjectThatNamesNoActorLeavesNoSource) {
  EXPECT_THAT(Triples(Code({"The/the/DET/2/det crane/=/NOUN/3/nsubj fell/fall/VERB/0/root "
                            "on/=/ADP/6/case the/the/DET/6/det ministry/=/NOUN/3/obl ,/,/PUNCT/8/punct "
                            "killing/kill/VERB/3/advcl/VBG two/=/NUM/10/nummod "
                            "people/person/NOUN/8/obj ././PUNCT/3/punct"})),
              IsEmpty());
  auto ev = Code({"Some/some/DET/5/nsubj 800/=/NUM/4/nummod Pakistani/=/ADJ/4/amod "
                  "soldiers/soldier/NOUN/5/nsubj attacked/attack/VERB/0/root "
                  "Iranian/=/ADJ/7/amod militants/militant/NOUN/5/obj ././PUNCT/5/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("PAKMIL>IRNINS:190"));
}

// A pronoun finds its antecedent in its own sentence or the two before it, and not
// past a clause subject of its number that names no actor ("The rocket failed and it
// hit the village": "it" is the rocket).
TEST_F(CoderTest, PronounAntecedentsAreRecentAndUnblocked) {
  const std::string host =
      "Pakistan/=/PROPN/2/nsubj hosted/host/VERB/0/root talks/talk/NOUN/2/obj/NNS ././PUNCT/2/punct";
  const std::string filler = "Talks/talk/NOUN/2/nsubj/NNS ended/end/VERB/0/root ././PUNCT/2/punct";
  const std::string it_attacked =
      "It/it/PRON/2/nsubj attacked/attack/VERB/0/root militants/militant/NOUN/2/obj ././PUNCT/2/punct";
  auto from = [](const std::vector<Event>& ev, int sentence) {
    std::vector<std::string> out;
    for (const Event& e : ev)
      if (e.sentence_index == sentence) out.push_back(e.source.code + ":" + e.cameo);
    return out;
  };
  EXPECT_THAT(from(Code({host, filler, it_attacked}), 2), ElementsAre("PAK:190"));
  EXPECT_THAT(from(Code({host, filler, filler, filler, it_attacked}), 4), IsEmpty());
  EXPECT_THAT(from(Code({host,
                         "The/the/DET/2/det rocket/=/NOUN/3/nsubj/NN failed/fail/VERB/0/root "
                         "and/=/CCONJ/6/cc it/it/PRON/6/nsubj attacked/attack/VERB/3/conj "
                         "militants/militant/NOUN/6/obj ././PUNCT/3/punct"}),
                   1),
              IsEmpty());
}

// A pronoun stands for an agent subject of its number ("the foreign ministry said it
// ...", "tourists arrived ... They ...") rather than for a country, and never for a
// country named only as a place.
TEST_F(CoderTest, PronounsStandForAgentSubjectsNotPlaces) {
  auto ev = Code({"The/the/DET/4/det Pakistani/=/ADJ/4/amod foreign/=/ADJ/4/amod "
                  "ministry/=/NOUN/5/nsubj said/say/VERB/0/root it/it/PRON/7/nsubj "
                  "attacked/attack/VERB/5/ccomp militants/militant/NOUN/7/obj ././PUNCT/5/punct"});
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].source.code, "PAKGOV");
  ev = Code({"Tourists/tourist/NOUN/2/nsubj/NNS arrived/arrive/VERB/0/root in/=/ADP/4/case "
             "Pakistan/=/PROPN/2/obl ././PUNCT/2/punct",
             "They/they/PRON/2/nsubj attacked/attack/VERB/0/root the/the/DET/4/det "
             "ministry/=/NOUN/2/obj ././PUNCT/2/punct"});
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].source.code, "PAKCVL");
  // Without the tourists, "they" finds no antecedent: Pakistan is only a place.
  ev = Code({"It/it/PRON/2/expl rained/rain/VERB/0/root in/=/ADP/4/case "
             "Pakistan/=/PROPN/2/obl ././PUNCT/2/punct",
             "They/they/PRON/2/nsubj attacked/attack/VERB/0/root the/the/DET/4/det "
             "ministry/=/NOUN/2/obj ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), IsEmpty());
}

// Conversation in the first or second person (interviews) is not news; the same words
// quoted are reported speech.
TEST_F(CoderTest, FirstPersonTalkOutsideQuotesIsNoNews) {
  const std::string claim =
      "Pakistan/=/PROPN/4/nsubj attacked/attack/VERB/2/ccomp Iran/=/PROPN/4/obj ";
  EXPECT_THAT(Triples(Code({"I/I/PRON/2/nsubj think/=/VERB/0/root " + claim + "././PUNCT/2/punct"})),
              IsEmpty());
  EXPECT_THAT(Triples(Code({"I/I/PRON/2/nsubj said/say/VERB/0/root " + claim + "././PUNCT/2/punct"})),
              IsEmpty());
  EXPECT_THAT(Triples(Code({"\"/\"/PUNCT/3/punct I/I/PRON/3/nsubj said/say/VERB/0/root "
                            "Pakistan/=/PROPN/5/nsubj attacked/attack/VERB/3/ccomp Iran/=/PROPN/5/obj "
                            "././PUNCT/3/punct \"/\"/PUNCT/3/punct"})),
              ElementsAre("PAK>IRN:190"));
  EXPECT_THAT(Triples(Code({"You/you/PRON/2/nsubj see/=/VERB/5/parataxis ,/,/PUNCT/2/punct "
                            "Pakistan/=/PROPN/5/nsubj attacked/attack/VERB/0/root Iran/=/PROPN/5/obj "
                            "././PUNCT/5/punct"})),
              IsEmpty());
}

// Hosting needs a guest: receiving votes or materials is no meeting.
TEST_F(CoderTest, HostingNeedsAGuest) {
  EXPECT_THAT(Triples(Code({"Pakistan/=/PROPN/2/nsubj received/receive/VERB/0/root "
                            "the/the/DET/4/det votes/vote/NOUN/2/obj ././PUNCT/2/punct"})),
              IsEmpty());
  EXPECT_THAT(Triples(Code({"Pakistan/=/PROPN/2/nsubj received/receive/VERB/0/root "
                            "the/the/DET/5/det Iranian/=/ADJ/5/amod envoy/=/NOUN/2/obj "
                            "././PUNCT/2/punct"})),
              ElementsAre("PAK>IRNGOV:043"));
}

// A person's party is of the person's country with the party's sector: a former
// minister's party is no elite (ELI) but a party (PTY).
TEST_F(CoderTest, PersonsGroupTakesTheGroupsSector) {
  auto ev = Code({"Amir-Abdollahian/=/PROPN/3/nmod:poss 's/=/PART/1/case party/=/NOUN/4/nsubj "
                  "supported/support/VERB/0/root the/the/DET/6/det plan/=/NOUN/4/obj ././PUNCT/4/punct"},
                 "2024-06-01");
  EXPECT_THAT(Triples(ev), ElementsAre("IRNPTY>-:051"));
}

// "They remembered the Pakistan War": an event noun written with a capital names a
// (historical) event; its modifier is part of the name, not its doer.
TEST_F(CoderTest, CapitalisedEventNounIsAName) {
  EXPECT_THAT(Triples(Code({"They/they/PRON/2/nsubj remembered/remember/VERB/0/root "
                            "the/the/DET/5/det Pakistan/=/PROPN/5/compound War/war/NOUN/2/obj "
                            "././PUNCT/2/punct"})),
              IsEmpty());
  EXPECT_THAT(Triples(Code({"They/they/PRON/2/nsubj remembered/remember/VERB/0/root "
                            "the/the/DET/5/det Pakistan/=/PROPN/5/compound war/war/NOUN/2/obj "
                            "././PUNCT/2/punct"})),
              ElementsAre("PAK>-:190"));
}

// Headlines drop the passive auxiliary: "Pakistani dissident arrested in Iran" has the
// dissident as patient and no named doer. With a final full stop the line is a
// sentence and the participle an active verb.
TEST_F(CoderTest, HeadlinePassiveWithoutAuxiliary) {
  EXPECT_THAT(Triples(Code({"Pakistani/=/ADJ/2/amod dissident/=/NOUN/3/nsubj:pass "
                            "arrested/arrest/VERB/0/root/VBN in/=/ADP/5/case Iran/=/PROPN/3/obl"})),
              IsEmpty());
  EXPECT_THAT(Triples(Code({"Pakistani/=/ADJ/2/amod police/=/NOUN/3/nsubj:pass "
                            "arrested/arrest/VERB/0/root/VBN in/=/ADP/5/case Iran/=/PROPN/3/obl "
                            "././PUNCT/3/punct"})),
              Contains(::testing::StartsWith("PAK")));
}

// Discards: a sports team is not its country, and a sentence about a league's games is
// coded for nothing, whatever its verbs.
TEST_F(CoderTest, DiscardedNounsAndSentences) {
  const std::string sides =
      "The/the/DET/3/det Pakistani/=/ADJ/3/amod team/=/NOUN/4/nsubj attacked/attack/VERB/0/root "
      "the/the/DET/7/det Iranian/=/ADJ/7/amod ";
  EXPECT_THAT(Triples(Code({sides + "team/=/NOUN/4/obj ././PUNCT/4/punct"})), IsEmpty());
  EXPECT_THAT(Triples(Code({sides + "delegation/=/NOUN/4/obj ././PUNCT/4/punct"})), IsEmpty());
  EXPECT_THAT(Triples(Code({"The/the/DET/3/det Pakistani/=/ADJ/3/amod delegation/=/NOUN/4/nsubj "
                            "attacked/attack/VERB/0/root the/the/DET/7/det Iranian/=/ADJ/7/amod "
                            "delegation/=/NOUN/4/obj ././PUNCT/4/punct"})),
              ElementsAre("PAK>IRN:190"));
  EXPECT_THAT(Triples(Code({"In/in/ADP/3/case the/the/DET/3/det league/=/NOUN/5/obl Pakistan/=/PROPN/5/nsubj "
                            "attacked/attack/VERB/0/root Iran/=/PROPN/5/obj ././PUNCT/5/punct"})),
              ElementsAre("PAK>IRN:190"));
  EXPECT_THAT(Triples(Code({"In/in/ADP/4/case the/the/DET/4/det Premier/premier/PROPN/4/compound "
                            "League/league/PROPN/6/obl Pakistan/=/PROPN/6/nsubj "
                            "attacked/attack/VERB/0/root Iran/=/PROPN/6/obj ././PUNCT/6/punct"})),
              IsEmpty());
}

// "Militants in Pakistan gathered and attacked Iranian troops", the first verb tagged
// as a participle modifying the noun: with its conjunct's object it is a finite verb,
// and the conjunct shares its subject.
TEST_F(CoderTest, ParticipleWithConjoinedObjectIsFinite) {
  auto ev = Code({"Militants/militant/NOUN/0/root in/=/ADP/3/case Pakistan/=/PROPN/1/nmod "
                  "gathered/gather/VERB/1/acl/VBN and/=/CCONJ/6/cc attacked/attack/VERB/4/conj "
                  "Iranian/=/ADJ/8/amod troops/troop/NOUN/6/obj ././PUNCT/1/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("PAKINS>IRNMIL:180"));
}

// "Pakistani officials hosted Iranian officials", the guests read as a subject after
// the verb and the hosts as a modifier: the guests are the object.
TEST_F(CoderTest, PostverbalSubjectOfActiveVerbIsItsObject) {
  auto ev = Code({"Pakistani/=/ADJ/2/amod officials/official/NOUN/3/compound hosted/host/VERB/0/root "
                  "Iranian/=/ADJ/5/amod officials/official/NOUN/3/nsubj ././PUNCT/3/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("PAKGOV>IRNGOV:043"));
}

// "Pakistan forced the UN agency out of the country": the particle opens a phrase on
// the object ("out of"), and expelling an aid agency is 1663.
TEST_F(CoderTest, ParticleOpeningAPhrase) {
  auto ev = Code({"Pakistan/=/PROPN/2/nsubj forced/force/VERB/0/root the/=/DET/5/det "
                  "UN/=/PROPN/5/compound agency/=/NOUN/2/obj out/=/ADP/9/case of/=/ADP/9/case "
                  "the/=/DET/9/det country/=/NOUN/5/nmod ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("PAK>IGOUNO:1663"));
}

// "Pakistan lifted restrictions on the use of the Iranian language": a language named
// by a nationality is no target.
TEST_F(CoderTest, LanguageIsNoActor) {
  auto ev = Code({"Pakistan/=/PROPN/2/nsubj lifted/lift/VERB/0/root restrictions/restriction/NOUN/2/obj "
                  "on/=/ADP/6/case the/=/DET/6/det use/=/NOUN/3/nmod of/=/ADP/10/case the/=/DET/10/det "
                  "Iranian/=/ADJ/10/amod language/=/NOUN/6/nmod ././PUNCT/2/punct"});
  ASSERT_EQ(ev.size(), 1u) << ::testing::PrintToString(Triples(ev));
  EXPECT_FALSE(ev[0].has_target) << ::testing::PrintToString(Triples(ev));
}

// "Pakistan recalled its envoy a day after Iranian drones hit a village", 'after' read
// as a preposition on 'day' and 'hit' as a conjunct of 'recalled': the drones are the
// subject of 'hit', not Pakistan.
TEST_F(CoderTest, SubordinateClauseSubjectReadAsOblique) {
  auto ev = Code({"Pakistan/=/PROPN/2/nsubj recalled/recall/VERB/0/root its/=/PRON/4/nmod:poss "
                  "envoy/=/NOUN/2/obj a/=/DET/6/det day/=/NOUN/10/obl:unmarked after/=/ADP/9/case "
                  "Iranian/=/ADJ/9/amod drones/drone/NOUN/6/nmod hit/hit/VERB/2/conj/VBD "
                  "a/=/DET/12/det village/=/NOUN/10/obj in/=/ADP/14/case Pakistan/=/PROPN/12/nmod "
                  "././PUNCT/2/punct"});
  std::vector<std::string> hits;
  for (const auto& e : ev)
    if (e.cameo_root == "19" || e.cameo_root == "18") hits.push_back(e.source.code);
  ASSERT_EQ(hits.size(), 1u) << ::testing::PrintToString(Triples(ev));
  EXPECT_EQ(hits[0].substr(0, 3), "IRN") << ::testing::PrintToString(Triples(ev));
}

// "He said no Pakistani soldier was hit", "Nobody was attacked": an event that happened
// to no one is negated (flagged "negated"; --drop-negated drops it).
TEST_F(CoderTest, EventOnNoOneIsNegated) {
  auto ev = Code({"Iran/=/PROPN/2/nsubj said/say/VERB/0/root no/=/DET/5/det "
                  "Pakistani/=/ADJ/5/amod soldier/=/NOUN/7/nsubj:pass was/be/AUX/7/aux:pass "
                  "hit/hit/VERB/2/ccomp/VBN ././PUNCT/2/punct"});
  for (const auto& e : ev)
    if (e.cameo_root == "19") EXPECT_TRUE(e.negated) << ::testing::PrintToString(Triples(ev));
  auto ev2 = Code({"Iranian/=/ADJ/2/amod drones/drone/NOUN/3/nsubj hit/hit/VERB/0/root/VBD "
                   "no/=/DET/6/det Pakistani/=/ADJ/6/amod soldiers/soldier/NOUN/3/obj ././PUNCT/3/punct"});
  ASSERT_EQ(ev2.size(), 1u) << ::testing::PrintToString(Triples(ev2));
  EXPECT_TRUE(ev2[0].negated);
  auto ev3 = Code({"Iranian/=/ADJ/2/amod drones/drone/NOUN/3/nsubj hit/hit/VERB/0/root/VBD "
                   "two/=/NUM/6/nummod Pakistani/=/ADJ/6/amod soldiers/soldier/NOUN/3/obj ././PUNCT/3/punct"});
  ASSERT_EQ(ev3.size(), 1u) << ::testing::PrintToString(Triples(ev3));
  EXPECT_FALSE(ev3[0].negated);
}

// "Pakistan's ministry said two children were killed and condemned the attack", the
// condemnation attached to the passive: it is the speaker's.
TEST_F(CoderTest, VerbalActConjoinedToReportedPassiveIsTheSpeakers) {
  auto ev = Code({"Pakistan/=/PROPN/3/nmod:poss 's/=/PART/1/case ministry/=/NOUN/4/nsubj "
                  "said/say/VERB/0/root two/=/NUM/6/nummod children/child/NOUN/8/nsubj:pass "
                  "were/be/AUX/8/aux:pass killed/kill/VERB/4/ccomp/VBN and/=/CCONJ/10/cc "
                  "condemned/condemn/VERB/8/conj/VBD Iran/=/PROPN/10/obj ././PUNCT/4/punct"});
  std::vector<std::string> c11;
  for (const auto& e : ev)
    if (e.cameo_root == "11") c11.push_back(e.source.code);
  ASSERT_EQ(c11.size(), 1u) << ::testing::PrintToString(Triples(ev));
  EXPECT_EQ(c11[0], "PAKGOV") << ::testing::PrintToString(Triples(ev));
}

// "Will Iran strike Pakistan again?": a question, not a threat.
TEST_F(CoderTest, FutureQuestionIsAQuestion) {
  auto ev = Code({"Will/will/AUX/3/aux Iran/=/PROPN/3/nsubj strike/strike/VERB/0/root "
                  "Pakistan/=/PROPN/3/obj again/=/ADV/3/advmod ?/?/PUNCT/3/punct"});
  ASSERT_EQ(ev.size(), 1u) << ::testing::PrintToString(Triples(ev));
  EXPECT_EQ(ev[0].modality, Modality::kQuestion);
  EXPECT_NE(ev[0].cameo_root, "13") << ::testing::PrintToString(Triples(ev));
  auto stmt = Code({"Iran/=/PROPN/3/nsubj will/will/AUX/3/aux strike/strike/VERB/0/root "
                    "Pakistan/=/PROPN/3/obj again/=/ADV/3/advmod ././PUNCT/3/punct"});
  ASSERT_EQ(stmt.size(), 1u) << ::testing::PrintToString(Triples(stmt));
  EXPECT_EQ(stmt[0].cameo_root, "13") << ::testing::PrintToString(Triples(stmt));
}

// "Pakistan attacked militants. Iran defended itself": a reflexive object is no target
// (not the last country named), but a target after it still counts.
TEST_F(CoderTest, ReflexiveObjectIsNoTarget) {
  auto ev = Code({"Pakistan/=/PROPN/2/nsubj attacked/attack/VERB/0/root militants/militant/NOUN/2/obj ././PUNCT/2/punct",
                  "Iran/=/PROPN/2/nsubj defended/defend/VERB/0/root itself/itself/PRON/2/obj "
                  "against/=/ADP/5/case Pakistan/=/PROPN/2/obl ././PUNCT/2/punct"});
  for (const auto& e : ev)
    if (e.source.code.rfind("IRN", 0) == 0 && e.has_target)
      EXPECT_EQ(e.target.code.substr(0, 3), "PAK") << ::testing::PrintToString(Triples(ev));
  auto ev2 = Code({"Pakistan/=/PROPN/2/nsubj attacked/attack/VERB/0/root militants/militant/NOUN/2/obj ././PUNCT/2/punct",
                   "Iran/=/PROPN/2/nsubj defended/defend/VERB/0/root itself/itself/PRON/2/obj ././PUNCT/2/punct"});
  for (const auto& e : ev2)
    if (e.source.code.rfind("IRN", 0) == 0)
      EXPECT_FALSE(e.has_target) << ::testing::PrintToString(Triples(ev2));
}

// "Iran struck Pakistan to defend itself": the purpose clause's reflexive object is the
// source, so the clause does not take the governor's object as its target.
TEST_F(CoderTest, ReflexivePurposeClauseKeepsNoTarget) {
  auto ev = Code({"Iran/=/PROPN/2/nsubj warned/warn/VERB/0/root Pakistan/=/PROPN/2/obj to/=/PART/5/mark "
                  "defend/defend/VERB/2/advcl itself/itself/PRON/5/obj ././PUNCT/2/punct"});
  for (const auto& e : ev)
    if (e.trigger_text == "defend")
      EXPECT_FALSE(e.has_target) << ::testing::PrintToString(Triples(ev));
}

TEST_F(CoderTest, PatternFileFiguresAndErrors) {
  std::printf("data/dict/verbs.txt: %zu distinct trigger lemmas\n",
              patterns_->trigger_lemma_count());
  EXPECT_GE(patterns_->trigger_lemma_count(), 400u);
  std::vector<Status> errs;
  auto bad = PatternSet::Parse("999 | explode\n", "v.txt", *cameo_, {}, nullptr);
  ASSERT_FALSE(bad.ok());  // unknown CAMEO code: always an error
  EXPECT_THAT(bad.status().message(), ::testing::HasSubstr("v.txt:1:"));
  auto lenient = PatternSet::Parse("190 | fight\n190\n190 | x | obj\n", "v.txt", *cameo_, {},
                                   [&](const Status& st) { errs.push_back(st); });
  ASSERT_TRUE(lenient.ok());
  ASSERT_EQ(errs.size(), 2u);
  EXPECT_THAT(errs[0].message(), ::testing::HasSubstr("v.txt:2:"));
  EXPECT_THAT(errs[1].message(), ::testing::HasSubstr("v.txt:3:"));
  PatternLoadOptions strict;
  strict.strict = true;
  EXPECT_FALSE(PatternSet::Parse("190 | fight\n190\n", "v.txt", *cameo_, strict, nullptr).ok());
}

// Parser variation: a full sentence whose verb was read as a reduced relative on the
// subject noun ("The parliament threatened on Monday to attack Pakistan ." with
// "parliament" the root, "threatened" acl) still codes the subject as the doer; a
// headline-like line without final punctuation keeps the participle a passive.
TEST_F(CoderTest, MainVerbReadAsClauseOnRootNounIsActive) {
  const std::string toks =
      "The/the/DET/3/det Iranian/=/ADJ/3/amod government/=/NOUN/0/root "
      "threatened/threaten/VERB/3/acl/VBN on/=/ADP/6/case Monday/=/PROPN/4/obl "
      "to/=/PART/8/mark attack/attack/VERB/4/advcl Pakistan/=/PROPN/8/obj";
  auto ev = Code({toks + " ././PUNCT/3/punct"});
  ASSERT_FALSE(ev.empty());
  for (const auto& e : ev) {
    EXPECT_EQ(e.source.code, "IRNGOV") << ::testing::PrintToString(Triples(ev));
    EXPECT_EQ(e.cameo_root, "13") << ::testing::PrintToString(Triples(ev));
  }
  // A clause with a subject of its own stays a contact relative on the noun.
  auto rel = Code({"The/the/DET/2/det demands/demand/NOUN/0/root Pakistan/=/PROPN/4/nsubj "
                   "rejected/reject/VERB/2/acl:relcl/VBD ././PUNCT/2/punct"});
  EXPECT_THAT(rel, IsEmpty()) << ::testing::PrintToString(Triples(rel));
}

// Parser variation: "In what was called a u-turn, the Iranian government reneged on its
// promise to Pakistan ." with "what" the root and "reneged" a relative clause on it:
// the clause is the main clause, not a description of a participant.
TEST_F(CoderTest, RelativeClauseOnRootPronounIsTheMainClause) {
  auto ev = Code({"In/in/ADP/2/case what/what/PRON/0/root was/be/AUX/4/aux:pass "
                  "called/call/VERB/11/advcl/VBN a/a/DET/6/det u-turn/=/NOUN/4/xcomp ,/,/PUNCT/6/punct "
                  "the/the/DET/10/det Iranian/=/ADJ/10/amod government/=/NOUN/11/nsubj "
                  "reneged/renege/VERB/2/acl:relcl/VBD on/=/ADP/14/case its/its/PRON/14/nmod:poss "
                  "promise/=/NOUN/11/obl to/=/ADP/16/case Pakistan/=/PROPN/14/nmod ././PUNCT/2/punct"});
  std::vector<std::string> c12;
  for (const auto& e : ev)
    if (e.cameo_root == "12") c12.push_back(e.source.code);
  ASSERT_EQ(c12.size(), 1u) << ::testing::PrintToString(Triples(ev));
  EXPECT_EQ(c12[0], "IRNGOV");
}


// "Iran shared intelligence on militants with Pakistan": what cooperation is "on" is its
// topic; the partner is the target. (Force keeps "on": "strikes on militants".)
TEST_F(CoderTest, TopicOfCooperationIsNoTarget) {
  auto ev = Code({"Iran/=/PROPN/2/nsubj shared/share/VERB/0/root intelligence/=/NOUN/2/obj "
                  "on/=/ADP/5/case militants/militant/NOUN/2/obl with/=/ADP/7/case "
                  "Pakistan/=/PROPN/2/obl ././PUNCT/2/punct"});
  ASSERT_EQ(ev.size(), 1u) << ::testing::PrintToString(Triples(ev));
  EXPECT_EQ(Triples(ev)[0], "IRN>PAK:064");
}

// Parser variation: "The Iranian government agreed to share information Friday on
// prisoners", the oblique hung on "Friday" so that no target slot is left: the nearest
// actor, the source's own unnamed people, is no target of its cooperation.
TEST_F(CoderTest, NearestOwnPeopleAreNoTargetOfCooperation) {
  auto ev = Code({"The/the/DET/3/det Iranian/=/ADJ/3/amod government/=/NOUN/4/nsubj "
                  "agreed/agree/VERB/0/root to/=/PART/6/mark share/share/VERB/4/xcomp "
                  "information/=/NOUN/6/obj Friday/=/PROPN/6/obl:unmarked on/=/ADP/10/case "
                  "prisoners/prisoner/NOUN/8/nmod ././PUNCT/4/punct"});
  ASSERT_FALSE(ev.empty());
  for (const auto& e : ev) {
    EXPECT_EQ(e.source.code, "IRNGOV") << ::testing::PrintToString(Triples(ev));
    EXPECT_FALSE(e.has_target) << ::testing::PrintToString(Triples(ev));
  }
}


// Parser variation: "Pakistan summoned Iran's envoy to complain over militants", the
// "over" phrase hung on "complain" rather than on a noun: what a complaint is over is
// its cause; the complaint is aimed at the envoy summoned.
TEST_F(CoderTest, ComplaintOverSomethingIsAimedAtTheSummonedEnvoy) {
  auto ev = Code({"Pakistan/=/PROPN/2/nsubj summoned/summon/VERB/0/root Iran/=/PROPN/5/nmod:poss "
                  "'s/'s/PART/3/case envoy/=/NOUN/2/obj to/=/PART/7/mark complain/=/VERB/2/advcl "
                  "over/=/ADP/9/case militants/militant/NOUN/7/obl ././PUNCT/2/punct"});
  std::vector<std::string> c11;
  for (const auto& e : ev)
    if (e.cameo_root == "11") c11.push_back(Triples({e})[0]);
  EXPECT_THAT(c11, ElementsAre("PAK>IRNGOV:110")) << ::testing::PrintToString(Triples(ev));
}


// Parser variation: "The United States completed the withdrawal of its troops from
// Pakistan", "from Pakistan" hung on "troops" rather than on "withdrawal": the
// pattern's own target preposition on the event noun's theme still names the target.
TEST_F(CoderTest, WithdrawalFromOnTheThemeNamesTheTarget) {
  auto ev = Code({"The/the/DET/3/det United/=/PROPN/3/compound States/=/PROPN/4/nsubj "
                  "completed/complete/VERB/0/root the/the/DET/6/det withdrawal/=/NOUN/4/obj "
                  "of/=/ADP/9/case its/its/PRON/9/nmod:poss troops/troop/NOUN/6/nmod "
                  "from/=/ADP/11/case Pakistan/=/PROPN/9/nmod ././PUNCT/4/punct"});
  ASSERT_EQ(ev.size(), 1u) << ::testing::PrintToString(Triples(ev));
  EXPECT_EQ(Triples(ev)[0], "USA>PAK:0872");
}

// Parser variation: "Protesters in Tehran blocked a road, Pakistani officials said", the
// reporting clause read as the complement (ccomp) of "blocked": its subject is the
// reporter, not the protest's target.
TEST_F(CoderTest, ReportingClauseHungOnTheEventIsNoTarget) {
  auto ev = Code({"Protesters/protester/NOUN/4/nsubj in/=/ADP/3/case Tehran/=/PROPN/1/nmod "
                  "blocked/block/VERB/0/root a/a/DET/6/det road/=/NOUN/4/obj ,/,/PUNCT/10/punct "
                  "Pakistani/=/ADJ/9/amod officials/official/NOUN/10/nsubj said/say/VERB/4/ccomp "
                  "././PUNCT/4/punct"});
  ASSERT_FALSE(ev.empty());
  for (const auto& e : ev)
    EXPECT_NE(e.has_target ? e.target.code : "", "PAKGOV") << ::testing::PrintToString(Triples(ev));
}


// Parser variation: "Pakistan deported 200 Iranians for travelling without papers", the
// reason clause hung on the people deported rather than on the verb: still the reason
// for the expulsion, not an event of its own.
TEST_F(CoderTest, ReasonClauseOnThePunishedIsNoEvent) {
  auto ev = Code({"Pakistan/=/PROPN/2/nsubj deported/deport/VERB/0/root 200/=/NUM/4/nummod "
                  "Iranians/Iranians/PROPN/2/obj for/for/ADP/6/mark traveling/travel/VERB/4/acl/VBG "
                  "to/=/ADP/8/case Pakistan/=/PROPN/6/obl without/=/ADP/10/case "
                  "papers/paper/NOUN/6/obl ././PUNCT/2/punct"});
  ASSERT_EQ(ev.size(), 1u) << ::testing::PrintToString(Triples(ev));
  EXPECT_EQ(ev[0].trigger_text, "deported");
}


// Parser variation: "Pakistani troops opened fire to disperse protesters", the aim read
// as the complement (xcomp) rather than a purpose clause: one act of force, aimed at
// the protesters, not a second event.
TEST_F(CoderTest, AimOfForceReadAsComplementIsOneEvent) {
  auto ev = Code({"Pakistani/=/ADJ/2/amod troops/troop/NOUN/3/nsubj opened/open/VERB/0/root "
                  "fire/=/NOUN/3/obj to/=/PART/6/mark disperse/=/VERB/3/xcomp "
                  "protesters/protester/NOUN/6/obj ././PUNCT/3/punct"});
  ASSERT_EQ(ev.size(), 1u) << ::testing::PrintToString(Triples(ev));
  EXPECT_EQ(ev[0].trigger_text.substr(0, 6), "opened");
  EXPECT_EQ(ev[0].target.code, "PAKOPP") << ::testing::PrintToString(Triples(ev));
  // The aim read as a clause on "fire", with the outcome ("killing two") hung on it.
  auto acl = Code({"Pakistani/=/ADJ/2/amod troops/troop/NOUN/3/nsubj opened/open/VERB/0/root "
                   "fire/=/NOUN/3/obj to/=/PART/6/mark disperse/=/VERB/4/acl "
                   "protesters/protester/NOUN/6/obj ,/,/PUNCT/9/punct killing/kill/VERB/6/advcl/VBG "
                   "two/=/NUM/9/obj ././PUNCT/3/punct"});
  ASSERT_EQ(acl.size(), 1u) << ::testing::PrintToString(Triples(acl));
  EXPECT_EQ(acl[0].trigger_text.substr(0, 6), "opened");
}

// Parser variation: "Troops opened fire on protesters, killing two, officials said", the
// participle hung on the reporting verb: still the outcome of the shooting.
TEST_F(CoderTest, OutcomeHungOnTheReportingVerbIsNoSecondEvent) {
  auto ev = Code({"Pakistani/=/ADJ/2/amod troops/troop/NOUN/3/nsubj opened/open/VERB/12/ccomp "
                  "fire/=/NOUN/3/obj on/=/ADP/6/case protesters/protester/NOUN/3/obl ,/,/PUNCT/8/punct "
                  "killing/kill/VERB/12/advcl/VBG two/=/NUM/8/obj ,/,/PUNCT/11/punct "
                  "officials/official/NOUN/12/nsubj said/say/VERB/0/root ././PUNCT/12/punct"});
  ASSERT_EQ(ev.size(), 1u) << ::testing::PrintToString(Triples(ev));
  EXPECT_EQ(ev[0].trigger_text.substr(0, 6), "opened");
}


// "Iran must free the prisoners before aid to Pakistan is released": an adverbial clause
// in the passive names no agent, and the governor's subject is not its doer (whatever
// the parser makes of "before").
TEST_F(CoderTest, PassiveAdverbialClauseInheritsNoSubject) {
  auto ev = Code({"Pakistan/=/PROPN/2/nsubj said/say/VERB/0/root Iran/=/PROPN/5/nsubj "
                  "must/must/AUX/5/aux reach/reach/VERB/2/ccomp an/a/DET/7/det "
                  "agreement/=/NOUN/5/obj before/=/ADP/9/case aid/=/NOUN/5/obl "
                  "is/be/AUX/11/aux:pass released/release/VERB/5/advcl/VBN ././PUNCT/2/punct"});
  for (const auto& e : ev)
    EXPECT_NE(e.trigger_text, "released") << ::testing::PrintToString(Triples(ev));
}


// Parser variation: "Iranian officials issued a statement demanding that Pakistan act",
// the participle read as a clause on "statement": a statement naming no actor and no
// owner does not act; who issued it demands.
TEST_F(CoderTest, ParticipleOnIssuedStatementTakesTheIssuer) {
  auto ev = Code({"Iranian/=/ADJ/2/amod officials/official/NOUN/3/nsubj issued/issue/VERB/0/root "
                  "a/a/DET/5/det statement/=/NOUN/3/obj demanding/demand/VERB/5/acl/VBG "
                  "that/=/SCONJ/9/mark Pakistan/=/PROPN/9/nsubj act/act/VERB/6/ccomp ././PUNCT/3/punct"});
  std::vector<std::string> c10;
  for (const auto& e : ev)
    if (e.cameo_root == "10")
      c10.push_back(e.source.code + ">" + (e.has_target ? e.target.code : "-"));
  EXPECT_THAT(c10, ElementsAre("IRNGOV>PAK")) << ::testing::PrintToString(Triples(ev));
}

// Parser variation: "The Iranian government ordered Pakistani officials to appear", the
// object read as a second subject after the verb: still the one ordered.
TEST_F(CoderTest, ObjectReadAsSecondSubjectIsTheObject) {
  auto ev = Code({"The/the/DET/3/det Iranian/=/ADJ/3/amod government/=/NOUN/4/nsubj "
                  "ordered/order/VERB/0/root Pakistani/=/ADJ/6/amod officials/official/NOUN/4/nsubj "
                  "to/=/PART/8/mark appear/appear/VERB/4/advcl ././PUNCT/4/punct"});
  ASSERT_FALSE(ev.empty());
  for (const auto& e : ev) {
    EXPECT_EQ(e.source.code, "IRNGOV") << ::testing::PrintToString(Triples(ev));
    EXPECT_EQ(e.has_target ? e.target.code : "", "PAKGOV") << ::testing::PrintToString(Triples(ev));
  }
}


// Parser variation: "Pakistan summoned Iran's envoy to complain" with the purpose clause
// hung on "envoy": still the summoner's purpose, aimed at the envoy.
TEST_F(CoderTest, PurposeClauseHungOnTheObject) {
  auto ev = Code({"Pakistan/=/PROPN/2/nsubj summoned/summon/VERB/0/root Iran/=/PROPN/5/nmod:poss "
                  "'s/'s/PART/3/case envoy/=/NOUN/2/obj to/=/PART/7/mark complain/=/VERB/5/advcl "
                  "././PUNCT/2/punct"});
  std::vector<std::string> c11;
  for (const auto& e : ev)
    if (e.cameo_root == "11") c11.push_back(Triples({e})[0]);
  EXPECT_THAT(c11, ElementsAre("PAK>IRNGOV:110")) << ::testing::PrintToString(Triples(ev));
}


// Parser variation: "Pakistan said on Monday it had expelled Iran's envoy" with the
// reported clause read as a relative clause on "Monday" ("the day it expelled"): it is
// what was said, not a description of the day.
TEST_F(CoderTest, ReportedClauseReadAsRelativeOnTheDay) {
  auto ev = Code({"Pakistan/=/PROPN/2/nsubj said/say/VERB/0/root on/=/ADP/4/case "
                  "Monday/=/PROPN/2/obl it/it/PRON/7/nsubj had/have/AUX/7/aux "
                  "expelled/expel/VERB/4/acl:relcl/VBN Iran/=/PROPN/10/nmod:poss 's/'s/PART/8/case "
                  "envoy/=/NOUN/7/obj ././PUNCT/2/punct"});
  std::vector<std::string> c16;
  for (const auto& e : ev)
    if (e.cameo_root == "16") c16.push_back(e.source.code + ">" + e.target.code);
  EXPECT_THAT(c16, ElementsAre("PAK>IRNGOV")) << ::testing::PrintToString(Triples(ev));
}


// Parser variation: "Iran threatened to stop negotiations to cut tariffs if Pakistan
// attacks", the second infinitive read as advcl rather than xcomp: the threat is still
// aimed at whoever must meet the condition under it.
TEST_F(CoderTest, ConditionUnderAnInfinitiveReadAsAdvclNamesTheThreatTarget) {
  auto ev = Code({"Iran/=/PROPN/2/nsubj threatened/threaten/VERB/0/root to/=/PART/4/mark "
                  "stop/stop/VERB/2/xcomp negotiations/negotiation/NOUN/4/obj to/=/PART/7/mark "
                  "cut/cut/VERB/4/advcl tariffs/tariff/NOUN/7/obj if/=/SCONJ/11/mark "
                  "Pakistan/=/PROPN/11/nsubj attacks/attack/VERB/7/advcl ././PUNCT/2/punct"});
  std::vector<std::string> c13;
  for (const auto& e : ev)
    if (e.cameo_root == "13")
      c13.push_back(e.source.code + ">" + (e.has_target ? e.target.code : "-"));
  EXPECT_THAT(c13, Contains("IRN>PAK")) << ::testing::PrintToString(Triples(ev));
  EXPECT_THAT(c13, ::testing::Not(Contains("IRN>-"))) << ::testing::PrintToString(Triples(ev));
}


// Parser variation: "Iran today threatened to attack Pakistan" with "Iran" read as a
// compound of "today": the actor named in the bare time word is the subject.
TEST_F(CoderTest, SubjectReadAsCompoundOfToday) {
  auto ev = Code({"Iran/=/PROPN/2/compound today/today/NOUN/3/obl:unmarked "
                  "threatened/threaten/VERB/0/root to/=/PART/5/mark attack/attack/VERB/3/xcomp "
                  "Pakistan/=/PROPN/5/obj ././PUNCT/3/punct"});
  ASSERT_FALSE(ev.empty());
  for (const auto& e : ev) EXPECT_EQ(e.source.code, "IRN") << ::testing::PrintToString(Triples(ev));
}

// Parser variation: "Iran threatened to attack unless Pakistan accepted its terms" with
// the condition read as a conjunct of "threatened": a condition, not an event.
TEST_F(CoderTest, ConditionReadAsConjunctIsNoEvent) {
  auto ev = Code({"Iran/=/PROPN/2/nsubj threatened/threaten/VERB/0/root to/=/PART/4/mark "
                  "attack/attack/VERB/2/xcomp unless/unless/SCONJ/7/mark Pakistan/=/PROPN/7/nsubj "
                  "accepted/accept/VERB/2/conj its/its/PRON/9/nmod:poss terms/term/NOUN/7/obj "
                  "././PUNCT/2/punct"});
  for (const auto& e : ev)
    EXPECT_NE(e.trigger_text, "accepted") << ::testing::PrintToString(Triples(ev));
}


// Parser variation: "Militants blew up three power lines" with "lines" read as a clausal
// complement (ccomp): a bare noun with no subject, copula or marker is the object.
TEST_F(CoderTest, NounReadAsClausalComplementIsTheObject) {
  auto ev = Code({"Iranian/=/ADJ/2/amod militants/militant/NOUN/3/nsubj blew/blow/VERB/0/root "
                  "up/up/ADP/3/compound:prt three/=/NUM/7/nummod power/=/NOUN/7/compound "
                  "lines/line/NOUN/3/ccomp ././PUNCT/3/punct"});
  ASSERT_EQ(ev.size(), 1u) << ::testing::PrintToString(Triples(ev));
  EXPECT_EQ(ev[0].cameo_root, "17") << ::testing::PrintToString(Triples(ev));
}


// Parser variation: "Ali Rezaei, Iran's official, visited Pakistan" with the description
// between commas not attached as the name's apposition: a name the dictionaries do not
// know takes the actor its description names.
TEST_F(CoderTest, UnknownNameTakesTheDescriptionBetweenCommas) {
  auto ev = Code({"Ali/=/PROPN/8/nsubj Rezaei/=/PROPN/1/flat ,/,/PUNCT/6/punct "
                  "Iran/=/PROPN/6/nmod:poss 's/'s/PART/4/case official/official/NOUN/8/obl "
                  ",/,/PUNCT/6/punct visited/visit/VERB/0/root Pakistan/=/PROPN/8/obj "
                  "././PUNCT/8/punct"});
  ASSERT_EQ(ev.size(), 1u) << ::testing::PrintToString(Triples(ev));
  EXPECT_EQ(Triples(ev)[0], "IRNGOV>PAK:042");
}


// Parser variation: "Up to 500 Iranian protesters blocked a road" with "Up" read as the
// subject and the protesters as its oblique: the people counted are the subject.
TEST_F(CoderTest, QuantityReadAsSubjectGivesItsNoun) {
  auto ev = Code({"Up/up/ADP/6/nsubj to/to/ADP/5/case 500/=/NUM/5/nummod Iranian/=/ADJ/5/amod "
                  "protesters/protester/NOUN/1/obl blocked/block/VERB/0/root a/a/DET/8/det "
                  "road/road/NOUN/6/obj ././PUNCT/6/punct"});
  ASSERT_EQ(ev.size(), 1u) << ::testing::PrintToString(Triples(ev));
  EXPECT_EQ(ev[0].source.code.substr(0, 3), "IRN") << ::testing::PrintToString(Triples(ev));
  // "Up" read as an adverb of the verb instead, the people still under it.
  auto adv = Code({"Up/up/ADP/6/advmod to/to/ADP/5/case 500/=/NUM/5/nummod Iranian/=/ADJ/5/amod "
                   "protesters/protester/NOUN/1/obl blocked/block/VERB/0/root a/a/DET/8/det "
                   "road/road/NOUN/6/obj ././PUNCT/6/punct"});
  ASSERT_EQ(adv.size(), 1u) << ::testing::PrintToString(Triples(adv));
  EXPECT_EQ(adv[0].source.code.substr(0, 3), "IRN") << ::testing::PrintToString(Triples(adv));
}

// Parser variation: "Iran will send aid to Pakistan, the United Nations said" with the
// reporter read as a bare oblique of "send": set off by a comma, it is no object.
TEST_F(CoderTest, ReporterReadAsBareObliqueIsNoTarget) {
  auto ev = Code({"Iran/=/PROPN/3/nsubj will/will/AUX/3/aux send/send/VERB/0/root "
                  "aid/aid/NOUN/3/obj to/=/ADP/6/case Pakistan/=/PROPN/3/obl ,/,/PUNCT/9/punct "
                  "the/the/DET/9/det UN/=/PROPN/3/obl said/say/VERB/9/acl ././PUNCT/3/punct"});
  ASSERT_FALSE(ev.empty());
  for (const auto& e : ev)
    EXPECT_EQ(e.has_target ? e.target.code : "", "PAK") << ::testing::PrintToString(Triples(ev));
}

// NONE patterns: a reading of a trigger that is no event. "Yield" with a product as
// object ("benefits") is not a concession; acknowledging a request is not diplomatic
// recognition. The plain readings still code.
TEST_F(CoderTest, NonePatternBlocksAReading) {
  auto yielded = Code({"Iran/=/PROPN/2/nsubj yielded/yield/VERB/0/root to/=/ADP/4/case "
                       "Pakistan/=/PROPN/2/obl ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(yielded), Contains("IRN>PAK:080"));
  auto produced = Code({"Iran/=/PROPN/3/nsubj is/be/AUX/3/aux yielding/yield/VERB/0/root "
                        "benefits/benefit/NOUN/3/obj ././PUNCT/3/punct"});
  EXPECT_THAT(Triples(produced), IsEmpty());
  auto recognised = Code({"Pakistan/=/PROPN/2/nsubj recognised/recognise/VERB/0/root "
                          "Iran/=/PROPN/2/obj ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(recognised), Contains("PAK>IRN:054"));
  auto acknowledged = Code({"Pakistan/=/PROPN/2/nsubj recognised/recognise/VERB/0/root "
                            "the/=/DET/4/det request/=/NOUN/2/obj of/=/ADP/6/case "
                            "Iran/=/PROPN/4/nmod ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(acknowledged), IsEmpty());
  // A NONE line parses in strict mode and needs no CAMEO code.
  PatternLoadOptions strict;
  strict.strict = true;
  auto set = PatternSet::Parse("080 | yield\nNONE | yield | obj=benefit\n", "v.txt", *cameo_,
                               strict, nullptr);
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  ASSERT_NE((*set)->Verbs("yield"), nullptr);
  EXPECT_TRUE((*set)->Verbs("yield")->front()->block);  // the more specific line first
}

// A headline verb read as a noun ("Minister calls for probe"): "call for X" as a noun
// is an appeal, not a telephone call.
TEST_F(CoderTest, NounCallForIsAnAppeal) {
  auto ev = Code({"Iranian/=/ADJ/2/amod minister/=/NOUN/3/compound calls/call/NOUN/0/root "
                  "for/=/ADP/5/case talks/talk/NOUN/3/nmod"});
  EXPECT_THAT(Triples(ev), ElementsAre("IRNGOV>-:020"));
  auto phone = Code({"Iran/=/PROPN/2/nsubj made/make/VERB/0/root a/=/DET/4/det "
                     "call/=/NOUN/2/obj to/=/ADP/6/case Pakistan/=/PROPN/4/nmod ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(phone), Contains("IRN>PAK:041"));
}

// More NONE readings: talking about one's own concern, research funding and shielding
// from hazards are no events; talks with a counterpart, backing a state and armed
// escorts still are.
TEST_F(CoderTest, NoneReadingsOfDiscussSupportProtect) {
  EXPECT_THAT(Triples(Code({"Iran/=/PROPN/2/nsubj discussed/discuss/VERB/0/root "
                            "its/its/PRON/4/nmod:poss concern/=/NOUN/2/obj ././PUNCT/2/punct"})),
              IsEmpty());
  EXPECT_THAT(Triples(Code({"Iran/=/PROPN/2/nsubj discussed/discuss/VERB/0/root "
                            "the/=/DET/4/det border/=/NOUN/2/obj with/=/ADP/6/case "
                            "Pakistan/=/PROPN/2/obl ././PUNCT/2/punct"})),
              Contains("IRN>PAK:040"));
  EXPECT_THAT(Triples(Code({"The/the/DET/2/det study/=/NOUN/4/nsubj:pass was/be/AUX/4/aux:pass "
                            "supported/support/VERB/0/root/VBN by/=/ADP/6/case "
                            "Iran/=/PROPN/4/obl:agent ././PUNCT/4/punct"})),
              IsEmpty());
  EXPECT_THAT(Triples(Code({"Iran/=/PROPN/2/nsubj supported/support/VERB/0/root "
                            "Pakistan/=/PROPN/2/obj ././PUNCT/2/punct"})),
              Contains("IRN>PAK:051"));
  EXPECT_THAT(Triples(Code({"Pakistani/=/ADJ/2/amod officials/official/NOUN/3/nsubj "
                            "protected/protect/VERB/0/root tourists/tourist/NOUN/3/obj "
                            "from/=/ADP/6/case heat/=/NOUN/3/obl ././PUNCT/3/punct"})),
              IsEmpty());
  EXPECT_THAT(Triples(Code({"Pakistani/=/ADJ/2/amod troops/troop/NOUN/3/nsubj "
                            "protected/protect/VERB/0/root tourists/tourist/NOUN/3/obj "
                            "././PUNCT/3/punct"})),
              Contains("PAKMIL>PAKCVL:074"));
}

// "The movement" is a group of people: it does not take up an intergovernmental body
// mentioned before; "the organization" still does.
TEST_F(CoderTest, MovementIsNotAnIgo) {
  auto ev = Code({"The/the/DET/2/det UN/=/PROPN/3/nsubj condemned/condemn/VERB/0/root "
                  "Iran/=/PROPN/3/obj ././PUNCT/3/punct",
                  "The/the/DET/2/det movement/=/NOUN/3/nsubj helped/help/VERB/0/root "
                  "Pakistan/=/PROPN/3/obj ././PUNCT/3/punct",
                  "The/the/DET/2/det organization/=/NOUN/3/nsubj helped/help/VERB/0/root "
                  "Pakistan/=/PROPN/3/obj ././PUNCT/3/punct"});
  std::vector<std::string> t = Triples(ev);
  EXPECT_THAT(t, Contains("IGOUNO>IRN:111")) << ::testing::PrintToString(t);
  int help_by_un = 0;
  for (const Event& e : ev)
    if (e.trigger_text == "helped" && e.source.code == "IGOUNO") ++help_by_un;
  EXPECT_EQ(help_by_un, 1) << ::testing::PrintToString(t);  // the organization, not the movement
}

// Declining or turning down an invitation is a rejection of talks (125), like
// rejecting one.
TEST_F(CoderTest, DeclinedInvitationIsARejection) {
  EXPECT_THAT(Triples(Code({"Iran/=/PROPN/2/nsubj declined/decline/VERB/0/root "
                            "an/=/DET/5/det Pakistani/=/ADJ/5/amod invitation/=/NOUN/2/obj "
                            "././PUNCT/2/punct"})),
              Contains("IRN>PAK:125"));  // the inviter is the target
  EXPECT_THAT(Triples(Code({"Iran/=/PROPN/2/nsubj turned/turn/VERB/0/root down/=/ADP/2/compound:prt "
                            "the/=/DET/5/det invitation/=/NOUN/2/obj ././PUNCT/2/punct"})),
              Contains("IRN>-:125"));
}

// A trip is the traveller's act: tourists travelling to a country make no political
// visit; an envoy travelling there does.
TEST_F(CoderTest, PrivateTravelIsNoVisit) {
  EXPECT_THAT(Triples(Code({"Iranian/=/ADJ/2/amod tourists/tourist/NOUN/3/nsubj "
                            "travelled/travel/VERB/0/root to/=/ADP/5/case "
                            "Pakistan/=/PROPN/3/obl ././PUNCT/3/punct"})),
              IsEmpty());
  EXPECT_THAT(Triples(Code({"The/the/DET/3/det Iranian/=/ADJ/3/amod envoy/=/NOUN/4/nsubj "
                            "travelled/travel/VERB/0/root to/=/ADP/6/case "
                            "Pakistan/=/PROPN/4/obl ././PUNCT/4/punct"})),
              Contains("IRNGOV>PAK:042"));
}

// A gerund after "for" is the reason for the act, not an act asserted by the
// sentence, even when the parser hangs it on the reporting verb.
TEST_F(CoderTest, ForGerundIsAReasonWhereverItHangs) {
  auto ev = Code({"Pakistani/=/ADJ/2/amod authorities/authority/NOUN/3/nsubj deported/deport/VERB/0/root "
                  "Iranians/Iranian/PROPN/3/obj for/=/ADP/6/mark traveling/travel/VERB/11/advcl/VBG "
                  "to/=/ADP/8/case Pakistan/=/PROPN/6/obl ,/,/PUNCT/11/punct officials/official/NOUN/11/nsubj "
                  "said/say/VERB/3/parataxis ././PUNCT/3/punct"});
  for (const Event& e : ev) EXPECT_NE(e.cameo_root, "04") << e.cameo;
  EXPECT_THAT(Triples(ev), Contains("PAK>IRN:174"));
}

// A threat is aimed at whoever must meet its condition, also when the parser hangs
// the condition on the reporting clause after it.
TEST_F(CoderTest, ConditionHungOnTheReportingClauseNamesTheThreatsTarget) {
  auto ev = Code({"Iran/=/PROPN/2/nsubj threatened/threaten/VERB/0/root to/=/PART/4/mark "
                  "stop/=/VERB/2/xcomp negotiations/negotiation/NOUN/4/obj to/=/PART/7/mark "
                  "reduce/=/VERB/4/advcl nuclear/=/ADJ/9/amod weapons/weapon/NOUN/7/obj "
                  "if/=/SCONJ/12/mark Pakistan/=/PROPN/12/nsubj goes/go/VERB/17/advcl "
                  "ahead/=/ADV/12/advmod ,/,/PUNCT/12/punct the/=/DET/16/det newspaper/=/NOUN/17/nsubj "
                  "reported/report/VERB/2/advcl ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("IRN>PAK:134"));
}

// "a lunch hosted by the ambassador" names the host of a lunch, which is no actor:
// the meeting's partner is the one it is "with".
TEST_F(CoderTest, HostOfAPlaceOrMealIsNoTarget) {
  auto ev = Code({"Iranian/=/ADJ/2/amod diplomats/diplomat/NOUN/3/nsubj held/hold/VERB/0/root "
                  "a/=/DET/5/det meeting/=/NOUN/3/obj with/=/ADP/7/case Pakistan/=/PROPN/5/nmod "
                  "at/=/ADP/10/case a/=/DET/10/det lunch/=/NOUN/5/nmod hosted/host/VERB/10/acl/VBN "
                  "by/=/ADP/15/case the/=/DET/15/det Iranian/=/ADJ/15/amod ambassador/=/NOUN/11/obl:agent "
                  "././PUNCT/3/punct"});
  EXPECT_THAT(Triples(ev), ElementsAre("IRNGOV>PAK:040"));
}

// CAMEO's visit has a host: a trip to no actor is no visit.
TEST_F(CoderTest, TripToNoOneIsNoVisit) {
  EXPECT_THAT(Triples(Code({"The/the/DET/3/det Iranian/=/ADJ/3/amod envoy/=/NOUN/4/nsubj "
                            "travelled/travel/VERB/0/root back/=/ADV/4/advmod to/=/ADP/8/case "
                            "a/=/DET/8/det building/=/NOUN/4/obl ././PUNCT/4/punct"})),
              IsEmpty());
}

// "a day after Iranian missiles hit ..." with the clause read as a relative clause of
// "day" says when; the strike is news, not background.
TEST_F(CoderTest, TimeClauseReadAsRelativeClauseIsCoded) {
  auto ev = Code({"Pakistan/=/PROPN/2/nsubj recalled/recall/VERB/0/root its/=/PRON/4/nmod:poss "
                  "envoy/=/NOUN/2/obj a/=/DET/6/det day/=/NOUN/2/obl:unmarked after/=/ADP/9/case "
                  "Iranian/=/ADJ/9/amod missiles/missile/NOUN/10/nsubj hit/=/VERB/6/acl:relcl "
                  "Pakistani/=/ADJ/12/amod villages/village/NOUN/10/obj ././PUNCT/2/punct"});
  bool strike = false;
  for (const Event& e : ev)
    if (e.source.country == "IRN" && e.has_target && e.target.country == "PAK" &&
        (e.cameo_root == "18" || e.cameo_root == "19"))
      strike = true;
  EXPECT_TRUE(strike) << ::testing::PrintToString(Triples(ev));
}

// "separatist groups it accuses of ...", the noun read as a bare oblique before the
// pronoun subject of a contact relative clause: it is what is accused.
TEST_F(CoderTest, BareObliqueBeforeAPronounSubjectIsTheObject) {
  auto ev = Code({"Pakistan/=/PROPN/2/nsubj struck/strike/VERB/0/root Iranian/=/ADJ/4/amod "
                  "militants/militant/NOUN/2/obj ,/,/PUNCT/6/punct insurgents/insurgent/NOUN/8/obl "
                  "it/=/PRON/8/nsubj accuses/accuse/VERB/2/conj of/=/ADP/10/case "
                  "attacks/attack/NOUN/8/obl ././PUNCT/2/punct"});
  bool accused = false;
  for (const Event& e : ev)
    if (e.cameo.starts_with("112") && e.source.country == "PAK" && e.has_target &&
        e.target.sector == "INS")
      accused = true;
  EXPECT_TRUE(accused) << ::testing::PrintToString(Triples(ev));
}

// "..., and Germany backed by a hostile alliance, ...": a past-tense event verb with a
// "by" agent and no auxiliary or object is a passive; its subject is the target.
TEST_F(CoderTest, AgentWithoutAuxiliaryMakesAPassive) {
  auto ev = Code({"Iran/=/PROPN/2/nsubj backed/back/VERB/0/root/VBD by/=/ADP/4/case "
                  "Pakistan/=/PROPN/2/obl ././PUNCT/2/punct"});
  ASSERT_EQ(ev.size(), 1u) << ::testing::PrintToString(Triples(ev));
  EXPECT_EQ(ev[0].source.code, "PAK");
  EXPECT_EQ(ev[0].target.code, "IRN");
}

// "The head of NATO, Hoop Scheffer, he has explained ...": a pronoun subject that takes
// up a noun phrase set before the clause stands for it, not for an earlier actor.
TEST_F(CoderTest, PronounTakingUpADislocatedPhrase) {
  auto ev = Code({"The/the/DET/3/det Pakistani/=/ADJ/3/amod envoy/=/NOUN/4/nsubj "
                  "spoke/speak/VERB/0/root ././PUNCT/4/punct",
                  "The/the/DET/3/det Iranian/=/ADJ/3/amod minister/=/NOUN/6/dep ,/,/PUNCT/3/punct "
                  "he/=/PRON/6/nsubj condemned/condemn/VERB/0/root the/=/DET/8/det "
                  "attack/=/NOUN/6/obj ././PUNCT/6/punct"});
  ASSERT_EQ(ev.size(), 1u) << ::testing::PrintToString(Triples(ev));
  EXPECT_EQ(ev[0].source.code, "IRNGOV");
}

// "North and South Korea exchanged fire": the first conjunct shares the rest of the
// second's name and is a country of its own (both are sources; "South" alone is none).
TEST_F(CoderTest, EllipticalCoordinationOfCountryNames) {
  auto ev = Code({"North/=/PROPN/4/compound and/=/CCONJ/3/cc South/=/PROPN/1/conj "
                  "Korea/=/PROPN/5/nsubj exchanged/exchange/VERB/0/root fire/=/NOUN/5/obj "
                  "././PUNCT/5/punct"});
  EXPECT_EQ(SourcesOf(ev, "193"), (std::set<std::string>{"KOR", "PRK"}))
      << ::testing::PrintToString(Triples(ev));
  // Without a country of that name nothing is added: "Western and South Korean officials".
  ev = Code({"Western/=/ADJ/4/amod and/=/CCONJ/3/cc South/=/PROPN/1/conj "
             "Korea/=/PROPN/5/nsubj exchanged/exchange/VERB/0/root fire/=/NOUN/5/obj "
             "././PUNCT/5/punct"});
  EXPECT_EQ(SourcesOf(ev, "193"), (std::set<std::string>{"KOR"}))
      << ::testing::PrintToString(Triples(ev));
}

// "X met Y and the two officials agreed ...": "the two"/"both" with a state agent stands
// for the two most recent people of two countries (else two countries), not for the
// document's country.
TEST_F(CoderTest, TheTwoMinistersAreTheTwoPeopleJustNamed) {
  auto ev = Code({"Araghchi/=/PROPN/2/nsubj met/meet/VERB/0/root the/=/DET/5/det "
                  "Pakistani/=/ADJ/5/amod minister/=/NOUN/2/obj ././PUNCT/2/punct",
                  "The/the/DET/3/det two/=/NUM/3/nummod officials/official/NOUN/4/nsubj "
                  "agreed/agree/VERB/0/root to/=/PART/6/mark cooperate/=/VERB/4/xcomp "
                  "././PUNCT/4/punct"},
                 "2024-09-01");
  EXPECT_EQ(SourcesOf(ev, "03"), (std::set<std::string>{"IRNGOV", "PAKGOV"}))
      << ::testing::PrintToString(Triples(ev));
}

// "On Tuesday Pakistan accused Iran of attacks, and the minister ordered the army to
// respond", parsed with "Tuesday Pakistan" as one name and "accused" as a clause of
// "ordered": the country after the day is the subject of "accused", and a clause before
// "ordered" is no order.
TEST_F(CoderTest, CountryAfterADayReadAsOneNameAndClauseBeforeItsGovernor) {
  auto ev = Code({"On/=/ADP/2/case Tuesday/=/PROPN/4/obl Pakistan/=/PROPN/2/flat "
                  "accused/accuse/VERB/12/ccomp Iran/=/PROPN/4/obj of/=/ADP/7/case "
                  "attacks/attack/NOUN/4/obl ,/,/PUNCT/12/punct and/=/CCONJ/12/cc "
                  "the/=/DET/11/det minister/=/NOUN/12/nsubj ordered/order/VERB/0/root "
                  "the/=/DET/14/det army/=/NOUN/12/obj to/=/PART/16/mark "
                  "respond/=/VERB/12/xcomp ././PUNCT/12/punct"});
  bool accusation = false;
  for (const Event& e : ev) {
    if (e.cameo.starts_with("112") && e.source.code == "PAK" && e.has_target &&
        e.target.code == "IRN")
      accusation = true;
    EXPECT_FALSE(e.cameo.starts_with("10")) << ::testing::PrintToString(Triples(ev));
  }
  EXPECT_TRUE(accusation) << ::testing::PrintToString(Triples(ev));
}

// "Araghchi ordered the army to respond" after a sentence about Pakistan: a bare
// security body given an order is the orderer's own, not that of the country last named.
TEST_F(CoderTest, OrderedArmyIsTheSourcesOwn) {
  auto ev = Code({"Pakistan/=/PROPN/2/nsubj attacked/attack/VERB/0/root "
                  "militants/militant/NOUN/2/obj ././PUNCT/2/punct",
                  "Araghchi/=/PROPN/2/nsubj ordered/order/VERB/0/root the/=/DET/4/det "
                  "army/=/NOUN/2/obj to/=/PART/6/mark attack/=/VERB/2/xcomp ././PUNCT/2/punct"},
                 "2024-09-01");
  bool order = false;
  for (const Event& e : ev)
    if (e.cameo.starts_with("10") && e.source.code == "IRNGOV") {
      order = true;
      ASSERT_TRUE(e.has_target) << ::testing::PrintToString(Triples(ev));
      EXPECT_EQ(e.target.code, "IRNMIL") << ::testing::PrintToString(Triples(ev));
    }
  EXPECT_TRUE(order) << ::testing::PrintToString(Triples(ev));
}

// "Iran retaliated by firing missiles at Pakistan": one act told by its means, coded
// once as the means (195, with its target), not as a targetless 190 beside it.
TEST_F(CoderTest, ViolenceToldByItsMeansIsCodedOnceAsTheMeans) {
  auto ev = Code({"Iran/=/PROPN/2/nsubj retaliated/retaliate/VERB/0/root by/=/SCONJ/4/mark "
                  "firing/fire/VERB/2/advcl/VBG missiles/missile/NOUN/4/obj at/=/ADP/7/case "
                  "Pakistan/=/PROPN/4/obl ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), ::testing::ElementsAre("IRN>PAK:195"));
  // A governor with a target of its own keeps it.
  ev = Code({"Iran/=/PROPN/2/nsubj attacked/attack/VERB/0/root Pakistan/=/PROPN/2/obj "
             "by/=/SCONJ/5/mark firing/fire/VERB/2/advcl/VBG missiles/missile/NOUN/5/obj "
             "././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), ::testing::Contains("IRN>PAK:190"));
  // Dropping bombs on a country is an aerial attack on it.
  ev = Code({"Iran/=/PROPN/2/nsubj dropped/drop/VERB/0/root bombs/bomb/NOUN/2/obj "
             "on/=/ADP/5/case Pakistan/=/PROPN/2/obl ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), ::testing::ElementsAre("IRN>PAK:195"));
}

// "criticised both countries and urged ...", with "both" read as the first half of
// "both ... and": the noun has no conjunct, so "both countries" is the two last named.
TEST_F(CoderTest, BothCountriesWithBothReadAsPreconjunction) {
  auto ev = Code({"Pakistan/=/PROPN/2/nsubj condemned/condemn/VERB/0/root Iran/=/PROPN/2/obj "
                  "././PUNCT/2/punct",
                  "Hungary/=/PROPN/2/nsubj criticised/criticise/VERB/0/root "
                  "both/=/CCONJ/4/cc:preconj countries/country/NOUN/2/obj and/=/CCONJ/6/cc "
                  "urged/urge/VERB/2/conj Romania/=/PROPN/6/obj ././PUNCT/2/punct"});
  std::set<std::string> targets;
  for (const Event& e : ev)
    if (e.source.code == "HUN" && e.cameo.starts_with("11") && e.has_target)
      targets.insert(e.target.code);
  EXPECT_EQ(targets, (std::set<std::string>{"IRN", "PAK"})) << ::testing::PrintToString(Triples(ev));
}

// "Pakistan urged Iran not to attack": a demand that force not be used is a demand for
// de-escalation (1056), asserted, not a negated demand to attack.
TEST_F(CoderTest, DemandNotToUseForceIsADemandForDeescalation) {
  auto ev = Code({"Pakistan/=/PROPN/2/nsubj urged/urge/VERB/0/root Iran/=/PROPN/2/obj "
                  "not/=/PART/6/advmod to/=/PART/6/mark attack/=/VERB/2/xcomp ././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), ::testing::ElementsAre("PAK>IRN:1056"));
}

// "..., its neighbor, Islamabad expelled ... and launched strikes", the apposition read
// as a second subject: the subject next to the verb is the one its conjuncts share.
TEST_F(CoderTest, OfTwoSubjectsTheOneNextToTheVerb) {
  auto ev = Code({"Iran/=/PROPN/2/nsubj struck/strike/VERB/0/root militants/militant/NOUN/2/obj "
                  ",/,/PUNCT/2/punct its/its/PRON/6/nmod:poss neighbor/=/NOUN/9/nsubj "
                  ",/,/PUNCT/6/punct Islamabad/=/PROPN/9/nsubj expelled/expel/VERB/2/conj "
                  "the/=/DET/11/det envoy/=/NOUN/9/obj and/=/CCONJ/13/cc "
                  "attacked/attack/VERB/9/conj Iran/=/PROPN/13/obj ././PUNCT/2/punct"});
  bool attack = false;
  for (const Event& e : ev)
    if (e.cameo.starts_with("19") && e.has_target && e.target.code == "IRN") {
      attack = true;
      EXPECT_EQ(e.source.code, "PAKGOV") << ::testing::PrintToString(Triples(ev));
    }
  EXPECT_TRUE(attack) << ::testing::PrintToString(Triples(ev));
}

// "Pakistan backed off from the deal": stepping back is no support.
TEST_F(CoderTest, BackingOffIsNoSupport) {
  auto ev = Code({"Pakistan/=/PROPN/2/nsubj backed/back/VERB/0/root off/=/ADP/2/compound:prt "
                  "from/=/ADP/6/case the/=/DET/6/det plan/=/NOUN/2/obl ././PUNCT/2/punct"});
  for (const Event& e : ev) EXPECT_NE(e.cameo_root, "05") << ::testing::PrintToString(Triples(ev));
  ev = Code({"Pakistan/=/PROPN/2/nsubj backed/back/VERB/0/root Iran/=/PROPN/2/obj "
             "././PUNCT/2/punct"});
  EXPECT_THAT(Triples(ev), ::testing::ElementsAre("PAK>IRN:051"));
}

}  // namespace
}  // namespace khaldun
