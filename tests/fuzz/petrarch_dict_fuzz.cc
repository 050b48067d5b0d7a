// libFuzzer target: the PETRARCH/TABARI dictionary readers (src/petrarch/dictionaries.h)
// on arbitrary bytes. The first byte picks the reader (actors, agents, discards, verbs,
// ontology) and strict mode (high bit); the rest is the file text. Must not crash, hang
// or leak.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "petrarch/dictionaries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  namespace p = khaldun::petrarch;
  p::ReadOptions opts;
  opts.strict = (data[0] & 0x80) != 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  size_t errors = 0;
  p::ErrorFn on_error = [&](const std::string&) { ++errors; };
  switch ((data[0] & 0x7f) % 5) {
    case 0: {
      auto d = p::ReadActors(text, "actors.txt", opts, on_error);
      if (d.ok())
        for (size_t a = 0; a < d->codes.size() && a < 16; ++a) {
          (void)d->CodeAt(static_cast<int>(a), 20240116);
          (void)d->CodeAt(static_cast<int>(a), 0);
        }
      break;
    }
    case 1:
      (void)p::ReadAgents(text, "agents.txt", opts, on_error);
      break;
    case 2:
      (void)p::ReadDiscards(text, "discards.txt", opts, on_error);
      break;
    case 3:
      (void)p::ReadVerbs(text, "verbs.txt", opts, on_error);
      break;
    default:
      (void)p::ReadOntology(text, "ontology.txt", opts, on_error);
      break;
  }
  (void)p::ParseDictDate(text.substr(0, 10));
  return 0;
}
