#include "pipeline/nlp.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "document/conllu.h"
#include "pipeline/paths.h"

namespace khaldun {
namespace {

std::unique_ptr<NlpPipeline> LoadOrSkip() {
  auto nlp = NlpPipeline::Load(NlpOptions());
  if (!nlp.ok()) {
    ADD_FAILURE() << nlp.status().ToString();
    return nullptr;
  }
  return std::move(nlp).value();
}

std::string Conllu(const std::vector<Document>& docs) {
  std::string out;
  for (const auto& d : docs) AppendConlluDocument(d, &out);
  return out;
}

std::vector<Document> ExampleDocs() {
  std::vector<Document> docs;
  for (const char* name : {"2024-01-17_iran-strikes-pakistan.txt",
                           "2024-01-18_pakistan-strikes-iran.txt",
                           "2025-06-24_us-iran-strikes-truce.txt"}) {
    std::ifstream f(std::string(KHALDUN_SOURCE_DIR) + "/examples/" + name);
    std::stringstream ss;
    ss << f.rdbuf();
    docs.emplace_back();
    docs.back().id = name;
    docs.back().text = ss.str();
  }
  return docs;
}

TEST(NlpPipeline, OutputIdenticalForAnyThreadCount) {
  auto nlp = LoadOrSkip();
  ASSERT_NE(nlp, nullptr) << "models missing under " << DataDir();
  std::string reference;
  for (int threads : {1, 2, 3, 8}) {
    auto docs = ExampleDocs();
    NlpStats stats;
    nlp->Annotate(&docs, threads, &stats);
    EXPECT_GT(stats.words, 300u);
    std::string out = Conllu(docs);
    if (reference.empty()) {
      reference = out;
    } else {
      ASSERT_EQ(out, reference) << "threads=" << threads;
    }
  }
}

TEST(NlpPipeline, ParsesAreTreesAndTagsAreSet) {
  auto nlp = LoadOrSkip();
  ASSERT_NE(nlp, nullptr);
  auto docs = ExampleDocs();
  nlp->Annotate(&docs, 2, nullptr);
  for (const auto& d : docs)
    for (const auto& s : d.sentences) {
      EXPECT_TRUE(CheckTree(s).ok()) << d.Text(s.span);
      for (const auto& t : s.tokens) {
        EXPECT_FALSE(t.upos.empty());
        EXPECT_FALSE(t.deprel.empty());
      }
    }
}

TEST(NlpPipeline, RepredictKeepsTokensAndSentenceBreaks) {
  auto nlp = LoadOrSkip();
  ASSERT_NE(nlp, nullptr);
  const char* conllu =
      "1\tPakistan\t_\t_\t_\t_\t_\t_\t_\t_\n"
      "2\texpelled\t_\t_\t_\t_\t_\t_\t_\t_\n"
      "3\tthe\t_\t_\t_\t_\t_\t_\t_\t_\n"
      "4\tenvoy\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n"
      "5\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n"
      "1\tTehran\t_\t_\t_\t_\t_\t_\t_\t_\n"
      "2\tprotested\t_\t_\t_\t_\t_\t_\t_\t_\n\n";
  std::vector<Document> docs;
  ReadConllu(conllu, "t", "t", &docs, [](const Status&) {});
  nlp->Repredict(&docs, 1, nullptr);
  ASSERT_EQ(docs[0].sentences.size(), 2u);
  const auto& s = docs[0].sentences[0];
  ASSERT_EQ(s.tokens.size(), 5u);
  EXPECT_EQ(s.tokens[1].lemma, "expel");
  EXPECT_EQ(s.tokens[1].upos, "VERB");
  EXPECT_EQ(s.tokens[1].head, 0);
  EXPECT_EQ(s.tokens[0].deprel, "nsubj");
  EXPECT_EQ(s.tokens[3].deprel, "obj");
  EXPECT_EQ(docs[0].sentences[1].tokens.size(), 2u);
}

TEST(NlpPipeline, EmptyAndHostileInput) {
  auto nlp = LoadOrSkip();
  ASSERT_NE(nlp, nullptr);
  std::vector<Document> docs(3);
  docs[0].text = "";
  docs[1].text = std::string("\xff\xfe\x00\x01 broken \xc3 bytes", 17);
  for (int i = 0; i < 3000; ++i) docs[2].text += "word ";  // one 3,000-token "sentence"
  NlpStats stats;
  nlp->Annotate(&docs, 2, &stats);
  EXPECT_TRUE(docs[0].sentences.empty());
  EXPECT_GT(stats.repaired_bytes, 0u);
  EXPECT_GT(stats.long_sentences_split, 0u);
  for (const auto& s : docs[2].sentences) EXPECT_LE(s.tokens.size(), 400u);
}

TEST(NlpPipeline, WorkerMemoryLimitKeepsTheSentencesThatFit) {
  NlpOptions options;
  options.tag = options.parse = false;  // the limit acts after segmentation
  auto loaded = NlpPipeline::Load(options);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  auto docs = ExampleDocs();
  NlpStats free_stats;
  (*loaded)->Annotate(&docs, 1, &free_stats);
  ASSERT_GT(docs[0].sentences.size(), 6u);
  EXPECT_EQ(free_stats.documents_over_memory, 0u);
  // The estimate grows with the text: every sentence adds at least its token records.
  size_t full = DocumentMemoryEstimate(docs[0]);
  EXPECT_GT(full, docs[0].text.size() + docs[0].sentences[0].tokens.size() * sizeof(Token));

  // A budget that holds the text and about half the sentences.
  size_t half = 0;
  for (size_t i = 0; i < docs[0].sentences.size() / 2; ++i)
    half += SentenceMemoryEstimate(docs[0].sentences[i]);
  options.max_worker_memory_bytes = full - half;
  auto limited = NlpPipeline::Load(options);
  ASSERT_TRUE(limited.ok());
  auto cut = ExampleDocs();
  NlpStats stats;
  (*limited)->Annotate(&cut, 2, &stats);
  EXPECT_GE(stats.documents_over_memory, 1u);
  ASSERT_LT(cut[0].sentences.size(), docs[0].sentences.size());
  ASSERT_GT(cut[0].sentences.size(), 0u);
  EXPECT_LE(DocumentMemoryEstimate(cut[0]), options.max_worker_memory_bytes);
  // What is kept is the leading sentences, unchanged.
  for (size_t i = 0; i < cut[0].sentences.size(); ++i)
    EXPECT_EQ(cut[0].sentences[i].span.begin, docs[0].sentences[i].span.begin);

  // A budget below the text itself keeps nothing, but the document is still there.
  options.max_worker_memory_bytes = 16;
  auto tiny = NlpPipeline::Load(options);
  ASSERT_TRUE(tiny.ok());
  auto none = ExampleDocs();
  NlpStats tiny_stats;
  (*tiny)->Annotate(&none, 1, &tiny_stats);
  EXPECT_EQ(tiny_stats.documents_over_memory, none.size());
  for (const Document& d : none) EXPECT_TRUE(d.sentences.empty());
}

}  // namespace
}  // namespace khaldun
