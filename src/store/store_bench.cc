// Store benchmarks (Google Benchmark, -DKHALDUN_BENCH=ON):
//   BM_WriteEvents     events/s through EventStore::PutDocument into a fresh temp DB,
//                      closing it included: args = documents (10 events each),
//                      documents per transaction. events_per_cpu_s divides by the
//                      thread's CPU time (the figure to compare on a shared machine).
//   BM_QueryDyadMonth  a query by dyad (either direction, country prefixes) and month
//                      over a store of KHALDUN_BENCH_EVENTS synthetic events (default
//                      10,000,000), generated once into a temp DB (or reused from
//                      KHALDUN_BENCH_DB when that file exists, migrated when older),
//                      then opened read-only as `khaldun query` opens it. Iterations
//                      cycle over the first four months (the densest: the synthetic
//                      calendar wraps around there), so every query returns about as
//                      many rows (rows_per_query).
// The big store takes about a minute per 10M events to build and ~4 GB of disk; it
// lives in $TMPDIR and is removed at exit unless KHALDUN_BENCH_DB names it.
#include <benchmark/benchmark.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "store/store.h"

namespace khaldun {
namespace {

const char* kCountries[] = {"IRN", "PAK", "AFG", "IRQ", "SYR", "ISR", "USA", "RUS", "UKR", "CHN",
                            "IND", "TUR", "SAU", "YEM", "EGY", "LBN", "JOR", "QAT", "ARE", "OMN",
                            "GBR", "FRA", "DEU", "ITA", "ESP", "POL", "NGA", "ETH", "SDN", "SOM",
                            "KEN", "COD", "MLI", "NER", "BFA", "LBY", "TUN", "DZA", "MAR", "BRA",
                            "ARG", "COL", "VEN", "MEX", "CUB", "JPN", "KOR", "PRK", "TWN", "PHL"};
const char* kSectors[] = {"GOV", "MIL", "INS", "REB", "OPP", "BUS", "MED", "CVL", "JUD", "POL"};
const char* kCameo[] = {"010", "020", "036", "040", "042", "043", "051", "057", "061", "071",
                        "111", "112", "120", "130", "138", "141", "160", "161", "163", "172",
                        "173", "180", "183", "190", "193", "194", "195", "200"};
const char* kPlover[] = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "AID", "RETREAT",
                         "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
                         "MOBILIZE", "COERCE", "ASSAULT"};

constexpr int64_t kEventsPerDay = 6000;

// Fills `doc` and `events` with synthetic document number `n` (10 events).
class Synth {
 public:
  explicit Synth(uint64_t seed) : rng_(seed) {}
  void Make(int64_t n, int days, Document* doc, std::vector<Event>* events) {
    doc->id = "doc" + std::to_string(n);
    // Documents arrive roughly in date order (a crawl or a feed): day grows with n,
    // with some jitter; events happen up to 2 days before publication.
    int day = static_cast<int>((n * 10 / kEventsPerDay + rng_() % 5) % days);
    doc->date = Date(day);
    doc->title = "Synthetic report " + std::to_string(n);
    doc->source = "bench";
    doc->sentences.clear();
    doc->text.clear();
    events->clear();
    for (int i = 0; i < 10; ++i) {
      Sentence s;
      uint32_t b = static_cast<uint32_t>(doc->text.size());
      doc->text += "Officials from one country said forces of another acted near the border. ";
      s.span = {b, static_cast<uint32_t>(doc->text.size() - 1)};
      doc->sentences.push_back(s);
      Event e;
      e.doc_id = doc->id;
      e.sentence_index = i;
      e.sentence_span = s.span;
      e.date = Date(std::max(0, day - static_cast<int>(rng_() % 3)));
      int c1 = Country();
      int c2 = Country();
      FillActor(c1, b, &e.source);
      FillActor(c2, b + 40, &e.target);
      e.has_target = true;
      int code = static_cast<int>(rng_() % std::size(kCameo));
      e.cameo = kCameo[code];
      e.cameo_root = e.cameo.substr(0, 2);
      e.plover = kPlover[code % std::size(kPlover)];
      int root = std::stoi(e.cameo_root);
      e.quad_class = root <= 5 ? 1 : root <= 8 ? 2 : root <= 14 ? 3 : 4;
      e.goldstein = e.quad_class <= 2 ? 3.5 : -6.5;
      e.trigger_text = "acted";
      e.trigger_span = {b + 30, b + 35};
      e.pattern = "verbs.txt:" + std::to_string(100 + code);
      if (i % 3 == 0) {
        e.location.valid = true;
        e.location.name = "Border town";
        e.location.country = "ZZ";
        e.location.lat = 30 + (rng_() % 100) / 10.0;
        e.location.lon = 60 + (rng_() % 100) / 10.0;
        e.location.basis = "text";
      }
      events->push_back(std::move(e));
    }
  }

 private:
  static std::string Date(int day) {
    // Days from 2020-01-01 in 28-day "months" keep the calendar simple and valid.
    int year = 2020 + day / 336, month = 1 + (day % 336) / 28, dom = 1 + day % 28;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, dom);
    return buf;
  }
  // News is skewed: a few countries take most events. Zipf-like over the list
  // (rank r with weight 1/r).
  int Country() {
    static const std::vector<double> cdf = [] {
      std::vector<double> c;
      double sum = 0;
      for (size_t r = 1; r <= std::size(kCountries); ++r) c.push_back(sum += 1.0 / r);
      for (double& x : c) x /= sum;
      return c;
    }();
    double u = std::uniform_real_distribution<double>(0, 1)(rng_);
    return static_cast<int>(std::lower_bound(cdf.begin(), cdf.end(), u) - cdf.begin()) %
           static_cast<int>(std::size(kCountries));
  }
  void FillActor(int country, uint32_t at, Actor* a) {
    a->country = kCountries[country];
    a->sector = kSectors[rng_() % std::size(kSectors)];
    a->code = a->country + a->sector;
    a->text = "Officials";
    a->span = {at, at + 9};
    a->pattern = "actors.txt:" + std::to_string(country);
  }
  std::mt19937_64 rng_;
};

double ThreadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

std::string TempPath(const char* name) {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/" + name + "." + std::to_string(::getpid());
}

void RemoveDb(const std::string& p) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p + suffix);
}

// Writes `docs` synthetic documents, `batch` to a transaction; `bulk` defers the event
// indexes of each batch to its commit (EventStore::DeferIndexes).
void WriteEvents(benchmark::State& state, int64_t docs, int64_t batch, bool bulk) {
  Synth synth(1);
  std::vector<Document> ds(docs);
  std::vector<std::vector<Event>> evs(docs);
  for (int64_t i = 0; i < docs; ++i) synth.Make(i, 1500, &ds[i], &evs[i]);
  int64_t events = 0;
  double cpu = 0;  // of the timed part (the machine may be shared)
  for (auto _ : state) {
    state.PauseTiming();
    std::string path = TempPath("khaldun_write_bench.sqlite");
    RemoveDb(path);
    auto store = EventStore::Open(path);
    if (!store.ok()) {
      state.SkipWithError(store.status().ToString().c_str());
      return;
    }
    state.ResumeTiming();
    double cpu0 = ThreadCpuSeconds();
    for (int64_t i = 0; i < docs; i += batch) {
      (*store)->BeginBatch();
      if (bulk) (*store)->DeferIndexes();
      for (int64_t j = i; j < std::min(docs, i + batch); ++j) {
        Status s = (*store)->PutDocument(ds[j], evs[j], "coded");
        if (!s.ok()) {
          state.SkipWithError(s.ToString().c_str());
          return;
        }
        events += static_cast<int64_t>(evs[j].size());
      }
      Status s = (*store)->CommitBatch();
      if (!s.ok()) {
        state.SkipWithError(s.ToString().c_str());
        return;
      }
    }
    store->reset();  // closing checkpoints the WAL: part of writing
    cpu += ThreadCpuSeconds() - cpu0;
    state.PauseTiming();
    RemoveDb(path);
    state.ResumeTiming();
  }
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["events_per_cpu_s"] = cpu > 0 ? static_cast<double>(events) / cpu : 0;
}

void BM_WriteEvents(benchmark::State& state) {
  WriteEvents(state, state.range(0), state.range(1), false);
}
// An import into a new store: one transaction, indexes built at its end.
void BM_BulkLoad(benchmark::State& state) {
  WriteEvents(state, state.range(0), state.range(0), true);
}
BENCHMARK(BM_WriteEvents)
    ->Args({1000, 1000})  // small enough for callgrind
    ->Args({10000, 64})
    ->Args({10000, 1000})
    ->Args({10000, 10000})
    ->Args({100000, 10000})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_BulkLoad)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

// The big store, built on first use.
struct BigStore {
  std::string path;
  bool owned = false;
  std::unique_ptr<EventStore> store;
  std::string error;
  BigStore() {
    const char* env_db = std::getenv("KHALDUN_BENCH_DB");
    const char* env_n = std::getenv("KHALDUN_BENCH_EVENTS");
    int64_t target = env_n ? std::atoll(env_n) : 10'000'000;
    path = env_db ? env_db : TempPath("khaldun_query_bench.sqlite");
    owned = !env_db;
    bool reuse = env_db && std::filesystem::exists(path);
    StoreOptions o;
    o.cache_mib = 1024;
    auto s = EventStore::Open(path, o);
    if (!s.ok()) {
      error = s.status().ToString();
      return;
    }
    store = std::move(*s);
    if (reuse) {
      ReopenReadOnly();
      return;
    }
    Synth synth(7);
    Document doc;
    std::vector<Event> events;
    auto t0 = std::chrono::steady_clock::now();
    int64_t docs = target / 10;
    for (int64_t i = 0; i < docs; i += 5000) {
      store->BeginBatch();
      for (int64_t j = i; j < std::min(docs, i + 5000); ++j) {
        synth.Make(j, 1500, &doc, &events);
        Status st = store->PutDocument(doc, events, "coded");
        if (!st.ok()) {
          error = st.ToString();
          return;
        }
      }
      Status st = store->CommitBatch();
      if (!st.ok()) {
        error = st.ToString();
        return;
      }
    }
    double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(stderr, "built %lld events in %.1f s (%.0f events/s) at %s\n",
                 static_cast<long long>(docs * 10), secs, docs * 10 / secs, path.c_str());
    ReopenReadOnly();
  }
  void ReopenReadOnly() {
    store.reset();
    StoreOptions ro;
    ro.read_only = true;
    ro.cache_mib = 1024;
    auto s = EventStore::Open(path, ro);
    if (!s.ok()) {
      error = s.status().ToString();
      return;
    }
    store = std::move(*s);
  }
  ~BigStore() {
    store.reset();
    if (owned) RemoveDb(path);
  }
};

BigStore& Big() {
  static BigStore big;
  return big;
}

void BM_QueryDyadMonth(benchmark::State& state) {
  BigStore& big = Big();
  if (!big.error.empty()) {
    state.SkipWithError(big.error.c_str());
    return;
  }
  auto total = big.store->Count({});
  state.counters["stored_events"] = static_cast<double>(total.ok() ? *total : -1);
  int64_t rows = 0, queries = 0;
  int month = 0;
  for (auto _ : state) {
    EventQuery q;
    q.dyad_a = "IRN";
    q.dyad_b = "PAK";
    char m[8];
    std::snprintf(m, sizeof m, "%04d-%02d", 2020 + month / 12, 1 + month % 12);
    q.from = m;
    q.to = m;
    month = (month + 1) % 4;
    Status s = big.store->Query(q, [&](const StoredEvent&) {
      ++rows;
      return true;
    });
    if (!s.ok()) {
      state.SkipWithError(s.ToString().c_str());
      return;
    }
    ++queries;
  }
  state.counters["rows_per_query"] = static_cast<double>(rows) / std::max<int64_t>(1, queries);
}
BENCHMARK(BM_QueryDyadMonth)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace khaldun
