// libFuzzer target: the WARC reader on arbitrary bytes. Must not crash, hang or
// leak; every record ends as a document or a rejection; origins stay exact.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ingest/fuzz_check.h"
#include "ingest/ingest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  khaldun::IngestOptions options;
  options.format = khaldun::InputFormat::kWarc;
  options.max_record_bytes = 1 << 20;
  khaldun::CollectingSink sink;
  khaldun::IngestStats stats;
  (void)khaldun::ReadBuffer(in, "fuzz", options, &sink, &stats);
  if (stats.records != stats.documents + stats.rejected) std::abort();
  bool gzip = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
  for (const khaldun::Document& d : sink.docs)
    khaldun::CheckDocumentInvariants(d, gzip ? std::string_view() : in);
  return 0;
}
