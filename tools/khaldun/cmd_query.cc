// khaldun query --db FILE [filters] [--format jsonl|csv|gdelt] [-o FILE]
#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "command.h"
#include "output/writers.h"
#include "store/store.h"

namespace khaldun::cli {
namespace {

std::vector<std::string> SplitCommas(const std::vector<std::string>& in) {
  std::vector<std::string> out;
  for (const std::string& s : in) {
    std::stringstream ss(s);
    for (std::string x; std::getline(ss, x, ',');)
      if (!x.empty()) out.push_back(x);
  }
  return out;
}

int RunQuery(int argc, char** argv) {
  CLI::App app{
      "Query the event store. Filters combine with AND; a list (comma-separated or the "
      "flag repeated) matches any of its values. Actor codes match as prefixes: IRN "
      "matches IRNGOV and IRNMIL. Columns of each format: docs/FORMATS.md.",
      "khaldun query"};
  std::string db, format = "jsonl", out = "-", dyad, from, to, place;
  std::vector<std::string> actors, codes, roots, plover, quads;
  bool directed = false, no_header = false, no_negated = false, count_only = false;
  int64_t limit = 0;
  app.add_option("--db", db, "event store (SQLite file)")->required();
  app.add_option("--actor", actors, "actor code or prefix, source or target (IRN, PAKGOV)");
  app.add_option("--dyad", dyad, "A,B: events between A and B, either direction");
  app.add_flag("--directed", directed, "with --dyad: only A as source and B as target");
  app.add_option("--code", codes, "CAMEO event code(s), e.g. 195,1663");
  app.add_option("--root", roots, "CAMEO root code(s), e.g. 19,20");
  app.add_option("--plover", plover, "PLOVER event type(s), e.g. ASSAULT");
  app.add_option("--quad", quads, "QuadClass(es) 1-4");
  app.add_option("--from", from, "first date, YYYY-MM-DD (or YYYY-MM, YYYY)");
  app.add_option("--to", to, "last date, inclusive (YYYY-MM covers the month)");
  app.add_option("--place", place, "location name, admin1 or ISO2 country");
  app.add_flag("--no-negated", no_negated, "leave out negated events (\"did not attack\")");
  app.add_option("--limit", limit, "at most N events (0 = all)");
  app.add_option("--format", format, "jsonl (PLOVER-style), csv, or gdelt (TSV)")
      ->check(CLI::IsMember({"jsonl", "json", "csv", "gdelt", "tsv"}));
  app.add_option("-o,--output", out, "output file (- = stdout)");
  app.add_flag("--no-header", no_header, "omit the header line");
  app.add_flag("--count", count_only, "print only the number of matching events");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  EventQuery q;
  q.actors = SplitCommas(actors);
  if (!dyad.empty()) {
    std::vector<std::string> ab = SplitCommas({dyad});
    if (ab.size() != 2) {
      std::fprintf(stderr, "khaldun query: --dyad wants two codes A,B, got '%s'\n", dyad.c_str());
      return 2;
    }
    q.dyad_a = ab[0];
    q.dyad_b = ab[1];
    q.dyad_directed = directed;
  }
  q.cameo = SplitCommas(codes);
  q.roots = SplitCommas(roots);
  q.plover = SplitCommas(plover);
  for (const std::string& s : SplitCommas(quads)) {
    if (s.size() != 1 || s[0] < '1' || s[0] > '4') {
      std::fprintf(stderr, "khaldun query: --quad wants 1..4, got '%s'\n", s.c_str());
      return 2;
    }
    q.quad_classes.push_back(s[0] - '0');
  }
  q.from = from;
  q.to = to;
  q.place = place;
  q.include_negated = !no_negated;
  q.limit = limit;

  StoreOptions opts;
  opts.read_only = true;
  auto store = EventStore::Open(db, opts);
  if (!store.ok()) {
    std::fprintf(stderr, "khaldun query: %s\n", store.status().message().c_str());
    return 1;
  }
  if (count_only) {
    auto n = (*store)->Count(q);
    if (!n.ok()) {
      std::fprintf(stderr, "khaldun query: %s\n", n.status().message().c_str());
      return 1;
    }
    std::printf("%lld\n", static_cast<long long>(*n));
    return 0;
  }
  auto fmt = ParseOutputFormat(format);
  FILE* f = out == "-" ? stdout : std::fopen(out.c_str(), "w");
  if (!f) {
    std::fprintf(stderr, "khaldun query: %s: cannot write: %s\n", out.c_str(),
                 std::strerror(errno));
    return 1;
  }
  EventWriter writer(*fmt, f, out == "-" ? "stdout" : out, !no_header);
  Status s = (*store)->Query(q, [&](const StoredEvent& e) {
    writer.Write(e);
    return true;
  });
  Status w = writer.Finish();
  if (f != stdout && std::fclose(f) != 0 && w.ok())
    w = IoError(out + ": write failed: " + std::strerror(errno));
  if (!s.ok()) {
    std::fprintf(stderr, "khaldun query: %s\n", s.message().c_str());
    return 1;
  }
  if (!w.ok()) {
    std::fprintf(stderr, "khaldun query: %s\n", w.message().c_str());
    return 1;
  }
  return 0;
}

}  // namespace

KHALDUN_COMMAND("query", "events from the store by actor, dyad, code, date, place (jsonl/csv/gdelt)",
                RunQuery);

}  // namespace khaldun::cli
