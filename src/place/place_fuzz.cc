// libFuzzer target for the gazetteer reader (untrusted bytes must be rejected, never
// read out of bounds) and for name folding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "place/fold.h"
#include "place/gazetteer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string in(reinterpret_cast<const char*>(data), size);
  std::string folded;
  khaldun::FoldName(in, &folded);
  (void)khaldun::HashFolded(folded);
  auto g = khaldun::Gazetteer::FromBytes(in);
  if (g.ok()) {
    const khaldun::Gazetteer& gaz = **g;
    for (const char* n : {"a", "paris", "~x", ""})
      for (uint32_t id : gaz.LookupFolded(n)) (void)gaz.Get(id);
    (void)gaz.CountryByIso2("PK");
    (void)gaz.CountryByCameo("PAK");
  }
  return 0;
}
