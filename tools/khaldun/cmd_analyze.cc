// khaldun analyze --db FILE: flagged dyads (tit-for-tat, spikes) with the events behind
// each flag; optionally the actor network and a dyad's daily series.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

#include "analysis/analysis.h"
#include "command.h"
#include "selection.h"
#include "store/store.h"

namespace khaldun::cli {
namespace {

std::string OneLine(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return s;
}

std::string ActorLabel(const Actor& a) { return a.code.empty() ? "---" : a.code; }

int RunAnalyze(int argc, char** argv) {
  CLI::App app{
      "Escalation analysis of the event store: tit-for-tat exchanges (A uses material "
      "conflict against B, B answers within k days) and spikes against a dyad's own "
      "baseline, each listed with the events behind it. Dyads are country-level unless "
      "--full-codes.",
      "khaldun analyze"};
  StoreSelection sel;
  std::string format = "text", series;
  AnalysisOptions o;
  bool network = false;
  int top = 20;
  AddSelectionFlags(app, &sel);
  AddEscalationFlags(app, &o);
  app.add_flag("--network", network, "also print the actor network (top edges)");
  app.add_option("--top", top, "edges / dyads to print with --network")->capture_default_str();
  app.add_option("--series", series, "also print the daily series of dyad A,B");
  app.add_option("--format", format, "text or json")->check(CLI::IsMember({"text", "json"}));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  auto rows = LoadSelection(sel, "analyze");
  if (!rows) return 1;
  std::vector<Event> events;
  events.reserve(rows->size());
  for (const StoredEvent& r : *rows) events.push_back(r.event);
  std::vector<EscalationFlag> flags = DetectEscalation(events, o);

  if (format == "json") {
    nlohmann::ordered_json out;
    out["events"] = events.size();
    out["flags"] = nlohmann::ordered_json::array();
    for (const EscalationFlag& f : flags) {
      nlohmann::ordered_json jf = {{"kind", EscalationKindName(f.kind)},
                                   {"a", f.a}, {"b", f.b}, {"first", f.first},
                                   {"last", f.last}, {"score", f.score},
                                   {"summary", f.summary}, {"events", nlohmann::json::array()}};
      for (size_t i : f.events) {
        const StoredEvent& r = (*rows)[i];
        jf["events"].push_back({{"id", r.event.event_id}, {"date", r.event.date},
                                {"source", r.event.source.code}, {"cameo", r.event.cameo},
                                {"plover", r.event.plover},
                                {"target", r.event.has_target ? r.event.target.code : ""},
                                {"quad_class", r.event.quad_class},
                                {"trigger", r.event.trigger_text}, {"sentence", r.sentence},
                                {"doc_id", r.event.doc_id}});
      }
      out["flags"].push_back(std::move(jf));
    }
    std::printf("%s\n", out.dump(1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return 0;
  }

  int tft = 0, spikes = 0;
  for (const EscalationFlag& f : flags)
    (f.kind == EscalationFlag::Kind::kTitForTat ? tft : spikes)++;
  std::printf("%zu flag%s (%d tit-for-tat, %d spike) in %zu events from %s\n", flags.size(),
              flags.size() == 1 ? "" : "s", tft, spikes, events.size(), sel.db.c_str());
  for (const EscalationFlag& f : flags) {
    std::printf("\n[%s] %s-%s %s .. %s: %s\n", EscalationKindName(f.kind), f.a.c_str(),
                f.b.c_str(), f.first.c_str(), f.last.c_str(), f.summary.c_str());
    for (size_t i : f.events) {
      const StoredEvent& r = (*rows)[i];
      const Event& e = r.event;
      std::printf("  %s  %-10s %-5s %-9s -> %-10s q%d  \"%s\"\n", e.date.c_str(),
                  ActorLabel(e.source).c_str(), e.cameo.c_str(), e.plover.c_str(),
                  e.has_target ? ActorLabel(e.target).c_str() : "---", e.quad_class,
                  OneLine(e.trigger_text).c_str());
      std::printf("      %s  [%s]\n", OneLine(r.sentence).c_str(), e.doc_id.c_str());
    }
  }
  if (network) {
    Network net = ActorNetwork(events, o);
    std::printf("\nactor network: %zu actors, %zu directed edges (top %d by count)\n",
                net.nodes.size(), net.edges.size(), top);
    for (size_t i = 0; i < net.edges.size() && static_cast<int>(i) < top; ++i) {
      const NetworkEdge& e = net.edges[i];
      std::printf("  %-10s -> %-10s events %4d  conflict %4d  cooperation %4d  goldstein sum %7.1f mean %5.2f\n",
                  e.source.c_str(), e.target.c_str(), e.count, e.conflict, e.cooperation,
                  e.goldstein_sum, e.goldstein_mean());
    }
  }
  if (!series.empty()) {
    std::stringstream ss(series);
    std::string a, b;
    std::getline(ss, a, ',');
    std::getline(ss, b, ',');
    if (b < a) std::swap(a, b);
    bool found = false;
    for (const DyadSeries& s : DailySeries(events, o)) {
      if (s.a != a || s.b != b) continue;
      found = true;
      std::printf("\ndaily series %s-%s (%d events)\n  date        q1 q2 q3 q4  %s>%s %s>%s  goldstein sum  mean\n",
                  a.c_str(), b.c_str(), s.total, a.c_str(), b.c_str(), b.c_str(), a.c_str());
      for (const DayStats& d : s.days)
        std::printf("  %s %2d %2d %2d %2d  %5d %5d  %13.1f %5.2f\n", d.date.c_str(), d.quad[1],
                    d.quad[2], d.quad[3], d.quad[4], d.a_to_b, d.b_to_a, d.goldstein_sum,
                    d.goldstein_mean());
    }
    if (!found) std::printf("\nno events for dyad %s-%s\n", a.c_str(), b.c_str());
  }
  return 0;
}

}  // namespace

KHALDUN_COMMAND("analyze", "flag escalating dyads (tit-for-tat, spikes) with the events behind",
                RunAnalyze);

}  // namespace khaldun::cli
