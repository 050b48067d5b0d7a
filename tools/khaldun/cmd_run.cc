// khaldun run: the whole chain on files, into an SQLite event store.
#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include "command.h"
#include "pipeline/run.h"

namespace khaldun::cli {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void OnSignal(int) { g_stop.store(true); }

int RunRun(int argc, char** argv) {
  CLI::App app{"Read, clean, parse, code, date, locate and store events.\n"
               "Inputs: text, JSONL (id/date/url/title/source/text), HTML, WARC (.gz), CoNLL-U;\n"
               "the format is detected from the content (override with --input).\n"
               "SIGINT/SIGTERM stop after the current batch; committed work is kept and a\n"
               "rerun replaces documents instead of duplicating them.",
               "khaldun run"};
  RunOptions o;
  std::string input = "auto";
  std::string date;
  bool quiet = false;
  app.add_option("inputs", o.inputs, "input files ('-' = stdin)")->required();
  app.add_option("--db", o.db_path, "SQLite event store to write (created if missing)");
  app.add_option("--events", o.events_path, "also write events as JSONL here ('-' = stdout)");
  app.add_option("--threads", o.threads, "worker threads (0 = all cores)");
  app.add_option("--input", input, "input format: auto, text, jsonl, html, warc, conllu");
  app.add_option("--date", o.ingest.default_date, "publication date YYYY-MM-DD for inputs without one");
  app.add_option("--batch", o.batch_records, "input records per batch and transaction (default 64)");
  app.add_option("--max-record-bytes", o.ingest.max_record_bytes,
                 "larger records are rejected (default 10 MiB)");
  app.add_option("--max-tokens", o.nlp.segment.max_tokens_per_sentence,
                 "longer sentences are split (default 400)");
  app.add_option("--max-sentences", o.nlp.max_sentences_per_document,
                 "sentences coded per document; the rest is dropped (default 10000, 0 = no limit)");
  size_t worker_mb = o.nlp.max_worker_memory_bytes >> 20;
  app.add_option("--max-worker-memory", worker_mb,
                 "MiB a worker thread may hold for one document (text + annotations); larger "
                 "documents keep the sentences that fit (default 512, 0 = no limit)")
      ->check(CLI::Range(size_t{0}, size_t{1} << 20));
  app.add_option("--max-html-depth", o.ingest.max_html_depth,
                 "HTML nesting depth; deeper pages are cut there (default 256)");
  app.add_option("--max-json-depth", o.ingest.max_json_depth,
                 "JSON nesting depth; deeper lines are rejected (default 64)");
  app.add_option("--dict", o.dict_dir, "dictionary folder (default data/dict)");
  app.add_option("--dicts", o.dicts,
                 "petrarch[:DIR] or petrarch-validate[:DIR]: code with the PETRARCH "
                 "dictionaries (see `khaldun code --help`)");
  app.add_option("--gazetteer", o.gazetteer_path, "gazetteer file (default build/gazetteer.bin)");
  app.add_flag("--one-a-day", o.one_a_day, "keep one event per (date, source, target, code)");
  app.add_flag("--no-clean", [&](int64_t) { o.clean = false; }, "do not clean pages or split articles");
  app.add_flag("--drop-negated", [&](int64_t) { o.coder.keep_negated = false; },
               "drop negated events instead of flagging them");
  app.add_flag("--strict", o.strict_dicts, "refuse malformed dictionary lines");
  app.add_flag("-q,--quiet", quiet, "no progress output");
  CLI11_PARSE(app, argc, argv);
  o.nlp.max_worker_memory_bytes = worker_mb << 20;

  auto fmt = ParseInputFormat(input);
  if (!fmt.ok()) {
    std::fprintf(stderr, "khaldun run: %s\n", fmt.status().message().c_str());
    return 2;
  }
  o.ingest.format = *fmt;
  o.progress = quiet ? nullptr : stderr;
  o.stop = &g_stop;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);

  RunSummary summary;
  Status st = RunJob(o, &summary);
  std::fputs(summary.ToString().c_str(), stderr);
  if (!st.ok()) {
    std::fprintf(stderr, "khaldun run: %s\n", st.message().c_str());
    return 1;
  }
  return summary.interrupted ? 130 : 0;
}

}  // namespace

KHALDUN_COMMAND("run", "the whole chain: inputs -> events in an SQLite store", RunRun);

}  // namespace khaldun::cli
