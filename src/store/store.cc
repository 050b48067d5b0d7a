#include "store/store.h"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace khaldun {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE documents(
  id TEXT PRIMARY KEY, url TEXT, title TEXT, date TEXT, source TEXT,
  story_id TEXT, text TEXT, status TEXT NOT NULL, reason TEXT,
  n_sentences INTEGER, n_events INTEGER, stored_at TEXT);
CREATE INDEX documents_story ON documents(story_id);
CREATE TABLE stories(
  id TEXT PRIMARY KEY, first_date TEXT, last_date TEXT, n_documents INTEGER);
CREATE TABLE sentences(
  doc_id TEXT NOT NULL, idx INTEGER NOT NULL, span_begin INTEGER, span_end INTEGER,
  paragraph INTEGER, text TEXT, PRIMARY KEY(doc_id, idx)) WITHOUT ROWID;
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
CREATE UNIQUE INDEX events_doc ON events(doc_id, event_id);
CREATE INDEX events_dyad ON events(source_code, target_code, date);
CREATE INDEX events_target ON events(target_code, date);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_root ON events(cameo_root, date);
CREATE INDEX events_plover ON events(plover, date);
CREATE TABLE actors(
  code TEXT PRIMARY KEY, country TEXT, sector TEXT, first_seen TEXT, last_seen TEXT,
  count INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE records(
  record TEXT PRIMARY KEY, status TEXT NOT NULL, reason TEXT, doc_id TEXT,
  stored_at TEXT) WITHOUT ROWID;
)sql";

constexpr int kEventColumns = 46;
constexpr const char* kEventColumnList =
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

bool DirectoryWritable(const std::string& path) {
  std::string dir = ".";
  size_t slash = path.rfind('/');
  if (slash != std::string::npos) dir = slash == 0 ? "/" : path.substr(0, slash);
  return ::access(dir.c_str(), W_OK) == 0;
}

}  // namespace

std::string StableEventId(const Event& e) {
  uint64_t h = 1469598103934665603ULL;
  h = Fnv1a(h, e.doc_id);
  h = Fnv1a(h, std::to_string(e.sentence_index));
  h = Fnv1a(h, std::to_string(e.trigger_span.begin) + ":" + std::to_string(e.trigger_span.end));
  h = Fnv1a(h, e.source.code);
  h = Fnv1a(h, e.has_target ? e.target.code : std::string());
  h = Fnv1a(h, e.cameo);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

struct EventStore::Statements {
  sqlite3_stmt* put_doc = nullptr;
  sqlite3_stmt* put_story = nullptr;
  sqlite3_stmt* del_sentences = nullptr;
  sqlite3_stmt* put_sentence = nullptr;
  sqlite3_stmt* old_actors = nullptr;
  sqlite3_stmt* del_events = nullptr;
  sqlite3_stmt* put_event = nullptr;
  sqlite3_stmt* put_record = nullptr;
  sqlite3_stmt* put_actor = nullptr;
  sqlite3_stmt* del_dead_actors = nullptr;
  ~Statements() {
    for (sqlite3_stmt* s : {put_doc, put_story, del_sentences, put_sentence, old_actors,
                            del_events, put_event, put_record, put_actor, del_dead_actors})
      sqlite3_finalize(s);
  }
};

struct EventStore::PendingActors {
  struct Delta {
    std::string country, sector, first, last;
    int64_t count = 0;
  };
  std::map<std::string, Delta, std::less<>> by_code;
  void Add(const Actor& a, const std::string& date, int64_t n) {
    if (a.code.empty()) return;
    Delta d;
    d.country = a.country;
    d.sector = a.sector;
    d.first = d.last = date;
    d.count = n;
    Add(a.code, d);
  }
  void Add(const std::string& code, const Delta& add) {
    auto it = by_code.find(code);
    if (it == by_code.end()) it = by_code.emplace(code, Delta{}).first;
    Delta& d = it->second;
    d.count += add.count;
    if (!add.country.empty()) d.country = add.country;
    if (!add.sector.empty()) d.sector = add.sector;
    if (!add.first.empty() && (d.first.empty() || add.first < d.first)) d.first = add.first;
    if (!add.last.empty() && (d.last.empty() || add.last > d.last)) d.last = add.last;
  }
  void Merge(const PendingActors& o) {
    for (const auto& [code, d] : o.by_code) Add(code, d);
  }
};

EventStore::EventStore(sqlite3* db, std::string path, StoreOptions options)
    : db_(db),
      path_(std::move(path)),
      options_(options),
      st_(std::make_unique<Statements>()),
      pending_actors_(std::make_unique<PendingActors>()),
      doc_actors_(std::make_unique<PendingActors>()) {}

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
  if (version == 0 && tables == 0) {
    if (options_.read_only) return InvalidArgumentError(path_ + ": empty database (no khaldun schema)");
    KHALDUN_RETURN_IF_ERROR(CreateSchema());
  } else if (version < kSchemaVersion) {
    // No migration exists yet from any older version; say so rather than guess.
    return CorruptionError(
        path_ + ": database has schema version " + std::to_string(version) +
        (version == 0 ? " (not written by khaldun, or written before versioning)" : "") +
        ", this khaldun needs version " + std::to_string(kSchemaVersion) +
        " and cannot migrate it; write to a new file (or rerun the inputs into one)");
  } else if (version > kSchemaVersion) {
    return CorruptionError(path_ + ": database has schema version " + std::to_string(version) +
                           ", newer than this khaldun's " + std::to_string(kSchemaVersion) +
                           "; use a newer khaldun");
  }
  if (!options_.read_only) {
    KHALDUN_RETURN_IF_ERROR(Exec("PRAGMA journal_mode=WAL"));
    KHALDUN_RETURN_IF_ERROR(Exec("PRAGMA synchronous=NORMAL"));
    // Checkpoint every ~64 MiB of WAL rather than every 4 MiB: fewer fsyncs per batch.
    KHALDUN_RETURN_IF_ERROR(Exec("PRAGMA wal_autocheckpoint=4096"));
    KHALDUN_RETURN_IF_ERROR(Exec("PRAGMA mmap_size=268435456"));
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
  Status s = Exec(kSchema);
  if (s.ok()) {
    std::string v = "PRAGMA user_version=" + std::to_string(kSchemaVersion);
    s = Exec(v.c_str());
  }
  if (s.ok()) return Exec("COMMIT");
  sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  return s;
}

Status EventStore::Prepare() {
  struct {
    sqlite3_stmt** stmt;
    std::string sql;
  } list[] = {
      {&st_->put_doc,
       "INSERT OR REPLACE INTO documents(id,url,title,date,source,story_id,text,status,reason,"
       "n_sentences,n_events,stored_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,datetime('now'))"},
      {&st_->put_story,
       "INSERT OR REPLACE INTO stories(id,first_date,last_date,n_documents) "
       "SELECT ?1, min(NULLIF(date,'')), max(NULLIF(date,'')), count(*) FROM documents "
       "WHERE story_id=?1"},
      {&st_->del_sentences, "DELETE FROM sentences WHERE doc_id=?"},
      {&st_->put_sentence,
       "INSERT OR REPLACE INTO sentences(doc_id,idx,span_begin,span_end,paragraph,text) "
       "VALUES(?,?,?,?,?,?)"},
      {&st_->old_actors,
       "SELECT source_code, target_code, has_target FROM events WHERE doc_id=?"},
      {&st_->del_events, "DELETE FROM events WHERE doc_id=?"},
      {&st_->put_event, std::string("INSERT INTO events(") + kEventColumnList +
                            ") VALUES(?" + [] {
                              std::string q;
                              for (int i = 1; i < kEventColumns; ++i) q += ",?";
                              return q;
                            }() + ")"},
      {&st_->put_record,
       "INSERT OR REPLACE INTO records(record,status,reason,doc_id,stored_at) "
       "VALUES(?,?,?,?,datetime('now'))"},
      {&st_->put_actor,
       "INSERT INTO actors(code,country,sector,first_seen,last_seen,count) "
       "VALUES(?1,?2,?3,?4,?5,?6) ON CONFLICT(code) DO UPDATE SET "
       "country=coalesce(excluded.country,country), sector=coalesce(excluded.sector,sector), "
       "first_seen=coalesce(min(first_seen,excluded.first_seen),first_seen,excluded.first_seen),"
       "last_seen=coalesce(max(last_seen,excluded.last_seen),last_seen,excluded.last_seen),"
       "count=count+excluded.count"},
      {&st_->del_dead_actors, "DELETE FROM actors WHERE count<=0"},
  };
  for (auto& e : list) {
    int rc = sqlite3_prepare_v3(db_, e.sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, e.stmt,
                                nullptr);
    if (rc != SQLITE_OK) return Error(rc, "preparing statements");
  }
  return Status::Ok();
}

Status EventStore::Step(sqlite3_stmt* stmt, const std::string& what) {
  sqlite3_reset(stmt);
  int rc = sqlite3_step(stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return Error(rc, what);
  sqlite3_reset(stmt);
  return Status::Ok();
}

Status EventStore::BeginBatch() {
  if (options_.read_only) return InvalidArgumentError(path_ + ": opened read-only");
  if (in_batch_) return InternalError(path_ + ": BeginBatch inside an open batch");
  // IMMEDIATE takes the write lock now, so a locked database fails here (after the
  // busy timeout) rather than halfway through a batch.
  KHALDUN_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  in_batch_ = true;
  return Status::Ok();
}

Status EventStore::CommitBatch() {
  if (!in_batch_) return InternalError(path_ + ": CommitBatch without BeginBatch");
  Status s = FlushActors();
  if (s.ok()) s = Exec("COMMIT");
  if (!s.ok()) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    pending_actors_->by_code.clear();
    in_batch_ = false;
    return s;
  }
  in_batch_ = false;
  return Status::Ok();
}

Status EventStore::RollbackBatch() {
  if (!in_batch_) return Status::Ok();
  in_batch_ = false;
  pending_actors_->by_code.clear();
  return Exec("ROLLBACK");
}

Status EventStore::FlushActors() {
  sqlite3_stmt* s = st_->put_actor;
  for (const auto& [code, d] : pending_actors_->by_code) {
    if (d.count == 0) continue;
    sqlite3_reset(s);
    BindText(s, 1, code);
    BindTextOrNull(s, 2, d.country);
    BindTextOrNull(s, 3, d.sector);
    BindTextOrNull(s, 4, d.first);
    BindTextOrNull(s, 5, d.last);
    sqlite3_bind_int64(s, 6, d.count);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_DONE) return Error(rc, "updating actors");
  }
  pending_actors_->by_code.clear();
  sqlite3_reset(st_->del_dead_actors);
  int rc = sqlite3_step(st_->del_dead_actors);
  if (rc != SQLITE_DONE) return Error(rc, "updating actors");
  return Status::Ok();
}

Status EventStore::PutDocument(const Document& doc, const std::vector<Event>& events,
                               std::string_view status, std::string_view record) {
  if (options_.read_only) return InvalidArgumentError(path_ + ": opened read-only");
  if (doc.id.empty()) return InvalidArgumentError(path_ + ": document without id");
  if (status != "coded" && status != "empty")
    return InvalidArgumentError(path_ + ": document status must be coded or empty, not '" +
                                std::string(status) + "'");
  bool own_batch = !in_batch_;
  if (own_batch) KHALDUN_RETURN_IF_ERROR(BeginBatch());
  doc_actors_->by_code.clear();
  Status s = PutDocumentLocked(doc, events, status, record);
  if (!s.ok()) {
    // No savepoint per document (with 16 KiB pages it would copy every touched page
    // and cost most of the write time): a failed document rolls back its whole batch,
    // which leaves no partial document and lets the caller rerun the batch.
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    in_batch_ = false;
    pending_actors_->by_code.clear();
    return s;
  }
  pending_actors_->Merge(*doc_actors_);
  if (own_batch) return CommitBatch();
  return Status::Ok();
}

Status EventStore::PutDocumentLocked(const Document& doc, const std::vector<Event>& events,
                                     std::string_view status, std::string_view record) {
  int rc;
  const std::string story = doc.story_id.empty() ? doc.id : doc.story_id;

  // Old events of this document leave the actor counts.
  sqlite3_stmt* s = st_->old_actors;
  sqlite3_reset(s);
  BindText(s, 1, doc.id);
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    Actor a;
    a.code = ColText(s, 0);
    doc_actors_->Add(a, {}, -1);
    if (sqlite3_column_int(s, 2)) {
      a.code = ColText(s, 1);
      doc_actors_->Add(a, {}, -1);
    }
  }
  if (rc != SQLITE_DONE) return Error(rc, "reading old events of " + doc.id);

  for (sqlite3_stmt* del : {st_->del_events, st_->del_sentences}) {
    sqlite3_reset(del);
    BindText(del, 1, doc.id);
    rc = sqlite3_step(del);
    if (rc != SQLITE_DONE) return Error(rc, "replacing document " + doc.id);
  }

  s = st_->put_doc;
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
  sqlite3_bind_int64(s, 10, static_cast<int64_t>(doc.sentences.size()));
  sqlite3_bind_int64(s, 11, static_cast<int64_t>(events.size()));
  rc = sqlite3_step(s);
  if (rc != SQLITE_DONE) return Error(rc, "writing document " + doc.id);

  s = st_->put_story;
  sqlite3_reset(s);
  BindText(s, 1, story);
  rc = sqlite3_step(s);
  if (rc != SQLITE_DONE) return Error(rc, "writing story " + story);

  auto put_sentence = [&](int idx, Span span, int paragraph) -> Status {
    sqlite3_stmt* p = st_->put_sentence;
    sqlite3_reset(p);
    BindText(p, 1, doc.id);
    sqlite3_bind_int(p, 2, idx);
    sqlite3_bind_int64(p, 3, span.begin);
    sqlite3_bind_int64(p, 4, span.end);
    sqlite3_bind_int(p, 5, paragraph);
    BindText(p, 6, doc.Text(span));
    int r = sqlite3_step(p);
    if (r != SQLITE_DONE) return Error(r, "writing sentences of " + doc.id);
    return Status::Ok();
  };
  for (size_t i = 0; i < doc.sentences.size(); ++i)
    KHALDUN_RETURN_IF_ERROR(
        put_sentence(static_cast<int>(i), doc.sentences[i].span, doc.sentences[i].paragraph));
  // Events may name sentences the document does not carry (e.g. imported events).
  std::set<int> extra;
  for (const Event& e : events)
    if ((e.sentence_index < 0 || static_cast<size_t>(e.sentence_index) >= doc.sentences.size()) &&
        !e.sentence_span.empty() && extra.insert(e.sentence_index).second)
      KHALDUN_RETURN_IF_ERROR(put_sentence(e.sentence_index, e.sentence_span, 0));

  s = st_->put_event;
  std::string made_id;
  for (const Event& e : events) {
    sqlite3_reset(s);
    int i = 0;
    if (e.event_id.empty()) made_id = StableEventId(e);
    BindText(s, ++i, e.event_id.empty() ? made_id : e.event_id);
    BindText(s, ++i, doc.id);
    BindText(s, ++i, e.story_id.empty() ? story : e.story_id);
    sqlite3_bind_int(s, ++i, e.sentence_index);
    BindText(s, ++i, e.date);
    BindText(s, ++i, DateBasisName(e.date_basis));
    sqlite3_bind_int64(s, ++i, e.date_span.begin);
    sqlite3_bind_int64(s, ++i, e.date_span.end);
    for (const Actor* a : {&e.source, &e.target}) {
      if (a == &e.target) sqlite3_bind_int(s, ++i, e.has_target ? 1 : 0);
      BindText(s, ++i, a->text);
      BindText(s, ++i, a->code);
      BindText(s, ++i, a->country);
      BindText(s, ++i, a->sector);
      BindText(s, ++i, a->pattern);
      sqlite3_bind_int64(s, ++i, a->span.begin);
      sqlite3_bind_int64(s, ++i, a->span.end);
    }
    BindText(s, ++i, e.cameo);
    BindText(s, ++i, e.cameo_root);
    BindText(s, ++i, e.plover);
    BindText(s, ++i, e.plover_mode);
    sqlite3_bind_double(s, ++i, e.goldstein);
    sqlite3_bind_int(s, ++i, e.quad_class);
    sqlite3_bind_int(s, ++i, e.negated ? 1 : 0);
    BindText(s, ++i, ModalityName(e.modality));
    BindText(s, ++i, e.trigger_text);
    sqlite3_bind_int64(s, ++i, e.trigger_span.begin);
    sqlite3_bind_int64(s, ++i, e.trigger_span.end);
    sqlite3_bind_int64(s, ++i, e.sentence_span.begin);
    sqlite3_bind_int64(s, ++i, e.sentence_span.end);
    BindText(s, ++i, e.pattern);
    const Location& l = e.location;
    sqlite3_bind_int(s, ++i, l.valid ? 1 : 0);
    BindText(s, ++i, l.name);
    BindText(s, ++i, l.country);
    BindText(s, ++i, l.admin1);
    sqlite3_bind_double(s, ++i, l.lat);
    sqlite3_bind_double(s, ++i, l.lon);
    BindText(s, ++i, l.basis);
    sqlite3_bind_int64(s, ++i, l.span.begin);
    sqlite3_bind_int64(s, ++i, l.span.end);
    rc = sqlite3_step(s);
    if (rc != SQLITE_DONE) return Error(rc, "writing events of " + doc.id);
    doc_actors_->Add(e.source, e.date, 1);
    if (e.has_target) doc_actors_->Add(e.target, e.date, 1);
  }

  s = st_->put_record;
  sqlite3_reset(s);
  BindText(s, 1, record.empty() ? std::string_view(doc.id) : record);
  BindText(s, 2, status);
  sqlite3_bind_null(s, 3);
  BindText(s, 4, doc.id);
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

Status EventStore::BuildQuery(const EventQuery& q, bool count_only, sqlite3_stmt** stmt) {
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
  // A code prefix becomes the list of stored codes it covers ("IRN" -> IRNGOV, IRNMIL,
  // ...), so the (source_code, target_code, date) index is searched at each code pair
  // and date range instead of scanning every entry of the prefix. Very broad prefixes
  // stay ranges.
  std::map<std::string, std::vector<std::string>> expanded;
  for (const std::string& c : codes) {
    std::string up = Upper(c);
    if (expanded.count(up)) continue;
    StmtCloser st;
    int rc = sqlite3_prepare_v2(db_, "SELECT code FROM actors WHERE code>=?1 AND code<?2 LIMIT 201",
                                -1, &st.s, nullptr);
    if (rc != SQLITE_OK) return Error(rc, "expanding actor codes");
    std::string hi = PrefixEnd(up);
    BindText(st.s, 1, up);
    BindText(st.s, 2, hi);
    std::vector<std::string> list;
    while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) list.push_back(ColText(st.s, 0));
    if (rc != SQLITE_DONE) return Error(rc, "expanding actor codes");
    if (list.size() > 200) list.clear();  // range instead
    expanded[up] = std::move(list);
  }
  auto prefix = [&](const char* col, const std::string& code) {
    std::string up = Upper(code);
    const std::vector<std::string>& list = expanded[up];
    if (!list.empty()) {
      std::string r = std::string(col) + " IN (";
      for (size_t i = 0; i < list.size(); ++i) r += (i ? "," : "") + bind(list[i]);
      return r + ")";
    }
    std::string lo = bind(up);
    std::string hi = bind(PrefixEnd(up));
    return std::string("(") + col + ">=" + lo + " AND " + col + "<" + hi + ")";
  };
  auto any_of = [&](const char* col, const std::vector<std::string>& vals, bool upper) {
    std::string r = std::string(col) + " IN (";
    for (size_t i = 0; i < vals.size(); ++i)
      r += (i ? "," : "") + bind(upper ? Upper(vals[i]) : vals[i]);
    return r + ")";
  };
  std::vector<std::string> where;
  if (!q.actors.empty()) {
    std::string w;
    for (const std::string& a : q.actors) {
      if (!w.empty()) w += " OR ";
      w += prefix("e.source_code", a) + " OR (e.has_target=1 AND " + prefix("e.target_code", a) + ")";
    }
    where.push_back("(" + w + ")");
  }
  if (!q.dyad_a.empty()) {
    std::string ab = "(" + prefix("e.source_code", q.dyad_a) + " AND " +
                     prefix("e.target_code", q.dyad_b) + ")";
    if (q.dyad_directed) {
      where.push_back(ab);
    } else {
      std::string ba = "(" + prefix("e.source_code", q.dyad_b) + " AND " +
                       prefix("e.target_code", q.dyad_a) + ")";
      where.push_back("(" + ab + " OR " + ba + ")");
    }
    where.push_back("e.has_target=1");
  }
  if (!q.cameo.empty()) where.push_back(any_of("e.cameo", q.cameo, false));
  if (!q.roots.empty()) {
    std::vector<std::string> roots;
    for (const std::string& r : q.roots) roots.push_back(r.size() == 1 ? "0" + r : r);
    where.push_back(any_of("e.cameo_root", roots, false));
  }
  if (!q.plover.empty()) where.push_back(any_of("e.plover", q.plover, true));
  if (!q.quad_classes.empty()) {
    std::string r = "e.quad_class IN (";
    for (size_t i = 0; i < q.quad_classes.size(); ++i)
      r += (i ? "," : "") + std::to_string(q.quad_classes[i]);
    where.push_back(r + ")");
  }
  if (!q.from.empty()) where.push_back("e.date>=" + bind(q.from));
  // "2024-01" as an upper bound covers the whole month.
  if (!q.to.empty()) where.push_back("e.date<" + bind(q.to + "\x7f"));
  if (!q.place.empty()) {
    std::string p = bind(q.place);
    where.push_back("e.loc_valid=1 AND (e.loc_name=" + p + " COLLATE NOCASE OR e.loc_admin1=" +
                    p + " COLLATE NOCASE OR e.loc_country=" + p + " COLLATE NOCASE)");
  }
  if (!q.include_negated) where.push_back("e.negated=0");

  std::string sql;
  if (count_only) {
    sql = "SELECT count(*) FROM events e";
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
    }() + "s.text, d.url, d.title, d.date, d.source FROM events e "
          "LEFT JOIN sentences s ON s.doc_id=e.doc_id AND s.idx=e.sentence_index "
          "LEFT JOIN documents d ON d.id=e.doc_id";
  }
  for (size_t i = 0; i < where.size(); ++i) sql += (i ? " AND " : " WHERE ") + where[i];
  if (!count_only) {
    sql += " ORDER BY e.date, e.event_id";
    if (q.limit > 0) sql += " LIMIT " + std::to_string(q.limit);
  }
  int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, stmt, nullptr);
  if (rc != SQLITE_OK) return Error(rc, "preparing query");
  for (size_t i = 0; i < binds.size(); ++i) BindCopy(*stmt, static_cast<int>(i + 1), binds[i]);
  return Status::Ok();
}

Status EventStore::Query(const EventQuery& q, const std::function<bool(const StoredEvent&)>& fn) {
  StmtCloser s;
  KHALDUN_RETURN_IF_ERROR(BuildQuery(q, false, &s.s));
  StoredEvent row;
  int rc;
  while ((rc = sqlite3_step(s.s)) == SQLITE_ROW) {
    Event& e = row.event;
    sqlite3_stmt* st = s.s;
    int i = 0;
    e.event_id = ColText(st, i++);
    e.doc_id = ColText(st, i++);
    e.story_id = ColText(st, i++);
    e.sentence_index = sqlite3_column_int(st, i++);
    e.date = ColText(st, i++);
    e.date_basis = DateBasisOf(ColText(st, i++));
    e.date_span.begin = ColU32(st, i++);
    e.date_span.end = ColU32(st, i++);
    for (Actor* a : {&e.source, &e.target}) {
      if (a == &e.target) e.has_target = sqlite3_column_int(st, i++) != 0;
      a->text = ColText(st, i++);
      a->code = ColText(st, i++);
      a->country = ColText(st, i++);
      a->sector = ColText(st, i++);
      a->pattern = ColText(st, i++);
      a->span.begin = ColU32(st, i++);
      a->span.end = ColU32(st, i++);
    }
    e.cameo = ColText(st, i++);
    e.cameo_root = ColText(st, i++);
    e.plover = ColText(st, i++);
    e.plover_mode = ColText(st, i++);
    e.goldstein = sqlite3_column_double(st, i++);
    e.quad_class = sqlite3_column_int(st, i++);
    e.negated = sqlite3_column_int(st, i++) != 0;
    e.modality = ModalityOf(ColText(st, i++));
    e.trigger_text = ColText(st, i++);
    e.trigger_span.begin = ColU32(st, i++);
    e.trigger_span.end = ColU32(st, i++);
    e.sentence_span.begin = ColU32(st, i++);
    e.sentence_span.end = ColU32(st, i++);
    e.pattern = ColText(st, i++);
    Location& l = e.location;
    l.valid = sqlite3_column_int(st, i++) != 0;
    l.name = ColText(st, i++);
    l.country = ColText(st, i++);
    l.admin1 = ColText(st, i++);
    l.lat = sqlite3_column_double(st, i++);
    l.lon = sqlite3_column_double(st, i++);
    l.basis = ColText(st, i++);
    l.span.begin = ColU32(st, i++);
    l.span.end = ColU32(st, i++);
    row.sentence = ColText(st, i++);
    row.doc.id = e.doc_id;
    row.doc.url = ColText(st, i++);
    row.doc.title = ColText(st, i++);
    row.doc.date = ColText(st, i++);
    row.doc.source = ColText(st, i++);
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
  KHALDUN_RETURN_IF_ERROR(BuildQuery(q, true, &s.s));
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
  KHALDUN_RETURN_IF_ERROR(scalar("SELECT count(*) FROM sentences", &a.sentences));
  KHALDUN_RETURN_IF_ERROR(scalar("SELECT count(*) FROM events", &a.events));
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
