#include "ingest/ingest.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <cerrno>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>

#include <nlohmann/json.hpp>

#include "base/file.h"
#include "base/utf8.h"
#include "document/conllu.h"
#include "ingest/html.h"
#include "ingest/text_builder.h"

namespace khaldun {
namespace {

constexpr size_t kHeadBytes = 64 << 10;
constexpr size_t kChunk = 256 << 10;

// ------------------------------------------------------------------ byte sources
// A forward-only stream of (decompressed) input bytes.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Appends up to n bytes to *out; returns how many (0 = end of input).
  virtual size_t Read(size_t n, std::string* out) = 0;
  // After Read() returned 0: true when the input ended in damage (truncated or
  // corrupt gzip) rather than cleanly.
  virtual bool damaged() const = 0;
};

class MemorySource : public ByteSource {
 public:
  explicit MemorySource(std::string_view data) : data_(data) {}
  size_t Read(size_t n, std::string* out) override {
    n = std::min(n, data_.size() - pos_);
    out->append(data_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  bool damaged() const override { return false; }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

bool IsGzip(std::string_view s) {
  return s.size() >= 2 && static_cast<unsigned char>(s[0]) == 0x1f &&
         static_cast<unsigned char>(s[1]) == 0x8b;
}

// gzip from memory, any number of concatenated members (CC-NEWS style).
class GzipMemorySource : public ByteSource {
 public:
  explicit GzipMemorySource(std::string_view data) : data_(data) {
    std::memset(&z_, 0, sizeof z_);
    ok_ = inflateInit2(&z_, 15 + 32) == Z_OK;
    if (!ok_) damaged_ = true;
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z_.avail_in = static_cast<uInt>(std::min<size_t>(data.size(), 1u << 30));
    consumed_base_ = 0;
  }
  ~GzipMemorySource() override {
    if (ok_) inflateEnd(&z_);
  }
  size_t Read(size_t n, std::string* out) override {
    if (done_) return 0;
    size_t old = out->size();
    out->resize(old + n);
    z_.next_out = reinterpret_cast<Bytef*>(out->data() + old);
    z_.avail_out = static_cast<uInt>(n);
    while (z_.avail_out > 0 && !done_) {
      if (z_.avail_in == 0) Refill();
      int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        Refill();
        size_t pos = InputPos();
        if (pos + 2 <= data_.size() && IsGzip(data_.substr(pos))) {
          inflateReset(&z_);
        } else {
          done_ = true;  // clean end (trailing non-gzip bytes are ignored)
        }
      } else if (rc == Z_BUF_ERROR && z_.avail_in == 0 && InputPos() >= data_.size()) {
        done_ = true;
        damaged_ = true;  // input ended inside a member
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        done_ = true;
        damaged_ = true;
      }
    }
    size_t got = n - z_.avail_out;
    out->resize(old + got);
    return got;
  }
  bool damaged() const override { return damaged_; }

 private:
  size_t InputPos() const {
    return consumed_base_ + static_cast<size_t>(reinterpret_cast<const char*>(z_.next_in) -
                                                (data_.data() + consumed_base_));
  }
  void Refill() {
    if (z_.avail_in > 0) return;
    size_t pos = InputPos();
    consumed_base_ = pos;
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data_.data() + pos));
    z_.avail_in = static_cast<uInt>(std::min<size_t>(data_.size() - pos, 1u << 30));
  }

  std::string_view data_;
  z_stream z_;
  size_t consumed_base_ = 0;
  bool ok_ = false;
  bool done_ = false;
  bool damaged_ = false;
};

// A file through zlib's gzread: plain files pass through, gzip (multi-member) is
// decompressed.
class GzFileSource : public ByteSource {
 public:
  explicit GzFileSource(gzFile f) : f_(f) {}
  ~GzFileSource() override { gzclose(f_); }
  size_t Read(size_t n, std::string* out) override {
    if (done_) return 0;
    size_t old = out->size();
    out->resize(old + n);
    int got = gzread(f_, out->data() + old, static_cast<unsigned>(std::min<size_t>(n, 1u << 30)));
    if (got <= 0) {
      int err = Z_OK;
      gzerror(f_, &err);
      if (got < 0 || (err != Z_OK && err != Z_STREAM_END)) damaged_ = true;
      done_ = true;
      got = 0;
    }
    out->resize(old + static_cast<size_t>(got));
    return static_cast<size_t>(got);
  }
  bool damaged() const override { return damaged_; }

 private:
  gzFile f_;
  bool done_ = false;
  bool damaged_ = false;
};

// A window over a ByteSource with absolute stream offsets.
class Stream {
 public:
  explicit Stream(ByteSource* src) : src_(src) {}

  // Tries to make at least n bytes available; returns whether it could.
  bool Want(size_t n) {
    while (buf_.size() - pos_ < n && !eof_) {
      if (pos_ > (1 << 20) && pos_ * 2 > buf_.size()) {
        buf_.erase(0, pos_);
        base_ += pos_;
        pos_ = 0;
      }
      size_t need = n - (buf_.size() - pos_);
      if (src_->Read(std::max(need, kChunk), &buf_) == 0) eof_ = true;
    }
    return buf_.size() - pos_ >= n;
  }
  std::string_view avail() const { return std::string_view(buf_).substr(pos_); }
  void Consume(size_t n) { pos_ += std::min(n, buf_.size() - pos_); }
  // Drops n bytes, reading through them when they are not buffered yet.
  void Skip(uint64_t n) {
    while (n > 0) {
      if (buf_.size() == pos_ && !Want(1)) return;
      size_t k = static_cast<size_t>(std::min<uint64_t>(n, buf_.size() - pos_));
      pos_ += k;
      n -= k;
      if (pos_ == buf_.size()) {
        base_ += pos_;
        buf_.clear();
        pos_ = 0;
      }
    }
  }
  uint64_t offset() const { return base_ + pos_; }
  bool eof() const { return eof_ && pos_ == buf_.size(); }
  bool at_end_of_data() const { return eof_; }
  bool damaged() const { return src_->damaged(); }

 private:
  ByteSource* src_;
  std::string buf_;
  size_t pos_ = 0;
  uint64_t base_ = 0;
  bool eof_ = false;
};

// ------------------------------------------------------------------ accounting
class Accounting {
 public:
  Accounting(DocumentSink* sink, IngestStats* stats, const IngestOptions& options)
      : sink_(sink), stats_(stats), options_(options) {}
  void Accept(Document doc) {
    if (doc.date.empty()) doc.date = options_.default_date;
    ++stats_->records;
    ++stats_->documents;
    if (doc.text.empty()) ++stats_->empty;
    sink_->OnDocument(std::move(doc));
  }
  void Reject(std::string record, std::string reason) {
    ++stats_->records;
    ++stats_->rejected;
    ++stats_->rejected_by_reason[reason];
    sink_->OnReject(Rejection{std::move(record), std::move(reason)});
  }
  IngestStats* stats() { return stats_; }

 private:
  DocumentSink* sink_;
  IngestStats* stats_;
  const IngestOptions& options_;
};

std::string Stem(std::string_view name) {
  if (name == "-" || name.empty()) return "stdin";
  return FileStem(name);
}

bool IsBlank(std::string_view s) {
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  return true;
}

// ------------------------------------------------------------------ text / html
void Latin1ToUtf8(std::string_view in, std::string* out);

// Pages that declare a single-byte Latin charset and are not valid UTF-8 are
// converted (cp1252 punctuation included); their origin then only points at the
// record. Returns true when *out holds the converted page.
bool ConvertLatinPage(std::string_view page, std::string_view content_type, std::string* out) {
  std::string head = content_type.empty() ? "" : std::string(content_type);
  size_t n = std::min<size_t>(page.size(), 4096);
  for (size_t i = 0; i < n; ++i) head.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(page[i]))));
  bool latin = false;
  for (const char* cs : {"charset=iso-8859-1", "charset=\"iso-8859-1", "charset=windows-1252",
                         "charset=\"windows-1252", "charset=latin1", "charset=\"latin1",
                         "charset=iso-8859-15", "charset=\"iso-8859-15"})
    if (head.find(cs) != std::string::npos) latin = true;
  if (!latin || IsValidUtf8(page)) return false;
  Latin1ToUtf8(page, out);
  return true;
}

void ReadWhole(Stream* in, std::string_view name, InputFormat format,
               const IngestOptions& options, Accounting* acc) {
  std::string record(name);
  if (in->Want(options.max_record_bytes + 1)) {
    acc->Reject(record, "too large");
    return;
  }
  std::string_view data = in->avail();
  if (in->damaged()) {
    acc->Reject(record, "truncated");
    return;
  }
  if (LooksBinary(data.substr(0, kHeadBytes))) {
    acc->Reject(record, "binary");
    return;
  }
  Document doc;
  doc.id = Stem(name);
  if (format == InputFormat::kHtml && !IsBlank(data)) {
    HtmlOptions hopts;
    hopts.max_depth = options.max_html_depth;
    HtmlStats hstats;
    std::string converted;
    bool latin = ConvertLatinPage(data, "", &converted);
    Status st = ExtractHtml(latin ? std::string_view(converted) : data, 0, hopts, &doc, &hstats);
    acc->stats()->utf8_repairs += hstats.utf8_repairs;
    acc->stats()->depth_truncated += hstats.depth_truncated;
    if (!st.ok()) {
      acc->Reject(record, st.message());
      return;
    }
    if (latin) doc.origin.assign(1, OriginPiece{0, 0, 0});
  } else if (format != InputFormat::kHtml) {
    TextBuilder b;
    b.AppendMapped(data, 0);
    acc->stats()->utf8_repairs += b.repairs();
    b.MoveTo(&doc);
  }
  acc->Accept(std::move(doc));
}

// ------------------------------------------------------------------ JSONL
// Maximum nesting of a JSON text, strings skipped.
size_t JsonDepth(std::string_view s) {
  size_t depth = 0, max_depth = 0;
  bool in_str = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_str) {
      if (c == '\\') ++i;
      else if (c == '"') in_str = false;
    } else if (c == '"') {
      in_str = true;
    } else if (c == '{' || c == '[') {
      max_depth = std::max(max_depth, ++depth);
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return max_depth;
}

// End of the JSON string literal opening at s[i] == '"' (index of the closing quote).
size_t StringEnd(std::string_view s, size_t i) {
  for (size_t k = i + 1; k < s.size(); ++k) {
    if (s[k] == '\\') ++k;
    else if (s[k] == '"') return k;
  }
  return std::string_view::npos;
}

// Finds the raw string value of top-level key `key` (last occurrence wins): the
// bytes between its quotes.
bool FindTopLevelString(std::string_view s, std::string_view key, size_t* b, size_t* e) {
  size_t depth = 0;
  bool found = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '"') {
      size_t end = StringEnd(s, i);
      if (end == std::string_view::npos) return found;
      if (depth == 1) {
        size_t k = end + 1;
        while (k < s.size() && (s[k] == ' ' || s[k] == '\t')) ++k;
        if (k < s.size() && s[k] == ':' && s.substr(i + 1, end - i - 1) == key) {
          ++k;
          while (k < s.size() && (s[k] == ' ' || s[k] == '\t')) ++k;
          if (k < s.size() && s[k] == '"') {
            size_t vend = StringEnd(s, k);
            if (vend == std::string_view::npos) return found;
            *b = k + 1;
            *e = vend;
            found = true;
            i = vend;
            continue;
          }
        }
      }
      i = end;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return found;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes a JSON string body, keeping verbatim runs mapped to the input.
void DecodeJsonString(std::string_view raw, uint64_t orig, TextBuilder* out) {
  size_t i = 0, run = 0;
  auto flush = [&](size_t end) {
    if (end > run) out->AppendMapped(raw.substr(run, end - run), orig + run);
  };
  while (i < raw.size()) {
    if (raw[i] != '\\' || i + 1 >= raw.size()) {
      ++i;
      continue;
    }
    flush(i);
    char c = raw[i + 1];
    size_t len = 2;
    switch (c) {
      case 'n': out->AppendSynthetic('\n'); break;
      case 't': out->AppendSynthetic('\t'); break;
      case 'r': out->AppendSynthetic('\r'); break;
      case 'b': out->AppendSynthetic('\b'); break;
      case 'f': out->AppendSynthetic('\f'); break;
      case 'u': {
        uint32_t cp = 0;
        bool ok = i + 6 <= raw.size();
        for (size_t k = i + 2; ok && k < i + 6; ++k) {
          int h = HexValue(raw[k]);
          if (h < 0) ok = false;
          else cp = cp * 16 + static_cast<uint32_t>(h);
        }
        len = ok ? 6 : 2;
        if (ok && cp >= 0xD800 && cp <= 0xDBFF && i + 12 <= raw.size() && raw[i + 6] == '\\' &&
            raw[i + 7] == 'u') {
          uint32_t lo = 0;
          bool ok2 = true;
          for (size_t k = i + 8; ok2 && k < i + 12; ++k) {
            int h = HexValue(raw[k]);
            if (h < 0) ok2 = false;
            else lo = lo * 16 + static_cast<uint32_t>(h);
          }
          if (ok2 && lo >= 0xDC00 && lo <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            len = 12;
          }
        }
        std::string enc;
        if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
        AppendUtf8(static_cast<char32_t>(cp), &enc);
        out->AppendSynthetic(enc);
        break;
      }
      default: out->AppendSynthetic(c); break;  // \" \\ \/
    }
    i += len;
    run = i;
  }
  flush(raw.size());
}

std::string JsonScalarString(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number_unsigned()) return std::to_string(v.get<unsigned long long>());
  return "";
}

void ReadJsonLine(std::string_view line, uint64_t offset, size_t line_no, std::string_view name,
                  const IngestOptions& options, Accounting* acc) {
  std::string record = std::string(name) + ":" + std::to_string(line_no);
  if (JsonDepth(line) > options.max_json_depth) {
    acc->Reject(record, "json too deep");
    return;
  }
  std::string repaired;
  bool valid = IsValidUtf8(line);
  size_t repairs = 0;
  if (!valid) repairs = RepairUtf8(line, &repaired);
  std::string_view json_text = valid ? line : std::string_view(repaired);
  nlohmann::json j = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    acc->Reject(record, "not json");
    return;
  }
  auto text = j.find("text");
  if (text == j.end() || !text->is_string()) {
    acc->Reject(record, "no text");
    return;
  }
  acc->stats()->utf8_repairs += repairs;
  Document doc;
  const std::string& value = text->get_ref<const std::string&>();
  TextBuilder b;
  size_t vb = 0, ve = 0;
  if (valid && FindTopLevelString(line, "text", &vb, &ve)) {
    DecodeJsonString(line.substr(vb, ve - vb), offset + vb, &b);
  }
  if (b.text() != value) {  // escapes we do not map, or invalid UTF-8 repaired above
    b.Truncate(0);
    TextBuilder fresh;
    fresh.AppendSynthetic(value);
    b = std::move(fresh);
  }
  b.MoveTo(&doc);
  try {
    if (auto it = j.find("id"); it != j.end()) doc.id = JsonScalarString(*it);
    if (doc.id.empty()) doc.id = Stem(name) + ":" + std::to_string(line_no);
    if (auto it = j.find("date"); it != j.end() && it->is_string())
      doc.date = NormalizeDate(it->get_ref<const std::string&>());
    for (auto [key, field] : {std::pair{"url", &doc.url}, std::pair{"title", &doc.title},
                              std::pair{"source", &doc.source}}) {
      if (auto it = j.find(key); it != j.end() && it->is_string()) *field = it->get<std::string>();
    }
  } catch (const std::exception&) {
    acc->Reject(record, "not json");
    return;
  }
  acc->Accept(std::move(doc));
}

void ReadJsonl(Stream* in, std::string_view name, const IngestOptions& options,
               Accounting* acc) {
  size_t line_no = 0;
  for (;;) {
    if (!in->Want(1)) break;
    ++line_no;
    std::string_view avail = in->avail();
    size_t nl = avail.find('\n');
    while (nl == std::string_view::npos && avail.size() <= options.max_record_bytes &&
           !in->at_end_of_data()) {
      size_t had = avail.size();
      in->Want(had + kChunk);
      avail = in->avail();
      nl = avail.find('\n', had);
    }
    uint64_t offset = in->offset();
    if (nl == std::string_view::npos && avail.size() > options.max_record_bytes) {
      acc->Reject(std::string(name) + ":" + std::to_string(line_no), "too large");
      // Skip to the end of the line.
      for (;;) {
        in->Consume(in->avail().size());
        if (!in->Want(1)) break;
        size_t p = in->avail().find('\n');
        if (p != std::string_view::npos) {
          in->Consume(p + 1);
          break;
        }
      }
      continue;
    }
    bool last = nl == std::string_view::npos;
    std::string_view line = last ? avail : avail.substr(0, nl);
    if (line.size() > options.max_record_bytes) {
      acc->Reject(std::string(name) + ":" + std::to_string(line_no), "too large");
    } else if (last && in->damaged()) {
      if (!IsBlank(line)) acc->Reject(std::string(name) + ":" + std::to_string(line_no), "truncated");
    } else {
      std::string_view trimmed = line;
      if (!trimmed.empty() && trimmed.back() == '\r') trimmed.remove_suffix(1);
      if (!IsBlank(trimmed)) ReadJsonLine(trimmed, offset, line_no, name, options, acc);
    }
    in->Consume(last ? line.size() : nl + 1);
  }
}

// ------------------------------------------------------------------ WARC
struct Headers {
  std::vector<std::pair<std::string, std::string>> fields;  // lower-case names
  std::string Get(std::string_view name) const {
    for (const auto& [k, v] : fields)
      if (k == name) return v;
    return "";
  }
};

// Parses "Name: value" lines (after the first line) of a header block.
Headers ParseHeaders(std::string_view block) {
  Headers h;
  size_t pos = block.find('\n');
  while (pos != std::string_view::npos && pos + 1 < block.size()) {
    size_t start = pos + 1;
    size_t end = block.find('\n', start);
    std::string_view line = block.substr(start, end == std::string_view::npos ? end : end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string key(line.substr(0, colon));
      for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
      h.fields.emplace_back(std::move(key), std::string(value));
    }
    pos = end;
  }
  return h;
}

// End of a header block ("\r\n\r\n" or "\n\n"): index just past it, or npos.
size_t HeaderEnd(std::string_view s) {
  size_t a = s.find("\r\n\r\n");
  size_t b = s.find("\n\n");
  if (a != std::string_view::npos && (b == std::string_view::npos || a + 2 <= b)) return a + 4;
  if (b != std::string_view::npos) return b + 2;
  return std::string_view::npos;
}

std::string Lowered(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool Dechunk(std::string_view in, std::string* out) {
  size_t pos = 0;
  out->clear();
  while (pos < in.size()) {
    size_t eol = in.find('\n', pos);
    if (eol == std::string_view::npos) return false;
    size_t size = 0;
    size_t k = pos;
    int digits = 0;
    for (; k < eol; ++k) {
      int h = HexValue(in[k]);
      if (h < 0) break;
      if (++digits > 8) return false;
      size = size * 16 + static_cast<size_t>(h);
    }
    if (digits == 0) return false;
    if (size == 0) return true;
    pos = eol + 1;
    if (pos + size > in.size()) return false;
    out->append(in.substr(pos, size));
    pos += size;
    if (pos < in.size() && in[pos] == '\r') ++pos;
    if (pos < in.size() && in[pos] == '\n') ++pos;
  }
  return true;
}

bool Inflate(std::string_view in, size_t limit, std::string* out) {
  GzipMemorySource src(in);
  out->clear();
  while (out->size() <= limit && src.Read(kChunk, out) > 0) {
  }
  return out->size() <= limit && !src.damaged();
}

void Latin1ToUtf8(std::string_view in, std::string* out) {
  // Windows-1252 code points of 0x80-0x9F (0 = undefined, kept as C1).
  static constexpr char16_t kCp1252[32] = {
      0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
      0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};
  out->clear();
  out->reserve(in.size() + in.size() / 8);
  for (unsigned char c : in) {
    if (c < 0x80) {
      out->push_back(static_cast<char>(c));
    } else {
      char32_t cp = c;
      if (c < 0xA0 && kCp1252[c - 0x80]) cp = kCp1252[c - 0x80];
      AppendUtf8(cp, out);
    }
  }
}

// One WARC response/resource record's HTML payload into a document.
void ReadWarcPage(std::string_view block, uint64_t block_offset, bool http, const Headers& warc,
                  const std::string& record, const IngestOptions& options, Accounting* acc) {
  std::string_view payload = block;
  uint64_t payload_offset = block_offset;
  std::string content_type = Lowered(warc.Get("content-type"));
  std::string transfer, encoding;
  if (http) {
    size_t he = HeaderEnd(block);
    if (!block.starts_with("HTTP/") || he == std::string_view::npos) {
      acc->Reject(record, "bad warc");
      return;
    }
    std::string_view status_line = block.substr(0, block.find('\n'));
    size_t sp = status_line.find(' ');
    int code = 0;
    if (sp != std::string_view::npos)
      for (size_t k = sp + 1; k < status_line.size() && k < sp + 4; ++k)
        if (status_line[k] >= '0' && status_line[k] <= '9') code = code * 10 + (status_line[k] - '0');
    if (code < 200 || code >= 300) {
      acc->Reject(record, "http status");
      return;
    }
    Headers hh = ParseHeaders(block.substr(0, he));
    content_type = Lowered(hh.Get("content-type"));
    transfer = Lowered(hh.Get("transfer-encoding"));
    encoding = Lowered(hh.Get("content-encoding"));
    payload = block.substr(he);
    payload_offset = block_offset + he;
  }
  std::string owned;
  bool transformed = false;
  if (transfer.find("chunked") != std::string::npos) {
    std::string tmp;
    if (Dechunk(payload, &tmp)) {
      owned = std::move(tmp);
      payload = owned;
      transformed = true;
    }
  }
  if (encoding == "gzip" || encoding == "x-gzip" || encoding == "deflate") {
    std::string tmp;
    if (!IsGzip(payload) || !Inflate(payload, options.max_record_bytes, &tmp)) {
      acc->Reject(record, "unsupported encoding");
      return;
    }
    owned = std::move(tmp);
    payload = owned;
    transformed = true;
  } else if (!encoding.empty() && encoding != "identity") {
    acc->Reject(record, "unsupported encoding");
    return;
  }
  bool html_type = content_type.find("html") != std::string::npos;
  if (!html_type && !(content_type.empty() && LooksLikeHtml(payload.substr(0, 4096)))) {
    acc->Reject(record, "not html");
    return;
  }
  if (LooksBinary(payload.substr(0, kHeadBytes))) {
    acc->Reject(record, "binary");
    return;
  }
  {
    std::string tmp;
    if (ConvertLatinPage(payload, content_type, &tmp)) {
      owned = std::move(tmp);
      payload = owned;
      transformed = true;
    }
  }
  Document doc;
  std::string id = warc.Get("warc-record-id");
  if (id.size() >= 2 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
  doc.id = id.empty() ? record : id;
  doc.url = warc.Get("warc-target-uri");
  HtmlOptions hopts;
  hopts.max_depth = options.max_html_depth;
  HtmlStats hstats;
  Status st = ExtractHtml(payload, payload_offset, hopts, &doc, &hstats);
  if (!st.ok()) {
    acc->Reject(record, st.message());
    return;
  }
  acc->stats()->utf8_repairs += hstats.utf8_repairs;
  acc->stats()->depth_truncated += hstats.depth_truncated;
  if (transformed) doc.origin.assign(1, OriginPiece{0, block_offset, 0});
  if (doc.date.empty()) doc.date = NormalizeDate(warc.Get("warc-date"));
  acc->Accept(std::move(doc));
}

void ReadWarc(Stream* in, std::string_view name, const IngestOptions& options, Accounting* acc) {
  size_t index = 0;
  bool truncated_reported = false;
  for (;;) {
    // Skip blank lines between records.
    while (in->Want(1)) {
      char c = in->avail()[0];
      if (c != '\r' && c != '\n') break;
      in->Consume(1);
    }
    if (!in->Want(1)) break;
    ++index;
    std::string record = std::string(name) + "#" + std::to_string(index);
    in->Want(8);
    if (!in->avail().starts_with("WARC/")) {
      if (in->at_end_of_data() && in->avail().size() < 8 && in->damaged()) {
        acc->Reject(record, "truncated");
        truncated_reported = true;
        break;
      }
      acc->Reject(record, "bad warc");
      // Resynchronise on the next "\nWARC/" line.
      for (;;) {
        size_t p = in->avail().find("\nWARC/");
        if (p != std::string_view::npos) {
          in->Consume(p + 1);
          break;
        }
        size_t keep = std::min<size_t>(in->avail().size(), 5);
        in->Consume(in->avail().size() - keep);
        if (!in->Want(keep + kChunk) && in->avail().size() <= keep) {
          in->Consume(keep);
          break;
        }
      }
      continue;
    }
    size_t he = std::string_view::npos;
    size_t want = 4096;
    for (;;) {
      he = HeaderEnd(in->avail().substr(0, 64 << 10));
      if (he != std::string_view::npos || in->avail().size() >= (64u << 10)) break;
      if (!in->Want(want)) {
        he = HeaderEnd(in->avail());
        break;
      }
      want *= 2;
    }
    if (he == std::string_view::npos) {
      if (in->at_end_of_data()) {
        acc->Reject(record, "truncated");
        truncated_reported = true;
        break;
      }
      acc->Reject(record, "bad warc");
      in->Consume(5);
      continue;
    }
    Headers h = ParseHeaders(in->avail().substr(0, he));
    std::string len_str = h.Get("content-length");
    uint64_t len = 0;
    bool len_ok = !len_str.empty() && len_str.size() <= 15;
    for (char c : len_str) {
      if (c < '0' || c > '9') len_ok = false;
      else len = len * 10 + static_cast<uint64_t>(c - '0');
    }
    std::string id = h.Get("warc-record-id");
    if (!id.empty()) record += " " + id;
    if (!len_ok) {
      acc->Reject(record, "bad warc");
      in->Consume(he);
      continue;
    }
    std::string type = Lowered(h.Get("warc-type"));
    bool page = type == "response" || type == "resource" || type == "conversion";
    uint64_t block_offset = in->offset() + he;
    if (len > options.max_record_bytes) {
      in->Consume(he);
      uint64_t before = in->offset();
      in->Skip(len);
      bool complete = in->offset() - before == len;
      if (page) acc->Reject(record, "too large");
      else ++acc->stats()->skipped;
      if (!complete) {
        if (!page) acc->Reject(record, "truncated");
        truncated_reported = true;
        break;
      }
      continue;
    }
    if (!in->Want(he + len)) {
      acc->Reject(record, "truncated");
      truncated_reported = true;
      break;
    }
    std::string_view block = in->avail().substr(he, len);
    if (!page) {
      ++acc->stats()->skipped;
    } else {
      std::string ctype = Lowered(h.Get("content-type"));
      bool http = type == "response" && ctype.find("application/http") != std::string::npos;
      ReadWarcPage(block, block_offset, http, h, record, options, acc);
    }
    in->Consume(he + len);
  }
  if (in->damaged() && !truncated_reported)
    acc->Reject(std::string(name) + "#" + std::to_string(index + 1), "truncated");
}

// ------------------------------------------------------------------ CoNLL-U
void ReadConlluInput(Stream* in, std::string_view name, const IngestOptions& options,
                     Accounting* acc) {
  // CoNLL-U is read whole (documents may span any size); bound it so that a gzip bomb
  // cannot exhaust memory.
  const size_t limit = options.max_record_bytes * 64;
  if (in->Want(limit + 1)) {
    acc->Reject(std::string(name), "too large");
    return;
  }
  std::string_view data = in->avail();
  std::vector<Document> docs;
  std::vector<std::string> errors;
  ReadConllu(data, name, Stem(name), &docs,
             [&](const Status& st) { errors.push_back(st.message()); });
  for (const std::string& e : errors) acc->Reject(e, "bad conllu");
  for (Document& d : docs) acc->Accept(std::move(d));
  if (in->damaged()) acc->Reject(std::string(name), "truncated");
}

Status ReadSource(ByteSource* src, std::string_view name, const IngestOptions& options,
                  DocumentSink* sink, IngestStats* stats) {
  Stream in(src);
  in.Want(kHeadBytes);
  InputFormat format = options.format;
  if (format == InputFormat::kAuto) format = DetectFormat(in.avail().substr(0, kHeadBytes));
  Accounting acc(sink, stats, options);
  switch (format) {
    case InputFormat::kJsonl: ReadJsonl(&in, name, options, &acc); break;
    case InputFormat::kWarc: ReadWarc(&in, name, options, &acc); break;
    case InputFormat::kConllu: ReadConlluInput(&in, name, options, &acc); break;
    case InputFormat::kHtml:
    case InputFormat::kText:
    case InputFormat::kAuto: ReadWhole(&in, name, format, options, &acc); break;
  }
  return Status::Ok();
}

}  // namespace

const char* InputFormatName(InputFormat f) {
  switch (f) {
    case InputFormat::kAuto: return "auto";
    case InputFormat::kText: return "text";
    case InputFormat::kJsonl: return "jsonl";
    case InputFormat::kHtml: return "html";
    case InputFormat::kWarc: return "warc";
    case InputFormat::kConllu: return "conllu";
  }
  return "auto";
}

StatusOr<InputFormat> ParseInputFormat(std::string_view name) {
  if (name == "auto") return InputFormat::kAuto;
  if (name == "text" || name == "txt") return InputFormat::kText;
  if (name == "jsonl" || name == "json") return InputFormat::kJsonl;
  if (name == "html") return InputFormat::kHtml;
  if (name == "warc") return InputFormat::kWarc;
  if (name == "conllu") return InputFormat::kConllu;
  return InvalidArgumentError("unknown input format '" + std::string(name) +
                              "' (auto, text, jsonl, html, warc, conllu)");
}

bool LooksBinary(std::string_view head) {
  if (head.empty()) return false;
  size_t control = 0, invalid = 0;
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  for (size_t i = 0; i < head.size();) {
    // Eight printable ASCII bytes at a time (no high bit, none below 0x20).
    if (i + 8 <= head.size()) {
      uint64_t v;
      std::memcpy(&v, head.data() + i, 8);
      if (((v & kHigh) | ((v - 0x20 * kOnes) & ~v & kHigh)) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned char c = static_cast<unsigned char>(head[i]);
    if (c == 0) return true;
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b)
      ++control;
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = Utf8SequenceLength(head, i);
    if (len == 0) {
      if (i + 4 < head.size()) ++invalid;  // a sequence cut by the head is not evidence
      ++i;
    } else {
      i += len;
    }
  }
  return control * 20 > head.size() || invalid * 5 > head.size();
}

InputFormat DetectFormat(std::string_view head) {
  size_t i = head.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  while (i < head.size() && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
    ++i;
  std::string_view s = head.substr(i);
  // WARC first: its records legitimately carry binary payloads.
  if (s.starts_with("WARC/")) return InputFormat::kWarc;
  if (LooksBinary(head)) return InputFormat::kText;
  if (s.starts_with("{")) return InputFormat::kJsonl;
  if (LooksLikeHtml(s)) return InputFormat::kHtml;
  for (std::string_view p : {"# newdoc", "# sent_id", "# text", "# newpar", "# global.columns"})
    if (s.starts_with(p)) return InputFormat::kConllu;
  std::string_view first = s.substr(0, s.find('\n'));
  if (!first.empty() && first[0] >= '1' && first[0] <= '9' &&
      std::count(first.begin(), first.end(), '\t') == 9)
    return InputFormat::kConllu;
  return InputFormat::kText;
}

Status ReadBuffer(std::string_view data, std::string_view name, const IngestOptions& options,
                  DocumentSink* sink, IngestStats* stats) {
  if (IsGzip(data)) {
    GzipMemorySource src(data);
    return ReadSource(&src, name, options, sink, stats);
  }
  MemorySource src(data);
  return ReadSource(&src, name, options, sink, stats);
}

Status ReadInput(const std::string& path, const IngestOptions& options, DocumentSink* sink,
                 IngestStats* stats) {
  int fd = path == "-" ? ::dup(0) : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    if (e == ENOENT) return NotFoundError(path + ": no such file");
    return IoError(path + ": cannot open: " + std::strerror(e));
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return IoError(path + ": is a directory");
  }
  gzFile f = gzdopen(fd, "rb");
  if (!f) {
    ::close(fd);
    return IoError(path + ": cannot open");
  }
  gzbuffer(f, 256 << 10);
  GzFileSource src(f);
  return ReadSource(&src, path == "-" ? "stdin" : path, options, sink, stats);
}

}  // namespace khaldun
