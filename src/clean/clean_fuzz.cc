// libFuzzer target: CleanDocument on arbitrary text (and on its first half mapped
// through a synthetic origin), checking that origins stay exact and that at least
// one document comes out.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "clean/clean.h"
#include "ingest/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  khaldun::Document raw;
  raw.id = "fuzz";
  raw.text.assign(in);
  khaldun::CleanOptions options;
  options.explain = size % 2 == 0;
  khaldun::CleanStats stats;
  auto docs = khaldun::CleanDocument(raw, options, &stats);
  if (docs.empty()) std::abort();
  for (const auto& d : docs) khaldun::CheckDocumentInvariants(d, in);
  // Same text behind a non-identity origin: input = 7 filler bytes + text.
  std::string shifted = "0123456" + raw.text;
  raw.origin = {{0, 7, static_cast<uint32_t>(raw.text.size() / 2)}};
  docs = khaldun::CleanDocument(raw, options, nullptr);
  for (const auto& d : docs) khaldun::CheckDocumentInvariants(d, shifted);
  return 0;
}
