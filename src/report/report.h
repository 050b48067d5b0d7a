// The HTML report: one self-contained file that opens offline.
//
// BuildReport turns stored events into a single HTML page with dyad timelines
// (cooperation above the axis, conflict below, per day or per week), the actor network,
// a world map of event locations, the flagged escalations with their events, and a
// searchable, paginated table of events whose sentences show the source, target and
// trigger spans highlighted. The chart/map libraries (d3, topojson-client) and the
// world basemap (world-atlas, Natural Earth 1:110m) come from npm at build time and
// are inlined with the page's own script (src/report/web/); the events travel as
// compact JSON inside the page. Charts are drawn from aggregates (top dyads, top
// actors, places), the table renders one page of rows at a time, so the page stays
// usable with 100,000 events. When drawing is done the page sets data-ready="1" and
// per-section counts (data-drawn) on its elements, which tests read with
// headless Chromium's --dump-dom.
//
// Thread-safety: pure function; the embedded assets are immutable.
#ifndef KHALDUN_REPORT_REPORT_H_
#define KHALDUN_REPORT_REPORT_H_

#include <string>
#include <string_view>
#include <vector>

#include "analysis/analysis.h"
#include "khaldun/status.h"
#include "store/store.h"

namespace khaldun {

struct ReportOptions {
  std::string title = "khaldun event report";
  std::string source_name;  // shown in the header (e.g. the database path)
  int top_dyads = 12;       // dyads offered in the timeline chooser
  int network_nodes = 40;   // actors drawn in the network
  int page_size = 50;       // table rows per page
  int max_places = 2000;    // map dots (the places with most events)
  AnalysisOptions analysis; // dyad level and escalation parameters
};

// Builds the page. Fails with FailedPrecondition-like NotFound when the build had no
// npm assets to inline (run `make deps`, then rebuild).
StatusOr<std::string> BuildReport(const std::vector<StoredEvent>& events,
                                  const ReportOptions& options);

// An inlined asset by file name ("d3.min.js", "topojson-client.min.js",
// "countries-110m.json", "report.js", "report.css"); empty when absent at build time.
std::string_view ReportAsset(std::string_view name);

// Byte offset -> UTF-16 code-unit offset within `s` (what JavaScript strings index).
size_t Utf16Offset(std::string_view s, size_t byte_offset);

}  // namespace khaldun

#endif  // KHALDUN_REPORT_REPORT_H_
