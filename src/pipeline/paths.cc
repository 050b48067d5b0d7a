#include "pipeline/paths.h"

#include <cstdlib>
#include <sys/stat.h>

namespace khaldun {
namespace {
bool Exists(const std::string& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0;
}
}  // namespace

std::string DataDir() {
  if (const char* env = std::getenv("KHALDUN_DATA"); env && *env) return env;
#ifdef KHALDUN_SOURCE_DIR
  std::string src = std::string(KHALDUN_SOURCE_DIR) + "/data";
  if (Exists(src + "/models") || Exists(src + "/dict")) return src;
#endif
  return "data";
}

std::string DefaultTaggerPath() { return DataDir() + "/models/tagger.bin"; }
std::string DefaultParserPath() { return DataDir() + "/models/parser.bin"; }
std::string DefaultDictDir() { return DataDir() + "/dict"; }

std::string DefaultGazetteerPath() {
  if (const char* env = std::getenv("KHALDUN_GAZETTEER"); env && *env) return env;
#ifdef KHALDUN_BINARY_DIR
  std::string built = std::string(KHALDUN_BINARY_DIR) + "/gazetteer.bin";
  if (Exists(built)) return built;
#endif
  return "build/gazetteer.bin";
}

}  // namespace khaldun
