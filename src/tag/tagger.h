// Statistical POS tagger, lemmatizer and FEATS predictor for English (UD / Penn tags).
//
// The tagger predicts a composite UPOS+XPOS tag per word with two greedy passes of an
// averaged perceptron over hashed features (word, lowercase, affixes, shape, flags,
// +-2 word window, ambiguity classes from a training-set tag dictionary, sentence
// capitalisation, previous tags). The first pass runs right to left; the second runs
// left to right and also sees the first pass's tags (trained on jackknifed first-pass
// output). Scores are factored (composite tag + its UPOS). Frequent words are
// constrained to the tags seen with them in training. LEMMA comes from an exceptions
// table of (form, tag) pairs seen in training, else per-tag suffix edit rules (proper
// nouns keep their form); FEATS from (form, tag, left context) for tags whose FEATS
// follow the context (verb agreement, pronoun case), else the most frequent value for
// (form, tag), else (suffix, tag), else the tag.
//
// Thread-safety: a Tagger is immutable after Load and its const methods may be called
// from any number of threads. Tag(Sentence*) allocates scratch per call; hot loops
// should keep one TaggerScratch per thread and call Tag(Sentence*, TaggerScratch*).
// Ownership: Load returns a uniquely owned Tagger; callers may share it via const&.
//
// Training (TrainTagger) is deterministic: fixed data order, a seeded shuffle of our
// own, ties broken by lowest id, so one command rebuilds a model byte for byte.
#ifndef KHALDUN_TAG_TAGGER_H_
#define KHALDUN_TAG_TAGGER_H_

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "khaldun/document.h"
#include "khaldun/status.h"

namespace khaldun {

namespace tag {
struct TaggerModel;
struct WordInfo;
}  // namespace tag

// Per-thread working memory for Tagger::Tag; reuse it across sentences so the hot path
// does not allocate. Not thread-safe: one per thread.
class TaggerScratch {
 public:
  TaggerScratch();
  ~TaggerScratch();

 private:
  friend class Tagger;
  std::vector<tag::WordInfo> words_, reversed_;
  std::vector<std::string_view> forms_;
  std::vector<uint8_t> tags1_, tags2_;
  std::vector<float> scores_;
};

class Tagger {
 public:
  // Reads a model written by TrainTagger. Refuses (Corruption, naming `path`) a file
  // with the wrong magic or version, a truncated file or a checksum mismatch;
  // NotFound / IoError when it cannot be read.
  static StatusOr<std::unique_ptr<Tagger>> Load(const std::string& path);
  // Same from bytes in memory; `name` is used in error messages.
  static StatusOr<std::unique_ptr<Tagger>> FromBytes(std::string_view bytes,
                                                     const std::string& name);
  ~Tagger();

  // Fills lemma, upos, xpos and feats of every token from the token forms only.
  void Tag(Sentence* s) const;
  void Tag(Sentence* s, TaggerScratch* scratch) const;

  // Number of composite (UPOS, XPOS) tags the model knows.
  int num_tags() const;
  // Size of the weight tables (for reports).
  size_t num_features() const;

  // For the trainer: wraps an already built model.
  explicit Tagger(std::unique_ptr<const tag::TaggerModel> model);

 private:
  std::unique_ptr<const tag::TaggerModel> model_;
};

struct TaggerTrainOptions {
  // Maximum epochs per pass; the epoch with the best dev accuracy is kept (the last
  // one when there is no dev set).
  int iterations = 12;
  // Seeds the per-epoch shuffle of the training sentences.
  uint64_t seed = 1;
  // Features seen fewer times in the training data (with gold context) are dropped.
  int min_feature_count = 2;
  // Words seen at least this often may only get the tags seen with them.
  int constrain_min_count = 20;
  // Words seen at least this often get their tag set as an "ambiguity class" feature.
  int amb_min_count = 8;
  // Folds for the training words' ambiguity classes (each fold's classes come from the
  // other folds); 0 or 1 = from the whole training set.
  int ambiguity_folds = 0;
  // Run a second pass that sees the first pass's right-context tags.
  bool second_pass = true;
  // Run the first pass right to left (the second pass then sees tags that were
  // predicted with knowledge of the words further right).
  bool first_pass_right_to_left = true;
  // Folds for jackknifed first-pass tags on which the second pass is trained.
  int jackknife_folds = 5;
  // Update also when the gold tag wins by less than this score margin (0 = plain
  // perceptron).
  float margin = 0.0f;
  // Averaged weights with smaller magnitude are dropped from the model file.
  float prune_threshold = 0.0f;
  // WordNet database folder (e.g. /usr/share/wordnet): its word classes become features
  // and are stored in the model. Empty = no lexicon.
  std::string wordnet_dir;
};

// Trains on gold-tagged `train` (forms, upos, xpos, lemma, feats), selects the epoch
// by tag accuracy on `dev` (may be empty) and writes the model to `out_path`.
// Progress lines go to `log` (may be nullptr).
Status TrainTagger(const std::vector<Sentence>& train, const std::vector<Sentence>& dev,
                   const TaggerTrainOptions& options, const std::string& out_path,
                   std::ostream* log);

// As TrainTagger, but returns the serialized model instead of writing it.
StatusOr<std::string> TrainTaggerToBytes(const std::vector<Sentence>& train,
                                         const std::vector<Sentence>& dev,
                                         const TaggerTrainOptions& options, std::ostream* log);

}  // namespace khaldun

#endif  // KHALDUN_TAG_TAGGER_H_
