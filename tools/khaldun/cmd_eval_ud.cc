// khaldun eval ud: accuracy of the tagger and parser against a gold CoNLL-U file
// with gold tokenization (CoNLL 2018 metrics), and the tag+parse speed on it.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "base/file.h"
#include "command.h"
#include "document/conllu.h"
#include "eval/ud_eval.h"
#include "pipeline/nlp.h"

namespace khaldun::cli {
namespace {

int RunEvalUd(int argc, char** argv) {
  CLI::App app{"Re-predict LEMMA, UPOS, XPOS, FEATS, HEAD and DEPREL of a gold CoNLL-U\n"
               "file (keeping its tokens) and print UPOS, XPOS, UFeats, AllTags, Lemmas,\n"
               "UAS and LAS, plus words/s of tagging and parsing.",
               "khaldun eval ud"};
  std::string gold_path;
  std::vector<std::string> prefixes;
  int threads = 1;
  std::string pred_out;
  NlpOptions opts;
  app.add_option("gold", gold_path, "gold CoNLL-U file")->required();
  app.add_option("--doc-prefix", prefixes,
                 "only documents whose newdoc id starts with this (repeatable), e.g. GUM_news_");
  app.add_option("--threads", threads, "worker threads (default 1, for the speed figure)");
  app.add_option("--tagger", opts.tagger_path, "tagger model");
  app.add_option("--parser", opts.parser_path, "parser model");
  app.add_option("--write-pred", pred_out, "also write the predicted CoNLL-U here");
  CLI11_PARSE(app, argc, argv);

  auto data = ReadFile(gold_path);
  if (!data.ok()) {
    std::fprintf(stderr, "khaldun eval ud: %s\n", data.status().message().c_str());
    return 1;
  }
  std::vector<Document> gold;
  auto read = ReadConllu(*data, gold_path, FileStem(gold_path), &gold, [](const Status& s) {
    std::fprintf(stderr, "khaldun eval ud: %s\n", s.message().c_str());
  });
  auto t0 = std::chrono::steady_clock::now();
  auto nlp = NlpPipeline::Load(opts);
  if (!nlp.ok()) {
    std::fprintf(stderr, "khaldun eval ud: %s\n", nlp.status().message().c_str());
    return 1;
  }
  auto t1 = std::chrono::steady_clock::now();
  std::vector<Document> pred = gold;
  NlpStats stats;
  (*nlp)->Repredict(&pred, threads, &stats);
  auto t2 = std::chrono::steady_clock::now();
  size_t skipped = 0;
  auto eval = EvaluateUd(gold, pred, prefixes, &skipped);
  if (!eval.ok()) {
    std::fprintf(stderr, "khaldun eval ud: %s\n", eval.status().message().c_str());
    return 1;
  }
  double load_s = std::chrono::duration<double>(t1 - t0).count();
  double run_s = std::chrono::duration<double>(t2 - t1).count();
  std::printf("file: %s%s\n", gold_path.c_str(), prefixes.empty() ? "" : " (filtered)");
  std::printf("sentences read: %zu, skipped as malformed: %zu\n", read.sentences, read.skipped);
  std::fputs(eval->Report().c_str(), stdout);
  std::printf("model load: %.2f s\n", load_s);
  std::printf("tag+parse: %zu words in %.3f s = %.0f words/s (%d thread%s)\n", stats.words,
              run_s, run_s > 0 ? stats.words / run_s : 0.0, threads, threads == 1 ? "" : "s");
  if (!pred_out.empty()) {
    std::string out;
    for (const auto& d : pred) AppendConlluDocument(d, &out);
    if (Status st = WriteFile(pred_out, out); !st.ok()) {
      std::fprintf(stderr, "khaldun eval ud: %s\n", st.message().c_str());
      return 1;
    }
  }
  return 0;
}

}  // namespace

KHALDUN_COMMAND("eval ud", "tagger/parser accuracy (UPOS..LAS) against gold CoNLL-U", RunEvalUd);

}  // namespace khaldun::cli
