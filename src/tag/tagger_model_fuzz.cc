// libFuzzer target for the tagger model reader: arbitrary payloads, framed with a
// valid header and checksum so the fuzzer reaches the payload parser, must be refused
// cleanly or yield a tagger that tags without crashing.
#include <cstddef>
#include <cstdint>
#include <string>

#include "tag/binary_io.h"
#include "tag/model.h"
#include "tag/tagger.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using khaldun::tag::TaggerModel;
  std::string payload(reinterpret_cast<const char*>(data), size);
  std::string file = khaldun::tag::FrameModel(std::string_view(TaggerModel::kMagic, 8),
                                              TaggerModel::kVersion, payload);
  for (const std::string& bytes : {file, payload}) {
    auto tagger = khaldun::Tagger::FromBytes(bytes, "fuzz");
    if (!tagger.ok()) continue;
    khaldun::Sentence s;
    for (const char* w : {"The", "rebels", "fled", "to", "Kabul", "."}) {
      khaldun::Token t;
      t.form = w;
      s.tokens.push_back(t);
    }
    (*tagger)->Tag(&s);
  }
  return 0;
}
