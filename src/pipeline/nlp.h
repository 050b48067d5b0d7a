// NlpPipeline: segment -> tag -> parse over Documents, on several threads.
//
// Holds the immutable tagger and parser models (loaded once, shared by threads).
// Annotate() segments documents that have no sentences yet, then tags and parses
// every sentence; the work is spread over sentences, and results are written in
// place, so the output is identical for any thread count. Thread-safe: const methods
// may be called concurrently on different documents.
#ifndef KHALDUN_PIPELINE_NLP_H_
#define KHALDUN_PIPELINE_NLP_H_

#include <memory>
#include <string>
#include <vector>

#include "khaldun/document.h"
#include "khaldun/status.h"
#include "segment/segment.h"

namespace khaldun {

class Tagger;
class Parser;

struct NlpOptions {
  std::string tagger_path;  // empty = DefaultTaggerPath()
  std::string parser_path;  // empty = DefaultParserPath()
  bool tag = true;
  bool parse = true;        // REQUIRES: tag (the parser reads the tags)
  SegmentOptions segment;
  // Documents with more sentences keep only the first this many (the rest is not
  // tagged, parsed or coded; counted in NlpStats::documents_truncated). 0 = no limit.
  size_t max_sentences_per_document = 10000;
  // Memory a worker thread may hold for one document: its text plus its annotated
  // sentences, estimated right after segmentation (DocumentMemoryEstimate). A document
  // over it keeps the leading sentences that fit (counted in
  // NlpStats::documents_over_memory). 0 = no limit.
  size_t max_worker_memory_bytes = size_t{512} << 20;
};

// Bytes a segmented document will occupy once tagged and parsed: the text, the
// sentence and token records, and the per-token strings the tagger and parser add
// (lemma, tags, features, relation) at their usual sizes. Tokens with a long form count
// it in full. An estimate made before tagging so that the limit can act before the
// memory is spent; it is within a small factor of the real footprint.
size_t DocumentMemoryEstimate(const Document& doc);
size_t SentenceMemoryEstimate(const Sentence& s);

struct NlpStats {
  size_t documents = 0;
  size_t sentences = 0;
  size_t words = 0;
  size_t repaired_bytes = 0;        // invalid UTF-8 bytes replaced by U+FFFD
  size_t long_sentences_split = 0;  // sentences over segment.max_tokens_per_sentence
  size_t documents_truncated = 0;   // documents cut at max_sentences_per_document
  size_t documents_over_memory = 0; // documents cut at max_worker_memory_bytes
};

class NlpPipeline {
 public:
  static StatusOr<std::unique_ptr<NlpPipeline>> Load(const NlpOptions& options);
  ~NlpPipeline();

  // Segments (when doc->sentences is empty), tags and parses each document.
  // threads <= 0 means all hardware threads.
  void Annotate(std::vector<Document>* docs, int threads, NlpStats* stats) const;

  // Re-predicts LEMMA, UPOS, XPOS, FEATS, HEAD, DEPREL of already tokenized sentences
  // (CoNLL-U input), keeping tokens and sentence breaks.
  void Repredict(std::vector<Document>* docs, int threads, NlpStats* stats) const;

  const NlpOptions& options() const { return options_; }

 private:
  NlpPipeline() = default;
  void TagAndParse(std::vector<Document>* docs, int threads, NlpStats* stats) const;

  NlpOptions options_;
  std::unique_ptr<Tagger> tagger_;
  std::unique_ptr<Parser> parser_;
};

}  // namespace khaldun

#endif  // KHALDUN_PIPELINE_NLP_H_
