// khaldun eval petrarch: runs a PETRARCH validation file (records with CoNLL-U parses and
// expected events) through the PETRARCH-compatible coder with the PETR.Validate
// dictionaries, and prints exact-record accuracy, triple precision/recall/F1 and speed.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "base/file.h"
#include "command.h"
#include "petrarch/coder.h"
#include "petrarch/validation.h"

namespace khaldun::cli {
namespace {

std::string OneLine(const std::string& s) {
  std::string out;
  for (char c : s) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string Join(const std::vector<petrarch::Triple>& ts) {
  if (ts.empty()) return "(none)";
  std::string s;
  for (const auto& t : ts) {
    if (!s.empty()) s += "; ";
    s += t.source + ">" + t.target + ":" + t.code;
  }
  return s;
}

int RunEvalPetrarch(int argc, char** argv) {
  CLI::App app{"Code a PETRARCH validation file (e.g. PETR.UnitTest.records.ud.xml) with its\n"
               "own CoNLL-U parses and the PETR.Validate dictionaries; print how many records\n"
               "come out exactly as expected, triple precision/recall/F1 and sentences/s.",
               "khaldun eval petrarch"};
  std::string path;
  std::string dict_dir = "../shared/petrarch/dictionaries";
  std::string verbs = "PETR.Validate.verbs.2.0.txt";
  bool verbose = false, strict = false, quiet = false;
  int repeat = 1;
  app.add_option("file", path, "validation XML file")->required();
  app.add_option("--dict-dir", dict_dir, "PETRARCH dictionary folder (default " + dict_dir + ")");
  app.add_option("--verbs", verbs, "verb dictionary file name in --dict-dir (default " + verbs + ")");
  app.add_flag("--verbose,-v", verbose, "print every failed record (id, expected, got)");
  app.add_flag("--strict", strict, "refuse dictionaries with malformed lines");
  app.add_flag("--quiet,-q", quiet, "do not print dictionary/record warnings");
  app.add_option("--repeat", repeat, "code the file N times for the speed figure (default 1)");
  CLI11_PARSE(app, argc, argv);

  auto warn = [&](const std::string& m) {
    if (!quiet) std::fprintf(stderr, "warning: %s\n", m.c_str());
  };
  petrarch::ReadOptions ropts;
  ropts.strict = strict;
  auto t0 = std::chrono::steady_clock::now();
  auto dicts = petrarch::Dictionaries::LoadValidation(dict_dir, verbs, ropts, warn);
  if (!dicts.ok()) {
    std::fprintf(stderr, "khaldun eval petrarch: %s\n", dicts.status().message().c_str());
    return 1;
  }
  auto t1 = std::chrono::steady_clock::now();
  auto xml = ReadFile(path);
  if (!xml.ok()) {
    std::fprintf(stderr, "khaldun eval petrarch: %s\n", xml.status().message().c_str());
    return 1;
  }
  petrarch::ValidationFile file = petrarch::ReadValidation(*xml, path, warn);
  if (file.records.empty()) {
    std::fprintf(stderr, "khaldun eval petrarch: %s: no <Sentence> records\n", path.c_str());
    return 1;
  }
  petrarch::Coder coder(&*dicts);
  petrarch::ValidationResult r = petrarch::RunValidation(file, coder, warn);
  double secs = r.coding_seconds, parse_secs = r.parse_seconds;
  for (int i = 1; i < repeat; ++i) {
    petrarch::ValidationResult again = petrarch::RunValidation(file, coder, nullptr);
    secs += again.coding_seconds;
    parse_secs += again.parse_seconds;
  }
  if (verbose) {
    for (const auto& f : r.failures) {
      std::printf("FAIL %s\n  text:     %s\n  expected: %s\n  got:      %s\n", f.id.c_str(),
                  OneLine(f.text).c_str(), Join(f.expected).c_str(), Join(f.got).c_str());
    }
  }
  double p = r.predicted_triples ? double(r.correct_triples) / r.predicted_triples : 0;
  double rc = r.expected_triples ? double(r.correct_triples) / r.expected_triples : 0;
  double f1 = p + rc > 0 ? 2 * p * rc / (p + rc) : 0;
  std::printf("file: %s\n", path.c_str());
  std::printf("records: %zu scored (%zu sentence=\"false\" not scored, %zu malformed skipped, "
              "%zu bad parses)\n",
              r.records, file.records.size() - r.records, file.skipped, r.bad_parses);
  std::printf("exactly right: %zu / %zu = %.1f%%\n", r.exact, r.records,
              r.records ? 100.0 * r.exact / r.records : 0.0);
  std::printf("triples: expected %zu, coded %zu, correct %zu\n", r.expected_triples,
              r.predicted_triples, r.correct_triples);
  std::printf("triple precision %.3f  recall %.3f  F1 %.3f\n", p, rc, f1);
  std::printf("dictionaries loaded in %.1f ms\n",
              std::chrono::duration<double, std::milli>(t1 - t0).count());
  std::printf("speed (thread CPU time, one thread, %d pass%s): coding %.0f sentences/s; "
              "with CoNLL-U reading %.0f sentences/s\n",
              repeat, repeat == 1 ? "" : "es",
              secs > 0 ? r.records * double(repeat) / secs : 0.0,
              secs + parse_secs > 0 ? r.records * double(repeat) / (secs + parse_secs) : 0.0);
  return 0;
}

}  // namespace

KHALDUN_COMMAND("eval petrarch", "PETRARCH validation suite: exact records, triple P/R/F1",
                RunEvalPetrarch);

}  // namespace khaldun::cli
