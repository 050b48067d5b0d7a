#include "actors/dictionary.h"

#include <ctime>

#include <gtest/gtest.h>

namespace khaldun {
namespace {

constexpr char kCountries[] =
    "# test countries\n"
    "PAK | PK | Pakistan; Islamic Republic of Pakistan | Pakistani; Pakistanis | Islamabad | "
    "Karachi\n"
    "IRN | IR | Iran | Iranian; Iranians | Tehran | Mashhad  # comment\n"
    "USA | US | United States; United States of America; US; U.S. | American; Americans | "
    "Washington |\n";
constexpr char kActors[] =
    "IGOUNO |  | IGO | United Nations; UN; U.N. | | world body\n"
    "IRNINSJAA | IRN | INS | Jaish al-Adl; Army of Justice | 2012-.. | group\n";
constexpr char kPeople[] =
    "Hossein Amir-Abdollahian; Amir-Abdollahian | IRNGOV | 2021-08-25 | 2024-05-19 | Foreign "
    "Minister | x\n"
    "Hossein Amir-Abdollahian | IRNLEG | 2008 | 2021-08-24 | Adviser | x\n";
constexpr char kAgents[] =
    "militant; militants; insurgents | INS | note\n"
    "foreign ministry | GOV |\n"
    "troops; army | MIL\n";

Sentence Words(const std::string& text) {
  Sentence s;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t e = text.find(' ', pos);
    if (e == std::string::npos) e = text.size();
    Token t;
    t.form = text.substr(pos, e - pos);
    t.span = {static_cast<uint32_t>(pos), static_cast<uint32_t>(e)};
    s.tokens.push_back(t);
    pos = e + 1;
  }
  return s;
}

std::unique_ptr<ActorDictionary> TestDict(std::vector<Status>* errors = nullptr) {
  ActorDictionary::Builder b;
  auto cb = [&](const Status& st) {
    if (errors) errors->push_back(st);
  };
  DictLoadOptions opt;
  EXPECT_TRUE(ActorDictionary::ParseFile("countries", kCountries, "c.txt", opt, cb, &b).ok());
  EXPECT_TRUE(ActorDictionary::ParseFile("actors", kActors, "a.txt", opt, cb, &b).ok());
  EXPECT_TRUE(ActorDictionary::ParseFile("people", kPeople, "p.txt", opt, cb, &b).ok());
  EXPECT_TRUE(ActorDictionary::ParseFile("agents", kAgents, "g.txt", opt, cb, &b).ok());
  return b.Build();
}

// Returns "code@begin-end" for each match scanning left to right.
std::vector<std::string> Scan(const ActorDictionary& d, const std::string& text) {
  Sentence s = Words(text);
  std::vector<std::string> lower(s.tokens.size());
  for (size_t i = 0; i < s.tokens.size(); ++i) AsciiLower(s.tokens[i].form, &lower[i]);
  std::vector<std::string> out;
  for (int i = 0; i < static_cast<int>(s.tokens.size());) {
    DictMatch m;
    if (d.MatchAt(s, lower, i, &m)) {
      const DictEntry& e = d.entry(m.entry);
      std::string code = e.kind == EntryKind::kPerson ? "person" : e.code;
      out.push_back(code + "@" + std::to_string(m.begin) + "-" + std::to_string(m.end));
      i = m.end;
    } else {
      ++i;
    }
  }
  return out;
}

TEST(ActorDictionary, LongestMatchAndKinds) {
  auto d = TestDict();
  EXPECT_EQ(Scan(*d, "the Islamic Republic of Pakistan said"),
            (std::vector<std::string>{"PAK@1-5"}));
  EXPECT_EQ(Scan(*d, "Pakistani troops and Tehran"),
            (std::vector<std::string>{"PAK@0-1", "MIL@1-2", "IRNGOV@3-4"}));
  EXPECT_EQ(Scan(*d, "Iran 's Foreign Ministry"),
            (std::vector<std::string>{"IRN@0-1", "GOV@2-4"}));
  EXPECT_EQ(Scan(*d, "Jaish al-Adl attacked"), (std::vector<std::string>{"IRNINSJAA@0-2"}));
}

// "X-led": one token naming the leading country or organisation; not an agent, and
// the case rules of the name still hold.
TEST(ActorDictionary, LedByNamesTheLeader) {
  auto d = TestDict();
  EXPECT_EQ(Scan(*d, "Pakistani-led troops and a US-led coalition"),
            (std::vector<std::string>{"PAK@0-1", "MIL@1-2", "USA@4-5"}));
  EXPECT_EQ(Scan(*d, "UN-led talks"), (std::vector<std::string>{"IGOUNO@0-1"}));
  EXPECT_TRUE(Scan(*d, "army-led government").empty());
  EXPECT_TRUE(Scan(*d, "pakistan-led").empty());
  EXPECT_TRUE(Scan(*d, "-led").empty());
}

TEST(ActorDictionary, CaseRules) {
  auto d = TestDict();
  EXPECT_EQ(Scan(*d, "tell us about the US"), (std::vector<std::string>{"USA@4-5"}));
  EXPECT_EQ(Scan(*d, "Us and the UN and the U.N."),
            (std::vector<std::string>{"IGOUNO@3-4", "IGOUNO@6-7"}));
  EXPECT_TRUE(Scan(*d, "pakistan").empty());         // capitalized names are case-sensitive
  EXPECT_EQ(Scan(*d, "MILITANTS in PAKISTAN"),      // headline capitals
            (std::vector<std::string>{"INS@0-1", "PAK@2-3"}));
}

TEST(ActorDictionary, PersonRoleAtDate) {
  auto d = TestDict();
  Sentence s = Words("Amir-Abdollahian");
  std::vector<std::string> lower = {"amir-abdollahian"};
  DictMatch m;
  ASSERT_TRUE(d->MatchAt(s, lower, 0, &m));
  const DictEntry& e = d->entry(m.entry);
  ASSERT_EQ(e.roles.size(), 2u);  // the two lines were merged
  EXPECT_EQ(e.RoleAt(20230101)->code, "IRNGOV");
  EXPECT_EQ(e.RoleAt(20150101)->code, "IRNLEG");
  EXPECT_EQ(e.RoleAt(20250101), nullptr);  // out of office
  EXPECT_EQ(e.RoleAt(0)->code, "IRNGOV");  // unknown date: latest role
}

// A made-up movement that became the government of a made-up country.
TEST(ActorDictionary, ValidRangePicksEntryAtDate) {
  constexpr char kDated[] =
      "ZZZINSRRF | ZZZ | INS | Red River Front; Rivermen | ..2019-06-30 | rebels\n"
      "ZZZGOV | ZZZ | GOV | Red River Front; River Council | 2019-07-01.. | governs\n";
  ActorDictionary::Builder b;
  DictLoadOptions opt;
  ASSERT_TRUE(
      ActorDictionary::ParseFile("actors", kDated, "a.txt", opt, [](const Status&) {}, &b).ok());
  auto d = b.Build();
  Sentence s = Words("the Red River Front marched");
  std::vector<std::string> lower(s.tokens.size());
  for (size_t i = 0; i < lower.size(); ++i) AsciiLower(s.tokens[i].form, &lower[i]);
  DictMatch m;
  ASSERT_TRUE(d->MatchAt(s, lower, 1, &m, 20150310));
  EXPECT_EQ(d->entry(m.entry).code, "ZZZINSRRF");
  EXPECT_EQ(m.end, 4);
  ASSERT_TRUE(d->MatchAt(s, lower, 1, &m, 20230101));
  EXPECT_EQ(d->entry(m.entry).code, "ZZZGOV");
  ASSERT_TRUE(d->MatchAt(s, lower, 1, &m, 20190701));
  EXPECT_EQ(d->entry(m.entry).code, "ZZZGOV");
  // Unknown date: the entry still valid today.
  ASSERT_TRUE(d->MatchAt(s, lower, 1, &m, 0));
  EXPECT_EQ(d->entry(m.entry).code, "ZZZGOV");
}

TEST(ActorDictionary, CurlyApostropheMatchesStraight) {
  constexpr char kNames[] =
      "ZZZ | ZZ | Ma'aloun | Ma'alounian | Port D'Arva |\n";
  ActorDictionary::Builder b;
  DictLoadOptions opt;
  ASSERT_TRUE(
      ActorDictionary::ParseFile("countries", kNames, "c.txt", opt, [](const Status&) {}, &b)
          .ok());
  auto d = b.Build();
  EXPECT_EQ(Scan(*d, "officials in Port D\xE2\x80\x99" "Arva said"),
            std::vector<std::string>{"ZZZGOV@2-4"});
  EXPECT_EQ(Scan(*d, "the Ma\xE2\x80\x99" "aloun coast"), std::vector<std::string>{"ZZZ@1-2"});
  EXPECT_EQ(Scan(*d, "the Ma'aloun coast"), std::vector<std::string>{"ZZZ@1-2"});
  EXPECT_TRUE(Scan(*d, "the Ma\xE2\x80\x99" "alouns coast").empty());
  std::string low;
  AsciiLower("D\xE2\x80\x98" "Arva\xE2\x80\x9C", &low);
  EXPECT_EQ(low, "d'arva\xE2\x80\x9C");
}

TEST(ActorDictionary, MalformedLinesNamedAndSkipped) {
  ActorDictionary::Builder b;
  std::vector<Status> errors;
  DictLoadOptions opt;
  const char* bad =
      "PAK | PK | Pakistan\n"
      "pak | PK | Lowercase\n"        // line 2: bad code
      "IRN | IR\n"                    // line 3: too few fields
      "\n"
      "IRQ | IQ | Iraq | Iraqi\n";
  ASSERT_TRUE(ActorDictionary::ParseFile("countries", bad, "countries.txt", opt,
                                         [&](const Status& st) { errors.push_back(st); }, &b)
                  .ok());
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_NE(errors[0].message().find("countries.txt:2:"), std::string::npos);
  EXPECT_NE(errors[1].message().find("countries.txt:3:"), std::string::npos);
  auto d = b.Build();
  EXPECT_EQ(Scan(*d, "Iraqi Pakistan"), (std::vector<std::string>{"IRQ@0-1", "PAK@1-2"}));

  errors.clear();
  EXPECT_FALSE(ActorDictionary::ParseFile("people", "Some One | IRNGOV | 2024-13-01\n", "p.txt",
                                          opt, [&](const Status& st) { errors.push_back(st); }, &b)
                   .ok() == false);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].message().find("p.txt:1:"), std::string::npos);

  opt.strict = true;
  Status st = ActorDictionary::ParseFile("agents", "ok | MIL\nbroken line\n", "agents.txt", opt,
                                         nullptr, &b);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("agents.txt:2:"), std::string::npos);
}

TEST(ActorDictionary, Discards) {
  ActorDictionary::Builder b;
  std::vector<Status> errors;
  DictLoadOptions opt;
  ASSERT_TRUE(ActorDictionary::ParseFile(
                  "discards",
                  "# comment\n"
                  "noun | team; teams | sport\n"
                  "verb | score | no such kind\n"
                  "noun | Club | upper case\n"
                  "noun | home side | two words\n"
                  "sentence | box office; grand  prix | entertainment, sport\n"
                  "sentence |  | nothing\n",
                  "discards.txt", opt, [&](const Status& st) { errors.push_back(st); }, &b)
                  .ok());
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_NE(errors[0].message().find("discards.txt:3: unknown discard kind 'verb'"), std::string::npos);
  EXPECT_NE(errors[1].message().find("discards.txt:4: discards are lower case"), std::string::npos);
  EXPECT_NE(errors[2].message().find("discards.txt:5: a noun discard is one word"), std::string::npos);
  EXPECT_NE(errors[3].message().find("discards.txt:7: no words"), std::string::npos);
  auto d = b.Build();
  EXPECT_TRUE(d->NonActorNoun("team"));
  EXPECT_TRUE(d->NonActorNoun("teams"));
  EXPECT_FALSE(d->NonActorNoun("club"));
  EXPECT_FALSE(d->NonActorNoun("delegation"));
  std::vector<std::string> s1 = {"the", "film", "led", "the", "box", "office", "."};
  std::vector<std::string> s2 = {"the", "box", "was", "in", "the", "office", "."};
  std::vector<std::string> s3 = {"he", "won", "the", "grand", "prix"};
  EXPECT_TRUE(d->DiscardedSentence(s1, 7));
  EXPECT_FALSE(d->DiscardedSentence(s2, 7));
  EXPECT_TRUE(d->DiscardedSentence(s3, 5));
  EXPECT_FALSE(d->DiscardedSentence(s3, 4));  // only the first n tokens count

  opt.strict = true;
  Status st = ActorDictionary::ParseFile("discards", "noun | team\nnoun\n", "discards.txt", opt,
                                         nullptr, &b);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("discards.txt:2:"), std::string::npos);
}

TEST(ActorDictionary, DictDates) {
  EXPECT_EQ(ParseDictDate("2024", false), 20240101);
  EXPECT_EQ(ParseDictDate("2024", true), 20241231);
  EXPECT_EQ(ParseDictDate("2024-02", true), 20240229);
  EXPECT_EQ(ParseDictDate("2024-05-19", true), 20240519);
  EXPECT_EQ(ParseDictDate("", true), 0);
  EXPECT_EQ(ParseDictDate("24-05", true), -1);
  EXPECT_EQ(ParseDictDate("2024-05-32", true), -1);
}

// The project's own dictionaries load, without errors, fast.
TEST(ActorDictionary, ProjectDictionariesLoadFast) {
  std::string dir = std::string(KHALDUN_SOURCE_DIR) + "/data/dict";
  std::vector<Status> errors;
  // CPU time, so that a loaded shared machine does not fail the budget.
  std::clock_t t0 = std::clock();
  auto d = ActorDictionary::Load(dir, {}, [&](const Status& st) { errors.push_back(st); });
  double ms = 1000.0 * static_cast<double>(std::clock() - t0) / CLOCKS_PER_SEC;
  if (!d.ok()) GTEST_SKIP() << "no dictionaries in " << dir;
  for (const Status& st : errors)
    if (st.code() != StatusCode::kNotFound) ADD_FAILURE() << st.ToString();
  EXPECT_LT(ms, 200.0) << "dictionary load took " << ms << " ms of CPU";
  EXPECT_GT((*d)->name_count(), 100u);
  EXPECT_EQ(Scan(**d, "Pakistan and Iran"), (std::vector<std::string>{"PAK@0-1", "IRN@2-3"}));
}

}  // namespace
}  // namespace khaldun
