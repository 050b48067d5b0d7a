#include "events/plover_eval.h"

#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

namespace khaldun {
namespace {

std::string Country(std::string_view code) {
  return std::string(code.substr(0, std::min<size_t>(3, code.size())));
}

std::vector<std::string> Codes(const nlohmann::json& j) {
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& a : j) {
    if (a.is_object() && a.contains("code") && a["code"].is_string()) {
      std::string c = Country(a["code"].get<std::string>());
      if (!c.empty()) out.push_back(c);
    }
  }
  return out;
}

// Codes that name the same country as their canonical (ISO alpha-3) code. Sources:
// CAMEO manual country list (ROM, TMP, KSV are CAMEO's own codes); the rest are legacy
// spellings found in hand-coded gold data (ITL, VTN, JAP). Only unambiguous aliases.
struct CountryAlias {
  std::string_view code, canonical;
};
constexpr CountryAlias kCountryAliases[] = {
    {"ROM", "ROU"},  // Romania: CAMEO ROM, ISO ROU
    {"TMP", "TLS"},  // Timor-Leste: CAMEO TMP (old ISO), ISO TLS
    {"KSV", "XKX"},  // Kosovo: CAMEO KSV, user-assigned XKX
    {"ITL", "ITA"},  // Italy
    {"VTN", "VNM"},  // Viet Nam
    {"JAP", "JPN"},  // Japan
    {"ZAR", "COD"},  // DR Congo: CAMEO/old ISO ZAR (Zaire), ISO COD
    {"BUR", "MMR"},  // Myanmar: old ISO BUR (Burma), ISO MMR
};

double F1(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0; }

}  // namespace

std::string_view CanonicalCountry(std::string_view code) {
  for (const CountryAlias& a : kCountryAliases)
    if (a.code == code) return a.canonical;
  return code;
}

double PloverScore::TypeF1() const { return F1(TypePrecision(), TypeRecall()); }
double PloverScore::TripleF1() const { return F1(TriplePrecision(), TripleRecall()); }

StatusOr<std::vector<PloverGold>> ParsePloverGold(std::string_view json, int* skipped) {
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded()) return InvalidArgumentError("PLOVER gold: not valid JSON");
  if (!j.is_array()) return InvalidArgumentError("PLOVER gold: not a JSON array");
  std::vector<PloverGold> out;
  int skip = 0;
  for (const auto& r : j) {
    if (!r.is_object() || !r.contains("id") || !r["id"].is_string() || !r.contains("text") ||
        !r["text"].is_string() || !r.contains("event") || !r["event"].is_string()) {
      ++skip;
      continue;
    }
    PloverGold g;
    g.id = r["id"].get<std::string>();
    g.text = r["text"].get<std::string>();
    g.type = r["event"].get<std::string>();
    if (r.contains("date") && r["date"].is_string()) g.date = r["date"].get<std::string>();
    if (r.contains("source")) g.sources = Codes(r["source"]);
    if (r.contains("target")) g.targets = Codes(r["target"]);
    out.push_back(std::move(g));
  }
  if (skipped) *skipped = skip;
  return out;
}

void ScorePloverRecord(const PloverGold& gold, const std::vector<Event>& events,
                       PloverScore* score, bool normalise_countries) {
  auto country = [normalise_countries](std::string_view code) {
    std::string c = Country(code);
    return normalise_countries ? std::string(CanonicalCountry(c)) : c;
  };
  ++score->records;
  std::set<std::string> types;
  std::set<std::tuple<std::string, std::string, std::string>> triples;
  for (const Event& e : events) {
    if (e.negated || e.plover.empty()) continue;
    types.insert(e.plover);
    triples.insert({e.plover, country(e.source.code),
                    e.has_target ? country(e.target.code) : std::string()});
  }
  score->system_types += static_cast<int>(types.size());
  if (types.count(gold.type)) {
    ++score->type_hits;
    ++score->system_type_hits;
  }
  std::set<std::tuple<std::string, std::string, std::string>> gold_triples;
  std::vector<std::string> tg = gold.targets.empty() ? std::vector<std::string>{""} : gold.targets;
  for (const std::string& s : gold.sources)
    for (const std::string& t : tg)
      gold_triples.insert({gold.type, country(s), t.empty() ? t : country(t)});
  int hits = 0;
  for (const auto& t : triples)
    if (gold_triples.count(t)) ++hits;
  score->system_triples += static_cast<int>(triples.size());
  score->system_triple_hits += hits;
  if (hits) ++score->triple_records;
}

}  // namespace khaldun
