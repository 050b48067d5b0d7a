#include "events/event_json.h"

#include <gtest/gtest.h>

namespace khaldun {
namespace {

Event SampleEvent() {
  Event e;
  e.doc_id = "doc-1";
  e.story_id = "s1";
  e.sentence_index = 2;
  e.date = "2024-01-17";
  e.date_basis = DateBasis::kPublication;
  e.source = {"Iranian jets", {4, 16}, "IRNMIL", "IRN", "MIL", "countries.txt:5"};
  e.target = {"militants", {30, 39}, "PAKINS", "PAK", "INS", "agents.txt:3"};
  e.has_target = true;
  e.cameo = "195";
  e.cameo_root = "19";
  e.plover = "FIGHT";
  e.plover_mode = "heavy-weapons";
  e.goldstein = -10;
  e.quad_class = 4;
  e.negated = false;
  e.modality = Modality::kReported;
  e.trigger_text = "struck";
  e.trigger_span = {17, 23};
  e.sentence_span = {0, 40};
  e.pattern = "verbs.txt:120";
  e.location.name = "Panjgur";
  e.location.country = "PK";
  e.location.lat = 26.96;
  e.location.lon = 64.09;
  e.location.basis = "text";
  e.location.span = {45, 52};
  e.location.valid = true;
  e.event_id = MakeEventId(e);
  return e;
}

TEST(EventJson, RoundTrip) {
  Event e = SampleEvent();
  Document doc;
  doc.text = "The Iranian jets struck hideouts of militants near the border town";
  std::string line = EventToJson(e, &doc);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_NE(line.find("\"sentence\":\"The Iranian jets struck hideouts of mili\""),
            std::string::npos)
      << line;
  StatusOr<Event> back = EventFromJson(line);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->event_id, e.event_id);
  EXPECT_EQ(back->source, e.source);
  EXPECT_EQ(back->target, e.target);
  EXPECT_TRUE(back->has_target);
  EXPECT_EQ(back->cameo, "195");
  EXPECT_EQ(back->plover, "FIGHT");
  EXPECT_EQ(back->plover_mode, "heavy-weapons");
  EXPECT_DOUBLE_EQ(back->goldstein, -10);
  EXPECT_EQ(back->quad_class, 4);
  EXPECT_EQ(back->modality, Modality::kReported);
  EXPECT_EQ(back->trigger_span, e.trigger_span);
  EXPECT_EQ(back->trigger_text, "struck");
  EXPECT_EQ(back->sentence_span, e.sentence_span);
  EXPECT_EQ(back->pattern, e.pattern);
  EXPECT_TRUE(back->location.valid);
  EXPECT_EQ(back->location.name, "Panjgur");
  EXPECT_DOUBLE_EQ(back->location.lat, 26.96);
  EXPECT_EQ(back->location.span, e.location.span);
  EXPECT_EQ(EventToJson(*back, &doc), line);
}

TEST(EventJson, NullTargetAndLocation) {
  Event e = SampleEvent();
  e.has_target = false;
  e.location.valid = false;
  std::string line = EventToJson(e);
  EXPECT_NE(line.find("\"target\":null"), std::string::npos);
  EXPECT_NE(line.find("\"location\":null"), std::string::npos);
  StatusOr<Event> back = EventFromJson(line);
  ASSERT_TRUE(back.ok());
  EXPECT_FALSE(back->has_target);
  EXPECT_FALSE(back->location.valid);
}

TEST(EventJson, OrigSpanWhenDocumentHasOrigin) {
  Event e = SampleEvent();
  Document doc;
  doc.text = std::string(60, 'x');
  doc.origin.push_back({0, 1000, 60});
  std::string line = EventToJson(e, &doc);
  EXPECT_NE(line.find("\"orig_span\":[1004,1016]"), std::string::npos) << line;
}

TEST(EventJson, IdIsStableAndSensitive) {
  Event a = SampleEvent();
  Event b = SampleEvent();
  EXPECT_EQ(MakeEventId(a), MakeEventId(b));
  EXPECT_EQ(MakeEventId(a).size(), 16u);
  b.cameo = "190";
  EXPECT_NE(MakeEventId(a), MakeEventId(b));
  b = a;
  b.target.code = "PAKMIL";
  EXPECT_NE(MakeEventId(a), MakeEventId(b));
}

TEST(EventJson, BadInputIsAnError) {
  EXPECT_FALSE(EventFromJson("{not json").ok());
  EXPECT_FALSE(EventFromJson("[1,2]").ok());
  EXPECT_FALSE(EventFromJson("{\"doc_id\":\"x\"}").ok());  // no source
  EXPECT_FALSE(EventFromJson("{\"source\":{},\"quad_class\":\"four\"}").ok());
  EXPECT_FALSE(EventFromJson("{\"source\":{\"span\":[1]}}").ok());
  EXPECT_FALSE(EventFromJson(std::string("{\"source\":{\"text\":\"\xff\"}}")).ok());
}

}  // namespace
}  // namespace khaldun
