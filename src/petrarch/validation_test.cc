#include "petrarch/validation.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace khaldun::petrarch {
namespace {

using ::testing::HasSubstr;

// A small validation file written for this test: a normal record, a mid-file <Config>,
// a record whose <Parse> is never closed (skipped), one expecting no events, one with an
// expected error, and a sentence="false" record.
const char kXml[] =
    "<?xml version='1.0' encoding='utf-8'?>\n"
    "<Validation>\n"
    "<!-- header comment with <Sentence> inside, ignored -->\n"
    "<Sentences>\n"
    "<Sentence source=\"T\" date=\"20210304\" id=\"T_01\" sentence=\"true\">\n"
    "<EventCoding eventcode=\"042\" sourcecode=\"VLM\" targetcode=\"KST\" />\n"
    "<EventCoding eventcode=\"043\" sourcecode=\"KST\" targetcode=\"VLM\" />\n"
    "<Text>\nVelmora visits Kestrel &amp; friends.\n</Text>\n"
    "<Parse>\n1\tVelmora\tVelmora\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n"
    "2\tvisits\tvisit\tVERB\tVBZ\t_\t0\troot\t_\t_\n"
    "3\tKestrel\tKestrel\tPROPN\tNNP\t_\t2\tdobj\t_\t_\n"
    "</Parse></Sentence>\n"
    "<Config option=\"require_dyad\" value=\"false\" />\n"
    "<Sentence source=\"T\" date=\"950102\" id=\"T_02\" sentence=\"true\">\n"
    "<EventCoding noevents=\"True\" />\n"
    "<Text>Broken one</Text>\n"
    "<Parse>\n1\tBroken\tbroken\tADJ\tJJ\t_\t0\troot\t_\t_\n"
    "</Sentence>\n"
    "<Sentence source=\"T\" date=\"950103\" id=\"T_03\" sentence=\"true\">\n"
    "<EventCoding noevents=\"True\" />\n"
    "<Text>Quiet.</Text>\n"
    "<Parse>\n1\tQuiet\tquiet\tADJ\tJJ\t_\t0\troot\t_\t_\n</Parse>\n"
    "</Sentence>\n"
    "<Config option=\"new_actor_length\" value=\"4\" />\n"
    "<Sentence source=\"E\" date=\"19950104\" id=\"T_04\" sentence=\"false\">\n"
    "<EventCoding error=\"sentencediscard\" />\n"
    "<Text>x</Text><Parse>\n1\tx\tx\tX\tX\t_\t0\troot\t_\t_\n</Parse>\n"
    "</Sentence>\n"
    "<Sentence source=\"T\" date=\"19950105\" id=\"T_05\">\n"
    "<Text>unterminated\n";

TEST(Validation, ReadsRecordsConfigAndSkipsMalformed) {
  std::vector<std::string> errors;
  ValidationFile f =
      ReadValidation(kXml, "t.xml", [&](const std::string& m) { errors.push_back(m); });
  ASSERT_EQ(f.records.size(), 3u);
  EXPECT_EQ(f.skipped, 2u);
  ASSERT_GE(errors.size(), 2u);
  EXPECT_THAT(errors.front(), HasSubstr("t.xml:20:"));  // the <Parse> of T_02
  EXPECT_THAT(errors.front(), HasSubstr("T_02"));
  EXPECT_THAT(errors.back(), HasSubstr("T_05"));

  const ValidationRecord& r1 = f.records[0];
  EXPECT_EQ(r1.id, "T_01");
  EXPECT_EQ(r1.date, 20210304);
  EXPECT_EQ(r1.line, 5);
  ASSERT_EQ(r1.expected.size(), 2u);
  EXPECT_EQ(r1.expected[1].source, "KST");
  EXPECT_EQ(r1.expected[1].code, "043");
  EXPECT_THAT(r1.text, HasSubstr("Kestrel & friends"));
  EXPECT_THAT(r1.parse, HasSubstr("2\tvisits\tvisit"));
  EXPECT_TRUE(r1.config.empty());

  // The <Config> before the skipped T_02 still applies to the next good record.
  const ValidationRecord& r3 = f.records[1];
  EXPECT_EQ(r3.id, "T_03");
  EXPECT_EQ(r3.date, 19950103);
  EXPECT_TRUE(r3.expected.empty());
  ASSERT_EQ(r3.config.size(), 1u);
  EXPECT_EQ(r3.config[0].first, "require_dyad");
  EXPECT_EQ(r3.config[0].second, "false");

  const ValidationRecord& r4 = f.records[2];
  EXPECT_FALSE(r4.is_sentence);
  EXPECT_EQ(r4.expected_error, "sentencediscard");
  ASSERT_EQ(r4.config.size(), 1u);
  EXPECT_EQ(r4.config[0].second, "4");
}

TEST(Validation, GarbageNeverCrashes) {
  const std::string inputs[] = {"", "<", "<Sentence", "<Sentence id='a'><Parse>",
                                "</Sentence></Sentence><EventCoding/>", std::string(1000, '<'),
                                "<Sentence id=\"x\" date=\"1\"><Parse>1</Parse></Sentence>",
                                std::string("\xff\xfe<Sentence\x00>", 14)};
  for (const std::string& in : inputs) {
    ValidationFile f = ReadValidation(in, "g.xml", nullptr);
    EXPECT_TRUE(f.records.empty()) << in;
  }
}

TEST(Validation, Unescape) {
  EXPECT_EQ(XmlUnescape("a &amp; b &lt;c&gt; &quot;d&quot; &#65;&#x42; &bogus; &"),
            "a & b <c> \"d\" AB &bogus; &");
  EXPECT_EQ(XmlUnescape("&#233;"), "\xc3\xa9");
}

}  // namespace
}  // namespace khaldun::petrarch
