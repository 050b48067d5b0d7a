// Regression tests for crashes and invariant violations found by the fuzz targets in
// tests/fuzz/ (one test per finding, named after what broke). Each input is a small
// hand-written reduction of the fuzzer's artifact.
#include <string>
#include <vector>

#include "document/conllu.h"
#include "gtest/gtest.h"
#include "khaldun/document.h"

namespace khaldun {
namespace {

// conllu_fuzz: a FORM ending in a space ("will " here) at the end of a sentence had
// its trailing space trimmed from the rebuilt text but not from its span, so the
// token's span ended past Document::text.
TEST(ConlluRegression, TokenFormWithTrailingSpaceKeepsSpanInsideText) {
  const std::string in =
      "1\tThey\tthey\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n"
      "2\twill \twill\tAUX\tMD\t_\t0\troot\t_\t_\n"
      "\n"
      "1\tnext \tnext\tADJ\tJJ\t_\t0\troot\t_\tSpaceAfter=No\n"
      "\n";
  std::vector<Document> docs;
  std::vector<std::string> errors;
  ConlluStats stats = ReadConllu(in, "t.conllu", "t", &docs,
                                 [&](const Status& s) { errors.push_back(s.message()); });
  ASSERT_EQ(stats.sentences, 2u);
  ASSERT_TRUE(errors.empty());
  ASSERT_EQ(docs.size(), 1u);
  const Document& d = docs[0];
  for (const Sentence& s : d.sentences) {
    EXPECT_LE(s.span.end, d.text.size());
    for (const Token& t : s.tokens) {
      ASSERT_LE(t.span.end, d.text.size()) << t.form;
      EXPECT_EQ(d.Text(t.span), t.form);
    }
  }
}

}  // namespace
}  // namespace khaldun
