#include "output/writers.h"

#include <cerrno>
#include <cmath>
#include <cstring>

#include <nlohmann/json.hpp>

namespace khaldun {
namespace {

using json = nlohmann::ordered_json;

constexpr int kFormatVersion = 1;

json SpanJson(Span s) { return json::array({s.begin, s.end}); }

json ActorJson(const Actor& a) {
  return {{"actorText", a.text}, {"code", a.code},       {"country", a.country},
          {"sector", a.sector},  {"span", SpanJson(a.span)}};
}

std::string Num(double v) {
  if (!std::isfinite(v)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// Dates "YYYY-MM-DD" -> "YYYYMMDD" (GDELT SQLDATE); "" when malformed.
std::string Compact(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return "";
  return std::string(date.substr(0, 4)) + std::string(date.substr(5, 2)) +
         std::string(date.substr(8, 2));
}

// GDELT FractionDate: year + (day of year)/365, to 4 decimals.
std::string FractionDate(std::string_view date) {
  std::string c = Compact(date);
  if (c.empty()) return "";
  int y = std::atoi(c.substr(0, 4).c_str()), m = std::atoi(c.substr(4, 2).c_str()),
      d = std::atoi(c.substr(6, 2).c_str());
  static const int kBefore[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  if (m < 1 || m > 12) return "";
  int doy = kBefore[m - 1] + d;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.4f", y + doy / 365.0);
  return buf;
}

// TSV fields cannot hold tabs or line breaks: they become spaces.
void AppendTsvField(std::string_view f, std::string* out) {
  for (char c : f) out->push_back(c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
}

}  // namespace

StatusOr<OutputFormat> ParseOutputFormat(std::string_view name) {
  if (name == "jsonl" || name == "json") return OutputFormat::kJsonl;
  if (name == "csv") return OutputFormat::kCsv;
  if (name == "gdelt" || name == "tsv") return OutputFormat::kGdelt;
  return InvalidArgumentError("unknown output format '" + std::string(name) +
                              "' (jsonl, csv or gdelt)");
}

const char* OutputFormatName(OutputFormat f) {
  switch (f) {
    case OutputFormat::kJsonl: return "jsonl";
    case OutputFormat::kCsv: return "csv";
    case OutputFormat::kGdelt: return "gdelt";
  }
  return "?";
}

const std::vector<std::string>& CsvColumns() {
  static const std::vector<std::string> cols = {
      "event_id",        "date",           "date_basis",     "source_code",
      "source_country",  "source_sector",  "source_text",    "target_code",
      "target_country",  "target_sector",  "target_text",    "cameo",
      "cameo_root",      "plover",         "plover_mode",    "goldstein",
      "quad_class",      "negated",        "modality",       "trigger",
      "trigger_begin",   "trigger_end",    "location_name",  "location_country",
      "location_admin1", "lat",            "lon",            "location_basis",
      "doc_id",          "doc_date",       "doc_url",        "story_id",
      "sentence_index",  "sentence",       "pattern"};
  return cols;
}

const std::vector<std::string>& GdeltColumns() {
  static const std::vector<std::string> cols = {
      "GLOBALEVENTID",     "SQLDATE",           "MonthYear",        "Year",
      "FractionDate",      "Actor1Code",        "Actor1Name",       "Actor1CountryCode",
      "Actor1Type1Code",   "Actor2Code",        "Actor2Name",       "Actor2CountryCode",
      "Actor2Type1Code",   "IsRootEvent",       "EventCode",        "EventBaseCode",
      "EventRootCode",     "QuadClass",         "GoldsteinScale",   "NumMentions",
      "NumSources",        "NumArticles",       "ActionGeo_Type",   "ActionGeo_FullName",
      "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_Lat", "ActionGeo_Long",
      "DATEADDED",         "SOURCEURL"};
  return cols;
}

void AppendPloverJson(const StoredEvent& se, std::string* out) {
  const Event& e = se.event;
  json j;
  j["id"] = e.event_id;
  j["date"] = e.date;
  j["date_basis"] = DateBasisName(e.date_basis);
  j["event"] = e.plover;
  j["mode"] = e.plover_mode;
  j["source"] = ActorJson(e.source);
  j["target"] = e.has_target ? ActorJson(e.target) : json(nullptr);
  j["cameo"] = e.cameo;
  j["cameo_root"] = e.cameo_root;
  j["goldstein"] = e.goldstein;
  j["quad_class"] = e.quad_class;
  j["negated"] = e.negated;
  j["modality"] = ModalityName(e.modality);
  j["eventText"] = e.trigger_text;
  j["trigger_span"] = SpanJson(e.trigger_span);
  j["text"] = se.sentence;
  j["sentence_index"] = e.sentence_index;
  j["sentence_span"] = SpanJson(e.sentence_span);
  if (e.location.valid) {
    j["location"] = {{"name", e.location.name},   {"country", e.location.country},
                     {"admin1", e.location.admin1}, {"lat", e.location.lat},
                     {"lon", e.location.lon},     {"basis", e.location.basis}};
  } else {
    j["location"] = nullptr;
  }
  j["doc"] = {{"id", e.doc_id},         {"date", se.doc.date},     {"url", se.doc.url},
              {"title", se.doc.title}, {"source", se.doc.source}};
  j["story_id"] = e.story_id;
  j["pattern"] = e.pattern;
  // Invalid UTF-8 cannot reach here (ingest repairs it), but never throw on output.
  out->append(j.dump(-1, ' ', false, json::error_handler_t::replace));
  out->push_back('\n');
}

void AppendCsvField(std::string_view f, std::string* out) {
  if (f.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(f);
    return;
  }
  out->push_back('"');
  for (char c : f) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

void AppendCsvRow(const StoredEvent& se, std::string* out) {
  const Event& e = se.event;
  const Location& l = e.location;
  const std::string fields[] = {
      e.event_id,
      e.date,
      DateBasisName(e.date_basis),
      e.source.code,
      e.source.country,
      e.source.sector,
      e.source.text,
      e.has_target ? e.target.code : "",
      e.has_target ? e.target.country : "",
      e.has_target ? e.target.sector : "",
      e.has_target ? e.target.text : "",
      e.cameo,
      e.cameo_root,
      e.plover,
      e.plover_mode,
      Num(e.goldstein),
      std::to_string(e.quad_class),
      e.negated ? "1" : "0",
      ModalityName(e.modality),
      e.trigger_text,
      std::to_string(e.trigger_span.begin),
      std::to_string(e.trigger_span.end),
      l.valid ? l.name : "",
      l.valid ? l.country : "",
      l.valid ? l.admin1 : "",
      l.valid ? Num(l.lat) : "",
      l.valid ? Num(l.lon) : "",
      l.valid ? l.basis : "",
      e.doc_id,
      se.doc.date,
      se.doc.url,
      e.story_id,
      std::to_string(e.sentence_index),
      se.sentence,
      e.pattern};
  static_assert(std::size(fields) == 35);
  for (size_t i = 0; i < std::size(fields); ++i) {
    if (i) out->push_back(',');
    AppendCsvField(fields[i], out);
  }
  out->push_back('\n');
}

void AppendGdeltRow(const StoredEvent& se, std::string* out) {
  const Event& e = se.event;
  const Location& l = e.location;
  std::string sql = Compact(e.date);
  std::string base = e.cameo.size() >= 3 ? e.cameo.substr(0, 3) : e.cameo;
  // GDELT ActionGeo_Type: 1 country, 2 US state, 3 US city, 4 world city, 5 world
  // state. Ours: a place named in the text is a city-level point (4); a fallback to
  // the target's country is country level (1).
  std::string geo_type = !l.valid ? "0" : l.basis == "target_country" ? "1" : "4";
  const std::string fields[] = {e.event_id,
                                sql,
                                sql.size() == 8 ? sql.substr(0, 6) : "",
                                sql.size() == 8 ? sql.substr(0, 4) : "",
                                FractionDate(e.date),
                                e.source.code,
                                e.source.text,
                                e.source.country,
                                e.source.sector,
                                e.has_target ? e.target.code : "",
                                e.has_target ? e.target.text : "",
                                e.has_target ? e.target.country : "",
                                e.has_target ? e.target.sector : "",
                                "1",
                                e.cameo,
                                base,
                                e.cameo_root,
                                std::to_string(e.quad_class),
                                Num(e.goldstein),
                                "1",
                                "1",
                                "1",
                                geo_type,
                                l.valid ? l.name : "",
                                l.valid ? l.country : "",
                                l.valid ? l.admin1 : "",
                                l.valid ? Num(l.lat) : "",
                                l.valid ? Num(l.lon) : "",
                                Compact(se.doc.date),
                                se.doc.url};
  static_assert(std::size(fields) == 30);
  for (size_t i = 0; i < std::size(fields); ++i) {
    if (i) out->push_back('\t');
    AppendTsvField(fields[i], out);
  }
  out->push_back('\n');
}

void AppendHeader(OutputFormat f, std::string* out) {
  switch (f) {
    case OutputFormat::kJsonl: {
      json h = {{"khaldun_header",
                 {{"format", "plover-jsonl"},
                  {"version", kFormatVersion},
                  {"fields", {"id", "date", "date_basis", "event", "mode", "source", "target",
                              "cameo", "cameo_root", "goldstein", "quad_class", "negated",
                              "modality", "eventText", "trigger_span", "text",
                              "sentence_index", "sentence_span", "location", "doc",
                              "story_id", "pattern"}},
                  {"doc", "docs/FORMATS.md"}}}};
      out->append(h.dump());
      out->push_back('\n');
      return;
    }
    case OutputFormat::kCsv:
    case OutputFormat::kGdelt: {
      const auto& cols = f == OutputFormat::kCsv ? CsvColumns() : GdeltColumns();
      for (size_t i = 0; i < cols.size(); ++i) {
        if (i) out->push_back(f == OutputFormat::kCsv ? ',' : '\t');
        out->append(cols[i]);
      }
      out->push_back('\n');
      return;
    }
  }
}

EventWriter::EventWriter(OutputFormat format, FILE* out, std::string name, bool header)
    : format_(format), out_(out), name_(std::move(name)) {
  if (header) AppendHeader(format_, &buf_);
}

void EventWriter::Write(const StoredEvent& e) {
  switch (format_) {
    case OutputFormat::kJsonl: AppendPloverJson(e, &buf_); break;
    case OutputFormat::kCsv: AppendCsvRow(e, &buf_); break;
    case OutputFormat::kGdelt: AppendGdeltRow(e, &buf_); break;
  }
  ++written_;
  if (buf_.size() >= (1 << 16)) Flush();
}

void EventWriter::Flush() {
  if (failed_ || buf_.empty()) {
    buf_.clear();
    return;
  }
  if (std::fwrite(buf_.data(), 1, buf_.size(), out_) != buf_.size()) failed_ = true;
  buf_.clear();
}

Status EventWriter::Finish() {
  Flush();
  if (!failed_ && std::fflush(out_) != 0) failed_ = true;
  if (failed_) return IoError(name_ + ": write failed: " + std::strerror(errno));
  return Status::Ok();
}

}  // namespace khaldun
