#include "selection.h"

#include <cstdio>

namespace khaldun::cli {

void AddSelectionFlags(CLI::App& app, StoreSelection* sel) {
  app.add_option("--db", sel->db, "event store (SQLite file)")->required();
  app.add_option("--from", sel->from, "first date (YYYY-MM-DD)");
  app.add_option("--to", sel->to, "last date, inclusive");
  app.add_option("--actor", sel->actors, "only events involving these codes/prefixes");
}

void AddEscalationFlags(CLI::App& app, AnalysisOptions* o) {
  app.add_flag("--full-codes", o->full_codes, "dyads of full actor codes (IRNMIL) not countries");
  app.add_option("-k,--days", o->tit_for_tat_days, "tit-for-tat answer window in days")
      ->capture_default_str()
      ->check(CLI::Range(0, 3650));
  app.add_option("--answer-quad", o->answer_min_quad,
                 "lowest QuadClass that counts as an answer (4 material, 3 also verbal)")
      ->capture_default_str()
      ->check(CLI::Range(1, 4));
  app.add_option("--spike-window", o->spike_window_days, "spike baseline in days")
      ->capture_default_str()
      ->check(CLI::Range(1, 3650));
  app.add_option("--spike-z", o->spike_z, "spike z-score threshold")->capture_default_str();
  app.add_option("--spike-min", o->spike_min_events, "fewest conflict events on a spike day")
      ->capture_default_str();
  app.add_flag("--negated", o->include_negated, "count negated events too");
}

std::optional<std::vector<StoredEvent>> LoadSelection(const StoreSelection& sel,
                                                      const char* command) {
  StoreOptions so;
  so.read_only = true;
  auto store = EventStore::Open(sel.db, so);
  if (!store.ok()) {
    std::fprintf(stderr, "khaldun %s: %s\n", command, store.status().message().c_str());
    return std::nullopt;
  }
  EventQuery q;
  q.from = sel.from;
  q.to = sel.to;
  q.actors = sel.actors;
  auto rows = (*store)->QueryAll(q);
  if (!rows.ok()) {
    std::fprintf(stderr, "khaldun %s: %s\n", command, rows.status().message().c_str());
    return std::nullopt;
  }
  return std::move(*rows);
}

}  // namespace khaldun::cli
