// khaldun eval plover: code the PLOVER gold-standard records from raw text and score
// event type, source and target against the human coding.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "base/file.h"
#include "command.h"
#include "events/coder.h"
#include "events/plover_eval.h"
#include "pipeline/nlp.h"
#include "pipeline/paths.h"

namespace khaldun::cli {
namespace {

int RunEvalPlover(int argc, char** argv) {
  CLI::App app{"Score the event coder on PLOVER gold records (JSON array with id, date,\n"
               "text, event, source, target). Each text is segmented, tagged, parsed and coded\n"
               "with its date; prints PLOVER event-type recall/precision/F1 and F1 of\n"
               "(type, source country, target country) triples, both with strict codes and\n"
               "with codes naming the same country treated as equal (ROM = ROU, ITL = ITA, ...).",
               "khaldun eval plover"};
  std::string gold_path, dict_dir, cameo_path;
  bool verbose = false;
  int threads = 0;
  NlpOptions nlp_opts;
  app.add_option("gold", gold_path, "gold file, e.g. ../shared/gold/plover_gsr_dev.json")
      ->required();
  app.add_option("--dict", dict_dir, "dictionary folder (default data/dict)");
  app.add_option("--cameo", cameo_path, "CAMEO table (default data/cameo/cameo.txt)");
  app.add_flag("-v,--verbose", verbose, "print every record's gold and system events");
  app.add_option("--threads", threads, "worker threads (0 = all cores)");
  app.add_option("--tagger", nlp_opts.tagger_path, "tagger model");
  app.add_option("--parser", nlp_opts.parser_path, "parser model");
  CLI11_PARSE(app, argc, argv);
  if (dict_dir.empty()) dict_dir = DefaultDictDir();
  if (cameo_path.empty()) cameo_path = DataDir() + "/cameo/cameo.txt";

  auto text = ReadFile(gold_path);
  if (!text.ok()) {
    std::fprintf(stderr, "khaldun eval plover: %s\n", text.status().message().c_str());
    return 1;
  }
  int skipped = 0;
  auto gold = ParsePloverGold(*text, &skipped);
  if (!gold.ok()) {
    std::fprintf(stderr, "khaldun eval plover: %s: %s\n", gold_path.c_str(),
                 gold.status().message().c_str());
    return 1;
  }
  if (skipped) std::fprintf(stderr, "khaldun eval plover: skipped %d malformed records\n", skipped);
  auto report = [](const Status& st) {
    std::fprintf(stderr, "khaldun eval plover: %s\n", st.message().c_str());
  };
  auto res = CoderResources::Load(dict_dir, cameo_path, false, report);
  if (!res.ok()) {
    report(res.status());
    return 1;
  }
  auto nlp = NlpPipeline::Load(nlp_opts);
  if (!nlp.ok()) {
    report(nlp.status());
    return 1;
  }
  std::vector<Document> docs(gold->size());
  for (size_t i = 0; i < gold->size(); ++i) {
    docs[i].id = (*gold)[i].id;
    docs[i].text = (*gold)[i].text;
    docs[i].date = (*gold)[i].date;
  }
  NlpStats nstats;
  (*nlp)->Annotate(&docs, threads, &nstats);
  Coder coder(res->actors.get(), res->patterns.get(), res->cameo.get());
  auto scratch = NewCoderScratch();
  PloverScore score, norm;  // strict codes; country aliases normalised (ROM = ROU, ...)
  std::map<std::string, std::pair<int, int>> by_type;  // type -> (hits, records)
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::vector<Event>> all(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) coder.CodeDocument(docs[i], scratch.get(), &all[i], report);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (size_t i = 0; i < docs.size(); ++i) {
    const PloverGold& g = (*gold)[i];
    const int before = score.type_hits, triples_before = score.triple_records,
              sys_before = score.system_triples, sys_hits_before = score.system_triple_hits;
    ScorePloverRecord(g, all[i], &score);
    ScorePloverRecord(g, all[i], &norm, /*normalise_countries=*/true);
    auto& bt = by_type[g.type];
    bt.second++;
    bt.first += score.type_hits - before;
    if (verbose) {
      std::string gs, ss;
      for (const auto& s : g.sources) gs += s + " ";
      gs += "-> ";
      for (const auto& t : g.targets) gs += t + " ";
      std::printf("%s %s [%s] %s (triple %s, %d of %d system triples right)\n",
                  score.type_hits > before ? "ok  " : "MISS", g.id.c_str(), g.type.c_str(),
                  gs.c_str(), score.triple_records > triples_before ? "right" : "missed",
                  score.system_triple_hits - sys_hits_before, score.system_triples - sys_before);
      std::printf("     %s\n", g.text.c_str());
      for (const Event& e : all[i])
        std::printf("     -> %s%s %s %s>%s (%s) %s\n", e.negated ? "NEG " : "", e.plover.c_str(),
                    e.cameo.c_str(), e.source.code.c_str(),
                    e.has_target ? e.target.code.c_str() : "-", e.trigger_text.c_str(),
                    e.pattern.c_str());
    }
  }
  std::printf("PLOVER gold: %s (%d records)\n", gold_path.c_str(), score.records);
  std::printf("event type:                 recall %.3f  precision %.3f  F1 %.3f\n",
              score.TypeRecall(), score.TypePrecision(), score.TypeF1());
  std::printf("type+source+target country: recall %.3f  precision %.3f  F1 %.3f  (strict codes)\n",
              score.TripleRecall(), score.TriplePrecision(), score.TripleF1());
  std::printf("type+source+target country: recall %.3f  precision %.3f  F1 %.3f  "
              "(country-normalised: codes naming the same country are equal, ROM=ROU, ITL=ITA, ...)\n",
              norm.TripleRecall(), norm.TriplePrecision(), norm.TripleF1());
  std::printf("per type recall:");
  for (const auto& [t, hr] : by_type) std::printf(" %s %d/%d", t.c_str(), hr.first, hr.second);
  std::printf("\ncoding: %zu sentences in %.3f s\n", nstats.sentences, secs);
  return 0;
}

}  // namespace

KHALDUN_COMMAND("eval plover", "score event coding on PLOVER gold records", RunEvalPlover);

}  // namespace khaldun::cli
