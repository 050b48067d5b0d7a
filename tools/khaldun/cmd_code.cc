// khaldun code: news text (text, JSONL, HTML, WARC) or CoNLL-U -> events JSONL.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/file.h"
#include "command.h"
#include "events/coder.h"
#include "events/event_json.h"
#include "ingest/ingest.h"
#include "pipeline/nlp.h"
#include "pipeline/parallel.h"
#include "pipeline/paths.h"
#include "pipeline/run.h"
#include "petrarch/document_coder.h"
#include "time/dates.h"

namespace khaldun::cli {
namespace {

bool Parsed(const Document& d) {
  for (const Sentence& s : d.sentences)
    for (const Token& t : s.tokens)
      if (t.head < 0 || t.upos.empty()) return false;
  return !d.sentences.empty();
}

int RunCode(int argc, char** argv) {
  CLI::App app{"Code political events (CAMEO/PLOVER) from news text or CoNLL-U parses.\n"
               "Raw text is segmented, tagged and parsed first; CoNLL-U with HEAD/DEPREL is\n"
               "coded as given. Writes one JSON event per line (see src/events/event_json.h).\n"
               "Negated events are written with \"negated\":true (--drop-negated drops them).",
               "khaldun code"};
  std::vector<std::string> files;
  std::string input = "auto", output = "-", date, dict_dir, cameo_path, dicts = "khaldun";
  bool strict = false, statements = false, drop_negated = false, publication_dates = false;
  int threads = 0;
  NlpOptions nlp_opts;
  app.add_option("files", files, "input files ('-' or none = stdin)");
  app.add_option("--input", input, "input format: auto, text, jsonl, html, warc, conllu")
      ->check(CLI::IsMember({"auto", "text", "txt", "jsonl", "json", "html", "warc", "conllu"}));
  app.add_option("--date", date, "document date YYYY-MM-DD when the input has none");
  app.add_option("-o,--output", output, "output file ('-' = stdout)");
  app.add_option("--dict", dict_dir, "the project's dictionary folder (default data/dict)");
  app.add_option("--dicts", dicts,
                 "dictionaries to code with: khaldun[:DIR] (default; DIR as --dict),\n"
                 "petrarch[:DIR] (PETRARCH files: CAMEO.2.0.txt verbs, Phoenix actors,\n"
                 "agents, discards; the PETR.Validate set when DIR has no CAMEO.2.0.txt),\n"
                 "petrarch-validate[:DIR] (PETR.Validate.* with PETR.Validate.verbs.2.0.txt);\n"
                 "DIR defaults to " + petrarch::DefaultDictionaryDir());
  app.add_option("--cameo", cameo_path, "CAMEO table (default data/cameo/cameo.txt)");
  app.add_flag("--strict", strict, "refuse malformed dictionary lines");
  app.add_flag("--statements", statements, "also emit 01x statements (no PLOVER type)");
  app.add_flag("--drop-negated", drop_negated, "drop negated events instead of flagging them");
  app.add_flag("--publication-dates", publication_dates,
               "date every event by its document instead of by the day the text says it\n"
               "happened (and code people by their role at the document date)");
  bool no_clean = false;
  app.add_flag("--no-clean", no_clean,
               "do not clean page text or split glued articles (as `khaldun run --no-clean`)");
  app.add_option("--threads", threads, "worker threads (0 = all cores)");
  app.add_option("--tagger", nlp_opts.tagger_path, "tagger model (default data/models/tagger.bin)");
  app.add_option("--parser", nlp_opts.parser_path, "parser model (default data/models/parser.bin)");
  CLI11_PARSE(app, argc, argv);
  if (files.empty()) files.push_back("-");
  if (!date.empty() && ParseDictDate(date, false) <= 0 && date.size() != 10) {
    std::fprintf(stderr, "khaldun code: --date '%s' is not YYYY-MM-DD\n", date.c_str());
    return 2;
  }
  auto spec = petrarch::ParseDictsSpec(dicts);
  if (!spec.ok()) {
    std::fprintf(stderr, "khaldun code: %s\n", spec.status().message().c_str());
    return 2;
  }
  const bool use_petrarch = spec->petrarch;
  if (!use_petrarch && !spec->dir.empty()) {
    if (!dict_dir.empty() && dict_dir != spec->dir) {
      std::fprintf(stderr, "khaldun code: --dict and --dicts khaldun:DIR name different "
                           "folders\n");
      return 2;
    }
    dict_dir = spec->dir;
  }
  if (dict_dir.empty()) dict_dir = DefaultDictDir();
  if (cameo_path.empty()) cameo_path = DataDir() + "/cameo/cameo.txt";

  std::mutex err_mu;
  auto report = [&](const Status& st) {
    std::lock_guard<std::mutex> lock(err_mu);
    std::fprintf(stderr, "khaldun code: %s\n", st.message().c_str());
  };
  // Either the project's coder or the PETRARCH-compatible one codes the documents.
  std::function<void(const Document&, CoderScratch*, std::vector<Event>*)> code_document;
  CoderResources res;
  std::unique_ptr<Coder> coder;
  std::unique_ptr<CameoTable> cameo;
  std::unique_ptr<petrarch::Dictionaries> pdicts;
  std::unique_ptr<petrarch::DocumentCoder> pcoder;
  if (!use_petrarch) {
    auto loaded = CoderResources::Load(dict_dir, cameo_path, strict, report);
    if (!loaded.ok()) {
      std::fprintf(stderr, "khaldun code: %s\n", loaded.status().message().c_str());
      return 1;
    }
    res = std::move(*loaded);
    CoderOptions copts;
    copts.code_statements = statements;
    copts.keep_negated = !drop_negated;
    coder = std::make_unique<Coder>(res.actors.get(), res.patterns.get(), res.cameo.get(),
                                    copts);
    code_document = [&](const Document& d, CoderScratch* s, std::vector<Event>* ev) {
      coder->CodeDocument(d, s, ev, report);
    };
  } else {
    std::string dir = spec->dir.empty() ? petrarch::DefaultDictionaryDir() : spec->dir;
    const petrarch::DictionarySet set = spec->set;
    petrarch::ReadOptions ropts;
    ropts.strict = strict;
    auto loaded = petrarch::LoadDictionarySet(dir, set, ropts, [&](const std::string& m) {
      report(InvalidArgumentError(m));
    });
    if (!loaded.ok()) {
      std::fprintf(stderr, "khaldun code: %s\n", loaded.status().message().c_str());
      return 1;
    }
    pdicts = std::make_unique<petrarch::Dictionaries>(std::move(*loaded));
    auto table = CameoTable::Load(cameo_path);
    if (!table.ok()) {
      std::fprintf(stderr, "khaldun code: %s\n", table.status().message().c_str());
      return 1;
    }
    cameo = std::move(*table);
    petrarch::DocumentCoderOptions popts;
    popts.code_statements = statements;
    pcoder = std::make_unique<petrarch::DocumentCoder>(pdicts.get(), cameo.get(),
                                                       petrarch::VerbFileName(dir, set), popts);
    code_document = [&](const Document& d, CoderScratch*, std::vector<Event>* ev) {
      pcoder->CodeDocument(d, ev, report);
    };
  }

  auto format = ParseInputFormat(input);
  if (!format.ok()) {
    std::fprintf(stderr, "khaldun code: %s\n", format.status().message().c_str());
    return 2;
  }
  IngestOptions iopts;
  iopts.format = *format;
  iopts.default_date = date;
  std::unique_ptr<NlpPipeline> nlp;
  int failures = 0;
  size_t n_events = 0, n_docs = 0;
  std::string out;
  for (const std::string& path : files) {
    CollectingSink sink;
    IngestStats istats;
    if (Status st = ReadInput(path, iopts, &sink, &istats); !st.ok()) {
      std::fprintf(stderr, "khaldun code: %s\n", st.message().c_str());
      ++failures;
      continue;
    }
    for (const Rejection& r : sink.rejections)
      std::fprintf(stderr, "khaldun code: %s: rejected (%s)\n", r.record.c_str(),
                   r.reason.c_str());
    // Raw text is cleaned and split into its articles as `khaldun run` does (captions
    // repeated, promotional blurbs, several stories in one page), so both commands code
    // the same documents; each article takes its own dateline, else --date.
    std::vector<Document> docs;
    for (Document& raw : sink.docs)
      CleanRecord(std::move(raw), !no_clean, CleanOptions(), date, &docs, nullptr);
    // Text needs the NLP pipeline; CoNLL-U without heads is re-predicted.
    std::vector<Document> raw, unparsed;
    std::vector<size_t> raw_at, unparsed_at;
    for (size_t i = 0; i < docs.size(); ++i) {
      if (docs[i].sentences.empty() && !docs[i].text.empty()) {
        raw.push_back(std::move(docs[i]));
        raw_at.push_back(i);
      } else if (!docs[i].sentences.empty() && !Parsed(docs[i])) {
        unparsed.push_back(std::move(docs[i]));
        unparsed_at.push_back(i);
      }
    }
    if ((!raw.empty() || !unparsed.empty()) && !nlp) {
      auto loaded = NlpPipeline::Load(nlp_opts);
      if (!loaded.ok()) {
        std::fprintf(stderr, "khaldun code: %s\n", loaded.status().message().c_str());
        return 1;
      }
      nlp = std::move(*loaded);
    }
    NlpStats nstats;
    if (!raw.empty()) nlp->Annotate(&raw, threads, &nstats);
    if (!unparsed.empty()) nlp->Repredict(&unparsed, threads, &nstats);
    for (size_t k = 0; k < raw.size(); ++k) docs[raw_at[k]] = std::move(raw[k]);
    for (size_t k = 0; k < unparsed.size(); ++k) docs[unparsed_at[k]] = std::move(unparsed[k]);

    int nthreads = threads > 0 ? threads : HardwareThreads();
    std::vector<std::unique_ptr<CoderScratch, CoderScratchDeleter>> scratch;
    for (int t = 0; t < nthreads; ++t) scratch.push_back(NewCoderScratch());
    std::vector<std::vector<Event>> events(docs.size());
    ParallelFor(docs.size(), nthreads, [&](size_t i, int worker) {
      code_document(docs[i], scratch[worker].get(), &events[i]);
      if (publication_dates) return;
      // The day each event happened, and people coded by their role on that day.
      ResolveEventDates(docs[i], &events[i]);
      if (coder) coder->RedateActors(docs[i], &events[i]);
    });
    for (size_t i = 0; i < docs.size(); ++i) {
      for (const Event& e : events[i]) AppendEventJson(e, &docs[i], &out);
      n_events += events[i].size();
    }
    n_docs += docs.size();
    if (output == "-" && out.size() > (8u << 20)) {
      if (Status st = WriteFile("-", out); !st.ok()) {
        std::fprintf(stderr, "khaldun code: %s\n", st.message().c_str());
        return 1;
      }
      out.clear();
    }
  }
  if (Status st = WriteFile(output, out); !st.ok()) {
    std::fprintf(stderr, "khaldun code: %s\n", st.message().c_str());
    return 1;
  }
  if (output != "-")
    std::fprintf(stderr, "khaldun code: %zu documents, %zu events -> %s\n", n_docs, n_events,
                 output.c_str());
  return failures ? 1 : 0;
}

}  // namespace

KHALDUN_COMMAND("code", "news text or CoNLL-U -> CAMEO/PLOVER events (JSONL)", RunCode);

}  // namespace khaldun::cli
