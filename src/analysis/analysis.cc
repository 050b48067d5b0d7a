#include "analysis/analysis.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <utility>

namespace khaldun {
namespace {

// Days from civil date (Howard Hinnant's algorithm), proleptic Gregorian.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool Digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

// A usable event for dyad work: dated, with a target, not negated (unless asked).
struct Item {
  size_t index;
  int64_t day;
  std::string src, tgt;  // actor keys
};

std::vector<Item> Usable(const std::vector<Event>& events, const AnalysisOptions& o) {
  std::vector<Item> out;
  for (size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    if (!e.has_target || (e.negated && !o.include_negated)) continue;
    int64_t day;
    if (!ParseDay(e.date, &day)) continue;
    std::string s = ActorKey(e.source, o.full_codes), t = ActorKey(e.target, o.full_codes);
    if (s.empty() || t.empty()) continue;
    out.push_back({i, day, std::move(s), std::move(t)});
  }
  return out;
}

using Dyad = std::pair<std::string, std::string>;  // first < second
Dyad DyadOf(const Item& it) {
  return it.src < it.tgt ? Dyad(it.src, it.tgt) : Dyad(it.tgt, it.src);
}

// Items grouped by unordered dyad (self-dyads kept only when keep_self).
std::map<Dyad, std::vector<const Item*>> ByDyad(const std::vector<Item>& items, bool keep_self) {
  std::map<Dyad, std::vector<const Item*>> out;
  for (const Item& it : items)
    if (keep_self || it.src != it.tgt) out[DyadOf(it)].push_back(&it);
  for (auto& [d, v] : out)
    std::stable_sort(v.begin(), v.end(), [](const Item* x, const Item* y) { return x->day < y->day; });
  return out;
}

bool Hostile(const Event& e) {
  // Threats and questions are not acts; reported or asserted ones are.
  return e.modality == Modality::kAsserted || e.modality == Modality::kReported;
}

void TitForTat(const std::vector<Event>& events, const Dyad& dyad,
               const std::vector<const Item*>& items, const AnalysisOptions& o,
               std::vector<EscalationFlag>* out) {
  // Acts: material conflict by either side. Answers: QuadClass >= answer_min_quad by
  // the other side within k days (same day included).
  struct Pair {
    int64_t start, end;
    const Item* act;
    const Item* answer;
  };
  std::vector<Pair> pairs;
  for (const Item* a : items) {
    const Event& ea = events[a->index];
    if (ea.quad_class != 4 || !Hostile(ea)) continue;
    auto from = std::lower_bound(items.begin(), items.end(), a->day,
                                 [](const Item* x, int64_t d) { return x->day < d; });
    for (auto bi = from; bi != items.end(); ++bi) {
      const Item* b = *bi;
      if (b->day - a->day > o.tit_for_tat_days) break;
      const Event& eb = events[b->index];
      if (b->src != a->tgt || b->tgt != a->src) continue;  // the other side answers
      if (eb.quad_class < o.answer_min_quad || !Hostile(eb)) continue;
      // Same-day pairs count once, from the side whose act comes first in the input.
      if (b->day == a->day && b->index < a->index && eb.quad_class == 4) continue;
      pairs.push_back({a->day, b->day, a, b});
    }
  }
  if (pairs.empty()) return;
  std::sort(pairs.begin(), pairs.end(),
            [](const Pair& x, const Pair& y) { return std::tie(x.start, x.end) < std::tie(y.start, y.end); });
  // Merge exchanges that overlap or follow within k days into episodes.
  size_t i = 0;
  while (i < pairs.size()) {
    int64_t start = pairs[i].start, end = pairs[i].end;
    size_t j = i + 1;
    while (j < pairs.size() && pairs[j].start <= end + o.tit_for_tat_days) {
      end = std::max(end, pairs[j].end);
      ++j;
    }
    EscalationFlag f;
    f.kind = EscalationFlag::Kind::kTitForTat;
    const Item* first = pairs[i].act;
    f.a = first->src;
    f.b = first->tgt;
    f.first = FormatDay(start);
    f.last = FormatDay(end);
    f.score = static_cast<double>(j - i);
    const Item* answer = pairs[i].answer;
    const Event& fe = events[first->index];
    const Event& ae = events[answer->index];
    f.summary = f.a + " -> " + f.b + " material conflict (" + fe.cameo +
                (fe.trigger_text.empty() ? "" : " \"" + fe.trigger_text + "\"") + ") on " +
                FormatDay(first->day) + "; " + f.b + " -> " + f.a + " answered (" + ae.cameo +
                (ae.trigger_text.empty() ? "" : " \"" + ae.trigger_text + "\"") + ") on " +
                FormatDay(answer->day) + "; " + std::to_string(j - i) + " exchange" +
                (j - i == 1 ? "" : "s") + " within " + std::to_string(o.tit_for_tat_days) +
                " days";
    for (const Item* it : items)
      if (it->day >= start && it->day <= end) f.events.push_back(it->index);
    out->push_back(std::move(f));
    i = j;
  }
  (void)dyad;
}

void Spikes(const std::vector<Event>& events, const Dyad& dyad,
            const std::vector<const Item*>& items, const AnalysisOptions& o,
            std::vector<EscalationFlag>* out) {
  std::map<int64_t, int> conflict;  // day -> conflict events
  for (const Item* it : items)
    if (events[it->index].quad_class >= 3) ++conflict[it->day];
  const int w = std::max(1, o.spike_window_days);
  EscalationFlag* open = nullptr;
  int64_t open_last = 0;
  for (const auto& [day, c] : conflict) {
    if (c < o.spike_min_events) continue;
    double sum = 0, sum2 = 0;
    for (auto it = conflict.lower_bound(day - w); it != conflict.end() && it->first < day; ++it) {
      sum += it->second;
      sum2 += static_cast<double>(it->second) * it->second;
    }
    double mean = sum / w;
    double var = std::max(0.0, sum2 / w - mean * mean);
    // A Poisson floor keeps a quiet baseline (all zeros) from making any count infinite.
    double sd = std::max(std::sqrt(var), std::sqrt(std::max(mean, 1.0)));
    double z = (c - mean) / sd;
    if (z < o.spike_z) continue;
    if (open && day == open_last + 1) {
      open->last = FormatDay(day);
      open->score = std::max(open->score, z);
      open_last = day;
      continue;
    }
    EscalationFlag f;
    f.kind = EscalationFlag::Kind::kSpike;
    f.a = dyad.first;
    f.b = dyad.second;
    f.first = f.last = FormatDay(day);
    f.score = z;
    char buf[160];
    std::snprintf(buf, sizeof buf, "%d conflict events on %s against a %d-day mean of %.2f (z=%.1f)",
                  c, f.first.c_str(), w, mean, z);
    f.summary = buf;
    out->push_back(std::move(f));
    open = &out->back();
    open_last = day;
  }
  // Attach the events of each spike window.
  for (EscalationFlag& f : *out) {
    if (f.kind != EscalationFlag::Kind::kSpike || f.a != dyad.first || f.b != dyad.second ||
        !f.events.empty())
      continue;
    int64_t first, last;
    ParseDay(f.first, &first);
    ParseDay(f.last, &last);
    for (const Item* it : items)
      if (it->day >= first && it->day <= last) f.events.push_back(it->index);
  }
}

}  // namespace

bool ParseDay(std::string_view date, int64_t* day) {
  if (date.size() < 10 || date[4] != '-' || date[7] != '-') return false;
  std::string_view y = date.substr(0, 4), m = date.substr(5, 2), d = date.substr(8, 2);
  if (!Digits(y) || !Digits(m) || !Digits(d)) return false;
  int yy = (y[0] - '0') * 1000 + (y[1] - '0') * 100 + (y[2] - '0') * 10 + (y[3] - '0');
  unsigned mm = (m[0] - '0') * 10 + (m[1] - '0'), dd = (d[0] - '0') * 10 + (d[1] - '0');
  if (mm < 1 || mm > 12 || dd < 1 || dd > 31) return false;
  *day = DaysFromCivil(yy, mm, dd);
  return true;
}

std::string FormatDay(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

std::string ActorKey(const Actor& a, bool full_codes) {
  if (full_codes || a.country.empty()) return a.code;
  return a.country;
}

const char* EscalationKindName(EscalationFlag::Kind k) {
  return k == EscalationFlag::Kind::kTitForTat ? "tit-for-tat" : "spike";
}

std::vector<DyadSeries> DailySeries(const std::vector<Event>& events, const AnalysisOptions& o) {
  std::vector<Item> items = Usable(events, o);
  std::vector<DyadSeries> out;
  for (const auto& [dyad, list] : ByDyad(items, true)) {
    DyadSeries s;
    s.a = dyad.first;
    s.b = dyad.second;
    for (const Item* it : list) {
      const Event& e = events[it->index];
      if (s.days.empty() || s.days.back().date != FormatDay(it->day)) {
        s.days.emplace_back();
        s.days.back().date = FormatDay(it->day);
      }
      DayStats& d = s.days.back();
      if (e.quad_class >= 1 && e.quad_class <= 4) ++d.quad[e.quad_class];
      else continue;
      (it->src == s.a ? d.a_to_b : d.b_to_a)++;
      d.goldstein_sum += e.goldstein;
      ++s.total;
      s.goldstein_sum += e.goldstein;
    }
    out.push_back(std::move(s));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const DyadSeries& x, const DyadSeries& y) { return x.total > y.total; });
  return out;
}

std::vector<EscalationFlag> DetectEscalation(const std::vector<Event>& events,
                                             const AnalysisOptions& o) {
  std::vector<Item> items = Usable(events, o);
  std::vector<EscalationFlag> out;
  for (const auto& [dyad, list] : ByDyad(items, false)) {
    TitForTat(events, dyad, list, o, &out);
    Spikes(events, dyad, list, o, &out);
  }
  // Events of either side without a target ("Sylvania condemned the raid") belong to
  // the picture of the window too.
  std::multimap<std::string, std::pair<int64_t, size_t>> targetless;
  for (size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    int64_t day;
    if (e.has_target || (e.negated && !o.include_negated) || !ParseDay(e.date, &day)) continue;
    std::string k = ActorKey(e.source, o.full_codes);
    if (!k.empty()) targetless.emplace(k, std::make_pair(day, i));
  }
  for (EscalationFlag& f : out) {
    int64_t first, last;
    if (targetless.empty() || !ParseDay(f.first, &first) || !ParseDay(f.last, &last)) continue;
    for (const std::string* side : {&f.a, &f.b}) {
      auto [b, e] = targetless.equal_range(*side);
      for (auto it = b; it != e; ++it)
        if (it->second.first >= first && it->second.first <= last)
          f.events.push_back(it->second.second);
    }
    std::stable_sort(f.events.begin(), f.events.end(), [&](size_t x, size_t y) {
      return events[x].date.substr(0, 10) < events[y].date.substr(0, 10);
    });
  }
  std::stable_sort(out.begin(), out.end(), [](const EscalationFlag& x, const EscalationFlag& y) {
    return std::tie(x.first, x.a, x.b) < std::tie(y.first, y.a, y.b);
  });
  return out;
}

Network ActorNetwork(const std::vector<Event>& events, const AnalysisOptions& o) {
  std::map<std::string, NetworkNode> nodes;
  std::map<std::pair<std::string, std::string>, NetworkEdge> edges;
  for (const Event& e : events) {
    if (!e.has_target || (e.negated && !o.include_negated)) continue;
    std::string s = ActorKey(e.source, o.full_codes), t = ActorKey(e.target, o.full_codes);
    if (s.empty() || t.empty() || s == t) continue;
    for (const std::string* k : {&s, &t}) {
      NetworkNode& n = nodes[*k];
      n.id = *k;
      ++n.events;
      n.goldstein_sum += e.goldstein;
    }
    NetworkEdge& ed = edges[{s, t}];
    ed.source = s;
    ed.target = t;
    ++ed.count;
    if (e.quad_class >= 3) ++ed.conflict;
    else if (e.quad_class >= 1) ++ed.cooperation;
    ed.goldstein_sum += e.goldstein;
  }
  Network net;
  for (auto& [k, n] : nodes) net.nodes.push_back(std::move(n));
  for (auto& [k, ed] : edges) net.edges.push_back(std::move(ed));
  std::stable_sort(net.nodes.begin(), net.nodes.end(),
                   [](const NetworkNode& x, const NetworkNode& y) { return x.events > y.events; });
  std::stable_sort(net.edges.begin(), net.edges.end(),
                   [](const NetworkEdge& x, const NetworkEdge& y) { return x.count > y.count; });
  return net;
}

}  // namespace khaldun
