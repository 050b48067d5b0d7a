// khaldun clean FILE...: shows the documents the readers and the cleaner find in
// each input (id, title, date, body), for inspection; --json for one object a line.
#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "clean/clean.h"
#include "command.h"
#include "ingest/ingest.h"

namespace {

class PrintSink : public khaldun::DocumentSink {
 public:
  PrintSink(const khaldun::CleanOptions& options, bool json, bool show_origin)
      : options_(options), json_(json), show_origin_(show_origin) {}

  void OnDocument(khaldun::Document raw) override {
    for (const khaldun::Document& d : khaldun::CleanDocument(raw, options_, &stats)) {
      ++documents;
      if (json_) {
        nlohmann::json j = {{"id", d.id},   {"title", d.title},   {"date", d.date},
                            {"url", d.url}, {"source", d.source}, {"text", d.text}};
        if (show_origin_) {
          nlohmann::json o = nlohmann::json::array();
          for (const auto& p : d.origin) o.push_back({p.doc_begin, p.orig_begin, p.length});
          j["origin"] = o;
        }
        std::printf("%s\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
      } else {
        std::printf("=== %s\ntitle: %s\ndate: %s\n", d.id.c_str(), d.title.c_str(), d.date.c_str());
        if (!d.url.empty()) std::printf("url: %s\n", d.url.c_str());
        if (!d.source.empty()) std::printf("source: %s\n", d.source.c_str());
        std::printf("\n%s\n\n", d.text.c_str());
      }
    }
  }
  void OnReject(const khaldun::Rejection& r) override {
    std::fprintf(stderr, "khaldun clean: rejected %s: %s\n", r.record.c_str(), r.reason.c_str());
  }

  khaldun::CleanStats stats;
  size_t documents = 0;

 private:
  const khaldun::CleanOptions& options_;
  bool json_;
  bool show_origin_;
};

int RunClean(int argc, char** argv) {
  CLI::App app("Show the documents found in each input after cleaning", "khaldun clean");
  std::vector<std::string> files;
  std::string input = "auto";
  std::string date;
  bool json = false, no_split = false, explain = false, show_origin = false, drop_teasers = false;
  size_t max_record_bytes = 10 << 20;
  app.add_option("files", files, "input files (text, JSONL, HTML, WARC[.gz], CoNLL-U; - = stdin)")
      ->required();
  app.add_option("--input", input, "input format: auto, text, jsonl, html, warc, conllu");
  app.add_option("--date", date, "publication date YYYY-MM-DD for inputs without one");
  app.add_option("--max-record-bytes", max_record_bytes, "reject records larger than this");
  app.add_flag("--json", json, "one JSON object per document");
  app.add_flag("--origin", show_origin, "with --json: include origin pieces [doc, input, length]");
  app.add_flag("--no-split", no_split, "do not split multi-article files");
  app.add_flag("--drop-teasers", drop_teasers, "drop 'More from ...' items instead of keeping them");
  app.add_flag("--explain", explain, "list dropped lines and why on stderr");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  auto format = khaldun::ParseInputFormat(input);
  if (!format.ok()) {
    std::fprintf(stderr, "khaldun clean: %s\n", format.status().message().c_str());
    return 2;
  }
  khaldun::IngestOptions iopts;
  iopts.format = *format;
  iopts.default_date = date;
  iopts.max_record_bytes = max_record_bytes;
  khaldun::CleanOptions copts;
  copts.split_articles = !no_split;
  copts.teaser_items_as_documents = !drop_teasers;
  copts.explain = explain;
  PrintSink sink(copts, json, show_origin);
  khaldun::IngestStats istats;
  int rc = 0;
  for (const std::string& f : files) {
    khaldun::Status st = khaldun::ReadInput(f, iopts, &sink, &istats);
    if (!st.ok()) {
      std::fprintf(stderr, "khaldun clean: %s\n", st.message().c_str());
      rc = 1;
    }
  }
  if (explain)
    for (const std::string& d : sink.stats.dropped) std::fprintf(stderr, "dropped %s\n", d.c_str());
  std::string reasons;
  for (const auto& [reason, n] : istats.rejected_by_reason)
    reasons += (reasons.empty() ? " (" : ", ") + reason + ": " + std::to_string(n);
  if (!reasons.empty()) reasons += ")";
  std::fprintf(stderr,
               "khaldun clean: %zu records: %zu documents (%zu empty), %zu rejected%s; "
               "%zu UTF-8 repairs, %zu pages cut at the depth limit, %zu WARC records skipped; "
               "%zu documents after cleaning, %zu lines dropped\n",
               istats.records, istats.documents, istats.empty, istats.rejected, reasons.c_str(),
               istats.utf8_repairs, istats.depth_truncated, istats.skipped, sink.documents,
               sink.stats.lines_dropped);
  return rc;
}

}  // namespace

KHALDUN_COMMAND("clean", "show the documents found in inputs after cleaning", RunClean);
