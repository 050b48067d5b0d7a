// Flags and loading shared by the commands that read a slice of the event store
// (`khaldun analyze`, `khaldun report`): which events (--db, --from, --to, --actor) and
// how escalation is judged (--full-codes, -k/--days, --answer-quad, --spike-*, --negated),
// so both commands accept the same spelling with the same defaults.
#ifndef KHALDUN_TOOLS_SELECTION_H_
#define KHALDUN_TOOLS_SELECTION_H_

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "analysis/analysis.h"
#include "store/store.h"

namespace khaldun::cli {

struct StoreSelection {
  std::string db;
  std::string from, to;             // YYYY-MM-DD, inclusive; empty = open
  std::vector<std::string> actors;  // codes or prefixes; empty = all
};

void AddSelectionFlags(CLI::App& app, StoreSelection* sel);
void AddEscalationFlags(CLI::App& app, AnalysisOptions* options);

// Opens sel.db read-only and returns the selected events, or prints
// "khaldun <command>: <reason>" to stderr and returns nothing.
std::optional<std::vector<StoredEvent>> LoadSelection(const StoreSelection& sel,
                                                      const char* command);

}  // namespace khaldun::cli

#endif  // KHALDUN_TOOLS_SELECTION_H_
