// Dyad analysis over coded events: daily series, escalation flags, actor network.
//
// A dyad is an unordered pair of actors. By default actors are taken at country level
// (Actor::country, or the code itself for actors without a country such as IGOs), so
// IRNMIL->PAKINS and PAKGOV->IRNGOV both belong to the dyad IRN-PAK; with
// AnalysisOptions::full_codes the full codes are used instead.
//
// Escalation flags:
//   - tit-for-tat: A uses material conflict (QuadClass 4) against B and B answers
//     against A within `tit_for_tat_days` days (answer QuadClass >= answer_min_quad).
//     Chained exchanges merge into one flag whose window runs from the first act to
//     the last answer; the flag lists EVERY event of the dyad dated in that window
//     (both directions, all QuadClasses: the strikes, the recalled envoys, the
//     condemnations), not only the acts that triggered it, and the events of either
//     side that have no target ("B condemned the raid").
//     Acts and answers must be asserted or reported (not threats, conditionals,
//     intentions or questions).
//   - spike: a day whose count of conflict events (QuadClass 3-4) in the dyad stands
//     `spike_z` standard deviations above the dyad's own mean over the preceding
//     `spike_window_days` days (and has at least `spike_min_events` events).
// Events without a parseable date (YYYY-MM-DD) or without a target are ignored;
// negated events ("did not attack") are ignored unless include_negated.
//
// Thread-safety: pure functions over const inputs. Results refer to events by index
// into the input vector.
#ifndef KHALDUN_ANALYSIS_ANALYSIS_H_
#define KHALDUN_ANALYSIS_ANALYSIS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "khaldun/event.h"

namespace khaldun {

struct AnalysisOptions {
  bool full_codes = false;      // dyads over full actor codes instead of countries
  bool include_negated = false; // count negated events too
  int tit_for_tat_days = 3;     // k: B must answer within k days of A's act
  int answer_min_quad = 4;      // 4: B answers with material conflict; 3: verbal too
  int spike_window_days = 28;   // baseline length (days before the spike day)
  double spike_z = 3.0;         // z-score threshold
  int spike_min_events = 3;     // fewest conflict events on a spike day
};

// Days since 1970-01-01 for "YYYY-MM-DD" (a longer string is cut to its first 10
// characters); false when the date is malformed.
bool ParseDay(std::string_view date, int64_t* day);
std::string FormatDay(int64_t day);

// The key an actor has in dyads: its country (or code when it has none), or the full
// code with full_codes.
std::string ActorKey(const Actor& a, bool full_codes);

// Per-day counts of one unordered dyad (a < b).
struct DayStats {
  std::string date;
  int quad[5] = {0, 0, 0, 0, 0};  // quad[1..4]: events per QuadClass (quad[0] unused)
  int a_to_b = 0, b_to_a = 0;     // events by direction
  double goldstein_sum = 0;
  int count() const { return quad[1] + quad[2] + quad[3] + quad[4]; }
  double goldstein_mean() const { return count() ? goldstein_sum / count() : 0; }
};
struct DyadSeries {
  std::string a, b;                  // a < b
  std::vector<DayStats> days;        // days with events only, in date order
  int total = 0;
  double goldstein_sum = 0;
};
// Series of every dyad, largest first (by event count).
std::vector<DyadSeries> DailySeries(const std::vector<Event>& events,
                                    const AnalysisOptions& options = {});

struct EscalationFlag {
  enum class Kind { kTitForTat, kSpike };
  Kind kind = Kind::kTitForTat;
  std::string a, b;             // the dyad (for tit-for-tat, a made the first act)
  std::string first, last;      // window, inclusive dates
  std::string summary;          // one line saying why
  double score = 0;             // tit-for-tat: exchanges; spike: the largest z
  std::vector<size_t> events;   // indices into the input: the dyad's events in the window
};
const char* EscalationKindName(EscalationFlag::Kind k);  // "tit-for-tat", "spike"

// Tit-for-tat and spike flags, ordered by first date, then dyad.
std::vector<EscalationFlag> DetectEscalation(const std::vector<Event>& events,
                                             const AnalysisOptions& options = {});

// Directed actor network. Nodes are actor keys; an edge source->target sums the events
// from one to the other.
struct NetworkNode {
  std::string id;
  int events = 0;         // events it takes part in (either side)
  double goldstein_sum = 0;
};
struct NetworkEdge {
  std::string source, target;
  int count = 0;
  int conflict = 0;       // QuadClass 3-4
  int cooperation = 0;    // QuadClass 1-2
  double goldstein_sum = 0;
  double goldstein_mean() const { return count ? goldstein_sum / count : 0; }
};
struct Network {
  std::vector<NetworkNode> nodes;  // by events, descending
  std::vector<NetworkEdge> edges;  // by count, descending
};
// Self-loops (an actor acting on itself at the chosen level) are left out.
Network ActorNetwork(const std::vector<Event>& events, const AnalysisOptions& options = {});

}  // namespace khaldun

#endif  // KHALDUN_ANALYSIS_ANALYSIS_H_
