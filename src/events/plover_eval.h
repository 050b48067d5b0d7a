// Scoring coded events against PLOVER gold-standard records (openeventdata/PLOVER
// format: a JSON array of {id, date, text, event, source:[{code}], target:[{code}]|""|null}).
//
// Per record, the system's events are its non-negated events with a PLOVER type.
//   - type recall    = records whose gold type is among the system's types / records;
//   - type precision = system (record, type) pairs equal to the gold type / all
//                      distinct system (record, type) pairs;
//   - triple P/R/F1  = the same over (type, source country, target country) triples:
//                      gold triples are every source x target (target "" when none);
//                      a system triple uses the first three letters of each actor code
//                      ("IGOUNO" -> "IGO"); recall counts records with at least one
//                      correct triple, precision distinct correct system triples.
// Country normalisation (optional, `normalise_countries`): before comparing triples,
// both sides' three-letter codes go through CanonicalCountry(), which maps codes that
// unambiguously name the same country onto one spelling (CAMEO's ROM and ISO's ROU are
// both Romania; the gold file's ITL, VTN, JAP are Italy, Viet Nam, Japan). Codes naming
// different actors (IGO vs NGO, IMG vs a country) are never merged. Strict scoring
// compares the codes as written.
// Thread-safety: pure functions.
#ifndef KHALDUN_EVENTS_PLOVER_EVAL_H_
#define KHALDUN_EVENTS_PLOVER_EVAL_H_

#include <string>
#include <string_view>
#include <vector>

#include "khaldun/event.h"
#include "khaldun/status.h"

namespace khaldun {

struct PloverGold {
  std::string id;
  std::string date;
  std::string text;
  std::string type;                  // "ASSAULT"
  std::vector<std::string> sources;  // country-like codes ("PAK", "IGO")
  std::vector<std::string> targets;  // empty = no target
};

// Parses the gold file's text. Records without id/text/event are skipped and reported
// through `skipped` (may be null).
StatusOr<std::vector<PloverGold>> ParsePloverGold(std::string_view json, int* skipped);

struct PloverScore {
  int records = 0;
  int type_hits = 0;          // records whose gold type was produced
  int system_types = 0;       // distinct (record, type) pairs produced
  int system_type_hits = 0;   // ... equal to the gold type
  int triple_records = 0;     // records with a correct triple
  int system_triples = 0;     // distinct (record, triple) produced
  int system_triple_hits = 0;
  double TypeRecall() const { return records ? double(type_hits) / records : 0; }
  double TypePrecision() const { return system_types ? double(system_type_hits) / system_types : 0; }
  double TypeF1() const;
  double TripleRecall() const { return records ? double(triple_records) / records : 0; }
  double TriplePrecision() const {
    return system_triples ? double(system_triple_hits) / system_triples : 0;
  }
  double TripleF1() const;
};

// The canonical spelling of a three-letter country code: ISO 3166 alpha-3 for the
// CAMEO exceptions and legacy/non-standard spellings in the alias table (plover_eval.cc),
// the code itself otherwise.
std::string_view CanonicalCountry(std::string_view code);

// Adds one record's outcome to *score; with `normalise_countries` the triples compare
// CanonicalCountry() of each code (type scores are the same either way).
void ScorePloverRecord(const PloverGold& gold, const std::vector<Event>& events,
                       PloverScore* score, bool normalise_countries = false);

}  // namespace khaldun

#endif  // KHALDUN_EVENTS_PLOVER_EVAL_H_
