#include "store/store.h"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <ctime>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

#include "base/civil.h"

namespace khaldun {

namespace {

// Documents are keyed by an integer, and the events of the document with key K have
// ids K * 2^kEventBits + position, so replacing a document deletes a rowid range (no
// index on doc ids to keep up). Sentences are the spans in documents.sentence_spans, a
// JSON array of [idx, begin, end, paragraph] (one value per document instead of a row
// per sentence; their text is the document text at the span); the `sentences` and
// `stories` views make them relations again. As in version 2, less its index on story_id
// (only the `stories` view groups by it; one text index fewer to write).
constexpr const char* kDocumentTables = R"sql(
CREATE TABLE documents(
  key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, url TEXT, title TEXT, date TEXT,
  source TEXT, story_id TEXT, text TEXT, status TEXT NOT NULL, reason TEXT,
  n_sentences INTEGER, n_events INTEGER, stored_at TEXT, sentence_spans TEXT);
CREATE VIEW sentences AS
  SELECT doc_key, doc_id, idx, span_begin, span_end, paragraph,
         CAST(substr(CAST(text AS BLOB), span_begin + 1, span_end - span_begin) AS TEXT) AS text
  FROM (SELECT d.key AS doc_key, d.id AS doc_id, d.text AS text,
               json_extract(j.value, '$[0]') AS idx, json_extract(j.value, '$[1]') AS span_begin,
               json_extract(j.value, '$[2]') AS span_end,
               json_extract(j.value, '$[3]') AS paragraph
        FROM documents d, json_each(d.sentence_spans) j);
CREATE VIEW stories AS
  SELECT story_id AS id, min(NULLIF(date, '')) AS first_date,
         max(NULLIF(date, '')) AS last_date, count(*) AS n_documents
  FROM documents GROUP BY story_id;
)sql";

// Events: one narrow row per event. Actor codes are small integers (`codes`,
// append-only, never renumbered), so the index holds integer keys. Version 4: the
// event type (CAMEO code, root, PLOVER type, Goldstein score, QuadClass: one tuple per
// kind of event the coder makes, a few hundred) is a small integer too (`kinds`,
// append-only, never renumbered), one bound value per row instead of five. The other
// columns a query filters on are plain columns, and so is the sentence span (a query
// cuts the sentence out of the document text in SQL); everything else (other spans,
// actor texts and patterns, coordinates, ...) is one packed `detail` blob that only the
// store reads (PackDetail).
// The `events` view shows the filterable columns by their version-2 names for ad hoc SQL.
constexpr const char* kCodesTable = R"sql(
CREATE TABLE codes(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE);
)sql";
constexpr const char* kKindsTable = R"sql(
CREATE TABLE kinds(
  id INTEGER PRIMARY KEY, cameo TEXT, cameo_root TEXT, plover TEXT, goldstein REAL,
  quad_class INTEGER);
)sql";
// Version 5: `day` is the date as an integer key (DayKey) that the indexes hold instead
// of the date text (2-3 bytes instead of 11 per index entry); `date` keeps the text.
constexpr const char* kEventTables = R"sql(
CREATE TABLE event_rows(
  id INTEGER PRIMARY KEY, event_id TEXT NOT NULL, source_id INTEGER, target_id INTEGER,
  has_target INTEGER, date TEXT, kind INTEGER NOT NULL, negated INTEGER, trigger_text TEXT,
  loc_valid INTEGER, loc_name TEXT, loc_country TEXT, loc_admin1 TEXT,
  sentence_begin INTEGER, sentence_end INTEGER, detail BLOB, day INTEGER);
CREATE VIEW events AS
  SELECT e.id, e.event_id, d.id AS doc_id, e.date, s.code AS source_code,
         e.has_target, t.code AS target_code, k.cameo, k.cameo_root, k.plover, k.goldstein,
         k.quad_class, e.negated, e.trigger_text, e.loc_valid, e.loc_name, e.loc_country,
         e.loc_admin1
  FROM event_rows e JOIN documents d ON d.key = e.id >> 20 JOIN kinds k ON k.id = e.kind
       LEFT JOIN codes s ON s.id = e.source_id LEFT JOIN codes t ON t.id = e.target_id;
)sql";

// The only index on events (version 5; versions 2-4 had a second one by target): a
// dyad with a day range, a source, or a target (an actor filter searches it at each
// stored source code, and at NULL for events whose source has no code: BuildQuery).
// One index entry per event instead of two is a fifth fewer instructions per written
// event. Filters on date alone, codes, PLOVER types or places scan the table.
constexpr const char* kEventIndexes = R"sql(
CREATE INDEX events_dyad ON event_rows(source_id, target_id, day);
)sql";
constexpr const char* kDropEventIndexes = "DROP INDEX events_dyad;";

// Tables unchanged since version 1.
constexpr const char* kOtherTables = R"sql(
CREATE TABLE actors(
  code TEXT PRIMARY KEY, country TEXT, sector TEXT, first_seen TEXT, last_seen TEXT,
  count INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE records(
  record TEXT PRIMARY KEY, status TEXT NOT NULL, reason TEXT, doc_id TEXT,
  stored_at TEXT) WITHOUT ROWID;
)sql";

// Events of the document with key K have ids K * 2^kEventBits + position.
constexpr int kEventBits = 20;
constexpr int64_t kMaxEventsPerDocument = int64_t{1} << kEventBits;
// Event INSERT statements for 1, 2, 4, ... 2^(kEventInsertSizes-1) rows.
constexpr int kEventInsertSizes = 6;

// The columns a query reads (with id), as in version 4.
constexpr const char* kEventColumnList =
    "id, event_id, source_id, target_id, has_target, date, kind, negated, trigger_text, "
    "loc_valid, loc_name, loc_country, loc_admin1, sentence_begin, sentence_end, detail";
// The columns an event row is written with: those and the day key.
constexpr int kEventColumns = 17;
constexpr const char* kEventInsertList =
    "id, event_id, source_id, target_id, has_target, date, kind, negated, trigger_text, "
    "loc_valid, loc_name, loc_country, loc_admin1, sentence_begin, sentence_end, detail, day";
// The kind's columns (in `kinds`; in each row of version 3's event_rows).
constexpr const char* kKindColumnList = "cameo, cameo_root, plover, goldstein, quad_class";

// Version 2's events table (read only by the migration to version 4).
constexpr const char* kV2EventTable = R"sql(
CREATE TABLE events(
  id INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL, doc_id TEXT NOT NULL, story_id TEXT, sentence_index INTEGER,
  date TEXT, date_basis TEXT, date_begin INTEGER, date_end INTEGER,
  source_text TEXT, source_code TEXT, source_country TEXT, source_sector TEXT,
  source_pattern TEXT, source_begin INTEGER, source_end INTEGER,
  has_target INTEGER, target_text TEXT, target_code TEXT, target_country TEXT,
  target_sector TEXT, target_pattern TEXT, target_begin INTEGER, target_end INTEGER,
  cameo TEXT, cameo_root TEXT, plover TEXT, plover_mode TEXT, goldstein REAL,
  quad_class INTEGER, negated INTEGER, modality TEXT,
  trigger_text TEXT, trigger_begin INTEGER, trigger_end INTEGER,
  sentence_begin INTEGER, sentence_end INTEGER, pattern TEXT,
  loc_valid INTEGER, loc_name TEXT, loc_country TEXT, loc_admin1 TEXT, loc_lat REAL,
  loc_lon REAL, loc_basis TEXT, loc_begin INTEGER, loc_end INTEGER);
)sql";
constexpr const char* kV2EventColumnList =
    "event_id, doc_id, story_id, sentence_index, date, date_basis, date_begin, date_end, "
    "source_text, source_code, source_country, source_sector, source_pattern, "
    "source_begin, source_end, has_target, target_text, target_code, target_country, "
    "target_sector, target_pattern, target_begin, target_end, cameo, cameo_root, plover, "
    "plover_mode, goldstein, quad_class, negated, modality, trigger_text, trigger_begin, "
    "trigger_end, sentence_begin, sentence_end, pattern, loc_valid, loc_name, loc_country, "
    "loc_admin1, loc_lat, loc_lon, loc_basis, loc_begin, loc_end";

uint64_t Fnv1a(uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  h ^= 0xff;
  h *= 1099511628211ULL;
  return h;
}

// Upper bound for a prefix range: every code starting with `p` is < p + "\x7f"
// (codes are printable ASCII).
std::string PrefixEnd(std::string_view p) { return std::string(p) + "\x7f"; }

std::string Upper(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return r;
}

// Day keys (the `day` column, version 5). The indexes hold an integer instead of the
// date text; a query's date range becomes a range of keys. Dates are free text (an
// import may store "2024-01", "" or anything else) compared as bytes, so the key must
// keep their order: DayKey(a) <= DayKey(b) whenever a <= b. A valid date "YYYY-MM-DD"
// (years 0000-9999) is 2 * its day number counted from 2000-01-01 (even; two bytes in
// the record for 1955-2044); any other text is 2 * the day number of the first valid
// date after it, minus 1 (odd: the gap before that date). So a key is even exactly
// when the text is a valid date, texts of one odd key all lie strictly between two
// consecutive valid dates, and a range of keys selects exactly the dates in the range
// except at an odd bound, where the text decides (DateRange).
namespace day_key {

constexpr int64_t kBase = DaysFromCivil(2000, 1, 1);
constexpr int64_t kFirst = DaysFromCivil(0, 1, 1);
constexpr int64_t kEnd = DaysFromCivil(9999, 12, 31) + 1;

// Writes the "YYYY-MM-DD" of day number `z` (kFirst <= z < kEnd) to out[0..9].
void Format(int64_t z, char* out) {
  // By hand: a text that is no valid date is placed by ~22 of these (DayKey).
  const CivilDate c = CivilFromDays(z);
  const int yy = c.year, mm = c.month, dd = c.day;
  out[0] = static_cast<char>('0' + yy / 1000);
  out[1] = static_cast<char>('0' + yy / 100 % 10);
  out[2] = static_cast<char>('0' + yy / 10 % 10);
  out[3] = static_cast<char>('0' + yy % 10);
  out[4] = '-';
  out[5] = static_cast<char>('0' + mm / 10);
  out[6] = static_cast<char>('0' + mm % 10);
  out[7] = '-';
  out[8] = static_cast<char>('0' + dd / 10);
  out[9] = static_cast<char>('0' + dd % 10);
}

// True, with its day number, when `t` is a valid date "YYYY-MM-DD".
bool Parse(std::string_view t, int64_t* days) {
  CivilDate c;
  if (!ParseCivil(t, &c)) return false;
  *days = DaysFromCivil(c.year, c.month, c.day);
  return true;
}

}  // namespace day_key

int64_t DayKey(std::string_view t) {
  using namespace day_key;
  int64_t days;
  if (Parse(t, &days)) return 2 * (days - kBase);
  if (t.empty()) return 2 * (kFirst - kBase) - 1;
  // The first valid date >= t (valid dates sort as their day numbers do).
  int64_t lo = kFirst, hi = kEnd;
  char buf[11];
  while (lo < hi) {
    const int64_t mid = lo + (hi - lo) / 2;
    Format(mid, buf);
    if (std::string_view(buf, 10) < t)
      lo = mid + 1;
    else
      hi = mid;
  }
  return 2 * (lo - kBase) - 1;
}

// The SQL function khaldun_day(date) (the migrations fill `day` with it): DayKey of a
// text, NULL for NULL (a NULL date matches no date range).
void SqlDayKey(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  const unsigned char* p = sqlite3_value_text(argv[0]);
  const int n = sqlite3_value_bytes(argv[0]);
  sqlite3_result_int64(
      ctx, DayKey(std::string_view(reinterpret_cast<const char*>(p), static_cast<size_t>(n))));
}

// RAII for a prepared statement made per call (queries).
struct StmtCloser {
  sqlite3_stmt* s = nullptr;
  ~StmtCloser() { sqlite3_finalize(s); }
};

// Binds without copying. REQUIRES: `v` outlives the next sqlite3_step/reset of `s`.
void BindText(sqlite3_stmt* s, int i, std::string_view v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
}
void BindCopy(sqlite3_stmt* s, int i, std::string_view v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}
// Binds NULL for empty strings (so SQL min()/max() ignore them).
void BindTextOrNull(sqlite3_stmt* s, int i, std::string_view v) {
  if (v.empty())
    sqlite3_bind_null(s, i);
  else
    BindText(s, i, v);
}

std::string ColText(sqlite3_stmt* s, int i) {
  const unsigned char* p = sqlite3_column_text(s, i);
  if (!p) return {};
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<size_t>(sqlite3_column_bytes(s, i)));
}
uint32_t ColU32(sqlite3_stmt* s, int i) {
  return static_cast<uint32_t>(sqlite3_column_int64(s, i));
}

DateBasis DateBasisOf(std::string_view n) {
  for (DateBasis b : {DateBasis::kExplicit, DateBasis::kRelative, DateBasis::kPublication,
                      DateBasis::kUnknown})
    if (n == DateBasisName(b)) return b;
  return DateBasis::kUnknown;
}
Modality ModalityOf(std::string_view n) {
  for (Modality m : {Modality::kAsserted, Modality::kFuture, Modality::kConditional,
                     Modality::kIntended, Modality::kQuestion, Modality::kReported})
    if (n == ModalityName(m)) return m;
  return Modality::kAsserted;
}

// The `detail` blob of an event row: the Event fields that no query filters on, as
// LEB128 varints, length-prefixed strings and raw little-endian doubles, in the order
// of PackDetail. The first byte is the layout version (kDetailVersion).
constexpr uint8_t kDetailVersion = 1;

// Writes the fields of a detail blob into a buffer sized for them beforehand
// (PackDetail), so a field costs a few stores rather than an append with its own
// capacity check.
class DetailWriter {
 public:
  explicit DetailWriter(char* p) : p_(p) {}
  void Varint(uint64_t v) {
    while (v >= 0x80) {
      *p_++ = static_cast<char>((v & 0x7f) | 0x80);
      v >>= 7;
    }
    *p_++ = static_cast<char>(v);
  }
  void String(std::string_view s) {
    Varint(s.size());
    if (!s.empty()) std::memcpy(p_, s.data(), s.size());
    p_ += s.size();
  }
  void SpanOf(Span sp) {
    Varint(sp.begin);
    Varint(sp.end);
  }
  void Double(double d) {
    std::memcpy(p_, &d, sizeof d);
    p_ += sizeof d;
  }
  void Byte(uint8_t b) { *p_++ = static_cast<char>(b); }
  const char* end() const { return p_; }

 private:
  char* p_;
};

// Packs `e` (story: the story id stored for it). Codes travel in columns, except the
// target code of an event without a target.
void PackDetail(const Event& e, std::string_view story, std::string* out) {
  const Location& l = e.location;
  const std::string_view target_code =
      e.has_target ? std::string_view() : std::string_view(e.target.code);
  // Bytes at most: 13 strings (a varint length of up to 10 bytes each), 3 more varints
  // (10 bytes each), 5 spans (two 32-bit varints, 5 bytes each), 2 doubles, 2 flag
  // bytes.
  size_t bound = 13 * 10 + 3 * 10 + 5 * 10 + 2 * 8 + 2 + story.size() + target_code.size() +
                 e.plover_mode.size() + e.pattern.size() + l.basis.size();
  for (const Actor* a : {&e.source, &e.target})
    bound += a->text.size() + a->country.size() + a->sector.size() + a->pattern.size();
  out->resize(bound);
  DetailWriter w(out->data());
  w.Byte(kDetailVersion);
  w.String(story);
  w.Varint(static_cast<uint32_t>(e.sentence_index));
  w.Varint(static_cast<uint64_t>(e.date_basis));
  w.SpanOf(e.date_span);
  for (const Actor* a : {&e.source, &e.target}) {
    w.String(a->text);
    w.String(a->country);
    w.String(a->sector);
    w.String(a->pattern);
    w.SpanOf(a->span);
  }
  w.String(target_code);
  w.String(e.plover_mode);
  w.Varint(static_cast<uint64_t>(e.modality));
  w.SpanOf(e.trigger_span);
  w.String(e.pattern);
  const bool loc = l.valid || l.lat != 0 || l.lon != 0 || !l.basis.empty() || l.span.begin ||
                   l.span.end;
  w.Byte(loc ? 1 : 0);
  if (loc) {
    w.Double(l.lat);
    w.Double(l.lon);
    w.String(l.basis);
    w.SpanOf(l.span);
  }
  out->resize(static_cast<size_t>(w.end() - out->data()));
}

// Reads what PackDetail wrote; false on a truncated or malformed blob.
class DetailReader {
 public:
  DetailReader(const void* p, size_t n) : p_(static_cast<const uint8_t*>(p)), end_(p_ + n) {}
  bool Varint(uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64 && p_ < end_; shift += 7) {
      uint8_t b = *p_++;
      *v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return true;
    }
    return false;
  }
  bool U32(uint32_t* v) {
    uint64_t x;
    if (!Varint(&x) || x > UINT32_MAX) return false;
    *v = static_cast<uint32_t>(x);
    return true;
  }
  bool String(std::string* s) {
    uint64_t n;
    if (!Varint(&n) || n > static_cast<uint64_t>(end_ - p_)) return false;
    s->assign(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    return true;
  }
  bool SpanOf(Span* sp) { return U32(&sp->begin) && U32(&sp->end); }
  bool Double(double* d) {
    if (end_ - p_ < static_cast<ptrdiff_t>(sizeof *d)) return false;
    std::memcpy(d, p_, sizeof *d);
    p_ += sizeof *d;
    return true;
  }
  bool Byte(uint8_t* b) {
    if (p_ >= end_) return false;
    *b = *p_++;
    return true;
  }

 private:
  const uint8_t* p_;
  const uint8_t* end_;
};

// Fills the detail fields of `e` (the target code only for an event without a target).
bool UnpackDetail(const void* blob, size_t n, Event* e) {
  DetailReader r(blob, n);
  uint8_t version = 0, loc = 0;
  uint64_t basis = 0, modality = 0;
  uint32_t sentence = 0;
  if (!r.Byte(&version) || version != kDetailVersion) return false;
  if (!r.String(&e->story_id) || !r.U32(&sentence) || !r.Varint(&basis) ||
      basis > static_cast<uint64_t>(DateBasis::kUnknown) || !r.SpanOf(&e->date_span))
    return false;
  e->sentence_index = static_cast<int>(sentence);
  e->date_basis = static_cast<DateBasis>(basis);
  for (Actor* a : {&e->source, &e->target})
    if (!r.String(&a->text) || !r.String(&a->country) || !r.String(&a->sector) ||
        !r.String(&a->pattern) || !r.SpanOf(&a->span))
      return false;
  std::string target_code;
  if (!r.String(&target_code)) return false;
  if (!e->has_target) e->target.code = std::move(target_code);
  if (!r.String(&e->plover_mode) || !r.Varint(&modality) ||
      modality > static_cast<uint64_t>(Modality::kReported) || !r.SpanOf(&e->trigger_span) ||
      !r.String(&e->pattern) || !r.Byte(&loc))
    return false;
  e->modality = static_cast<Modality>(modality);
  Location& l = e->location;
  l.lat = l.lon = 0;
  l.basis.clear();
  l.span = {};
  if (loc && !(r.Double(&l.lat) && r.Double(&l.lon) && r.String(&l.basis) && r.SpanOf(&l.span)))
    return false;
  return true;
}

bool DirectoryWritable(const std::string& path) {
  std::string dir = ".";
  size_t slash = path.rfind('/');
  if (slash != std::string::npos) dir = slash == 0 ? "/" : path.substr(0, slash);
  return ::access(dir.c_str(), W_OK) == 0;
}

// Binds one event row (kEventInsertList) from parameter `i` + 1 on; returns the last
// parameter bound. Ids of 0 (no code) are NULL.
// REQUIRES: the strings bound outlive the statement's next step.
int BindEventRow(sqlite3_stmt* s, int i, int64_t id, std::string_view event_id, int64_t source,
                 int64_t target, int64_t kind, std::string_view detail, const Event& e) {
  sqlite3_bind_int64(s, ++i, id);
  BindText(s, ++i, event_id);
  if (source) sqlite3_bind_int64(s, ++i, source); else sqlite3_bind_null(s, ++i);
  if (target) sqlite3_bind_int64(s, ++i, target); else sqlite3_bind_null(s, ++i);
  sqlite3_bind_int(s, ++i, e.has_target ? 1 : 0);
  BindText(s, ++i, e.date);
  sqlite3_bind_int64(s, ++i, kind);
  sqlite3_bind_int(s, ++i, e.negated ? 1 : 0);
  BindText(s, ++i, e.trigger_text);
  sqlite3_bind_int(s, ++i, e.location.valid ? 1 : 0);
  BindText(s, ++i, e.location.name);
  BindText(s, ++i, e.location.country);
  BindText(s, ++i, e.location.admin1);
  sqlite3_bind_int64(s, ++i, e.sentence_span.begin);
  sqlite3_bind_int64(s, ++i, e.sentence_span.end);
  sqlite3_bind_blob(s, ++i, detail.data(), static_cast<int>(detail.size()), SQLITE_STATIC);
  sqlite3_bind_int64(s, ++i, DayKey(e.date));
  return i;
}

// Writes the 16 hex digits of StableEventId(e) to `out` (no allocation: the 16 digits
// are one more than std::string keeps inline).
void FormatStableEventId(const Event& e, char* out) {
  // The same bytes as the coder's MakeEventId hashes (decimal numbers, "begin:end"),
  // formatted without allocating: ids must not change across versions.
  char num[48];
  char* const end = num + sizeof num;
  uint64_t h = 1469598103934665603ULL;
  h = Fnv1a(h, e.doc_id);
  char* p = std::to_chars(num, end, e.sentence_index).ptr;
  h = Fnv1a(h, std::string_view(num, static_cast<size_t>(p - num)));
  p = std::to_chars(num, end, e.trigger_span.begin).ptr;
  if (p != end) *p++ = ':';
  p = std::to_chars(p, end, e.trigger_span.end).ptr;
  h = Fnv1a(h, std::string_view(num, static_cast<size_t>(p - num)));
  h = Fnv1a(h, e.source.code);
  h = Fnv1a(h, e.has_target ? std::string_view(e.target.code) : std::string_view());
  h = Fnv1a(h, e.cameo);
  for (int i = 15; i >= 0; --i, h >>= 4) out[i] = "0123456789abcdef"[h & 15];
}

}  // namespace

std::string StableEventId(const Event& e) {
  std::string id(16, '0');
  FormatStableEventId(e, id.data());
  return id;
}

struct EventStore::Statements {
  sqlite3_stmt* find_doc = nullptr;
  sqlite3_stmt* insert_doc = nullptr;
  sqlite3_stmt* update_doc = nullptr;
  sqlite3_stmt* old_actors = nullptr;
  sqlite3_stmt* del_events = nullptr;
  // put_events[k] inserts 2^k events: a document's events go in a few statements
  // (10 = 8 + 2), each opening its cursors once instead of once per event.
  sqlite3_stmt* put_events[kEventInsertSizes] = {};
  sqlite3_stmt* put_record = nullptr;
  sqlite3_stmt* put_code = nullptr;
  sqlite3_stmt* put_kind = nullptr;
  sqlite3_stmt* put_actor = nullptr;
  sqlite3_stmt* del_dead_actor = nullptr;
  ~Statements() {
    for (sqlite3_stmt* s : {find_doc, insert_doc, update_doc, old_actors, del_events,
                            put_record, put_code, put_kind, put_actor, del_dead_actor})
      sqlite3_finalize(s);
    for (sqlite3_stmt* s : put_events) sqlite3_finalize(s);
  }
};

// What a batch changes besides its rows: actor count deltas. Applied at CommitBatch,
// dropped on rollback.
struct EventStore::Pending {
  struct Delta {
    std::string country, sector, first, last;
    int64_t count = 0;
    bool touched = false;
  };
  std::vector<Delta> by_id;     // by actor code id
  std::vector<int64_t> touched;  // ids with a delta, in first-touch order
  // Counts `n` events of actor code `id` (0: no code, ignored) on `date`; `a` (may be
  // null) gives its country and sector.
  void Add(int64_t id, const Actor* a, std::string_view date, int64_t n) {
    if (id <= 0) return;
    if (static_cast<size_t>(id) >= by_id.size()) by_id.resize(static_cast<size_t>(id) + 1);
    Delta& d = by_id[static_cast<size_t>(id)];
    if (!d.touched) {
      d.touched = true;
      touched.push_back(id);
    }
    d.count += n;
    if (a && !a->country.empty() && d.country != a->country) d.country = a->country;
    if (a && !a->sector.empty() && d.sector != a->sector) d.sector = a->sector;
    if (!date.empty() && (d.first.empty() || date < d.first)) d.first = date;
    if (!date.empty() && (d.last.empty() || date > d.last)) d.last = date;
  }
  void Clear() {
    for (int64_t id : touched) by_id[static_cast<size_t>(id)] = Delta{};
    touched.clear();
  }
};

EventStore::EventStore(sqlite3* db, std::string path, StoreOptions options)
    : db_(db),
      path_(std::move(path)),
      options_(options),
      st_(std::make_unique<Statements>()),
      pending_(std::make_unique<Pending>()),
      codes_(1),
      details_(size_t{1} << (kEventInsertSizes - 1)) {}

EventStore::~EventStore() {
  if (in_batch_) {
    // An unfinished batch is not committed: the caller did not ask for it.
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  st_.reset();
  if (!options_.read_only) sqlite3_exec(db_, "PRAGMA optimize", nullptr, nullptr, nullptr);
  sqlite3_close_v2(db_);
}

Status EventStore::Error(int rc, std::string_view what) const {
  int primary = rc & 0xff;
  std::string msg = path_ + ": " + std::string(what) + ": " +
                    (db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
  switch (primary) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return IoError(path_ + ": database is locked by another process (waited " +
                     std::to_string(options_.busy_timeout_ms) + " ms): " + std::string(what));
    case SQLITE_FULL:
      return IoError(path_ + ": disk full (or the database size limit was reached) while " +
                     std::string(what));
    case SQLITE_READONLY:
      return IoError(path_ + ": database is read-only (check the permissions of the file "
                     "and its directory): " + std::string(what));
    case SQLITE_CANTOPEN: {
      int err = db_ ? sqlite3_system_errno(db_) : 0;
      return IoError(path_ + ": cannot open database file" +
                     (err ? std::string(" (") + std::strerror(err) + ")" : std::string()) +
                     ": " + std::string(what));
    }
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return CorruptionError(path_ + ": not an SQLite database or corrupt: " +
                             std::string(what));
    case SQLITE_IOERR:
      return IoError(msg);
    default:
      return InternalError(msg);
  }
}

Status EventStore::Exec(const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  if (err) sqlite3_free(err);
  if (rc != SQLITE_OK) return Error(rc, std::string("executing ") + std::string(sql).substr(0, 40));
  return Status::Ok();
}

StatusOr<std::unique_ptr<EventStore>> EventStore::Open(const std::string& path,
                                                       const StoreOptions& options) {
  StoreOptions opts = options;
  if (opts.read_only) opts.create_if_missing = false;
  struct stat st {};
  bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) return IoError(path + ": is a directory, not a database file");
  if (!exists && !opts.create_if_missing) return NotFoundError(path + ": no such database");
  if (!opts.read_only) {
    if (exists && ::access(path.c_str(), W_OK) != 0)
      return IoError(path + ": database file is read-only (" + std::strerror(errno) +
                     "); open it read-only or fix its permissions");
    // WAL needs to create "-wal"/"-shm" files beside the database.
    if (!DirectoryWritable(path))
      return IoError(path + ": directory is not writable (" + std::strerror(errno) +
                     "); the store needs it for the database and its WAL files");
  }
  // SQLite's memory statistics take a process-wide mutex on every allocation; nothing
  // here reads them. This only takes effect before SQLite's first use in the process.
  [[maybe_unused]] static const int memstatus_off = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  int flags = SQLITE_OPEN_NOMUTEX |
              (opts.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
              (opts.create_if_missing ? SQLITE_OPEN_CREATE : 0);
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  std::unique_ptr<EventStore> store(new EventStore(db, path, opts));
  if (rc != SQLITE_OK) return store->Error(rc, "opening");
  sqlite3_extended_result_codes(db, 1);
  KHALDUN_RETURN_IF_ERROR(store->Init());
  return store;
}

Status EventStore::Init() {
  sqlite3_busy_timeout(db_, options_.busy_timeout_ms);
  int rc_fn = sqlite3_create_function_v2(db_, "khaldun_day", 1,
                                         SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, SqlDayKey,
                                         nullptr, nullptr, nullptr);
  if (rc_fn != SQLITE_OK) return Error(rc_fn, "registering khaldun_day");
  std::string cache = "PRAGMA cache_size=-" + std::to_string(options_.cache_mib * 1024);
  KHALDUN_RETURN_IF_ERROR(Exec(cache.c_str()));
  KHALDUN_RETURN_IF_ERROR(Exec("PRAGMA temp_store=MEMORY"));
  // Reading the version also checks that the file is an SQLite database.
  int version = 0;
  {
    StmtCloser s;
    int rc = sqlite3_prepare_v2(db_, "PRAGMA user_version", -1, &s.s, nullptr);
    if (rc != SQLITE_OK) return Error(rc, "reading the schema version");
    rc = sqlite3_step(s.s);
    if (rc != SQLITE_ROW) return Error(rc, "reading the schema version");
    version = sqlite3_column_int(s.s, 0);
  }
  int tables = 0;
  {
    StmtCloser s;
    int rc = sqlite3_prepare_v2(db_, "SELECT count(*) FROM sqlite_master", -1, &s.s, nullptr);
    if (rc != SQLITE_OK) return Error(rc, "reading the schema");
    if (sqlite3_step(s.s) == SQLITE_ROW) tables = sqlite3_column_int(s.s, 0);
  }
  const std::string versions = "database has schema version " + std::to_string(version) +
                               ", this khaldun uses version " + std::to_string(kSchemaVersion);
  if (version == 0 && tables == 0) {
    if (options_.read_only) return InvalidArgumentError(path_ + ": empty database (no khaldun schema)");
    KHALDUN_RETURN_IF_ERROR(CreateSchema());
  } else if (version == 0) {
    return CorruptionError(path_ + ": " + versions +
                           " (version 0: not written by khaldun, or written before "
                           "versioning) and cannot migrate it; write to a new file");
  } else if (version < kSchemaVersion) {
    if (options_.read_only)
      return CorruptionError(path_ + ": " + versions + "; it is migrated when opened for "
                             "writing (khaldun store migrate --db FILE)");
    KHALDUN_RETURN_IF_ERROR(Migrate(version));
  } else if (version > kSchemaVersion) {
    return CorruptionError(path_ + ": " + versions + " (the file is newer); use a newer khaldun");
  }
  KHALDUN_RETURN_IF_ERROR(LoadCodes());
  KHALDUN_RETURN_IF_ERROR(LoadKinds());
  if (options_.read_only) {
    // Queries read pages through a memory map (no copy into SQLite's page cache); SQLite
    // caps the size at its compile-time limit (2 GiB on Debian).
    KHALDUN_RETURN_IF_ERROR(Exec("PRAGMA mmap_size=2147418112"));
  } else {
    KHALDUN_RETURN_IF_ERROR(Exec("PRAGMA journal_mode=WAL"));
    KHALDUN_RETURN_IF_ERROR(Exec("PRAGMA synchronous=NORMAL"));
    // Checkpoint every ~64 MiB of WAL rather than every 4 MiB: fewer fsyncs per batch.
    KHALDUN_RETURN_IF_ERROR(Exec("PRAGMA wal_autocheckpoint=4096"));
    KHALDUN_RETURN_IF_ERROR(Exec("PRAGMA mmap_size=268435456"));
    // Debian builds SQLite with SECURE_DELETE on: every cell moved or dropped while a
    // B-tree page splits is overwritten with zeros. Nothing here needs freed space
    // wiped (a replaced document's old bytes are reused by later writes, and VACUUM
    // drops them), and the zeroing is 2.5-2.8% of the instructions of a write
    // (callgrind, BM_WriteEvents/1000/1000 and /10000/10000).
    KHALDUN_RETURN_IF_ERROR(Exec("PRAGMA secure_delete=OFF"));
    if (options_.max_db_pages > 0) {
      std::string p = "PRAGMA max_page_count=" + std::to_string(options_.max_db_pages);
      KHALDUN_RETURN_IF_ERROR(Exec(p.c_str()));
    }
    KHALDUN_RETURN_IF_ERROR(Prepare());
  }
  return Status::Ok();
}

Status EventStore::CreateSchema() {
  KHALDUN_RETURN_IF_ERROR(Exec("PRAGMA page_size=16384"));
  KHALDUN_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  Status s = Exec(kDocumentTables);
  if (s.ok()) s = Exec(kCodesTable);
  if (s.ok()) s = Exec(kKindsTable);
  if (s.ok()) s = Exec(kEventTables);
  if (s.ok()) s = Exec(kEventIndexes);
  if (s.ok()) s = Exec(kOtherTables);
  if (s.ok()) {
    std::string v = "PRAGMA user_version=" + std::to_string(kSchemaVersion);
    s = Exec(v.c_str());
  }
  if (s.ok()) return Exec("COMMIT");
  sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  return s;
}

Status EventStore::Migrate(int from) {
  // Version 1 -> 2: documents get an integer key (their old rowid) and their sentence
  // spans; events take ids from the key (in their old order within each document);
  // stories become a view. Version 2 -> 4: events move to narrow rows
  // (MigrateV2Events). Version 3 -> 4: the kind columns of each row become a kind id
  // (MigrateV3Events). Version 4 -> 5: rows get their day key (MigrateV4Events; the
  // earlier versions' migrations write version-5 rows directly). One transaction: a
  // failure leaves the file as it was.
  if (from < 1 || from > 4)
    return CorruptionError(path_ + ": database has schema version " + std::to_string(from) +
                           ", this khaldun uses version " + std::to_string(kSchemaVersion) +
                           " and has no migration from it");
  static constexpr const char* kFromV1 = R"sql(
DROP INDEX IF EXISTS documents_story; DROP INDEX IF EXISTS events_doc;
DROP INDEX IF EXISTS events_dyad; DROP INDEX IF EXISTS events_target;
DROP INDEX IF EXISTS events_date; DROP INDEX IF EXISTS events_root;
DROP INDEX IF EXISTS events_plover;
DROP TABLE stories;
ALTER TABLE documents RENAME TO v1_documents;
ALTER TABLE sentences RENAME TO v1_sentences;
ALTER TABLE events RENAME TO v1_events;
)sql";
  static constexpr const char* kCopyV1 = R"sql(
INSERT INTO documents(key,id,url,title,date,source,story_id,text,status,reason,n_sentences,
                      n_events,stored_at,sentence_spans)
  SELECT d.rowid,d.id,d.url,d.title,d.date,d.source,d.story_id,d.text,d.status,d.reason,
         (SELECT count(*) FROM v1_sentences s WHERE s.doc_id = d.id),d.n_events,d.stored_at,
         (SELECT json_group_array(json_array(idx, span_begin, span_end, paragraph))
          FROM (SELECT * FROM v1_sentences s WHERE s.doc_id = d.id ORDER BY idx))
  FROM v1_documents d;
)sql";
  std::string copy_events =
      std::string("INSERT INTO events(id, ") + kV2EventColumnList + ") SELECT (d.key << " +
      std::to_string(kEventBits) +
      ") + row_number() OVER (PARTITION BY e.doc_id ORDER BY e.id) - 1, " + [] {
        std::string cols, list = kV2EventColumnList;
        for (size_t start = 0; start < list.size();) {
          size_t comma = std::min(list.find(',', start), list.size());
          std::string c = list.substr(start, comma - start);
          c.erase(0, c.find_first_not_of(' '));
          cols += (cols.empty() ? "e." : ", e.") + c;
          start = comma + 1;
        }
        return cols;
      }() + " FROM v1_events e JOIN documents d ON d.id = e.doc_id";
  std::string version = "PRAGMA user_version=" + std::to_string(kSchemaVersion);
  KHALDUN_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  Status s;
  if (from == 1) {
    s = Exec(kFromV1);
    for (const char* sql : {kDocumentTables, kV2EventTable, kCopyV1, copy_events.c_str(),
                            "DROP TABLE v1_events; DROP TABLE v1_sentences; "
                            "DROP TABLE v1_documents;"}) {
      if (!s.ok()) break;
      s = Exec(sql);
    }
  }
  if (s.ok()) s = from == 4 ? MigrateV4Events() : from == 3 ? MigrateV3Events() : MigrateV2Events();
  if (s.ok()) s = Exec(kEventIndexes);
  if (s.ok()) s = Exec(version.c_str());
  if (s.ok()) s = Exec("COMMIT");
  if (!s.ok()) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    codes_.resize(1);
    code_ids_.clear();
    kinds_.resize(1);
    kind_ids_.clear();
    return Status(s.code(), "migrating from schema version " + std::to_string(from) + " to " +
                                std::to_string(kSchemaVersion) + ": " + s.message());
  }
  codes_committed_ = codes_.size();
  kinds_committed_ = kinds_.size();
  return Status::Ok();
}

namespace {

// Reads one row of a version-2 `events` table (the columns of kV2EventColumnList from
// column `i` on) into `e`; returns the next column.
int ReadV2Event(sqlite3_stmt* st, int i, Event* e) {
  e->event_id = ColText(st, i++);
  e->doc_id = ColText(st, i++);
  e->story_id = ColText(st, i++);
  e->sentence_index = sqlite3_column_int(st, i++);
  e->date = ColText(st, i++);
  e->date_basis = DateBasisOf(ColText(st, i++));
  e->date_span.begin = ColU32(st, i++);
  e->date_span.end = ColU32(st, i++);
  for (Actor* a : {&e->source, &e->target}) {
    if (a == &e->target) e->has_target = sqlite3_column_int(st, i++) != 0;
    a->text = ColText(st, i++);
    a->code = ColText(st, i++);
    a->country = ColText(st, i++);
    a->sector = ColText(st, i++);
    a->pattern = ColText(st, i++);
    a->span.begin = ColU32(st, i++);
    a->span.end = ColU32(st, i++);
  }
  e->cameo = ColText(st, i++);
  e->cameo_root = ColText(st, i++);
  e->plover = ColText(st, i++);
  e->plover_mode = ColText(st, i++);
  e->goldstein = sqlite3_column_double(st, i++);
  e->quad_class = sqlite3_column_int(st, i++);
  e->negated = sqlite3_column_int(st, i++) != 0;
  e->modality = ModalityOf(ColText(st, i++));
  e->trigger_text = ColText(st, i++);
  e->trigger_span.begin = ColU32(st, i++);
  e->trigger_span.end = ColU32(st, i++);
  e->sentence_span.begin = ColU32(st, i++);
  e->sentence_span.end = ColU32(st, i++);
  e->pattern = ColText(st, i++);
  Location& l = e->location;
  l.valid = sqlite3_column_int(st, i++) != 0;
  l.name = ColText(st, i++);
  l.country = ColText(st, i++);
  l.admin1 = ColText(st, i++);
  l.lat = sqlite3_column_double(st, i++);
  l.lon = sqlite3_column_double(st, i++);
  l.basis = ColText(st, i++);
  l.span.begin = ColU32(st, i++);
  l.span.end = ColU32(st, i++);
  return i;
}

}  // namespace

Status EventStore::MigrateV2Events() {
  // REQUIRES: an open transaction; `events` is a version-2 table.
  KHALDUN_RETURN_IF_ERROR(Exec(
      "DROP INDEX IF EXISTS events_dyad; DROP INDEX IF EXISTS events_target; "
      "DROP INDEX IF EXISTS documents_story; ALTER TABLE events RENAME TO v2_events;"));
  KHALDUN_RETURN_IF_ERROR(Exec(kCodesTable));
  KHALDUN_RETURN_IF_ERROR(Exec(kKindsTable));
  KHALDUN_RETURN_IF_ERROR(Exec(kEventTables));
  StmtCloser read, write;
  std::string sql = std::string("SELECT id, ") + kV2EventColumnList + " FROM v2_events ORDER BY id";
  int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &read.s, nullptr);
  if (rc != SQLITE_OK) return Error(rc, "reading version-2 events");
  std::string insert = std::string("INSERT INTO event_rows(") + kEventInsertList + ") VALUES(?";
  for (int i = 1; i < kEventColumns; ++i) insert += ",?";
  insert += ")";
  rc = sqlite3_prepare_v2(db_, insert.c_str(), -1, &write.s, nullptr);
  if (rc != SQLITE_OK) return Error(rc, "preparing the event insert");
  Event e;
  while ((rc = sqlite3_step(read.s)) == SQLITE_ROW) {
    const int64_t id = sqlite3_column_int64(read.s, 0);
    ReadV2Event(read.s, 1, &e);
    KHALDUN_ASSIGN_OR_RETURN(int64_t source, CodeId(e.source.code));
    KHALDUN_ASSIGN_OR_RETURN(int64_t target, CodeId(e.has_target ? e.target.code : ""));
    KHALDUN_ASSIGN_OR_RETURN(int64_t kind, KindId(e));
    PackDetail(e, e.story_id, &details_[0]);
    sqlite3_reset(write.s);
    BindEventRow(write.s, 0, id, e.event_id, source, target, kind, details_[0], e);
    rc = sqlite3_step(write.s);
    if (rc != SQLITE_DONE) return Error(rc, "writing migrated events");
  }
  if (rc != SQLITE_DONE) return Error(rc, "reading version-2 events");
  return Exec("DROP TABLE v2_events;");
}

Status EventStore::Prepare() {
  std::string row = "(?";
  for (int i = 1; i < kEventColumns; ++i) row += ",?";
  row += ")";
  // OR ROLLBACK: a failing row ends the whole transaction (the batch is rolled back on
  // any failure anyway), so SQLite keeps no statement journal for multi-row inserts.
  const std::string insert_events =
      std::string("INSERT OR ROLLBACK INTO event_rows(") + kEventInsertList + ") VALUES";
  for (int k = 0; k < kEventInsertSizes; ++k) {
    std::string sql = insert_events + row;
    for (int r = 1; r < (1 << k); ++r) sql += "," + row;
    int rc = sqlite3_prepare_v3(db_, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT,
                                &st_->put_events[k], nullptr);
    if (rc != SQLITE_OK) return Error(rc, "preparing statements");
  }
  struct {
    sqlite3_stmt** stmt;
    std::string sql;
  } list[] = {
      {&st_->find_doc, "SELECT key FROM documents WHERE id=?"},
      {&st_->insert_doc,
       "INSERT INTO documents(id,url,title,date,source,story_id,text,status,reason,"
       "n_sentences,n_events,stored_at,sentence_spans) "
       "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13) ON CONFLICT(id) DO NOTHING"},
      {&st_->update_doc,
       "UPDATE documents SET id=?1,url=?2,title=?3,date=?4,source=?5,story_id=?6,text=?7,"
       "status=?8,reason=?9,n_sentences=?10,n_events=?11,stored_at=?12,sentence_spans=?13 "
       "WHERE key=?14"},
      {&st_->old_actors,
       "SELECT source_id, target_id FROM event_rows WHERE id>=?1 AND id<?2"},
      {&st_->del_events, "DELETE FROM event_rows WHERE id>=?1 AND id<?2"},
      {&st_->put_record,
       "INSERT OR REPLACE INTO records(record,status,reason,doc_id,stored_at) "
       "VALUES(?,?,?,?,?)"},
      {&st_->put_actor,
       "INSERT INTO actors(code,country,sector,first_seen,last_seen,count) "
       "VALUES(?1,?2,?3,?4,?5,?6) ON CONFLICT(code) DO UPDATE SET "
       "country=coalesce(excluded.country,country), sector=coalesce(excluded.sector,sector), "
       "first_seen=coalesce(min(first_seen,excluded.first_seen),first_seen,excluded.first_seen),"
       "last_seen=coalesce(max(last_seen,excluded.last_seen),last_seen,excluded.last_seen),"
       "count=count+excluded.count"},
      {&st_->del_dead_actor, "DELETE FROM actors WHERE code=? AND count<=0"},
  };
  for (auto& e : list) {
    int rc = sqlite3_prepare_v3(db_, e.sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, e.stmt,
                                nullptr);
    if (rc != SQLITE_OK) return Error(rc, "preparing statements");
  }
  return Status::Ok();
}

Status EventStore::ReadIdTable(const std::string& sql, std::string_view what,
                               const std::function<void(size_t, sqlite3_stmt*)>& row) {
  StmtCloser s;
  int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &s.s, nullptr);
  if (rc != SQLITE_OK) return Error(rc, "reading " + std::string(what) + "s");
  while ((rc = sqlite3_step(s.s)) == SQLITE_ROW) {
    const int64_t id = sqlite3_column_int64(s.s, 0);
    if (id < 1 || id > (int64_t{1} << 31))
      return CorruptionError(path_ + ": " + std::string(what) + " id " + std::to_string(id) +
                             " out of range");
    row(static_cast<size_t>(id), s.s);
  }
  if (rc != SQLITE_DONE) return Error(rc, "reading " + std::string(what) + "s");
  return Status::Ok();
}

Status EventStore::LoadCodes() {
  codes_.assign(1, std::string());
  code_ids_.clear();
  KHALDUN_RETURN_IF_ERROR(ReadIdTable(
      "SELECT id, code FROM codes ORDER BY id", "actor code", [&](size_t id, sqlite3_stmt* s) {
        if (id >= codes_.size()) codes_.resize(id + 1);
        codes_[id] = ColText(s, 1);
        code_ids_[codes_[id]] = static_cast<int64_t>(id);
      }));
  // Inside a batch the table shows this batch's own codes too: a rollback must still
  // forget those.
  if (!in_batch_) codes_committed_ = codes_.size();
  return Status::Ok();
}

StatusOr<int64_t> EventStore::CodeId(std::string_view code) {
  if (code.empty()) return int64_t{0};
  auto it = code_ids_.find(code);
  if (it != code_ids_.end()) return it->second;
  if (!st_->put_code) {
    int rc = sqlite3_prepare_v3(db_, "INSERT INTO codes(code) VALUES(?)", -1,
                                SQLITE_PREPARE_PERSISTENT, &st_->put_code, nullptr);
    if (rc != SQLITE_OK) return Error(rc, "preparing statements");
  }
  sqlite3_stmt* s = st_->put_code;
  sqlite3_reset(s);
  BindText(s, 1, code);
  int rc = sqlite3_step(s);
  if (rc != SQLITE_DONE) return Error(rc, "adding actor code " + std::string(code));
  const int64_t id = sqlite3_last_insert_rowid(db_);
  if (static_cast<size_t>(id) >= codes_.size()) codes_.resize(static_cast<size_t>(id) + 1);
  codes_[static_cast<size_t>(id)] = std::string(code);
  code_ids_.emplace(std::string(code), id);
  return id;
}

StatusOr<const std::string*> EventStore::CodeOf(int64_t id) {
  if (id < 0) return CorruptionError(path_ + ": negative actor code id");
  if (static_cast<size_t>(id) >= codes_.size()) KHALDUN_RETURN_IF_ERROR(LoadCodes());
  if (static_cast<size_t>(id) >= codes_.size() || (id > 0 && codes_[id].empty()))
    return CorruptionError(path_ + ": event names actor code id " + std::to_string(id) +
                           ", which the codes table lacks");
  return &codes_[static_cast<size_t>(id)];
}

namespace {

// A Goldstein score as SQLite gives it back: NaN is stored as NULL (read as 0), and
// -0 as the integer 0.
double StoredGoldstein(double g) { return g == 0 || g != g ? 0.0 : g; }

// True when event `e` is of kind `k` (the same five kind fields).
bool SameKind(const Event& k, const Event& e) {
  return k.quad_class == e.quad_class && k.goldstein == StoredGoldstein(e.goldstein) &&
         k.cameo == e.cameo && k.cameo_root == e.cameo_root && k.plover == e.plover;
}

}  // namespace

Status EventStore::LoadKinds() {
  kinds_.assign(1, Event());
  kind_ids_.clear();
  KHALDUN_RETURN_IF_ERROR(ReadIdTable(
      std::string("SELECT id, ") + kKindColumnList + " FROM kinds ORDER BY id", "event kind",
      [&](size_t id, sqlite3_stmt* s) {
        if (id >= kinds_.size()) kinds_.resize(id + 1);
        Event& k = kinds_[id];
        k.cameo = ColText(s, 1);
        k.cameo_root = ColText(s, 2);
        k.plover = ColText(s, 3);
        k.goldstein = sqlite3_column_double(s, 4);
        k.quad_class = sqlite3_column_int(s, 5);
        kind_ids_[k.cameo].push_back(static_cast<int64_t>(id));
      }));
  // Inside a batch the table shows this batch's own kinds too: a rollback must still
  // forget those (a later lookup re-reads or re-adds whatever it forgot).
  if (!in_batch_) kinds_committed_ = kinds_.size();
  return Status::Ok();
}

StatusOr<int64_t> EventStore::KindId(const Event& e) {
  auto it = kind_ids_.find(std::string_view(e.cameo));
  if (it != kind_ids_.end())
    for (int64_t id : it->second)
      if (SameKind(kinds_[static_cast<size_t>(id)], e)) return id;
  if (!st_->put_kind) {
    std::string sql = std::string("INSERT INTO kinds(") + kKindColumnList + ") VALUES(?,?,?,?,?)";
    int rc = sqlite3_prepare_v3(db_, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &st_->put_kind,
                                nullptr);
    if (rc != SQLITE_OK) return Error(rc, "preparing statements");
  }
  sqlite3_stmt* s = st_->put_kind;
  sqlite3_reset(s);
  BindText(s, 1, e.cameo);
  BindText(s, 2, e.cameo_root);
  BindText(s, 3, e.plover);
  sqlite3_bind_double(s, 4, e.goldstein);
  sqlite3_bind_int(s, 5, e.quad_class);
  int rc = sqlite3_step(s);
  sqlite3_reset(s);
  if (rc != SQLITE_DONE) return Error(rc, "adding event kind " + e.cameo);
  const int64_t id = sqlite3_last_insert_rowid(db_);
  if (static_cast<size_t>(id) >= kinds_.size()) kinds_.resize(static_cast<size_t>(id) + 1);
  Event& k = kinds_[static_cast<size_t>(id)];
  k.cameo = e.cameo;
  k.cameo_root = e.cameo_root;
  k.plover = e.plover;
  k.goldstein = StoredGoldstein(e.goldstein);
  k.quad_class = e.quad_class;
  kind_ids_[e.cameo].push_back(id);
  return id;
}

StatusOr<const Event*> EventStore::KindOf(int64_t id) {
  if (id < 1) return CorruptionError(path_ + ": event kind id " + std::to_string(id));
  if (static_cast<size_t>(id) >= kinds_.size()) KHALDUN_RETURN_IF_ERROR(LoadKinds());
  if (static_cast<size_t>(id) >= kinds_.size())
    return CorruptionError(path_ + ": event names kind id " + std::to_string(id) +
                           ", which the kinds table lacks");
  return &kinds_[static_cast<size_t>(id)];
}

Status EventStore::MigrateV3Events() {
  // REQUIRES: an open transaction; event_rows is a version-3 table. The kinds are the
  // distinct tuples of the old rows; each row is copied with its kind's id (in id order).
  const std::string k = kKindColumnList;
  std::string v4_cols = kEventColumnList, v3_cols;
  for (size_t start = 0; start < v4_cols.size();) {
    size_t comma = std::min(v4_cols.find(',', start), v4_cols.size());
    std::string c = v4_cols.substr(start, comma - start);
    c.erase(0, c.find_first_not_of(' '));
    v3_cols += (v3_cols.empty() ? "" : ", ") + (c == "kind" ? "k.id" : "e." + c);
    start = comma + 1;
  }
  std::string sql =
      "DROP INDEX IF EXISTS events_dyad; DROP INDEX IF EXISTS events_target; "
      "DROP VIEW IF EXISTS events; ALTER TABLE event_rows RENAME TO v3_event_rows;" +
      std::string(kKindsTable) + kEventTables + "INSERT INTO kinds(" + kKindColumnList +
      ") SELECT DISTINCT " +
      k + " FROM v3_event_rows;";
  KHALDUN_RETURN_IF_ERROR(Exec(sql.c_str()));
  KHALDUN_RETURN_IF_ERROR(Exec(
      "CREATE INDEX v3_kinds ON kinds(cameo, cameo_root, plover, goldstein, quad_class)"));
  sql = "INSERT INTO event_rows(" + std::string(kEventInsertList) + ") SELECT " + v3_cols +
        ", khaldun_day(e.date) FROM v3_event_rows e JOIN kinds k ON k.cameo IS e.cameo AND k.cameo_root IS "
        "e.cameo_root AND k.plover IS e.plover AND k.goldstein IS e.goldstein AND "
        "k.quad_class IS e.quad_class ORDER BY e.id";
  KHALDUN_RETURN_IF_ERROR(Exec(sql.c_str()));
  {
    StmtCloser c;
    int rc = sqlite3_prepare_v2(db_, "SELECT (SELECT count(*) FROM v3_event_rows) - "
                                "(SELECT count(*) FROM event_rows)", -1, &c.s, nullptr);
    if (rc != SQLITE_OK || sqlite3_step(c.s) != SQLITE_ROW)
      return Error(rc == SQLITE_OK ? SQLITE_INTERNAL : rc, "counting migrated events");
    if (sqlite3_column_int64(c.s, 0) != 0)
      return CorruptionError(path_ + ": " + std::to_string(sqlite3_column_int64(c.s, 0)) +
                             " version-3 events found no kind");
  }
  KHALDUN_RETURN_IF_ERROR(Exec("DROP INDEX v3_kinds; DROP TABLE v3_event_rows;"));
  return LoadKinds();
}

Status EventStore::MigrateV4Events() {
  // REQUIRES: an open transaction; event_rows is a version-4 table. Rows are copied
  // in id order with their day key (a new table: the rows grow, and rewriting them in
  // place would split most pages).
  const std::string sql =
      "DROP INDEX IF EXISTS events_dyad; DROP INDEX IF EXISTS events_target; "
      "DROP VIEW IF EXISTS events; ALTER TABLE event_rows RENAME TO v4_event_rows;" +
      std::string(kEventTables) + "INSERT INTO event_rows(" + kEventInsertList + ") SELECT " +
      kEventColumnList + ", khaldun_day(date) FROM v4_event_rows ORDER BY id;" +
      "DROP TABLE v4_event_rows;";
  return Exec(sql.c_str());
}

// Codes added by a batch that did not commit are gone from the file; forget them.
void EventStore::ForgetBatchCodes() {
  for (size_t id = codes_committed_; id < codes_.size(); ++id) code_ids_.erase(codes_[id]);
  codes_.resize(std::min(codes_.size(), codes_committed_));
  for (size_t id = kinds_committed_; id < kinds_.size(); ++id) {
    auto it = kind_ids_.find(kinds_[id].cameo);
    if (it == kind_ids_.end()) continue;
    auto& ids = it->second;
    ids.erase(std::remove(ids.begin(), ids.end(), static_cast<int64_t>(id)), ids.end());
    if (ids.empty()) kind_ids_.erase(it);
  }
  kinds_.resize(std::min(kinds_.size(), kinds_committed_));
}

Status EventStore::BeginBatch() {
  if (options_.read_only) return InvalidArgumentError(path_ + ": opened read-only");
  if (in_batch_) return InternalError(path_ + ": BeginBatch inside an open batch");
  // IMMEDIATE takes the write lock now, so a locked database fails here (after the
  // busy timeout) rather than halfway through a batch.
  KHALDUN_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  in_batch_ = true;
  // One timestamp per batch (what datetime('now') gives, UTC).
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &utc);
  batch_time_ = buf;
  return Status::Ok();
}

Status EventStore::DeferIndexes() {
  if (!in_batch_) return InternalError(path_ + ": DeferIndexes without BeginBatch");
  if (indexes_deferred_) return Status::Ok();
  Status s = Exec(kDropEventIndexes);
  if (!s.ok()) {
    AbandonBatch();
    return s;
  }
  indexes_deferred_ = true;
  return Status::Ok();
}

void EventStore::AbandonBatch() {
  if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  ForgetBatchCodes();
  in_batch_ = false;
  indexes_deferred_ = false;
  pending_->Clear();
}

Status EventStore::CommitBatch() {
  if (!in_batch_) return InternalError(path_ + ": CommitBatch without BeginBatch");
  Status s = FlushPending();
  if (s.ok() && indexes_deferred_) s = Exec(kEventIndexes);
  if (s.ok()) s = Exec("COMMIT");
  if (!s.ok()) {
    AbandonBatch();
    return s;
  }
  in_batch_ = false;
  indexes_deferred_ = false;
  codes_committed_ = codes_.size();
  kinds_committed_ = kinds_.size();
  return Status::Ok();
}

Status EventStore::RollbackBatch() {
  if (!in_batch_) return Status::Ok();
  in_batch_ = false;
  indexes_deferred_ = false;
  pending_->Clear();
  ForgetBatchCodes();
  return Exec("ROLLBACK");
}

Status EventStore::FlushPending() {
  sqlite3_stmt* s = st_->put_actor;
  for (int64_t id : pending_->touched) {
    const Pending::Delta& d = pending_->by_id[static_cast<size_t>(id)];
    if (d.count == 0) continue;
    const std::string& code = codes_[static_cast<size_t>(id)];
    sqlite3_reset(s);
    BindText(s, 1, code);
    BindTextOrNull(s, 2, d.country);
    BindTextOrNull(s, 3, d.sector);
    BindTextOrNull(s, 4, d.first);
    BindTextOrNull(s, 5, d.last);
    sqlite3_bind_int64(s, 6, d.count);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_DONE) return Error(rc, "updating actors");
    if (d.count < 0) {
      sqlite3_stmt* del = st_->del_dead_actor;
      sqlite3_reset(del);
      BindText(del, 1, code);
      rc = sqlite3_step(del);
      if (rc != SQLITE_DONE) return Error(rc, "updating actors");
    }
  }
  pending_->Clear();
  return Status::Ok();
}

Status EventStore::PutDocument(const Document& doc, const std::vector<Event>& events,
                               std::string_view status, std::string_view record) {
  if (options_.read_only) return InvalidArgumentError(path_ + ": opened read-only");
  if (doc.id.empty()) return InvalidArgumentError(path_ + ": document without id");
  if (status != "coded" && status != "empty")
    return InvalidArgumentError(path_ + ": document status must be coded or empty, not '" +
                                std::string(status) + "'");
  if (static_cast<int64_t>(events.size()) >= kMaxEventsPerDocument)
    return InvalidArgumentError(path_ + ": document " + doc.id + " has " +
                                std::to_string(events.size()) + " events, more than the " +
                                std::to_string(kMaxEventsPerDocument - 1) + " a document may have");
  bool own_batch = !in_batch_;
  if (own_batch) KHALDUN_RETURN_IF_ERROR(BeginBatch());
  Status s = PutDocumentLocked(doc, events, status, record);
  if (!s.ok()) {
    // No savepoint per document (with 16 KiB pages it would copy every touched page
    // and cost most of the write time): a failed document rolls back its whole batch,
    // which leaves no partial document and lets the caller rerun the batch.
    AbandonBatch();
    return s;
  }
  if (own_batch) return CommitBatch();
  return Status::Ok();
}

namespace {

void AppendInt(int64_t v, std::string* out) {
  char buf[24];
  out->append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

// Appends "[idx,begin,end,paragraph]," to `out` (formatted on the stack, one append).
void AppendSpan(int idx, Span span, int paragraph, std::string* out) {
  char buf[64];  // four numbers of at most 11 characters each, and 6 more
  char* p = buf;
  auto number = [&p](int64_t v, char after) {
    p = std::to_chars(p, p + 11, v).ptr;
    *p++ = after;
  };
  *p++ = '[';
  number(idx, ',');
  number(span.begin, ',');
  number(span.end, ',');
  number(paragraph, ']');
  *p++ = ',';
  out->append(buf, static_cast<size_t>(p - buf));
}

}  // namespace

Status EventStore::PutDocumentLocked(const Document& doc, const std::vector<Event>& events,
                                     std::string_view status, std::string_view record) {
  int rc;
  const std::string& story = doc.story_id.empty() ? doc.id : doc.story_id;

  // Event ids; events with the same id in one document are one event (the first).
  // The ids made here live in one buffer; duplicates are found by sorting the
  // positions by id (equal ids in position order), which allocates once.
  const size_t n_events = events.size();
  std::string made_ids(16 * n_events, '\0');
  std::vector<std::string_view> ids(n_events);
  for (size_t k = 0; k < n_events; ++k) {
    if (events[k].event_id.empty()) {
      FormatStableEventId(events[k], &made_ids[16 * k]);
      ids[k] = std::string_view(made_ids).substr(16 * k, 16);
    } else {
      ids[k] = events[k].event_id;
    }
  }
  std::vector<size_t> kept(n_events);
  for (size_t k = 0; k < n_events; ++k) kept[k] = k;
  if (n_events > 1) {
    std::vector<size_t> by_id = kept;
    std::sort(by_id.begin(), by_id.end(), [&](size_t a, size_t b) {
      if (int c = ids[a].compare(ids[b])) return c < 0;
      return a < b;
    });
    bool dup = false;
    for (size_t i = 1; i < n_events; ++i)
      if (ids[by_id[i]] == ids[by_id[i - 1]]) {
        kept[by_id[i]] = SIZE_MAX;  // a later event with an id already kept
        dup = true;
      }
    if (dup) kept.erase(std::remove(kept.begin(), kept.end(), SIZE_MAX), kept.end());
  }

  // Sentence spans: the document's, then those only its events name (imported events).
  std::string spans;
  spans.reserve(2 + 24 * doc.sentences.size());
  spans += '[';
  int64_t n_sentences = static_cast<int64_t>(doc.sentences.size());
  for (size_t i = 0; i < doc.sentences.size(); ++i)
    AppendSpan(static_cast<int>(i), doc.sentences[i].span, doc.sentences[i].paragraph, &spans);
  std::set<int> extra;
  for (const Event& e : events)
    if ((e.sentence_index < 0 || static_cast<size_t>(e.sentence_index) >= doc.sentences.size()) &&
        !e.sentence_span.empty() && extra.insert(e.sentence_index).second) {
      AppendSpan(e.sentence_index, e.sentence_span, 0, &spans);
      ++n_sentences;
    }
  if (spans.size() > 1) spans.pop_back();
  spans += ']';

  // A new document is inserted (ON CONFLICT DO NOTHING, so the unique index on ids is
  // searched once); when it is a rerun, it keeps its key and its old events go.
  auto bind_doc = [&](sqlite3_stmt* s) {
    sqlite3_reset(s);
    BindText(s, 1, doc.id);
    BindText(s, 2, doc.url);
    BindText(s, 3, doc.title);
    BindText(s, 4, doc.date);
    BindText(s, 5, doc.source);
    BindText(s, 6, story);
    BindText(s, 7, doc.text);
    BindText(s, 8, status);
    sqlite3_bind_null(s, 9);
    sqlite3_bind_int64(s, 10, n_sentences);
    sqlite3_bind_int64(s, 11, static_cast<int64_t>(kept.size()));
    BindText(s, 12, batch_time_);
    BindText(s, 13, spans);
  };
  sqlite3_stmt* s = st_->insert_doc;
  bind_doc(s);
  rc = sqlite3_step(s);
  if (rc != SQLITE_DONE) return Error(rc, "writing document " + doc.id);
  int64_t key = -1;
  if (sqlite3_changes(db_) == 0) {
    s = st_->find_doc;
    sqlite3_reset(s);
    BindText(s, 1, doc.id);
    rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) return Error(rc == SQLITE_DONE ? SQLITE_INTERNAL : rc,
                                       "looking up document " + doc.id);
    key = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    s = st_->update_doc;
    bind_doc(s);
    sqlite3_bind_int64(s, 14, key);
    rc = sqlite3_step(s);
    if (rc != SQLITE_DONE) return Error(rc, "writing document " + doc.id);
  }

  if (key >= 0) {
    // Its old events leave the actor counts.
    const int64_t first = key << kEventBits, last = first + kMaxEventsPerDocument;
    s = st_->old_actors;
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, first);
    sqlite3_bind_int64(s, 2, last);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      for (int col : {0, 1}) {
        if (sqlite3_column_type(s, col) == SQLITE_NULL) continue;
        const int64_t id = sqlite3_column_int64(s, col);
        KHALDUN_RETURN_IF_ERROR(CodeOf(id).status());  // a known id
        pending_->Add(id, nullptr, {}, -1);
      }
    }
    if (rc != SQLITE_DONE) return Error(rc, "reading old events of " + doc.id);
    s = st_->del_events;
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, first);
    sqlite3_bind_int64(s, 2, last);
    rc = sqlite3_step(s);
    if (rc != SQLITE_DONE) return Error(rc, "replacing document " + doc.id);
  } else {
    key = sqlite3_last_insert_rowid(db_);
  }

  const int64_t base = key << kEventBits;
  for (size_t n = 0; n < kept.size();) {
    int size = kEventInsertSizes - 1;
    while ((size_t{1} << size) > kept.size() - n) --size;
    s = st_->put_events[size];
    sqlite3_reset(s);
    int i = 0;
    for (size_t end = n + (size_t{1} << size), row = 0; n < end; ++n, ++row) {
      const Event& e = events[kept[n]];
      KHALDUN_ASSIGN_OR_RETURN(int64_t source, CodeId(e.source.code));
      KHALDUN_ASSIGN_OR_RETURN(int64_t target, CodeId(e.has_target ? e.target.code : ""));
      KHALDUN_ASSIGN_OR_RETURN(int64_t kind, KindId(e));
      PackDetail(e, e.story_id.empty() ? std::string_view(story) : std::string_view(e.story_id),
                 &details_[row]);
      i = BindEventRow(s, i, base + static_cast<int64_t>(n), ids[kept[n]], source, target,
                       kind, details_[row], e);
      pending_->Add(source, &e.source, e.date, 1);
      pending_->Add(target, &e.target, e.date, 1);
    }
    rc = sqlite3_step(s);
    if (rc != SQLITE_DONE) return Error(rc, "writing events of " + doc.id);
  }

  s = st_->put_record;
  sqlite3_reset(s);
  BindText(s, 1, record.empty() ? std::string_view(doc.id) : record);
  BindText(s, 2, status);
  sqlite3_bind_null(s, 3);
  BindText(s, 4, doc.id);
  BindText(s, 5, batch_time_);
  rc = sqlite3_step(s);
  if (rc != SQLITE_DONE) return Error(rc, "writing record " + doc.id);
  return Status::Ok();
}

Status EventStore::PutRejected(std::string_view record, std::string_view reason) {
  if (options_.read_only) return InvalidArgumentError(path_ + ": opened read-only");
  if (record.empty()) return InvalidArgumentError(path_ + ": rejected record without a name");
  bool own_batch = !in_batch_;
  if (own_batch) KHALDUN_RETURN_IF_ERROR(BeginBatch());
  sqlite3_stmt* s = st_->put_record;
  sqlite3_reset(s);
  BindText(s, 1, record);
  BindText(s, 2, "rejected");
  BindText(s, 3, reason);
  sqlite3_bind_null(s, 4);
  BindText(s, 5, batch_time_);
  int rc = sqlite3_step(s);
  Status st = rc == SQLITE_DONE ? Status::Ok()
                                : Error(rc, "writing rejected record " + std::string(record));
  if (own_batch) {
    if (st.ok()) return CommitBatch();
    RollbackBatch();
  }
  return st;
}

StatusOr<bool> EventStore::KnowsActor(std::string_view code) {
  StmtCloser s;
  int rc = sqlite3_prepare_v2(db_, "SELECT 1 FROM actors WHERE code>=?1 AND code<?2 LIMIT 1",
                              -1, &s.s, nullptr);
  if (rc != SQLITE_OK) return Error(rc, "looking up actors");
  std::string up = Upper(code);
  BindText(s.s, 1, up);
  BindCopy(s.s, 2, PrefixEnd(up));
  rc = sqlite3_step(s.s);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Error(rc, "looking up actors");
}

Status EventStore::BuildQuery(const EventQuery& q, Shape shape, sqlite3_stmt** stmt) {
  // Check actor codes first: an unknown code is an error, not an empty answer.
  std::vector<std::string> codes = q.actors;
  if (!q.dyad_a.empty() || !q.dyad_b.empty()) {
    if (q.dyad_a.empty() || q.dyad_b.empty())
      return InvalidArgumentError("a dyad needs two actor codes (A,B)");
    codes.push_back(q.dyad_a);
    codes.push_back(q.dyad_b);
  }
  for (const std::string& c : codes) {
    if (c.empty()) return InvalidArgumentError("empty actor code in query");
    KHALDUN_ASSIGN_OR_RETURN(bool known, KnowsActor(c));
    if (!known)
      return NotFoundError(path_ + ": unknown actor code '" + c +
                           "': no stored actor has this code or starts with it");
  }
  for (int qc : q.quad_classes)
    if (qc < 1 || qc > 4)
      return InvalidArgumentError("QuadClass must be 1..4, not " + std::to_string(qc));

  std::vector<std::string> binds;
  auto bind = [&](std::string v) {
    binds.push_back(std::move(v));
    return "?" + std::to_string(binds.size());
  };
  // A code prefix becomes the ids of the stored codes it covers ("IRN" -> IRNGOV, IRNMIL,
  // ...), so the (source_id, target_id, date) index is searched at each id pair and date
  // range. Very broad prefixes become a subquery on the codes table.
  std::map<std::string, std::vector<int64_t>> expanded;
  for (const std::string& c : codes) {
    std::string up = Upper(c);
    if (expanded.count(up)) continue;
    StmtCloser st;
    int rc = sqlite3_prepare_v2(db_,
                                "SELECT c.id FROM actors a JOIN codes c ON c.code = a.code "
                                "WHERE a.code>=?1 AND a.code<?2 LIMIT 201",
                                -1, &st.s, nullptr);
    if (rc != SQLITE_OK) return Error(rc, "expanding actor codes");
    std::string hi = PrefixEnd(up);
    BindText(st.s, 1, up);
    BindText(st.s, 2, hi);
    std::vector<int64_t> list;
    while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) list.push_back(sqlite3_column_int64(st.s, 0));
    if (rc != SQLITE_DONE) return Error(rc, "expanding actor codes");
    if (list.size() > 200) list.clear();  // subquery instead
    expanded[up] = std::move(list);
  }
  auto prefix = [&](const char* col, const std::string& code) {
    std::string up = Upper(code);
    const std::vector<int64_t>& list = expanded[up];
    std::string r = std::string(col) + " IN (";
    if (!list.empty()) {
      for (size_t i = 0; i < list.size(); ++i) r += (i ? "," : "") + std::to_string(list[i]);
      return r + ")";
    }
    std::string lo = bind(up);
    std::string hi = bind(PrefixEnd(up));
    return r + "SELECT id FROM codes WHERE code>=" + lo + " AND code<" + hi + ")";
  };
  auto any_of = [&](const char* col, const std::vector<std::string>& vals, bool upper) {
    std::string r = std::string(col) + " IN (";
    for (size_t i = 0; i < vals.size(); ++i)
      r += (i ? "," : "") + bind(upper ? Upper(vals[i]) : vals[i]);
    return r + ")";
  };
  std::vector<std::string> where;
  // The terms of an actor filter or an undirected dyad (any may match), and their
  // place in `where`.
  std::vector<std::string> union_terms;
  size_t union_where = SIZE_MAX;
  if (!q.actors.empty()) {
    // The actor as source, or as target, as pairs of the (source_id, target_id, day)
    // index: the other side is every stored code or NULL (an event without a target,
    // or whose source has no code), so each of the four terms is an index search that
    // takes the day range too; as source alone the index would give every day of the
    // actor's events (without dates, that is the one term for the source side).
    const bool dated = !q.from.empty() || !q.to.empty();
    for (const std::string& a : q.actors) {
      const std::string source = prefix("e.source_id", a), target = prefix("e.target_id", a);
      if (dated) {
        union_terms.push_back("(" + source + " AND e.target_id IN (SELECT id FROM codes))");
        union_terms.push_back("(" + source + " AND e.target_id IS NULL)");
      } else {
        union_terms.push_back(source);
      }
      union_terms.push_back("(e.source_id IN (SELECT id FROM codes) AND " + target + ")");
      union_terms.push_back("(e.source_id IS NULL AND " + target + ")");
    }
    std::string w;
    for (const std::string& t : union_terms) w += (w.empty() ? "" : " OR ") + t;
    union_where = where.size();
    where.push_back("(" + w + ")");
  }
  if (!q.dyad_a.empty()) {
    std::string ab = "(" + prefix("e.source_id", q.dyad_a) + " AND " +
                     prefix("e.target_id", q.dyad_b) + ")";
    if (q.dyad_directed) {
      where.push_back(ab);
    } else {
      std::string ba = "(" + prefix("e.source_id", q.dyad_b) + " AND " +
                       prefix("e.target_id", q.dyad_a) + ")";
      where.push_back("(" + ab + " OR " + ba + ")");
      if (union_terms.empty()) {
        union_terms = {ab, ba};
        union_where = where.size() - 1;
      }
    }
  }
  // Filters on the event type select kinds (a few hundred rows), then their events.
  std::vector<std::string> kind_where;
  if (!q.cameo.empty()) kind_where.push_back(any_of("k.cameo", q.cameo, false));
  if (!q.roots.empty()) {
    std::vector<std::string> roots;
    for (const std::string& r : q.roots) roots.push_back(r.size() == 1 ? "0" + r : r);
    kind_where.push_back(any_of("k.cameo_root", roots, false));
  }
  if (!q.plover.empty()) kind_where.push_back(any_of("k.plover", q.plover, true));
  if (!q.quad_classes.empty()) {
    std::string r = "k.quad_class IN (";
    for (size_t i = 0; i < q.quad_classes.size(); ++i)
      r += (i ? "," : "") + std::to_string(q.quad_classes[i]);
    kind_where.push_back(r + ")");
  }
  if (!kind_where.empty()) {
    std::string r = "e.kind IN (SELECT k.id FROM kinds k WHERE ";
    for (size_t i = 0; i < kind_where.size(); ++i) r += (i ? " AND " : "") + kind_where[i];
    where.push_back(r + ")");
  }
  // Dates: date >= from and date < to + "\x7f" ("2024-01" as an upper bound covers the
  // whole month), as ranges of day keys (which the indexes hold). An even key is a
  // valid date, exact; at an odd bound (a month, a year, any other text) the keys
  // equal to it are texts in the gap around the bound (none when every stored date is
  // a valid date or empty), and only their rows are read to compare the text.
  if (!q.from.empty()) {
    const std::string k = std::to_string(DayKey(q.from));
    where.push_back(DayKey(q.from) % 2 == 0
                        ? "e.day>=" + k
                        : "e.day>=" + k + " AND (e.day>" + k + " OR e.date>=" + bind(q.from) + ")");
  }
  if (!q.to.empty()) {
    const std::string to = q.to + "\x7f";
    const std::string k = std::to_string(DayKey(to));
    where.push_back(DayKey(to) % 2 == 0
                        ? "e.day<" + k
                        : "e.day<=" + k + " AND (e.day<" + k + " OR e.date<" + bind(to) + ")");
  }
  if (!q.place.empty()) {
    std::string p = bind(q.place);
    where.push_back("e.loc_valid=1 AND (e.loc_name=" + p + " COLLATE NOCASE OR e.loc_admin1=" +
                    p + " COLLATE NOCASE OR e.loc_country=" + p + " COLLATE NOCASE)");
  }
  if (!q.include_negated) where.push_back("e.negated=0");

  std::string sql;
  if (shape == Shape::kIds && !union_terms.empty()) {
    // One SELECT per term, UNION ALL: SQLite's OR by union would remember every id in a
    // RowSet and test each row of the next term against it, which costs most of the
    // time when the terms give millions of rows in index order (the ids of an actor's
    // events as target arrive in 5,000 short runs, each a search of a binary tree).
    // An event in two terms comes twice: the caller sorts the ids and drops repeats.
    for (size_t k = 0; k < union_terms.size(); ++k) {
      sql += (k ? " UNION ALL " : "") + std::string("SELECT e.id FROM event_rows e WHERE ") +
             union_terms[k];
      for (size_t i = 0; i < where.size(); ++i)
        if (i != union_where) sql += " AND " + where[i];
    }
  } else if (shape == Shape::kCount) {
    sql = "SELECT count(*) FROM event_rows e";
  } else if (shape == Shape::kIds) {
    sql = "SELECT e.id FROM event_rows e";
  } else {
    sql = std::string("SELECT ") + [] {
      std::string cols;
      std::string list = kEventColumnList;
      size_t start = 0;
      while (start < list.size()) {
        size_t comma = list.find(',', start);
        if (comma == std::string::npos) comma = list.size();
        std::string c = list.substr(start, comma - start);
        while (!c.empty() && c[0] == ' ') c.erase(0, 1);
        cols += "e." + c + ", ";
        start = comma + 1;
      }
      return cols;
    }() + "d.id, d.url, d.title, d.date, d.source, "
          // The sentence: the document text at the span (bytes; clipped to the text).
          "CASE WHEN e.sentence_end > e.sentence_begin THEN substr(CAST(d.text AS BLOB), "
          "e.sentence_begin + 1, e.sentence_end - e.sentence_begin) END "
          "FROM event_rows e "
          "LEFT JOIN documents d ON d.key = (e.id >> " + std::to_string(kEventBits) + ")";
  }
  if (shape == Shape::kRowsById) {
    // The rows of a JSON array of ids (?1), fetched in id order.
    sql += " WHERE e.id IN (SELECT value FROM json_each(?1))";
    binds.clear();
  } else if (!(shape == Shape::kIds && !union_terms.empty())) {
    for (size_t i = 0; i < where.size(); ++i) sql += (i ? " AND " : " WHERE ") + where[i];
  }
  if (shape == Shape::kSortedRows) {
    sql += " ORDER BY e.date, e.event_id, e.id";
    if (q.limit > 0) sql += " LIMIT " + std::to_string(q.limit);
  }
  int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, stmt, nullptr);
  if (rc != SQLITE_OK) return Error(rc, "preparing query");
  for (size_t i = 0; i < binds.size(); ++i) BindCopy(*stmt, static_cast<int>(i + 1), binds[i]);
  return Status::Ok();
}

namespace {

// The columns of a query row (BuildQuery's order).
constexpr int kQueryColumns = 22;

// A query row as the statement holds it.
class StatementRow {
 public:
  explicit StatementRow(sqlite3_stmt* st) : st_(st) {}
  bool Null(int i) const { return sqlite3_column_type(st_, i) == SQLITE_NULL; }
  int64_t Int(int i) const { return sqlite3_column_int64(st_, i); }
  double Double(int i) const { return sqlite3_column_double(st_, i); }
  std::string_view Text(int i) const {
    const unsigned char* p = sqlite3_column_text(st_, i);
    return p ? std::string_view(reinterpret_cast<const char*>(p),
                                static_cast<size_t>(sqlite3_column_bytes(st_, i)))
             : std::string_view();
  }
  std::string_view Blob(int i) const {
    const void* p = sqlite3_column_blob(st_, i);
    return p ? std::string_view(static_cast<const char*>(p),
                                static_cast<size_t>(sqlite3_column_bytes(st_, i)))
             : std::string_view();
  }

 private:
  sqlite3_stmt* st_;
};

// Query rows copied into one buffer (a type byte, then 8 bytes or a 4-byte length and
// the bytes, per column), so that they can be sorted without SQLite's sorter.
class RowBuffer {
 public:
  // Appends the statement's current row; returns its offset.
  size_t Append(sqlite3_stmt* st) {
    const size_t at = bytes_.size();
    for (int i = 0; i < kQueryColumns; ++i) {
      const int type = sqlite3_column_type(st, i);
      bytes_.push_back(static_cast<char>(type));
      if (type == SQLITE_INTEGER) {
        Put(sqlite3_column_int64(st, i));
      } else if (type == SQLITE_FLOAT) {
        Put(sqlite3_column_double(st, i));
      } else if (type != SQLITE_NULL) {
        const void* p = type == SQLITE_TEXT ? static_cast<const void*>(sqlite3_column_text(st, i))
                                            : sqlite3_column_blob(st, i);
        const uint32_t n = static_cast<uint32_t>(sqlite3_column_bytes(st, i));
        Put(n);
        bytes_.append(static_cast<const char*>(p), n);
      }
    }
    return at;
  }
  size_t size() const { return bytes_.size(); }

  // One row of the buffer. REQUIRES: no Append while it is in use.
  class Row {
   public:
    Row(const RowBuffer& buf, size_t at) {
      const char* p = buf.bytes_.data() + at;
      for (int i = 0; i < kQueryColumns; ++i) {
        Cell& c = cells_[i];
        c.type = *p++;
        if (c.type == SQLITE_INTEGER || c.type == SQLITE_FLOAT) {
          std::memcpy(c.type == SQLITE_INTEGER ? static_cast<void*>(&c.i) : &c.d, p, 8);
          p += 8;
        } else if (c.type != SQLITE_NULL) {
          uint32_t n;
          std::memcpy(&n, p, 4);
          c.s = std::string_view(p + 4, n);
          p += 4 + n;
        }
      }
    }
    bool Null(int i) const { return cells_[i].type == SQLITE_NULL; }
    int64_t Int(int i) const {
      const Cell& c = cells_[i];
      return c.type == SQLITE_INTEGER ? c.i : c.type == SQLITE_FLOAT ? static_cast<int64_t>(c.d) : 0;
    }
    double Double(int i) const {
      const Cell& c = cells_[i];
      return c.type == SQLITE_FLOAT ? c.d : c.type == SQLITE_INTEGER ? static_cast<double>(c.i) : 0;
    }
    std::string_view Text(int i) const { return cells_[i].s; }
    std::string_view Blob(int i) const { return cells_[i].s; }

   private:
    struct Cell {
      int type = SQLITE_NULL;
      int64_t i = 0;
      double d = 0;
      std::string_view s;
    };
    Cell cells_[kQueryColumns];
  };

 private:
  template <class T>
  void Put(T v) {
    char b[sizeof v];
    std::memcpy(b, &v, sizeof v);
    bytes_.append(b, sizeof v);
  }
  std::string bytes_;
};

}  // namespace

// Reads a query row (BuildQuery's columns) into `out`, reusing its strings' buffers.
template <class Row>
Status EventStore::ReadRow(const Row& r, StoredEvent* out) {
  StoredEvent& row = *out;
  Event& e = row.event;
  e.event_id.assign(r.Text(1));
  e.has_target = r.Int(4) != 0;
  for (auto [col, actor] : {std::pair{2, &e.source}, std::pair{3, &e.target}}) {
    actor->code.clear();
    if (r.Null(col)) continue;
    KHALDUN_ASSIGN_OR_RETURN(const std::string* code, CodeOf(r.Int(col)));
    actor->code = *code;
  }
  e.date.assign(r.Text(5));
  KHALDUN_ASSIGN_OR_RETURN(const Event* kind, KindOf(r.Int(6)));
  e.cameo.assign(kind->cameo);
  e.cameo_root.assign(kind->cameo_root);
  e.plover.assign(kind->plover);
  e.goldstein = kind->goldstein;
  e.quad_class = kind->quad_class;
  e.negated = r.Int(7) != 0;
  e.trigger_text.assign(r.Text(8));
  Location& l = e.location;
  l.valid = r.Int(9) != 0;
  l.name.assign(r.Text(10));
  l.country.assign(r.Text(11));
  l.admin1.assign(r.Text(12));
  e.sentence_span.begin = static_cast<uint32_t>(r.Int(13));
  e.sentence_span.end = static_cast<uint32_t>(r.Int(14));
  const std::string_view detail = r.Blob(15);
  if (!UnpackDetail(detail.data(), detail.size(), &e))
    return CorruptionError(path_ + ": event " + std::to_string(r.Int(0)) +
                           ": malformed detail blob");
  e.doc_id.assign(r.Text(16));
  row.doc.id = e.doc_id;
  row.doc.url.assign(r.Text(17));
  row.doc.title.assign(r.Text(18));
  row.doc.date.assign(r.Text(19));
  row.doc.source.assign(r.Text(20));
  row.sentence.assign(r.Blob(21));
  return Status::Ok();
}

Status EventStore::Query(const EventQuery& q, const std::function<bool(const StoredEvent&)>& fn) {
  StoredEvent row;
  if (q.limit == 0) {
    // Matches are read unordered into one buffer and sorted here (by date, then event
    // id, then row id): cheaper than SQLite's sorter, which compares records by parsing
    // them. A result of more than kSortInMemoryBytes (a large export) is streamed
    // through SQLite's ORDER BY instead, in bounded memory. A query by actor or dyad
    // first takes the matching ids from the index alone, then reads the rows in id
    // order: rows and their documents lie in id order in the file, so the reads go
    // forward through it instead of jumping between the index's code pairs.
    constexpr size_t kSortInMemoryBytes = size_t{64} << 20;
    constexpr size_t kMaxIds = kSortInMemoryBytes / 64;
    StmtCloser s;
    int rc;
    if (!q.actors.empty() || !q.dyad_a.empty()) {
      StmtCloser ids;
      KHALDUN_RETURN_IF_ERROR(BuildQuery(q, Shape::kIds, &ids.s));
      std::vector<int64_t> list;
      while ((rc = sqlite3_step(ids.s)) == SQLITE_ROW && list.size() <= kMaxIds)
        list.push_back(sqlite3_column_int64(ids.s, 0));
      if (rc != SQLITE_DONE && rc != SQLITE_ROW) return Error(rc, "running query");
      if (rc == SQLITE_DONE) {
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());  // (actor terms)
        std::string json = "[";
        for (int64_t id : list) {
          AppendInt(id, &json);
          json += ',';
        }
        if (json.size() > 1) json.pop_back();
        json += ']';
        KHALDUN_RETURN_IF_ERROR(BuildQuery(q, Shape::kRowsById, &s.s));
        BindCopy(s.s, 1, json);
      }
    } else {
      KHALDUN_RETURN_IF_ERROR(BuildQuery(q, Shape::kRows, &s.s));
    }
    RowBuffer buf;
    struct Key {
      size_t at;   // offset of the row in `buf`
      int64_t id;  // row id (the last tie-break)
    };
    std::vector<Key> keys;
    rc = SQLITE_ROW;
    while (s.s && (rc = sqlite3_step(s.s)) == SQLITE_ROW && buf.size() < kSortInMemoryBytes) {
      keys.push_back({buf.Append(s.s), sqlite3_column_int64(s.s, 0)});
    }
    if (rc == SQLITE_DONE) {
      // Date and event id of each row, as views into the (now fixed) buffer.
      std::vector<std::pair<std::string_view, std::string_view>> sort_keys;
      sort_keys.reserve(keys.size());
      for (const Key& k : keys) {
        RowBuffer::Row r(buf, k.at);
        sort_keys.emplace_back(r.Text(5), r.Text(1));
      }
      std::vector<uint32_t> order(keys.size());
      for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
      std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
        if (int c = sort_keys[a].first.compare(sort_keys[b].first)) return c < 0;
        if (int c = sort_keys[a].second.compare(sort_keys[b].second)) return c < 0;
        return keys[a].id < keys[b].id;
      });
      for (uint32_t i : order) {
        KHALDUN_RETURN_IF_ERROR(ReadRow(RowBuffer::Row(buf, keys[i].at), &row));
        if (!fn(row)) break;
      }
      return Status::Ok();
    }
    if (rc != SQLITE_ROW) return Error(rc, "running query");
  }
  StmtCloser s;
  KHALDUN_RETURN_IF_ERROR(BuildQuery(q, Shape::kSortedRows, &s.s));
  int rc;
  while ((rc = sqlite3_step(s.s)) == SQLITE_ROW) {
    KHALDUN_RETURN_IF_ERROR(ReadRow(StatementRow(s.s), &row));
    if (!fn(row)) return Status::Ok();
  }
  if (rc != SQLITE_DONE) return Error(rc, "running query");
  return Status::Ok();
}

StatusOr<std::vector<StoredEvent>> EventStore::QueryAll(const EventQuery& q) {
  std::vector<StoredEvent> out;
  KHALDUN_RETURN_IF_ERROR(Query(q, [&](const StoredEvent& e) {
    out.push_back(e);
    return true;
  }));
  return out;
}

StatusOr<int64_t> EventStore::Count(const EventQuery& q) {
  StmtCloser s;
  if (!q.actors.empty()) {
    // The ids of the actor's terms, each event once (see BuildQuery).
    KHALDUN_RETURN_IF_ERROR(BuildQuery(q, Shape::kIds, &s.s));
    std::vector<int64_t> ids;
    int rc;
    while ((rc = sqlite3_step(s.s)) == SQLITE_ROW) ids.push_back(sqlite3_column_int64(s.s, 0));
    if (rc != SQLITE_DONE) return Error(rc, "counting events");
    std::sort(ids.begin(), ids.end());
    return static_cast<int64_t>(std::unique(ids.begin(), ids.end()) - ids.begin());
  }
  KHALDUN_RETURN_IF_ERROR(BuildQuery(q, Shape::kCount, &s.s));
  int rc = sqlite3_step(s.s);
  if (rc != SQLITE_ROW) return Error(rc, "counting events");
  return static_cast<int64_t>(sqlite3_column_int64(s.s, 0));
}

StatusOr<Accounting> EventStore::GetAccounting() {
  Accounting a;
  auto scalar = [&](const char* sql, int64_t* out) -> Status {
    StmtCloser s;
    int rc = sqlite3_prepare_v2(db_, sql, -1, &s.s, nullptr);
    if (rc != SQLITE_OK) return Error(rc, "reading counts");
    rc = sqlite3_step(s.s);
    if (rc != SQLITE_ROW) return Error(rc, "reading counts");
    *out = sqlite3_column_int64(s.s, 0);
    return Status::Ok();
  };
  KHALDUN_RETURN_IF_ERROR(scalar("SELECT count(*) FROM records WHERE status='coded'", &a.coded));
  KHALDUN_RETURN_IF_ERROR(scalar("SELECT count(*) FROM records WHERE status='empty'", &a.empty));
  KHALDUN_RETURN_IF_ERROR(
      scalar("SELECT count(*) FROM records WHERE status='rejected'", &a.rejected));
  KHALDUN_RETURN_IF_ERROR(scalar("SELECT count(*) FROM documents", &a.documents));
  KHALDUN_RETURN_IF_ERROR(
      scalar("SELECT coalesce(sum(n_sentences), 0) FROM documents", &a.sentences));
  KHALDUN_RETURN_IF_ERROR(scalar("SELECT count(*) FROM event_rows", &a.events));
  KHALDUN_RETURN_IF_ERROR(scalar("SELECT count(*) FROM actors", &a.actors));
  StmtCloser s;
  int rc = sqlite3_prepare_v2(db_,
                              "SELECT reason, count(*) c FROM records WHERE status='rejected' "
                              "GROUP BY reason ORDER BY c DESC, reason",
                              -1, &s.s, nullptr);
  if (rc != SQLITE_OK) return Error(rc, "reading rejected records");
  while ((rc = sqlite3_step(s.s)) == SQLITE_ROW)
    a.rejected_by_reason.emplace_back(ColText(s.s, 0), sqlite3_column_int64(s.s, 1));
  if (rc != SQLITE_DONE) return Error(rc, "reading rejected records");
  return a;
}

StatusOr<std::vector<ActorRow>> EventStore::Actors() {
  std::vector<ActorRow> out;
  StmtCloser s;
  int rc = sqlite3_prepare_v2(db_,
                              "SELECT code, country, sector, first_seen, last_seen, count "
                              "FROM actors ORDER BY count DESC, code",
                              -1, &s.s, nullptr);
  if (rc != SQLITE_OK) return Error(rc, "reading actors");
  while ((rc = sqlite3_step(s.s)) == SQLITE_ROW) {
    ActorRow r;
    r.code = ColText(s.s, 0);
    r.country = ColText(s.s, 1);
    r.sector = ColText(s.s, 2);
    r.first_seen = ColText(s.s, 3);
    r.last_seen = ColText(s.s, 4);
    r.count = sqlite3_column_int64(s.s, 5);
    out.push_back(std::move(r));
  }
  if (rc != SQLITE_DONE) return Error(rc, "reading actors");
  return out;
}

}  // namespace khaldun
