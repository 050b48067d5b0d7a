// libFuzzer target: the event JSON reader (src/events/event_json.h EventFromJson) on
// arbitrary bytes. Must not crash, hang or leak (nlohmann exceptions stay inside).
// An event it accepts, written out again, must read back.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "events/event_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto e = khaldun::EventFromJson(in);
  if (!e.ok()) return 0;
  std::string j1 = khaldun::EventToJson(*e);
  auto e2 = khaldun::EventFromJson(j1);
  if (!e2.ok()) std::abort();  // our own output must read back
  (void)khaldun::MakeEventId(*e2);
  return 0;
}
