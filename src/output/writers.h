// Event exports: PLOVER-style JSONL, CSV and GDELT 2.0-style TSV.
//
// Every format starts with a header (JSONL: one object {"khaldun_header": {...}} naming
// the format, its version and its fields; CSV/TSV: a column-name row) and writes one
// event per line. docs/FORMATS.md documents every column. Rows are built from
// StoredEvent (an event with its sentence and document), so the writers serve both
// `khaldun query` and tools that read the store.
//
// Thread-safety: an EventWriter is used by one thread; the free functions are pure.
#ifndef KHALDUN_OUTPUT_WRITERS_H_
#define KHALDUN_OUTPUT_WRITERS_H_

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "khaldun/status.h"
#include "store/store.h"

namespace khaldun {

enum class OutputFormat { kJsonl, kCsv, kGdelt };

// "jsonl", "csv", "gdelt" (also "tsv"); InvalidArgument otherwise.
StatusOr<OutputFormat> ParseOutputFormat(std::string_view name);
const char* OutputFormatName(OutputFormat f);

// Column names of the CSV and GDELT formats, in order.
const std::vector<std::string>& CsvColumns();
const std::vector<std::string>& GdeltColumns();

// Appends one line (with '\n') for `e` in the given format.
void AppendPloverJson(const StoredEvent& e, std::string* out);
void AppendCsvRow(const StoredEvent& e, std::string* out);
void AppendGdeltRow(const StoredEvent& e, std::string* out);
// Appends the header line of `f`.
void AppendHeader(OutputFormat f, std::string* out);

// CSV field quoting (RFC 4180): quotes when the field holds , " CR or LF.
void AppendCsvField(std::string_view field, std::string* out);

// Streams events to a FILE* in one format, header first. Write errors (full disk,
// closed pipe) are reported by Finish() naming `name`.
class EventWriter {
 public:
  // REQUIRES: `out` stays open while the writer is used.
  EventWriter(OutputFormat format, FILE* out, std::string name, bool header = true);
  void Write(const StoredEvent& e);
  Status Finish();
  int64_t written() const { return written_; }

 private:
  void Flush();
  OutputFormat format_;
  FILE* out_;
  std::string name_;
  std::string buf_;
  bool failed_ = false;
  int64_t written_ = 0;
};

}  // namespace khaldun

#endif  // KHALDUN_OUTPUT_WRITERS_H_
