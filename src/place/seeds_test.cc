// Dates and places on the two seed pages (read at run time from ../shared/seeds, never
// quoted here): segment -> ResolveEventDates -> LocateEvents with events placed on
// the trigger words the coder would use.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "place/fold.h"
#include "place/locate.h"
#include "place/test_gazetteer.h"
#include "segment/segment.h"
#include "time/dates.h"

namespace khaldun {
namespace {

bool ReadSeed(const char* name, Document* doc) {
  std::ifstream in(std::string(KHALDUN_SOURCE_DIR) + "/../shared/seeds/" + name);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  doc->id = name;
  SegmentText(ss.str(), SegmentOptions(), doc);
  return true;
}

// An event on `trigger`, the first occurrence after `anchor` (a few words that pick
// the sentence), with the given target country.
Event EventAt(const Document& doc, const std::string& anchor, const std::string& trigger,
              const char* target_country) {
  Event ev;
  size_t a = doc.text.find(anchor);
  EXPECT_NE(a, std::string::npos) << anchor;
  size_t p = doc.text.find(trigger, a);
  EXPECT_NE(p, std::string::npos) << trigger;
  ev.trigger_span = Span{static_cast<uint32_t>(p), static_cast<uint32_t>(p + trigger.size())};
  ev.sentence_index = -1;
  for (size_t s = 0; s < doc.sentences.size(); ++s)
    if (doc.sentences[s].span.begin <= p && p < doc.sentences[s].span.end) {
      ev.sentence_index = static_cast<int>(s);
      ev.sentence_span = doc.sentences[s].span;
    }
  EXPECT_GE(ev.sentence_index, 0);
  ev.target.country = target_country;
  ev.has_target = true;
  return ev;
}

TEST(Seeds, ReutersPiece) {
  const Gazetteer* gaz = TestGazetteer();
  if (!gaz) GTEST_SKIP() << "no gazetteer (node_modules missing)";
  Document doc;
  if (!ReadSeed("003_e36a3d66437f4d74.txt", &doc)) GTEST_SKIP() << "seed pages not found";
  EXPECT_EQ(FindPublicationDate(doc), "2024-01-18");
  std::vector<Event> evs;
  // The strike on the militant bases in Balochistan, and Pakistan's retaliation.
  size_t bal = doc.text.find("Balochistan");
  ASSERT_NE(bal, std::string::npos);
  size_t sent_begin = 0;
  for (const auto& s : doc.sentences)
    if (s.span.begin <= bal && bal < s.span.end) sent_begin = s.span.begin;
  std::string lead = doc.text.substr(sent_begin, 12);
  evs.push_back(EventAt(doc, lead, "struck", "PAK"));
  evs.push_back(EventAt(doc, "Two days later", "attacked", "IRN"));
  evs.push_back(EventAt(doc, "strike on Pakistan this week", "strike", "PAK"));
  ResolveEventDates(doc, &evs);
  LocateEvents(doc, *gaz, &evs);

  EXPECT_EQ(evs[0].date, "2024-01-16");
  EXPECT_EQ(evs[0].location.country, "PK");
  EXPECT_EQ(FoldName(evs[0].location.name), "balochistan");
  EXPECT_EQ(evs[0].location.basis, "text");
  EXPECT_NEAR(evs[0].location.lat, 30.2, 1.0);
  EXPECT_NEAR(evs[0].location.lon, 67.0, 1.0);

  EXPECT_EQ(evs[1].date, "2024-01-18");
  EXPECT_EQ(evs[1].date_basis, DateBasis::kRelative);
  EXPECT_EQ(evs[1].location.country, "IR");

  EXPECT_EQ(evs[2].date, "2024-01-16");
  EXPECT_EQ(evs[2].location.country, "PK");
}

TEST(Seeds, GzeroPiece) {
  const Gazetteer* gaz = TestGazetteer();
  if (!gaz) GTEST_SKIP() << "no gazetteer (node_modules missing)";
  Document doc;
  if (!ReadSeed("000_0556828bb385f199.txt", &doc)) GTEST_SKIP() << "seed pages not found";
  // No date in the text but a Wednesday photo caption and a Thursday in the story.
  EXPECT_EQ(FindPublicationDate(doc), "2024-01-18");
  std::vector<Event> evs = {EventAt(doc, "this week took", "striking", "PAK"),
                            EventAt(doc, "on Thursday said", "strikes", "IRN")};
  ResolveEventDates(doc, &evs);
  LocateEvents(doc, *gaz, &evs);
  EXPECT_EQ(evs[0].date, "2024-01-16");
  EXPECT_EQ(evs[0].location.country, "PK");
  EXPECT_EQ(evs[0].location.basis, "text");
  EXPECT_EQ(evs[1].date, "2024-01-18");
  // Nothing in its sentence or paragraph says where: the target's country.
  EXPECT_EQ(evs[1].location.country, "IR");
  EXPECT_EQ(evs[1].location.basis, "target_country");
}

}  // namespace
}  // namespace khaldun
