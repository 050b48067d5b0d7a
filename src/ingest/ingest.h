// Input readers: plain text, JSONL, HTML, WARC (plain or gzip) and CoNLL-U into
// Documents, one per input record, with a full account of every record.
//
// A record is one unit of input that should become one document: a whole text or
// HTML file, one JSONL line, one WARC response/resource record, one CoNLL-U document.
// Each record ends as exactly one of
//   - DocumentSink::OnDocument (read OK; its text may be empty: an empty page is an
//     empty document, counted as "empty" downstream, never rejected), or
//   - DocumentSink::OnReject with a reason from a small fixed set:
//       "binary", "too large", "truncated", "not json", "json too deep", "no text",
//       "not html", "too deep", "bad warc", "http status", "unsupported encoding",
//       "bad conllu".
// so that IngestStats::records == documents + rejected always holds. WARC records
// that are not pages (warcinfo, request, metadata, revisit) are not input records;
// they are counted in IngestStats::skipped only.
//
// Formats are detected from content (gzip magic, "WARC/", '{' lines, CoNLL-U
// comment/columns, HTML markup, else text) unless IngestOptions::format says
// otherwise. gzip (single or multi-member, e.g. CC-NEWS) is decompressed on the fly
// for every format; a damaged or truncated stream keeps the records before the damage
// and rejects the damaged one as "truncated".
//
// Byte offsets: Document::origin maps document text back to the record's input
// bytes: offsets are into the (decompressed) input stream, i.e. the file itself for
// text, HTML and JSONL, and the decompressed WARC stream for WARC.
//
// Invalid UTF-8 is repaired to U+FFFD (IngestStats::utf8_repairs counts it).
// Thread-safe: free functions without shared state; the sink is called from the
// calling thread, in input order.
#ifndef KHALDUN_INGEST_INGEST_H_
#define KHALDUN_INGEST_INGEST_H_

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "khaldun/document.h"
#include "khaldun/status.h"

namespace khaldun {

enum class InputFormat { kAuto, kText, kJsonl, kHtml, kWarc, kConllu };

// "auto", "text", "jsonl", "html", "warc", "conllu".
const char* InputFormatName(InputFormat f);
// Parses a name as above ("txt" and "json" accepted too).
StatusOr<InputFormat> ParseInputFormat(std::string_view name);

struct IngestOptions {
  InputFormat format = InputFormat::kAuto;
  // Records bigger than this are rejected "too large" (a JSONL line, a WARC record,
  // a whole text or HTML file; a CoNLL-U input may be 64 times this).
  size_t max_record_bytes = 10 << 20;
  // HTML element nesting beyond this truncates the page there ("too deep" when
  // nothing comes before it).
  size_t max_html_depth = 256;
  // JSON nesting beyond this rejects the line "json too deep".
  size_t max_json_depth = 64;
  // Publication date (YYYY-MM-DD) for documents whose input has none.
  std::string default_date;
};

struct Rejection {
  std::string record;  // "file:line" (JSONL), "file#N <record-id>" (WARC), "file"
  std::string reason;  // one of the reasons listed above
};

// Receives the records of one input, in input order.
class DocumentSink {
 public:
  virtual ~DocumentSink() = default;
  virtual void OnDocument(Document doc) = 0;      // one per record read OK
  virtual void OnReject(const Rejection& r) = 0;  // one per record rejected
};

struct IngestStats {
  size_t records = 0;    // == documents + rejected
  size_t documents = 0;
  size_t rejected = 0;
  size_t empty = 0;      // documents with empty text (included in documents)
  size_t skipped = 0;    // WARC records that are not pages (not input records)
  size_t utf8_repairs = 0;
  size_t depth_truncated = 0;  // HTML pages cut at max_html_depth (still documents)
  std::map<std::string, size_t> rejected_by_reason;
};

// Reads the file at `path` ("-" = stdin). Returns a non-OK Status only when the
// input cannot be read at all (missing file, I/O error); bad records are rejected
// through the sink and reading goes on.
Status ReadInput(const std::string& path, const IngestOptions& options, DocumentSink* sink,
                 IngestStats* stats);

// Same for an in-memory input; `name` names it in record names and document ids.
Status ReadBuffer(std::string_view data, std::string_view name, const IngestOptions& options,
                  DocumentSink* sink, IngestStats* stats);

// Detects the format of the (decompressed) start of an input.
InputFormat DetectFormat(std::string_view head);

// True when `head` looks like binary data (NULs, control bytes, mostly invalid UTF-8).
bool LooksBinary(std::string_view head);

// A sink that keeps everything in memory (tests, small inputs, the CLI).
class CollectingSink : public DocumentSink {
 public:
  void OnDocument(Document doc) override { docs.push_back(std::move(doc)); }
  void OnReject(const Rejection& r) override { rejections.push_back(r); }
  std::vector<Document> docs;
  std::vector<Rejection> rejections;
};

}  // namespace khaldun

#endif  // KHALDUN_INGEST_INGEST_H_
