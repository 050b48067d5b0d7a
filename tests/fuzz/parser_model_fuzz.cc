// libFuzzer target: the dependency parser's model reader (src/parse/parser.h
// Parser::FromBytes). Untrusted or corrupt model files must be refused with a Status,
// never read out of bounds or allocate without bound. The first byte picks the mode:
// even = the input as a whole file; odd = the rest is a model body that the target
// frames itself (magic "KHPARSE1", format version 3, body, FNV-1a 64 checksum) so the
// fuzzer gets past the checksum into the body decoder.
#include <cstddef>
#include <cstdint>
#include <string>

#include "parse/parser.h"

namespace {

uint64_t Fnv1a64(const std::string& s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string bytes;
  if ((data[0] & 1) == 0) {
    bytes = std::move(rest);
  } else {
    bytes = "KHPARSE1";
    const uint32_t version = 3;
    bytes.append(reinterpret_cast<const char*>(&version), 4);
    bytes += rest;
    uint64_t sum = Fnv1a64(bytes);
    bytes.append(reinterpret_cast<const char*>(&sum), 8);
  }
  auto p = khaldun::Parser::FromBytes(bytes, "fuzz.bin");
  (void)p;
  return 0;
}
