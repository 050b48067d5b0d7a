// RunJob: the whole chain, ingest -> clean -> dedup -> segment/tag/parse -> code ->
// dates and places -> store, over a list of inputs.
//
// Input records are read in order and processed in batches; each batch is processed
// on `threads` threads and written to the store in one transaction, so an interruption
// (RunOptions::stop set from a signal handler) leaves only whole, committed batches and a
// rerun replaces rather than duplicates them (stable document and event ids). Every
// input record ends as exactly one of coded / empty / rejected(reason): counted in the
// RunSummary and, with a store, in its records table.
// Thread-safety: RunJob is called from one thread; it owns its worker threads.
#ifndef KHALDUN_PIPELINE_RUN_H_
#define KHALDUN_PIPELINE_RUN_H_

#include <atomic>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "clean/clean.h"
#include "events/coder.h"
#include "ingest/ingest.h"
#include "khaldun/event.h"
#include "khaldun/status.h"
#include "pipeline/nlp.h"

namespace khaldun {

struct RunOptions {
  std::vector<std::string> inputs;   // files; "-" = stdin
  std::string db_path;               // SQLite store; empty = no store
  std::string events_path;           // optional events JSONL output ("-" = stdout)
  int threads = 0;                   // 0 = all cores
  size_t batch_records = 64;         // input records per batch / transaction
  bool one_a_day = false;            // keep one event per (date, source, target, code)
  bool clean = true;                 // run page cleaning / article splitting
  std::string dict_dir;              // empty = DefaultDictDir()
  std::string dicts;                 // "petrarch[:DIR]" etc. (see petrarch/document_coder.h);
                                     // empty or "khaldun" = the project's dictionaries
  std::string cameo_path;            // empty = DataDir()/cameo/cameo.txt
  std::string gazetteer_path;        // empty = DefaultGazetteerPath(); missing = no places
  IngestOptions ingest;
  CleanOptions clean_options;
  NlpOptions nlp;
  CoderOptions coder;
  bool strict_dicts = false;
  // Progress: a bar when `progress` is a terminal, plain lines every few seconds else.
  std::FILE* progress = nullptr;
  const std::atomic<bool>* stop = nullptr;  // set asynchronously to stop after a batch
};

struct RunSummary {
  size_t records = 0;            // input records read (== coded + empty + rejected)
  size_t coded = 0;              // records that gave at least one event
  size_t empty = 0;              // records read fine that gave no event
  size_t rejected = 0;
  std::map<std::string, size_t> rejected_by_reason;
  size_t documents = 0;          // documents after cleaning/splitting
  size_t duplicates = 0;         // documents joined to an earlier story
  size_t sentences = 0;
  size_t words = 0;
  size_t events = 0;
  size_t located = 0;            // events with a place from the text
  size_t bytes = 0;              // input bytes of the documents read
  size_t repaired_bytes = 0;
  size_t warnings = 0;           // dictionary/coding warnings
  size_t long_sentences_split = 0;  // sentences cut at nlp.segment.max_tokens_per_sentence
  size_t documents_truncated = 0;   // documents cut at nlp.max_sentences_per_document
  size_t documents_over_memory = 0; // documents cut at nlp.max_worker_memory_bytes
  double seconds = 0;
  bool interrupted = false;
  std::string ToString() const;  // the end-of-run summary, several lines
};

Status RunJob(const RunOptions& options, RunSummary* summary);

// The documents of one input record, as RunJob and `khaldun code` read them: raw text is
// cleaned and split into its articles (unless `clean` is false); CoNLL-U (already
// segmented) and empty records pass as they are. Each document with text takes its
// publication date from its dateline, else keeps the record's date, else
// `default_date`. Appends to `out`; `stats` may be null.
void CleanRecord(Document raw, bool clean, const CleanOptions& options,
                 const std::string& default_date, std::vector<Document>* out,
                 CleanStats* stats);

}  // namespace khaldun

#endif  // KHALDUN_PIPELINE_RUN_H_
