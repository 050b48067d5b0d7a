// `khaldun train tagger`: trains the POS tagger / lemmatizer / FEATS model on CoNLL-U
// treebanks (EWT train, optionally the CC BY genres of GUM train), selects the epoch on
// the dev set and writes the binary model. With --test it then tags the given CoNLL-U
// files (gold tokenization) and prints UPOS/XPOS/UFeats/AllTags/Lemmas and speed.
#include <CLI/CLI.hpp>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "base/file.h"
#include "command.h"
#include "document/conllu.h"
#include "eval/ud_eval.h"
#include "tag/tagger.h"

namespace {

using khaldun::Document;
using khaldun::Sentence;

// GUM genres whose licence (CC BY) lets them into a shipped model.
const char* const kGumOpenGenres[] = {"GUM_news_", "GUM_interview_", "GUM_voyage_"};

bool ReadTreebank(const std::string& path, std::vector<Document>* docs) {
  auto data = khaldun::ReadFile(path);
  if (!data.ok()) {
    std::fprintf(stderr, "khaldun train tagger: %s\n", data.status().ToString().c_str());
    return false;
  }
  khaldun::ReadConllu(*data, path, khaldun::FileStem(path), docs,
                      [](const khaldun::Status& st) {
                        std::fprintf(stderr, "khaldun train tagger: skipped: %s\n",
                                     st.ToString().c_str());
                      });
  return true;
}

void AppendSentences(const std::vector<Document>& docs, bool gum_open_only,
                     std::vector<Sentence>* out) {
  for (const Document& d : docs) {
    if (gum_open_only) {
      bool open = false;
      for (const char* p : kGumOpenGenres) open |= d.id.rfind(p, 0) == 0;
      if (!open) continue;
    }
    out->insert(out->end(), d.sentences.begin(), d.sentences.end());
  }
}

int EvaluateOn(const khaldun::Tagger& tagger, const std::string& path,
               const std::string& pred_dir) {
  std::vector<Document> gold;
  if (!ReadTreebank(path, &gold)) return 1;
  std::vector<Document> pred = gold;
  size_t words = 0;
  for (Document& d : pred)
    for (Sentence& s : d.sentences)
      for (khaldun::Token& t : s.tokens) {
        t.lemma.clear();
        t.upos.clear();
        t.xpos.clear();
        t.feats.clear();
        ++words;
      }
  khaldun::TaggerScratch scratch;
  auto t0 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();
  for (Document& d : pred)
    for (Sentence& s : d.sentences) tagger.Tag(&s, &scratch);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  if (!pred_dir.empty()) {
    std::string text;
    for (const Document& d : pred) khaldun::AppendConlluDocument(d, &text);
    const std::string out = pred_dir + "/" + khaldun::FileStem(path) + ".pred.conllu";
    khaldun::Status st = khaldun::WriteFile(out, text);
    if (!st.ok()) {
      std::fprintf(stderr, "khaldun train tagger: %s\n", st.ToString().c_str());
      return 1;
    }
  }
  auto report = [&](const char* title, const std::vector<std::string>& prefixes) {
    auto ev = khaldun::EvaluateUd(gold, pred, prefixes);
    if (!ev.ok()) {
      std::fprintf(stderr, "khaldun train tagger: %s: %s\n", path.c_str(),
                   ev.status().ToString().c_str());
      return false;
    }
    if (ev->counts().words == 0) return true;
    std::printf("== %s%s\n", path.c_str(), title);
    const auto& c = ev->counts();
    std::printf("Words      %zu\nUPOS       %.2f\nXPOS       %.2f\nUFeats     %.2f\n"
                "AllTags    %.2f\nLemmas     %.2f\n",
                c.words, ev->Percent(c.upos), ev->Percent(c.xpos), ev->Percent(c.ufeats),
                ev->Percent(c.alltags), ev->Percent(c.lemmas));
    return true;
  };
  if (!report("", {})) return 1;
  report(" (GUM_news_ documents)", {"GUM_news_"});
  std::printf("Speed      %.0f words/s (one thread, %zu words in %.3f s wall, %.3f s CPU: %.0f words/CPU-s)\n",
              secs > 0 ? words / secs : 0.0, words, secs, cpu, cpu > 0 ? words / cpu : 0.0);
  return 0;
}

int RunTrainTagger(int argc, char** argv) {
  CLI::App app{"Train the POS tagger, lemmatizer and FEATS model (averaged perceptron)",
               "khaldun train tagger"};
  std::vector<std::string> train_files, test_files;
  std::string dev_file, gum_file, out = "data/models/tagger.bin";
  khaldun::TaggerTrainOptions opt;
  bool eval_only = false;
  app.add_option("--train", train_files, "training CoNLL-U file(s), comma-separated")
      ->delimiter(',');
  app.add_option("--gum-train", gum_file,
                 "GUM train CoNLL-U; only GUM_news_/GUM_interview_/GUM_voyage_ documents are used");
  app.add_option("--dev", dev_file, "dev CoNLL-U for epoch selection");
  app.add_option("-o,--output", out, "model file to write (or read with --eval-only)");
  app.add_option("--iterations", opt.iterations, "maximum epochs per pass")->capture_default_str();
  app.add_option("--seed", opt.seed, "shuffle seed")->capture_default_str();
  app.add_option("--min-feature-count", opt.min_feature_count)->capture_default_str();
  app.add_option("--constrain-min-count", opt.constrain_min_count)->capture_default_str();
  app.add_option("--amb-min-count", opt.amb_min_count)->capture_default_str();
  app.add_option("--prune", opt.prune_threshold, "drop averaged weights below this magnitude")
      ->capture_default_str();
  app.add_option("--margin", opt.margin, "perceptron update margin (0 = plain perceptron)")
      ->capture_default_str();
  app.add_option("--amb-folds", opt.ambiguity_folds,
                 "folds for jackknifed ambiguity classes of training words (0 = off)")
      ->capture_default_str();
  app.add_option("--folds", opt.jackknife_folds, "jackknife folds for the second pass")
      ->capture_default_str();
  app.add_option("--wordnet", opt.wordnet_dir,
                 "WordNet database folder (Debian wordnet-base: /usr/share/wordnet): word "
                 "classes as features, stored in the model");
  bool one_pass = false, left_to_right = false;
  app.add_flag("--left-to-right", left_to_right, "run the first pass left to right");
  app.add_flag("--one-pass", one_pass, "train only the left-to-right first pass");
  app.add_option("--test", test_files, "CoNLL-U file(s) to evaluate the model on, comma-separated")
      ->delimiter(',');
  std::string pred_dir;
  app.add_option("--pred-dir", pred_dir, "write the --test predictions as DIR/STEM.pred.conllu");
  app.add_flag("--eval-only", eval_only, "skip training; evaluate the model given by -o");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  opt.second_pass = !one_pass;
  opt.first_pass_right_to_left = !left_to_right;
  if (!eval_only) {
    if (train_files.empty()) {
      std::fprintf(stderr, "khaldun train tagger: --train is required\n");
      return 2;
    }
    std::vector<Sentence> train, dev;
    for (const std::string& f : train_files) {
      std::vector<Document> docs;
      if (!ReadTreebank(f, &docs)) return 1;
      AppendSentences(docs, false, &train);
    }
    if (!gum_file.empty()) {
      std::vector<Document> docs;
      if (!ReadTreebank(gum_file, &docs)) return 1;
      size_t before = train.size();
      AppendSentences(docs, true, &train);
      std::fprintf(stderr, "khaldun train tagger: %zu GUM sentences (CC BY genres) added\n",
                   train.size() - before);
    }
    if (!dev_file.empty()) {
      std::vector<Document> docs;
      if (!ReadTreebank(dev_file, &docs)) return 1;
      AppendSentences(docs, false, &dev);
    }
    khaldun::Status st = khaldun::TrainTagger(train, dev, opt, out, &std::cerr);
    if (!st.ok()) {
      std::fprintf(stderr, "khaldun train tagger: %s\n", st.ToString().c_str());
      return 1;
    }
    std::fprintf(stderr, "khaldun train tagger: wrote %s\n", out.c_str());
  }
  if (test_files.empty()) return 0;
  auto t0 = std::chrono::steady_clock::now();
  auto tagger = khaldun::Tagger::Load(out);
  if (!tagger.ok()) {
    std::fprintf(stderr, "khaldun train tagger: %s\n", tagger.status().ToString().c_str());
    return 1;
  }
  std::printf("Model load %.3f s (%s)\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(),
              out.c_str());
  int rc = 0;
  for (const std::string& f : test_files) rc |= EvaluateOn(**tagger, f, pred_dir);
  return rc;
}

}  // namespace

KHALDUN_COMMAND("train tagger", "train the POS tagger/lemmatizer model on CoNLL-U", RunTrainTagger);
