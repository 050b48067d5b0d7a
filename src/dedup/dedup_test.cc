#include "dedup/dedup.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace khaldun {
namespace {

Document Doc(std::string id, std::string text) {
  Document d;
  d.id = std::move(id);
  d.text = std::move(text);
  return d;
}

const char kStory[] =
    "The foreign ministers of the two neighbouring states met in the border town on Monday "
    "and agreed to reopen the crossing that was closed after clashes last spring. Officials "
    "said trucks carrying grain and fuel would be the first to pass, and that a joint "
    "commission would meet every month to review the arrangement. Traders on both sides "
    "welcomed the news, saying the closure had cost them dearly, while opposition leaders "
    "in the north criticised the deal as a concession made without consulting parliament.";

TEST(MinHash, SimilarityTracksOverlap) {
  DedupOptions o;
  auto a = MinHashSignature(kStory, o);
  auto b = MinHashSignature(kStory, o);
  ASSERT_EQ(a.size(), 128u);
  EXPECT_EQ(EstimatedSimilarity(a, b), 1.0);
  auto c = MinHashSignature("Completely different words about a football match and its goals "
                            "scored late in the second half by the visiting side.", o);
  EXPECT_LT(EstimatedSimilarity(a, c), 0.1);
  EXPECT_TRUE(MinHashSignature("  ,;  ", o).empty());
}

TEST(StoryDeduper, ClustersNearDuplicatesSeparatesOthers) {
  std::string edited = kStory;
  // A re-publication: new first words, one changed word, a tagline and different case.
  edited.replace(edited.find("Monday"), 6, "Tuesday");
  edited = "BORDERTOWN (Wire) - " + edited + " Reporting by A. Writer; editing by B. Editor.";
  for (size_t i = 0; i < 40; ++i) edited[i] = static_cast<char>(std::toupper(edited[i]));
  std::vector<Document> docs = {
      Doc("a", kStory),
      Doc("b", "The central bank raised its main interest rate by half a point on Thursday, "
               "citing inflation that has stayed above target for a year, and signalled more "
               "increases could follow if prices keep rising at the current pace."),
      Doc("c", edited),
      Doc("d", ""),
      Doc("e", kStory),
  };
  AssignStoryIds(&docs);
  EXPECT_EQ(docs[0].story_id, "a");
  EXPECT_EQ(docs[1].story_id, "b");
  EXPECT_EQ(docs[2].story_id, "a");
  EXPECT_EQ(docs[3].story_id, "d");
  EXPECT_EQ(docs[4].story_id, "a");
}

TEST(StoryDeduper, SameTopicDifferentStoryStaysApart) {
  std::vector<Document> docs = {
      Doc("x", kStory),
      Doc("y", "The border crossing between the two neighbouring states remained closed on "
               "Monday as foreign ministers failed to agree, and traders said grain and fuel "
               "trucks were queueing for miles while opposition leaders demanded a vote in "
               "parliament on any future arrangement with the other side."),
  };
  StoryDeduper dedup;
  EXPECT_FALSE(dedup.Add(&docs[0]));
  EXPECT_FALSE(dedup.Add(&docs[1]));
  EXPECT_EQ(docs[1].story_id, "y");
  EXPECT_EQ(dedup.duplicates(), 0u);
}

Event Ev(std::string date, std::string src, std::string tgt, std::string cameo, std::string doc) {
  Event e;
  e.date = std::move(date);
  e.source.code = std::move(src);
  e.target.code = std::move(tgt);
  e.cameo = std::move(cameo);
  e.doc_id = std::move(doc);
  return e;
}

TEST(OneADay, KeepsFirstPerDateDyadAndCode) {
  std::vector<Event> in = {
      Ev("2024-01-16", "IRNMIL", "PAKREB", "195", "d1"),
      Ev("2024-01-16", "IRNMIL", "PAKREB", "195", "d2"),  // same day, dyad, code: dropped
      Ev("2024-01-16", "IRNMIL", "PAKREB", "190", "d2"),  // other code: kept
      Ev("2024-01-17", "IRNMIL", "PAKREB", "195", "d3"),  // other day: kept
      Ev("2024-01-16", "PAKGOV", "IRNGOV", "195", "d4"),  // other dyad: kept
  };
  std::vector<Event> out = OneADay(in);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].doc_id, "d1");
  EXPECT_EQ(out[1].cameo, "190");
  EXPECT_EQ(out[2].date, "2024-01-17");
  EXPECT_EQ(out[3].source.code, "PAKGOV");
}

}  // namespace
}  // namespace khaldun
