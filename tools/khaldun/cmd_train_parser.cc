// khaldun train parser: trains the dependency parser on CoNLL-U treebanks.
//
//   khaldun train parser --train en_ewt-ud-train.conllu --dev en_ewt-ud-dev.conllu
//       [--gum-train en_gum-ud-train.conllu] [--jackknife 4]
//       [--tagger data/models/tagger.bin] -o data/models/parser.bin
//
// --gum-train adds only the GUM documents whose "# newdoc id" starts with GUM_news_,
// GUM_interview_ or GUM_voyage_ (the CC BY genres). --jackknife K replaces the training
// tags by K-fold jackknifed tagger predictions (and dev tags by one fold tagger's), so
// the parser learns on tags like those it will see; the folds train in parallel
// (--threads) with the tagger options --tagger-*, and --jackknife-cache PREFIX keeps the
// jackknifed train/dev tags in PREFIX.{train,dev}.conllu for later runs. --tagger re-tags dev and --test with
// a tagger model instead. --epochs 0 only scores the model given by -o.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <atomic>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>
#include <string>
#include <vector>

#include "base/file.h"
#include "command.h"
#include "document/conllu.h"
#include "parse/parser.h"
#include "tag/tagger.h"

namespace khaldun::cli {
namespace {

bool FileExists(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

bool IsCcByGumDoc(const std::string& id) {
  for (const char* p : {"GUM_news_", "GUM_interview_", "GUM_voyage_"})
    if (id.rfind(p, 0) == 0) return true;
  return false;
}

// Reads sentences of `path`; when `gum_filter` keeps only CC BY GUM documents.
Status ReadSentences(const std::string& path, bool gum_filter, std::vector<Sentence>* out) {
  KHALDUN_ASSIGN_OR_RETURN(std::string data, ReadFile(path));
  std::vector<Document> docs;
  ReadConllu(data, path, FileStem(path), &docs,
             [](const Status& s) { std::fprintf(stderr, "%s\n", s.message().c_str()); });
  for (auto& d : docs) {
    if (gum_filter && !IsCcByGumDoc(d.id)) continue;
    for (auto& s : d.sentences) out->push_back(std::move(s));
  }
  return Status::Ok();
}

void Retag(const Tagger& tagger, std::vector<Sentence>* sents) {
  TaggerScratch scratch;
  for (auto& s : *sents) tagger.Tag(&s, &scratch);
}

// Jackknifing: splits `train` into `folds` (sentence i goes to fold i % folds), trains a
// tagger on the other folds and re-tags the held-out one, so the parser trains on tags
// with realistic errors. `dev` (gold, used by the taggers for epoch selection) is then
// re-tagged by the first fold's tagger so that parser model selection also sees
// predicted tags. The folds train on up to `threads` threads at once; the result does
// not depend on the thread count (the tagger trainer is deterministic and each fold
// only writes its own sentences).
Status JackknifeTags(int folds, int threads, const TaggerTrainOptions& topt,
                     std::vector<Sentence>* dev, std::vector<Sentence>* train) {
  std::vector<Sentence> tagged = *train;
  std::vector<std::string> models(folds);
  std::vector<Status> status(folds, Status::Ok());
  std::atomic<int> next{0};
  std::mutex log_mu;
  const auto t0 = std::chrono::steady_clock::now();
  auto worker = [&]() {
    for (int k; (k = next.fetch_add(1)) < folds;) {
      std::vector<Sentence> rest;
      for (size_t i = 0; i < train->size(); ++i)
        if (static_cast<int>(i % folds) != k) rest.push_back((*train)[i]);
      auto bytes = TrainTaggerToBytes(rest, *dev, topt, nullptr);
      if (!bytes.ok()) {
        status[k] = bytes.status();
        continue;
      }
      auto tagger = Tagger::FromBytes(*bytes, "jackknife tagger");
      if (!tagger.ok()) {
        status[k] = tagger.status();
        continue;
      }
      TaggerScratch scratch;
      for (size_t i = k; i < tagged.size(); i += folds) (*tagger)->Tag(&tagged[i], &scratch);
      if (k == 0) models[0] = std::move(*bytes);
      std::lock_guard<std::mutex> lock(log_mu);
      std::cerr << "jackknife fold " << k + 1 << "/" << folds << " tagged ("
                << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()
                << " s)\n";
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < std::max(1, std::min(threads, folds)); ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  for (const auto& st : status) KHALDUN_RETURN_IF_ERROR(st);
  *train = std::move(tagged);
  KHALDUN_ASSIGN_OR_RETURN(auto tagger, Tagger::FromBytes(models[0], "jackknife tagger"));
  Retag(*tagger, dev);
  return Status::Ok();
}

Status WriteSentences(const std::vector<Sentence>& sents, const std::string& path) {
  std::string out;
  for (const auto& s : sents) AppendConlluSentence(s, &out);
  return WriteFile(path, out);
}

int RunTrainParser(int argc, char** argv) {
  CLI::App app("Train the dependency parser (arc-hybrid perceptron, dynamic oracle)");
  std::string train_path, dev_path, gum_path, tagger_path, test_path, out_path;
  ParserTrainOptions opt;
  size_t max_train = 0;
  int jackknife = 0;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::string jackknife_cache;
  TaggerTrainOptions topt;
  app.add_option("--train", train_path, "training treebank (CoNLL-U); required unless --average");
  app.add_option("--dev", dev_path, "development treebank for model selection");
  app.add_option("--gum-train", gum_path,
                 "GUM train CoNLL-U; only GUM_news_/GUM_interview_/GUM_voyage_ documents");
  app.add_option("--tagger", tagger_path, "tagger model: re-tag dev/test with it");
  app.add_option("--test", test_path, "treebank to score the final model on");
  app.add_option("-o,--output", out_path, "model file to write")->required();
  app.add_option("--epochs", opt.epochs,
                 "training epochs (best dev epoch kept); 0 = only score the model -o");
  app.add_option("--action-bits", opt.action_bits, "log2 rows of the transition table");
  app.add_option("--label-bits", opt.label_bits, "log2 rows of the label table");
  app.add_option("--tag-noise", opt.tag_noise, "probability of a noisy training tag");
  app.add_option("--joint", opt.joint_labels, "score moves and labels jointly (default true)");
  app.add_option("--word-dropout", opt.word_dropout, "rare-word dropout strength a");
  app.add_option("--explore", opt.explore_prob, "dynamic-oracle exploration probability");
  app.add_option("--supertag-folds", opt.supertag_folds,
                 "train a supertagger and feed its K-fold jackknifed tags to the parser "
                 "(0 = none)")
      ->default_val(opt.supertag_folds);
  app.add_option("--supertag-epochs", opt.supertag_epochs, "supertagger training epochs")
      ->default_val(opt.supertag_epochs);
  app.add_option("--supertag-bits", opt.supertag_bits,
                 "log2 rows of the supertagger's weight index")
      ->default_val(opt.supertag_bits);
  app.add_option("--supertag-prune", opt.supertag_prune,
                 "drop supertagger weights below this fraction of the largest")
      ->default_val(opt.supertag_prune);
  app.add_option("--beam", opt.beam,
                 "beam width: 1 = greedy with the dynamic oracle; > 1 = beam search, "
                 "globally trained (max-violation)")
      ->capture_default_str();
  app.add_option("--seed", opt.seed, "random seed");
  app.add_option("--jackknife", jackknife,
                 "train K taggers on K-1 folds each and train on their predicted tags");
  app.add_option("--threads", threads, "jackknife folds trained at once (default: all cores)");
  app.add_option("--jackknife-cache", jackknife_cache,
                 "PREFIX: reuse PREFIX.train.conllu and PREFIX.dev.conllu (jackknifed tags) "
                 "when both exist, else write them after jackknifing");
  app.add_option("--tagger-min-feature-count", topt.min_feature_count,
                 "jackknife taggers: as `train tagger --min-feature-count`")
      ->capture_default_str();
  app.add_option("--tagger-iterations", topt.iterations,
                 "jackknife taggers: as `train tagger --iterations`")
      ->capture_default_str();
  app.add_option("--tagger-wordnet", topt.wordnet_dir,
                 "jackknife taggers: as `train tagger --wordnet`");
  std::vector<std::string> average;
  app.add_option("--average", average,
                 "write to -o the average of these models (comma-separated; trained on the "
                 "same data and options, e.g. with different --seed) instead of training")
      ->delimiter(',');
  app.add_option("--max-train", max_train, "use only the first N training sentences");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (!average.empty()) {
    auto bytes = AverageParsers(average);
    Status wst = bytes.ok() ? WriteFile(out_path, *bytes) : bytes.status();
    if (!wst.ok()) {
      std::fprintf(stderr, "khaldun train parser: %s\n", wst.ToString().c_str());
      return 1;
    }
    std::cerr << "averaged " << average.size() << " models -> " << out_path << "\n";
    return 0;
  }
  if (train_path.empty()) {
    std::fprintf(stderr, "khaldun train parser: --train is required\n");
    return 2;
  }
  std::vector<Sentence> train, dev, test;
  Status st = ReadSentences(train_path, false, &train);
  if (st.ok() && !gum_path.empty()) {
    const size_t before = train.size();
    st = ReadSentences(gum_path, true, &train);
    std::cerr << "train parser: " << train.size() - before << " CC BY GUM sentences added\n";
  }
  if (st.ok() && !dev_path.empty()) st = ReadSentences(dev_path, false, &dev);
  if (st.ok() && !test_path.empty()) st = ReadSentences(test_path, false, &test);
  if (!st.ok()) {
    std::fprintf(stderr, "khaldun train parser: %s\n", st.ToString().c_str());
    return 1;
  }
  if (max_train && train.size() > max_train) train.resize(max_train);
  const std::string cache_train = jackknife_cache + ".train.conllu";
  const std::string cache_dev = jackknife_cache + ".dev.conllu";
  if (jackknife > 1 && opt.epochs > 0 && !jackknife_cache.empty() &&
      FileExists(cache_train) && FileExists(cache_dev)) {
    // The cache holds the same sentences with jackknifed tags: check it matches.
    std::vector<Sentence> ctrain, cdev;
    st = ReadSentences(cache_train, false, &ctrain);
    if (st.ok()) st = ReadSentences(cache_dev, false, &cdev);
    if (st.ok() && (ctrain.size() != train.size() || cdev.size() != dev.size()))
      st = InvalidArgumentError("jackknife cache " + jackknife_cache +
                                   " holds other sentences than --train/--gum-train/--dev "
                                   "(delete it to rebuild)");
    if (!st.ok()) {
      std::fprintf(stderr, "khaldun train parser: %s\n", st.ToString().c_str());
      return 1;
    }
    std::cerr << "train parser: jackknifed tags from " << cache_train << " and " << cache_dev
              << "\n";
    train = std::move(ctrain);
    dev = std::move(cdev);
  } else if (jackknife > 1 && opt.epochs > 0) {
    st = JackknifeTags(jackknife, threads, topt, &dev, &train);
    if (st.ok() && !jackknife_cache.empty()) {
      st = WriteSentences(train, cache_train);
      if (st.ok()) st = WriteSentences(dev, cache_dev);
    }
    if (!st.ok()) {
      std::fprintf(stderr, "khaldun train parser: jackknife: %s\n", st.ToString().c_str());
      return 1;
    }
  }
  if (!tagger_path.empty()) {
    auto tagger = Tagger::Load(tagger_path);
    if (!tagger.ok()) {
      std::fprintf(stderr, "khaldun train parser: %s\n", tagger.status().ToString().c_str());
      return 1;
    }
    Retag(**tagger, &dev);
    Retag(**tagger, &test);
  }
  const auto t0 = std::chrono::steady_clock::now();
  // --epochs 0: only score the existing model -o on --dev/--test.
  if (opt.epochs > 0) st = TrainParser(train, dev, opt, out_path, &std::cerr);
  if (!st.ok()) {
    std::fprintf(stderr, "khaldun train parser: %s\n", st.ToString().c_str());
    return 1;
  }
  std::cerr << "training time "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()
            << " s\n";
  if (opt.epochs == 0 && !dev.empty()) test.insert(test.begin(), dev.begin(), dev.end());
  if (!test.empty()) {
    auto parser = Parser::Load(out_path);
    if (!parser.ok()) {
      std::fprintf(stderr, "khaldun train parser: %s\n", parser.status().ToString().c_str());
      return 1;
    }
    const std::clock_t c0 = std::clock();
    ParseScores sc = EvaluateParser(**parser, test);
    const double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    std::printf("test %s: words %zu UAS %.2f LAS %.2f LAS(universal) %.2f labels %.2f "
                "(%.0f words/CPU-s incl. copying)\n",
                test_path.c_str(), sc.words, sc.uas, sc.las, sc.las_universal, sc.label_acc,
                sc.words / std::max(cpu, 1e-9));
  }
  return 0;
}

}  // namespace

KHALDUN_COMMAND("train parser", "train the dependency parser on CoNLL-U", RunTrainParser);

}  // namespace khaldun::cli
