// Labeled dependency parser: arc-hybrid transitions scored by an averaged perceptron
// over hashed Zhang & Nivre (2011)-style features, either greedy and trained with the
// dynamic oracle of Goldberg & Nivre (2013), or with beam search and trained globally
// (max-violation structured perceptron, Huang et al. 2012). Produces UD HEAD and DEPREL
// (with subtypes).
//
// Design:
//   - Transition system: arc-hybrid (SHIFT, LEFT, RIGHT) with the artificial ROOT at
//     the END of the buffer ("going to the roots"); LEFT onto ROOT is only allowed when
//     one word is left on the stack, so the output is always a tree with exactly one
//     word attached to 0, and a sentence of n words takes exactly 2n transitions
//     (linear time, any length).
//   - Non-projective training trees are projectivized by lifting (Nivre & Nilsson
//     2005, without label encoding); the parser outputs projective trees.
//   - Two hashed linear models: one scores the 3 transitions, one labels an arc when it
//     is built (the dependent's subtree is complete at that moment, so its children and
//     their labels are features).
//   - Supertags (optional, ParserTrainOptions::supertag_folds): a greedy averaged-
//     perceptron sequence tagger in the same model file first labels every word with
//     its relation, the side of its head and the sides it has dependents on (210
//     classes on EWT); the parser reads them as features (after Ouchi, Duh & Matsumoto
//     2014, "Improving dependency parsers with supertags"). The parser trains on K-fold
//     jackknifed supertags, so it learns how far to trust them. On EWT test with our
//     tagger: +0.7 to +1.0 UAS, +0.6 to +0.9 LAS; the supertagger costs about as much
//     time per word as the POS tagger. A model without a supertagger has exactly the
//     features (and the file format, version 3) it had before supertags existed.
//   - Weights are hashed into fixed tables (no feature dictionary), quantized to int16
//     in the model file; parsing allocates nothing per token (per-thread scratch).
//   - Beam models (ParserTrainOptions::beam > 1): every state takes 2n transitions, so
//     the beam is synchronous; each item proposes SHIFT and its LEFT/RIGHT arcs with
//     their `beam` best labels, and the best `beam` (move, label) candidates survive.
//     Training runs the same search with the current weights beside the static-oracle
//     gold sequence and updates at the prefix of maximum violation. The width is stored
//     in the model's flags, so a beam model always decodes as it was trained. Cost:
//     about `beam` times the greedy parse per word.
//
// Thread-safety: a Parser is immutable after Load(); Parse() is const and may be called
// from many threads at once (each thread uses its own thread_local scratch).
// Ownership: Load() returns the only owner of the model.
#ifndef KHALDUN_PARSE_PARSER_H_
#define KHALDUN_PARSE_PARSER_H_

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "khaldun/document.h"
#include "khaldun/status.h"

namespace khaldun {

struct ParserTrainOptions {
  int epochs = 20;             // passes over the training data; the best on dev is kept
  int action_bits = 22;        // log2 of the transition weight table rows
  int label_bits = 16;         // log2 of the label weight table rows
  double explore_prob = 0.9;   // dynamic oracle: follow the model's own (possibly wrong)
                               // transition with this probability ...
  int explore_from_epoch = 1;  // ... from this 0-based epoch on (before: gold only)
  // Training tag noise: with this probability a word's UPOS/XPOS is replaced by another
  // pair seen with the same word form in training, so the model learns to cope with
  // tagger errors. 0 = train on the tags as given.
  double tag_noise = 0.0;
  // Rare-word dropout: in training a word seen c times is replaced by the unknown word
  // with probability a / (a + c), so the unknown-word features get trained. 0 = off.
  double word_dropout = 1.0;
  uint64_t seed = 20240607;    // fixed: training is deterministic
  // Score each LEFT/RIGHT move together with its best label (one perceptron over
  // (move, label) pairs) instead of labelling after the move.
  bool joint_labels = true;
  int min_dev_epochs = 1;      // evaluate dev after every epoch from this one (1-based)
  // Beam width. 1: greedy parser trained with the dynamic oracle (above). > 1: beam
  // search over (move, label) pairs, trained globally as a structured perceptron with
  // max-violation updates (Huang, Fayong & Guo 2012); the model file records the width
  // and decodes with it.
  int beam = 1;
  // Supertagger (parser.cc): 0 = none; K >= 2 = train one and give the parser
  // K-fold jackknifed supertags of the training sentences as features.
  int supertag_folds = 0;
  int supertag_epochs = 8;
  int supertag_bits = 18;  // log2 rows of its sparse weight index
  // Supertagger weights smaller than this fraction of the largest are dropped: at 1/16
  // nine in ten go (2.4M -> 0.24M), which keeps the supertagger in the CPU caches and
  // costs no measurable parser accuracy.
  double supertag_prune = 1.0 / 16;
};

// Attachment scores over all words (punctuation included, as in the CoNLL 2018
// evaluation). `las` compares full labels (with subtype), `las_universal` only the part
// before ':'.
struct ParseScores {
  size_t words = 0;
  double uas = 0, las = 0, las_universal = 0, label_acc = 0;
};

class Parser {
 public:
  // Loads a model written by TrainParser. Refuses missing, truncated, corrupt (checksum)
  // or wrong-version files with a Status naming `path`.
  static StatusOr<std::unique_ptr<Parser>> Load(const std::string& path);
  // Same from bytes already in memory; `name` is used in error messages.
  static StatusOr<std::unique_ptr<Parser>> FromBytes(const std::string& bytes,
                                                     const std::string& name);
  ~Parser();

  // Fills head and deprel of every token from form, lemma, upos, xpos, feats.
  // The result is always a tree: exactly one token has head 0 (deprel "root"), no
  // cycles. Sentences of any length parse in linear time. Empty sentences are left alone.
  void Parse(Sentence* s) const;

  // Number of distinct labels the model can assign.
  const std::vector<std::string>& labels() const;

  // Beam width the model decodes with (1 = greedy).
  int beam() const;

  struct Model;  // internal

 private:
  explicit Parser(std::unique_ptr<Model> m);
  std::unique_ptr<Model> model_;
  friend StatusOr<std::string> AverageParsers(const std::vector<std::string>&);
  friend Status TrainParser(const std::vector<Sentence>&, const std::vector<Sentence>&,
                            const ParserTrainOptions&, const std::string&, std::ostream*);
};

// Trains on `train` (gold heads, deprels, tags), picks the epoch with the best dev LAS
// (`dev` may be empty: then the last epoch is kept) and writes the model to `out_path`.
// Progress lines go to `log` (may be null). Deterministic for fixed options and input.
Status TrainParser(const std::vector<Sentence>& train, const std::vector<Sentence>& dev,
                   const ParserTrainOptions& options, const std::string& out_path,
                   std::ostream* log);

// Averages the weights of parser models trained on the same data with the same options
// (e.g. different seeds): one model of the same size and speed. Returns its bytes;
// refuses models whose labels, vocabulary or table shapes differ.
StatusOr<std::string> AverageParsers(const std::vector<std::string>& paths);

// Re-parses a copy of every gold sentence and scores it against the gold tree.
ParseScores EvaluateParser(const Parser& parser, const std::vector<Sentence>& gold);

// --- Transition-system helpers (exposed for tests and tools) ---

// True when no arc of `heads` crosses another (heads: 0 = root, else 1-based).
bool IsProjective(const std::vector<int>& heads);

// Lifts non-projective arcs (the shortest first) until the tree is projective.
// REQUIRES: `heads` is a tree (as CheckTree accepts).
std::vector<int> Projectivize(const std::vector<int>& heads);

// Runs the arc-hybrid system following the dynamic oracle (always a zero-cost
// transition) for the gold tree `heads`; returns the heads it builds. For a projective
// tree the result equals `heads`; for a non-projective one it equals Projectivize(heads).
std::vector<int> OracleHeads(const std::vector<int>& heads);

}  // namespace khaldun

#endif  // KHALDUN_PARSE_PARSER_H_
