// libFuzzer target: the verb/noun pattern file reader (src/events/patterns.h
// PatternSet::Parse) on arbitrary bytes, against the committed CAMEO table
// (data/cameo/cameo.txt; the target aborts at start-up when it is missing). Must not
// crash, hang or leak; malformed lines are reported and skipped (or fail the load in
// strict mode, picked by the first byte).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "events/cameo.h"
#include "events/patterns.h"

namespace {

const khaldun::CameoTable& Cameo() {
  static std::unique_ptr<khaldun::CameoTable> table = [] {
    auto t = khaldun::CameoTable::Load(std::string(KHALDUN_SOURCE_DIR) + "/data/cameo/cameo.txt");
    if (!t.ok()) {
      std::fprintf(stderr, "patterns_fuzz: %s\n", t.status().ToString().c_str());
      std::abort();
    }
    return std::move(*t);
  }();
  return *table;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  khaldun::PatternLoadOptions options;
  options.strict = (data[0] & 1) != 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto set = khaldun::PatternSet::Parse(text, "fuzz_verbs.txt", Cameo(), options,
                                        [](const khaldun::Status&) {});
  if (!set.ok()) return 0;
  // Ask about the first few words of the input.
  size_t pos = 0;
  for (int n = 0; n < 8 && pos < text.size(); ++n) {
    size_t end = text.find_first_of(" \t\n|;", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view w = text.substr(pos, end - pos);
    (void)(*set)->Verbs(w);
    (void)(*set)->Nouns(w);
    (void)(*set)->Class(w);
    pos = end + 1;
  }
  return 0;
}
