// Reader for PETRARCH validation files (PETR.UnitTest.records.*.xml): <Sentence> records
// with their expected <EventCoding> triples, the text, the CoNLL-U <Parse>, and the
// <Config option=... value=...> elements that change coder options between records.
//
// The reader is lenient and never throws: it scans tags itself instead of requiring a
// well-formed document. A record that is not closed, has no id, or has unbalanced parts is
// reported through `on_error` ("FILE:LINE: ...") and skipped; reading continues with the
// next record. Stateless free functions; the result is plain data.
#ifndef KHALDUN_PETRARCH_VALIDATION_H_
#define KHALDUN_PETRARCH_VALIDATION_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "petrarch/dictionaries.h"

namespace khaldun::petrarch {

// One coded event as (source, target, code). Ordered for use in std::set.
struct Triple {
  std::string source;
  std::string target;
  std::string code;
  auto operator<=>(const Triple&) const = default;
};

struct ValidationRecord {
  std::string id;
  std::string source;           // the "source" attribute (test category)
  int32_t date = 0;             // YYYYMMDD
  bool is_sentence = true;      // sentence="false" records are not scored by PETRARCH
  std::vector<Triple> expected;  // empty with noevents="True" or an expected error
  std::string expected_error;   // e.g. "storydiscard", "bad_input_parse"
  std::string text;
  std::string parse;  // CoNLL-U lines of the <Parse> element
  int line = 0;       // line of the <Sentence> tag
  // <Config> changes seen after the previous record, in order (option, value).
  std::vector<std::pair<std::string, std::string>> config;
};

struct ValidationFile {
  std::vector<ValidationRecord> records;
  size_t skipped = 0;  // malformed records reported and skipped
  // <Config> elements after the last record (rarely useful; kept for completeness).
  std::vector<std::pair<std::string, std::string>> trailing_config;
};

ValidationFile ReadValidation(std::string_view xml, std::string_view name,
                              const ErrorFn& on_error);

// Replaces &amp; &lt; &gt; &quot; &apos; and numeric references.
std::string XmlUnescape(std::string_view s);

}  // namespace khaldun::petrarch

#endif  // KHALDUN_PETRARCH_VALIDATION_H_
