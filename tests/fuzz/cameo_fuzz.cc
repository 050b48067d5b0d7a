// libFuzzer target: the CAMEO event table reader (src/events/cameo.h CameoTable::Parse)
// on arbitrary bytes. Must not crash, hang or leak; a table it accepts must answer
// lookups of every code it holds.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "events/cameo.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto table = khaldun::CameoTable::Parse(in, "fuzz_cameo.txt");
  if (!table.ok()) return 0;
  for (const khaldun::CameoCode& c : (*table)->codes()) {
    if ((*table)->Find(c.code) == nullptr) std::abort();
  }
  (void)(*table)->Find(in.substr(0, 4));
  return 0;
}
