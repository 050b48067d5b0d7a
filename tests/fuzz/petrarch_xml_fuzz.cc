// libFuzzer target: the PETRARCH validation XML reader (src/petrarch/validation.h
// ReadValidation, XmlUnescape) on arbitrary bytes. Must not crash, hang or leak;
// malformed records are reported and skipped.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "petrarch/validation.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t errors = 0;
  khaldun::petrarch::ValidationFile f =
      khaldun::petrarch::ReadValidation(in, "fuzz.xml", [&](const std::string&) { ++errors; });
  if (f.skipped > errors) std::abort();  // every skipped record is reported
  std::string u = khaldun::petrarch::XmlUnescape(in.substr(0, 4096));
  (void)u;
  return 0;
}
