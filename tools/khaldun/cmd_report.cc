// khaldun report --db FILE -o report.html: the self-contained HTML report.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>

#include "base/file.h"
#include "command.h"
#include "report/report.h"
#include "selection.h"
#include "store/store.h"

namespace khaldun::cli {
namespace {

int RunReport(int argc, char** argv) {
  CLI::App app{"Write one self-contained HTML file (opens offline): dyad timelines, actor "
               "network, map of event locations, flagged escalations and a searchable "
               "table of events with actor and trigger spans highlighted.",
               "khaldun report"};
  StoreSelection sel;
  std::string out = "report.html", title;
  ReportOptions ro;
  AddSelectionFlags(app, &sel);
  app.add_option("-o,--output", out, "HTML file to write")->capture_default_str();
  app.add_option("--title", title, "page title");
  AddEscalationFlags(app, &ro.analysis);
  app.add_option("--top-dyads", ro.top_dyads, "dyads offered in the timeline")->capture_default_str();
  app.add_option("--network-nodes", ro.network_nodes, "actors drawn in the network")
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  auto t0 = std::chrono::steady_clock::now();
  auto rows = LoadSelection(sel, "report");
  if (!rows) return 1;
  if (!title.empty()) ro.title = title;
  ro.source_name = sel.db;
  auto html = BuildReport(*rows, ro);
  if (!html.ok()) {
    std::fprintf(stderr, "khaldun report: %s\n", html.status().message().c_str());
    return 1;
  }
  Status s = WriteFile(out, *html);
  if (!s.ok()) {
    std::fprintf(stderr, "khaldun report: %s\n", s.message().c_str());
    return 1;
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::fprintf(stderr, "khaldun report: wrote %s (%zu events, %.1f MB) in %.2f s\n", out.c_str(),
               rows->size(), html->size() / 1e6, secs);
  return 0;
}

}  // namespace

KHALDUN_COMMAND("report", "self-contained HTML report: timelines, network, map, escalations, events",
                RunReport);

}  // namespace khaldun::cli
