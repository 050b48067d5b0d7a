#include "pipeline/nlp.h"

#include "base/utf8.h"
#include "parse/parser.h"
#include "pipeline/parallel.h"
#include "pipeline/paths.h"
#include "tag/tagger.h"

namespace khaldun {

NlpPipeline::~NlpPipeline() = default;

namespace {
// Heap bytes of the annotation strings of one tagged and parsed token beyond what fits
// in std::string's inline buffer: FEATS ("Mood=Ind|Number=Sing|Person=3|Tense=Pres|
// VerbForm=Fin") is the one usually longer than that.
constexpr size_t kAnnotationHeapBytes = 48;

size_t HeapBytes(const std::string& s) { return s.size() > 15 ? s.size() + 1 : 0; }
}  // namespace

size_t SentenceMemoryEstimate(const Sentence& s) {
  size_t bytes = sizeof(Sentence) + s.sent_id.size() + s.mwts.size() * sizeof(MultiWordToken);
  for (const std::string& c : s.comments) bytes += sizeof(std::string) + c.size();
  for (const Token& t : s.tokens) bytes += sizeof(Token) + kAnnotationHeapBytes + HeapBytes(t.form);
  return bytes;
}

size_t DocumentMemoryEstimate(const Document& doc) {
  size_t bytes = sizeof(Document) + doc.text.size() + doc.id.size() + doc.title.size();
  for (const Sentence& s : doc.sentences) bytes += SentenceMemoryEstimate(s);
  return bytes;
}

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
  std::vector<char> truncated(docs->size(), 0), over_memory(docs->size(), 0);
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
    const size_t budget = options_.max_worker_memory_bytes;
    if (budget > 0) {
      size_t used = DocumentMemoryEstimate(d) - [&] {
        size_t all = 0;
        for (const Sentence& s : d.sentences) all += SentenceMemoryEstimate(s);
        return all;
      }();
      size_t keep = 0;
      while (keep < d.sentences.size()) {
        size_t more = SentenceMemoryEstimate(d.sentences[keep]);
        if (used + more > budget) break;
        used += more;
        ++keep;
      }
      if (keep < d.sentences.size()) {
        d.sentences.resize(keep);
        d.sentences.shrink_to_fit();
        over_memory[i] = 1;
      }
    }
  });
  if (stats) {
    for (const auto& s : seg) {
      stats->repaired_bytes += s.repaired_bytes;
      stats->long_sentences_split += s.long_sentences_split;
    }
    for (char t : truncated) stats->documents_truncated += t;
    for (char t : over_memory) stats->documents_over_memory += t;
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
