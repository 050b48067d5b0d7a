// UD evaluation of predicted against gold sentences with identical tokenization, in
// the manner of the CoNLL 2018 shared task script (conll18_ud_eval.py) restricted to
// gold tokenization: every word is aligned one to one, punctuation included.
//
// Metrics (percent of gold words):
//   UPOS, XPOS        exact tag match
//   UFeats            the universal features (CoNLL 2018 list) match as a set
//   AllTags           UPOS, XPOS and the full FEATS string all match
//   Lemmas            lemma match; a gold lemma "_" (empty) counts as a match
//   UAS               head match
//   LAS               head and universal relation (the part before ':') match
//   LAS-full          head and full relation (with subtype) match
//
// UdEvaluator accumulates counts over any number of sentence pairs; a pair whose words
// differ in number or form is reported as an error and not counted. Thread-safety: one
// evaluator per thread (plain value type). Pure functions otherwise.
#ifndef KHALDUN_EVAL_UD_EVAL_H_
#define KHALDUN_EVAL_UD_EVAL_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "khaldun/document.h"
#include "khaldun/status.h"

namespace khaldun {

struct UdCounts {
  size_t words = 0;
  size_t upos = 0, xpos = 0, ufeats = 0, alltags = 0, lemmas = 0;
  size_t uas = 0, las = 0, las_full = 0;
  size_t sentences = 0;
};

class UdEvaluator {
 public:
  // Adds one sentence pair. Fails (InvalidArgument naming the sentence) when the
  // tokenization differs; nothing is counted then.
  Status Add(const Sentence& gold, const Sentence& pred);
  const UdCounts& counts() const { return counts_; }
  // Percentage of gold words (0 when there are none).
  double Percent(size_t correct) const;
  // One metric per line, two decimals: "UPOS       95.51" etc., preceded by the
  // numbers of sentences and words.
  std::string Report() const;

 private:
  UdCounts counts_;
};

// True when `feats` and `other` hold the same universal features (order-insensitive).
bool SameUniversalFeats(std::string_view gold, std::string_view pred);

// Sentence pairs to evaluate: gold and predicted sentences in order across documents.
// When `doc_prefixes` is non-empty, only sentences of gold documents whose id starts
// with one of them are kept (e.g. {"GUM_news_"}); predicted sentences are matched by
// position, so the prediction need not carry document ids. Fails when the sentence
// counts differ.
struct SentencePairs {
  std::vector<const Sentence*> gold, pred;
};
StatusOr<SentencePairs> AlignSentences(const std::vector<Document>& gold,
                                       const std::vector<Document>& pred,
                                       const std::vector<std::string>& doc_prefixes = {});

// Evaluates all aligned pairs; sentences whose tokenization differs are reported via
// the returned status only when every pair failed (otherwise they are counted in
// `*skipped` when given).
StatusOr<UdEvaluator> EvaluateUd(const std::vector<Document>& gold,
                                 const std::vector<Document>& pred,
                                 const std::vector<std::string>& doc_prefixes = {},
                                 size_t* skipped = nullptr);

}  // namespace khaldun

#endif  // KHALDUN_EVAL_UD_EVAL_H_
