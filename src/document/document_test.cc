#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "document/conllu.h"
#include "khaldun/document.h"

namespace khaldun {
namespace {

const char kSample[] =
    "# newdoc id = d1\n"
    "# sent_id = s1\n"
    "# text = Iran didn't strike.\n"
    "1\tIran\tIran\tPROPN\tNNP\tNumber=Sing\t4\tnsubj\t_\t_\n"
    "2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "2\tdid\tdo\tAUX\tVBD\t_\t4\taux\t_\t_\n"
    "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n"
    "4\tstrike\tstrike\tVERB\tVB\tVerbForm=Inf\t0\troot\t_\tSpaceAfter=No\n"
    "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n"
    "\n";

TEST(Conllu, ReadsWordsSpansAndMultiwordTokens) {
  std::vector<Document> docs;
  std::vector<Status> errors;
  auto st = ReadConllu(kSample, "sample", "fallback", &docs,
                       [&](const Status& s) { errors.push_back(s); });
  ASSERT_EQ(st.sentences, 1u);
  ASSERT_TRUE(errors.empty());
  ASSERT_EQ(docs.size(), 1u);
  const Document& d = docs[0];
  EXPECT_EQ(d.id, "d1");
  EXPECT_EQ(d.text, "Iran didn't strike.");
  const Sentence& s = d.sentences[0];
  ASSERT_EQ(s.tokens.size(), 5u);
  EXPECT_EQ(d.Text(s.tokens[1].span), "did");
  EXPECT_EQ(d.Text(s.tokens[2].span), "n't");
  EXPECT_EQ(d.Text(s.tokens[3].span), "strike");
  EXPECT_EQ(s.tokens[3].head, 0);
  EXPECT_EQ(s.tokens[0].deprel, "nsubj");
}

TEST(Conllu, RoundTripIsExact) {
  std::vector<Document> docs;
  ReadConllu(kSample, "sample", "x", &docs, [](const Status&) {});
  std::string out;
  for (const auto& d : docs)
    for (const auto& s : d.sentences) AppendConlluSentence(s, &out);
  EXPECT_EQ(out, kSample);
}

TEST(Conllu, BrokenTreeIsReportedAndSkipped) {
  std::string bad =
      "1\tA\ta\tX\tX\t_\t2\tdep\t_\t_\n"
      "2\tB\tb\tX\tX\t_\t1\tdep\t_\t_\n"
      "\n"
      "1\tOk\tok\tINTJ\tUH\t_\t0\troot\t_\t_\n"
      "\n"
      "1\tshort\tline\n"
      "\n";
  std::vector<Document> docs;
  std::vector<std::string> errors;
  auto st = ReadConllu(bad, "bad.conllu", "bad", &docs,
                       [&](const Status& s) { errors.push_back(s.message()); });
  EXPECT_EQ(st.sentences, 1u);
  EXPECT_EQ(st.skipped, 2u);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_NE(errors[0].find("bad.conllu:1"), std::string::npos) << errors[0];
  EXPECT_NE(errors[0].find("no word attached to the root"), std::string::npos) << errors[0];
  EXPECT_NE(errors[1].find("expected 10 columns"), std::string::npos);
}

TEST(Conllu, RealTreebankRoundTrips) {
  const char* path = "../shared/ud/en_ewt/en_ewt-ud-dev.conllu";
  std::ifstream f(std::string(KHALDUN_SOURCE_DIR) + "/" + path);
  if (!f) GTEST_SKIP() << "shared data absent: " << path;
  std::stringstream ss;
  ss << f.rdbuf();
  std::string data = ss.str();
  std::vector<Document> docs;
  size_t errors = 0;
  auto st = ReadConllu(data, path, "ewt", &docs, [&](const Status&) { ++errors; });
  EXPECT_EQ(errors, 0u);
  EXPECT_EQ(st.sentences, 2001u);
  std::string out;
  for (const auto& d : docs)
    for (const auto& s : d.sentences) AppendConlluSentence(s, &out);
  // Empty nodes (ids with '.') are dropped on read; compare everything else.
  std::string expected;
  std::istringstream in(data);
  for (std::string line; std::getline(in, line);) {
    size_t tab = line.find('\t');
    if (tab != std::string::npos && line.substr(0, tab).find('.') != std::string::npos)
      continue;
    expected += line + "\n";
  }
  // Enhanced deps (column 9) are not kept; blank them in the expectation.
  std::string exp2;
  std::istringstream in2(expected);
  for (std::string line; std::getline(in2, line);) {
    if (!line.empty() && line[0] != '#') {
      std::vector<std::string> cols;
      std::stringstream ls(line);
      for (std::string c; std::getline(ls, c, '\t');) cols.push_back(c);
      if (cols.size() == 10) {
        cols[8] = "_";
        line.clear();
        for (size_t i = 0; i < 10; ++i) line += (i ? "\t" : "") + cols[i];
      }
    }
    exp2 += line + "\n";
  }
  if (out != exp2) {
    std::ofstream(::testing::TempDir() + "/roundtrip.out") << out;
    std::ofstream(::testing::TempDir() + "/roundtrip.exp") << exp2;
  }
  EXPECT_TRUE(out == exp2) << "diff " << ::testing::TempDir() << "/roundtrip.{out,exp}";
  // Token spans point at their forms in the rebuilt text.
  for (const auto& d : docs)
    for (const auto& s : d.sentences)
      for (const auto& t : s.tokens)
        if (t.span.size() == t.form.size()) {
          ASSERT_EQ(d.Text(t.span), t.form);
        }
}

TEST(Document, ToOriginalMapsThroughPieces) {
  Document d;
  d.text = "abcdef";
  EXPECT_EQ(d.ToOriginal(3), 3u);
  d.origin = {{0, 100, 3}, {3, 200, 3}};
  EXPECT_EQ(d.ToOriginal(1), 101u);
  EXPECT_EQ(d.ToOriginal(4), 201u);
}

}  // namespace
}  // namespace khaldun
