#include "report/report.h"

#include <algorithm>
#include <ctime>
#include <map>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

namespace khaldun {
namespace {

using json = nlohmann::json;

// Text safe inside <script> and HTML: "</" cannot close the element.
std::string ScriptSafe(std::string s) {
  size_t p = 0;
  while ((p = s.find("</", p)) != std::string::npos) {
    s.replace(p, 2, "<\\/");
    p += 3;
  }
  return s;
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

// A span of the document as UTF-16 offsets inside the sentence; [-1,-1] when the span
// is empty or not inside the sentence.
std::pair<int, int> Relative(const std::string& sentence, Span sent, Span s) {
  if (s.empty() || s.begin < sent.begin || s.end > sent.end || sentence.empty() ||
      s.end - sent.begin > sentence.size())
    return {-1, -1};
  return {static_cast<int>(Utf16Offset(sentence, s.begin - sent.begin)),
          static_cast<int>(Utf16Offset(sentence, s.end - sent.begin))};
}

}  // namespace

size_t Utf16Offset(std::string_view s, size_t byte_offset) {
  size_t units = 0;
  size_t end = std::min(byte_offset, s.size());
  for (size_t i = 0; i < end;) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    units += len == 4 ? 2 : 1;
    i += len;
  }
  return units;
}

StatusOr<std::string> BuildReport(const std::vector<StoredEvent>& rows,
                                  const ReportOptions& options) {
  const std::string_view d3 = ReportAsset("d3.min.js");
  const std::string_view topo = ReportAsset("topojson-client.min.js");
  const std::string_view world = ReportAsset("countries-110m.json");
  const std::string_view js = ReportAsset("report.js");
  const std::string_view css = ReportAsset("report.css");
  if (d3.empty() || topo.empty() || world.empty())
    return NotFoundError(
        "the report's npm assets (d3, topojson-client, world-atlas) were not present when "
        "khaldun was built; run `make deps` (npm install) and rebuild");
  if (js.empty() || css.empty()) return InternalError("report.js/report.css not embedded");

  std::vector<Event> events;
  events.reserve(rows.size());
  for (const StoredEvent& r : rows) events.push_back(r.event);
  const AnalysisOptions& ao = options.analysis;

  json data;
  std::string first, last;
  std::map<std::string, int> doc_index;
  std::map<std::pair<std::string, int>, int> sent_index;
  json docs = json::array(), sents = json::array(), ev = json::array();
  for (const StoredEvent& r : rows) {
    const Event& e = r.event;
    if (!e.date.empty()) {
      if (first.empty() || e.date < first) first = e.date;
      if (last.empty() || e.date > last) last = e.date;
    }
    auto [dit, dnew] = doc_index.try_emplace(e.doc_id, static_cast<int>(docs.size()));
    if (dnew) docs.push_back({e.doc_id, r.doc.title, r.doc.url, r.doc.date});
    auto [sit, snew] =
        sent_index.try_emplace({e.doc_id, e.sentence_index}, static_cast<int>(sents.size()));
    if (snew) sents.push_back(r.sentence);
    auto src = Relative(r.sentence, e.sentence_span, e.source.span);
    auto tgt = e.has_target ? Relative(r.sentence, e.sentence_span, e.target.span)
                            : std::pair<int, int>{-1, -1};
    auto trg = Relative(r.sentence, e.sentence_span, e.trigger_span);
    ev.push_back({e.date,
                  e.source.code,
                  e.has_target ? e.target.code : "",
                  e.cameo,
                  e.plover,
                  e.quad_class,
                  e.goldstein,
                  e.trigger_text,
                  sit->second,
                  src.first, src.second, tgt.first, tgt.second, trg.first, trg.second,
                  dit->second,
                  e.negated ? 1 : 0,
                  ActorKey(e.source, ao.full_codes),
                  e.has_target ? ActorKey(e.target, ao.full_codes) : ""});
  }

  json flags = json::array();
  for (const EscalationFlag& f : DetectEscalation(events, ao)) {
    flags.push_back({{"kind", EscalationKindName(f.kind)}, {"a", f.a}, {"b", f.b},
                     {"first", f.first}, {"last", f.last}, {"summary", f.summary},
                     {"score", f.score}, {"ev", f.events}});
  }

  // Timeline dyads: the flagged ones first, then the busiest.
  std::vector<DyadSeries> all = DailySeries(events, ao);
  std::set<std::pair<std::string, std::string>> flagged;
  for (const auto& f : flags) {
    std::string a = f["a"], b = f["b"];
    if (b < a) std::swap(a, b);
    flagged.insert({a, b});
  }
  std::stable_partition(all.begin(), all.end(), [&](const DyadSeries& s) {
    return flagged.count({s.a, s.b}) > 0;
  });
  json series = json::array();
  for (size_t i = 0; i < all.size() && static_cast<int>(series.size()) < options.top_dyads; ++i) {
    const DyadSeries& s = all[i];
    if (s.a == s.b) continue;
    json days = json::array();
    for (const DayStats& d : s.days)
      days.push_back({d.date, d.quad[1], d.quad[2], d.quad[3], d.quad[4], d.goldstein_sum});
    series.push_back({{"a", s.a}, {"b", s.b}, {"total", s.total}, {"days", std::move(days)}});
  }

  Network net = ActorNetwork(events, ao);
  std::set<std::string> keep;
  json nodes = json::array(), edges = json::array();
  for (const NetworkNode& n : net.nodes) {
    if (static_cast<int>(keep.size()) >= options.network_nodes) break;
    keep.insert(n.id);
    nodes.push_back({n.id, n.events, n.goldstein_sum});
  }
  for (const NetworkEdge& e : net.edges)
    if (keep.count(e.source) && keep.count(e.target))
      edges.push_back({e.source, e.target, e.count, e.conflict, e.cooperation, e.goldstein_sum});

  // Places: events aggregated by coordinates.
  std::map<std::tuple<double, double, std::string>, std::pair<int, int>> place_counts;
  std::map<std::tuple<double, double, std::string>, std::string> place_country;
  for (const Event& e : events) {
    if (!e.location.valid) continue;
    auto key = std::make_tuple(e.location.lat, e.location.lon, e.location.name);
    auto& c = place_counts[key];
    ++c.first;
    if (e.quad_class >= 3) ++c.second;
    place_country[key] = e.location.country;
  }
  // The busiest max_places places are drawn; a map of more dots says nothing more.
  std::vector<std::pair<std::tuple<double, double, std::string>, std::pair<int, int>>> ranked(
      place_counts.begin(), place_counts.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& x, const auto& y) { return x.second.first > y.second.first; });
  if (static_cast<int>(ranked.size()) > options.max_places) ranked.resize(options.max_places);
  json places = json::array();
  for (const auto& [k, c] : ranked)
    places.push_back({std::get<0>(k), std::get<1>(k), std::get<2>(k), place_country[k], c.first,
                      c.second});

  char generated[32];
  std::time_t now = std::time(nullptr);
  std::strftime(generated, sizeof generated, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
  data["meta"] = {{"title", options.title},
                  {"source", options.source_name},
                  {"generated", generated},
                  {"events", rows.size()},
                  {"documents", docs.size()},
                  {"first", first},
                  {"last", last},
                  {"level", ao.full_codes ? "full actor codes" : "countries"},
                  {"page_size", options.page_size},
                  {"places_total", place_counts.size()},
                  {"tft_days", ao.tit_for_tat_days}};
  data["docs"] = std::move(docs);
  data["sents"] = std::move(sents);
  data["ev"] = std::move(ev);
  data["flags"] = std::move(flags);
  data["series"] = std::move(series);
  data["net"] = {{"nodes", std::move(nodes)}, {"edges", std::move(edges)}};
  data["places"] = std::move(places);

  std::string out;
  out.reserve(d3.size() + world.size() + rows.size() * 200 + 100000);
  out += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  out += HtmlEscape(options.title);
  out += "</title>\n<style>\n";
  out += css;
  out += "\n</style>\n</head>\n<body data-ready=\"0\">\n"
         "<header><h1 id=\"title\"></h1><p id=\"subtitle\"></p></header>\n"
         "<main>\n"
         "<section id=\"flags\" data-drawn=\"0\"><h2>Flagged escalations</h2><div class=\"body\"></div></section>\n"
         "<section id=\"timeline\" data-drawn=\"0\"><h2>Dyad timeline</h2>"
         "<div class=\"controls\"><label>Dyad <select id=\"dyad\"></select></label>"
         "<span class=\"legend\"><i class=\"coop\"></i>cooperation (QuadClass 1-2) "
         "<i class=\"conf\"></i>conflict (3-4) <i class=\"gold\"></i>Goldstein mean</span></div>"
         "<div class=\"chart\"></div></section>\n"
         "<div class=\"row\">\n"
         "<section id=\"network\" data-drawn=\"0\"><h2>Actor network</h2><div class=\"chart\"></div></section>\n"
         "<section id=\"map\" data-drawn=\"0\"><h2>Event locations</h2><div class=\"chart\"></div></section>\n"
         "</div>\n"
         "<section id=\"events\" data-drawn=\"0\"><h2>Events</h2>"
         "<div class=\"controls\"><input id=\"search\" type=\"search\" "
         "placeholder=\"search actors, codes, words, dates...\">"
         "<select id=\"quad\"><option value=\"\">all QuadClasses</option>"
         "<option value=\"1\">1 verbal cooperation</option><option value=\"2\">2 material "
         "cooperation</option><option value=\"3\">3 verbal conflict</option><option "
         "value=\"4\">4 material conflict</option></select>"
         "<span id=\"count\"></span></div>"
         "<table><thead><tr><th>date</th><th>source</th><th>event</th><th>target</th>"
         "<th>Q</th><th>G</th><th>sentence</th></tr></thead><tbody></tbody></table>"
         "<div class=\"pager\"><button id=\"prev\">&lsaquo; previous</button> <span "
         "id=\"page\"></span> <button id=\"next\">next &rsaquo;</button></div></section>\n"
         "</main>\n<footer>Map: Natural Earth via world-atlas. Charts: d3. Made by khaldun.</footer>\n";
  out += "<script>";
  out += ScriptSafe(std::string(d3));
  out += "</script>\n<script>";
  out += ScriptSafe(std::string(topo));
  out += "</script>\n<script id=\"world-data\" type=\"application/json\">";
  out += ScriptSafe(std::string(world));
  out += "</script>\n<script id=\"report-data\" type=\"application/json\">";
  out += ScriptSafe(data.dump(-1, ' ', false, json::error_handler_t::replace));
  out += "</script>\n<script>";
  out += ScriptSafe(std::string(js));
  out += "</script>\n</body></html>\n";
  return out;
}

}  // namespace khaldun
