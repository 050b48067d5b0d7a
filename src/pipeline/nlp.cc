#include "pipeline/nlp.h"

#include "base/utf8.h"
#include "parse/parser.h"
#include "pipeline/parallel.h"
#include "pipeline/paths.h"
#include "tag/tagger.h"

namespace khaldun {

NlpPipeline::~NlpPipeline() = default;

StatusOr<std::unique_ptr<NlpPipeline>> NlpPipeline::Load(const NlpOptions& options) {
  std::unique_ptr<NlpPipeline> p(new NlpPipeline());
  p->options_ = options;
  if (options.tag) {
    std::string path = options.tagger_path.empty() ? DefaultTaggerPath() : options.tagger_path;
    KHALDUN_ASSIGN_OR_RETURN(p->tagger_, Tagger::Load(path));
  }
  if (options.parse) {
    if (!options.tag) return InvalidArgumentError("parsing needs tagging");
    std::string path = options.parser_path.empty() ? DefaultParserPath() : options.parser_path;
    KHALDUN_ASSIGN_OR_RETURN(p->parser_, Parser::Load(path));
  }
  return p;
}

void NlpPipeline::Annotate(std::vector<Document>* docs, int threads, NlpStats* stats) const {
  // Segmentation is fast (tens of MB/s); spread it over documents.
  std::vector<SegmentStats> seg(docs->size());
  std::vector<char> truncated(docs->size(), 0);
  ParallelFor(docs->size(), threads, [&](size_t i, int) {
    Document& d = (*docs)[i];
    if (!d.sentences.empty()) return;
    std::string repaired;
    seg[i].repaired_bytes = RepairUtf8(d.text, &repaired);
    if (seg[i].repaired_bytes) d.text.swap(repaired);
    size_t repaired_count = seg[i].repaired_bytes;
    Segment(options_.segment, &d, &seg[i]);
    seg[i].repaired_bytes = repaired_count;
    size_t max = options_.max_sentences_per_document;
    if (max > 0 && d.sentences.size() > max) {
      d.sentences.resize(max);
      d.sentences.shrink_to_fit();
      truncated[i] = 1;
    }
  });
  if (stats) {
    for (const auto& s : seg) {
      stats->repaired_bytes += s.repaired_bytes;
      stats->long_sentences_split += s.long_sentences_split;
    }
    for (char t : truncated) stats->documents_truncated += t;
  }
  TagAndParse(docs, threads, stats);
}

void NlpPipeline::Repredict(std::vector<Document>* docs, int threads, NlpStats* stats) const {
  for (Document& d : *docs)
    for (Sentence& s : d.sentences)
      for (Token& t : s.tokens) {
        t.lemma.clear();
        t.upos.clear();
        t.xpos.clear();
        t.feats.clear();
        t.head = -1;
        t.deprel.clear();
      }
  TagAndParse(docs, threads, stats);
}

void NlpPipeline::TagAndParse(std::vector<Document>* docs, int threads, NlpStats* stats) const {
  std::vector<Sentence*> sentences;
  size_t words = 0;
  for (Document& d : *docs)
    for (Sentence& s : d.sentences) {
      sentences.push_back(&s);
      words += s.tokens.size();
    }
  if (stats) {
    stats->documents += docs->size();
    stats->sentences += sentences.size();
    stats->words += words;
  }
  if (!tagger_) return;
  if (threads <= 0) threads = HardwareThreads();
  std::vector<std::unique_ptr<TaggerScratch>> scratch(static_cast<size_t>(threads));
  for (auto& sc : scratch) sc = std::make_unique<TaggerScratch>();
  ParallelFor(sentences.size(), threads, [&](size_t i, int worker) {
    Sentence* s = sentences[i];
    if (s->tokens.empty()) return;
    tagger_->Tag(s, scratch[static_cast<size_t>(worker)].get());
    if (parser_) parser_->Parse(s);
  });
}

}  // namespace khaldun
