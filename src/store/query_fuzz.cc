// libFuzzer target for the store's query builder (-DKHALDUN_FUZZ=ON, clang): the
// input's lines become the filters of an EventQuery (actor codes, dyad, codes, roots,
// PLOVER types, QuadClasses, dates, place), run against a small store. Whatever the
// strings hold (quotes, NULs, SQL, invalid UTF-8), the query must answer or fail with
// a Status, never crash or run injected SQL.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "store/store.h"

namespace {

khaldun::EventStore* Store() {
  static std::unique_ptr<khaldun::EventStore> store = [] {
    static std::string path =
        "/tmp/khaldun_query_fuzz." + std::to_string(::getpid()) + ".sqlite";
    std::remove(path.c_str());
    std::atexit([] {
      for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
    });
    auto s = khaldun::EventStore::Open(path);
    if (!s.ok()) std::abort();
    khaldun::Document d;
    d.id = "doc";
    d.text = "Freedonia shelled Sylvania. Sylvania protested.";
    khaldun::Event e;
    e.doc_id = "doc";
    e.date = "2024-01-16";
    e.source.code = "FRDMIL";
    e.source.country = "FRD";
    e.target.code = "SYLGOV";
    e.target.country = "SYL";
    e.has_target = true;
    e.cameo = "195";
    e.cameo_root = "19";
    e.plover = "ASSAULT";
    e.quad_class = 4;
    e.sentence_span = {0, 27};
    e.location.valid = true;
    e.location.name = "Sylvania";
    std::vector<khaldun::Event> ev = {e};
    (*s)->PutDocument(d, ev, "coded");
    return std::move(*s);
  }();
  return store.get();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string in(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> f;
  size_t start = 0;
  while (start <= in.size() && f.size() < 12) {
    size_t nl = in.find('\n', start);
    if (nl == std::string::npos) nl = in.size();
    f.push_back(in.substr(start, nl - start));
    start = nl + 1;
  }
  f.resize(12);
  khaldun::EventQuery q;
  if (!f[0].empty()) q.actors.push_back(f[0]);
  q.dyad_a = f[1];
  q.dyad_b = f[2];
  q.dyad_directed = !f[3].empty();
  if (!f[4].empty()) q.cameo.push_back(f[4]);
  if (!f[5].empty()) q.roots.push_back(f[5]);
  if (!f[6].empty()) q.plover.push_back(f[6]);
  for (char c : f[7]) q.quad_classes.push_back(c - '0');
  q.from = f[8];
  q.to = f[9];
  q.place = f[10];
  q.limit = static_cast<int64_t>(f[11].size());
  khaldun::EventStore* s = Store();
  (void)s->Count(q);
  (void)s->Query(q, [](const khaldun::StoredEvent&) { return true; });
  // The table must still be there and hold its one event.
  auto n = s->Count({});
  if (!n.ok() || *n != 1) std::abort();
  return 0;
}
