// EventStore: the embedded SQLite event store (one file, e.g. `--db events.sqlite`).
//
// Tables (schema version kSchemaVersion, kept in `PRAGMA user_version`; docs/FORMATS.md):
//   documents  key (integer), id, url, title, date, source, story_id, text, status,
//              counts, sentence_spans (JSON)
//   stories    (view) id, first_date, last_date, n_documents
//   sentences  (view) (doc_key, idx) -> span, paragraph, text (the document's at the span)
//   event_rows id = document key * 2^20 + position; the filtered fields as columns
//              (actor codes as `codes` ids), the rest packed in one blob; one index,
//              (source_id, target_id, day), for dyads and actors
//   events     (view) the filtered columns with doc_id and actor codes, for ad hoc SQL
//   codes      id -> actor code (append-only dictionary)
//   actors     code, country, sector, first_seen, last_seen, count
//   records    one row per input record: record, status (coded/empty/rejected), reason
// A file of schema version 1 to 4 is migrated to the current version when opened for
// writing (one transaction); other versions are refused with a message naming both.
// Writes happen in transactions, one per batch of documents (BeginBatch/CommitBatch).
// A document that fails to write (full disk, I/O error) rolls back its whole batch, so
// the file never holds a partial document or a partial batch; the caller may rerun the
// batch (puts are idempotent).
// Re-putting a document replaces it and its events (events keyed by their stable id),
// so a rerun over the same inputs updates rather than duplicates. The file is in WAL
// mode with synchronous=NORMAL: a crash or a kill loses at most the open batch.
//
// Failures are Status values naming the file: a database locked by another writer
// (after `busy_timeout_ms`), a read-only file or directory, a full disk (SQLITE_FULL,
// also when `max_db_pages` is reached), a database of an unknown or newer schema (or
// of version 1 opened read-only), an actor code in a query that the store has never
// seen.
//
// Thread-safety: one EventStore is used by one thread at a time (SQLite connection
// with no shared cache). Several processes may read while one writes (WAL).
#ifndef KHALDUN_STORE_STORE_H_
#define KHALDUN_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "khaldun/document.h"
#include "khaldun/event.h"
#include "khaldun/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace khaldun {

// Version of the schema this code writes. Version history:
//   1: first schema (documents, stories, sentences, events, actors, records).
//   2: integer document keys, event ids derived from them; sentence spans in the
//      document row (`sentences` and `stories` are views); events indexed by dyad
//      and by target only.
//   3: narrow event rows: actor codes as integer ids (`codes`), the fields no query
//      filters on packed in one blob; `events` becomes a view.
//   4: the event type (CAMEO code, root, PLOVER, Goldstein, QuadClass) is a `kinds` id.
//   5: event rows carry `day`, an integer key of their date that the index holds
//      instead of the date text; one index (source_id, target_id, day) instead of two.
inline constexpr int kSchemaVersion = 5;

struct StoreOptions {
  // Create the file (and schema) when it does not exist. When false, a missing file
  // is NotFound.
  bool create_if_missing = true;
  // Open without writing anything (queries only). Implies !create_if_missing.
  bool read_only = false;
  // How long to wait for another process's lock before failing.
  int busy_timeout_ms = 5000;
  // Page-cache size in MiB for this connection.
  int cache_mib = 64;
  // Upper bound on the file size in pages of 16 KiB (0 = no bound). Reaching it fails
  // like a full disk (IoError), which is also how tests exercise that path.
  int64_t max_db_pages = 0;
};

// Metadata of the document an event came from (joined in by queries).
struct DocInfo {
  std::string id, url, title, date, source;
};

// An event as read back from the store, with its sentence text and document.
struct StoredEvent {
  Event event;
  std::string sentence;  // text of event.sentence_span (spans are document offsets)
  DocInfo doc;
};

// Filters of a query; empty fields do not filter. All given filters must hold.
struct EventQuery {
  // Actor codes or code prefixes ("IRN" matches IRNGOV, IRNMIL...); an event matches
  // when its source or its target matches any of them.
  std::vector<std::string> actors;
  // Dyad: events between A and B (code or prefix each). Either direction unless
  // dyad_directed (then A is the source, B the target).
  std::string dyad_a, dyad_b;
  bool dyad_directed = false;
  std::vector<std::string> cameo;   // exact CAMEO codes ("195")
  std::vector<std::string> roots;   // CAMEO roots ("19")
  std::vector<std::string> plover;  // PLOVER event types ("ASSAULT"), case-insensitive
  std::vector<int> quad_classes;    // 1..4
  std::string from, to;             // inclusive YYYY-MM-DD bounds (prefixes allowed)
  // Place: matches location name, admin1 or ISO2 country, case-insensitively.
  std::string place;
  bool include_negated = true;
  int64_t limit = 0;  // 0 = all
};

// Counts of input records by outcome (the accounting of a run).
struct Accounting {
  int64_t coded = 0, empty = 0, rejected = 0;
  std::vector<std::pair<std::string, int64_t>> rejected_by_reason;  // most frequent first
  int64_t documents = 0, sentences = 0, events = 0, actors = 0;
};

struct ActorRow {
  std::string code, country, sector, first_seen, last_seen;
  int64_t count = 0;
};

class EventStore {
 public:
  // Opens (or creates) the database at `path`. Migrates a version-1 file (not when
  // options.read_only). Fails on a read-only file or directory (unless
  // options.read_only), a schema of another version (with a message naming both), or
  // a file that is not an SQLite database.
  static StatusOr<std::unique_ptr<EventStore>> Open(const std::string& path,
                                                    const StoreOptions& options = {});
  ~EventStore();
  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;

  const std::string& path() const { return path_; }

  // One write transaction per batch. Puts outside a batch run in their own.
  // REQUIRES: no batch open (BeginBatch) / a batch open (Commit/Rollback).
  Status BeginBatch();
  Status CommitBatch();
  Status RollbackBatch();  // drops everything put since BeginBatch
  bool in_batch() const { return in_batch_; }

  // Bulk loading: drops the event indexes for the rest of the open batch, so puts
  // only append, and rebuilds them (one sort each) in CommitBatch. Worth it when the
  // batch is large next to the store (an import into a new store); a rollback
  // restores them as they were.
  // REQUIRES: in_batch().
  Status DeferIndexes();

  // Stores `doc` (metadata, text, sentences) and replaces all events stored for
  // doc.id by `events`. On failure the open batch has been rolled back (in_batch()
  // is false). `status` is "coded" or "empty" (a document that gave no
  // event). Events with an empty event_id get a stable one (StableEventId); events
  // with the same id in one document are stored once. The input record is accounted
  // under `record` (doc.id when empty).
  Status PutDocument(const Document& doc, const std::vector<Event>& events,
                     std::string_view status, std::string_view record = {});
  // Accounts an input record that produced no document (bad bytes, too large, ...).
  Status PutRejected(std::string_view record, std::string_view reason);

  // Streams events matching `q`, ordered by date, event id, then storage order. `fn`
  // returns false to stop. Fails with NotFound for an actor code or prefix that no
  // stored actor has. Without a limit, up to 64 MiB of matching rows are held and
  // sorted in memory (a query by actor or dyad reads them in storage order); a larger
  // result streams through SQLite's sort.
  Status Query(const EventQuery& q, const std::function<bool(const StoredEvent&)>& fn);
  StatusOr<std::vector<StoredEvent>> QueryAll(const EventQuery& q);
  // Count of matching events (same filters, no rows built).
  StatusOr<int64_t> Count(const EventQuery& q);

  StatusOr<Accounting> GetAccounting();
  StatusOr<std::vector<ActorRow>> Actors();
  // True when some stored actor code equals or starts with `code_or_prefix`.
  StatusOr<bool> KnowsActor(std::string_view code_or_prefix);

 private:
  EventStore(sqlite3* db, std::string path, StoreOptions options);
  Status Init();
  Status CreateSchema();
  Status Migrate(int from_version);
  Status Prepare();
  Status Exec(const char* sql);
  Status Error(int rc, std::string_view what) const;
  Status PutDocumentLocked(const Document& doc, const std::vector<Event>& events,
                           std::string_view status, std::string_view record);
  Status FlushPending();
  void AbandonBatch();  // rolls back whatever is open and forgets the batch
  // The statement of query `q`: its count, its event ids, its rows unordered or ordered
  // by date and event id, or (kRowsById, filters ignored) the rows whose ids are the
  // JSON array bound to ?1, in id order.
  enum class Shape { kCount, kIds, kRows, kSortedRows, kRowsById };
  Status BuildQuery(const EventQuery& q, Shape shape, sqlite3_stmt** stmt);
  template <class Row>
  Status ReadRow(const Row& r, StoredEvent* out);
  Status MigrateV2Events();  // a version-2 `events` table into event_rows
  Status MigrateV3Events();  // version-3 event_rows (the kind in each row) into kinds
  Status MigrateV4Events();  // version-4 event_rows (no day key)
  // The id of the kind of `e` (CAMEO code, root, PLOVER type, Goldstein, QuadClass),
  // added to `kinds` when new.
  StatusOr<int64_t> KindId(const Event& e);
  Status LoadKinds();  // (re)reads the kinds table into kinds_/kind_ids_
  // The kind of id `id` (re-reading the table once for an id added by another writer).
  StatusOr<const Event*> KindOf(int64_t id);
  // The id of actor code `code` (0 for an empty code), added to `codes` when new.
  StatusOr<int64_t> CodeId(std::string_view code);
  Status LoadCodes();  // (re)reads the codes table into codes_/code_ids_
  // Runs `sql` (id first) over an append-only id table, checking every id is in
  // 1..2^31, and calls row(id, statement) per row; `what` names a row in messages.
  Status ReadIdTable(const std::string& sql, std::string_view what,
                     const std::function<void(size_t, sqlite3_stmt*)>& row);
  // The code of id `id` (re-reading the table once for an id added by another writer).
  StatusOr<const std::string*> CodeOf(int64_t id);
  void ForgetBatchCodes();

  sqlite3* db_;
  std::string path_;
  StoreOptions options_;
  bool in_batch_ = false;
  bool indexes_deferred_ = false;
  struct Statements;
  std::unique_ptr<Statements> st_;
  std::string batch_time_;  // stored_at of this batch's rows
  struct Pending;
  std::unique_ptr<Pending> pending_;  // this batch's actor deltas and touched stories
  std::vector<std::string> codes_;    // by id (codes_[0] is the empty code)
  struct CodeHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, int64_t, CodeHash, std::equal_to<>> code_ids_;
  size_t codes_committed_ = 1;  // codes_ before this batch (a rollback drops the rest)
  // Kinds by id (kinds_[0] unused): an Event holding only the five kind fields.
  std::vector<Event> kinds_;
  // The ids of the kinds of each CAMEO code (usually one).
  std::unordered_map<std::string, std::vector<int64_t>, CodeHash, std::equal_to<>> kind_ids_;
  size_t kinds_committed_ = 1;
  std::vector<std::string> details_;  // packed event details of one insert statement
};

// The stable id the store gives events that have none: 16 hex digits of FNV-1a over
// doc id, sentence index, trigger span, source and target codes and CAMEO code
// (the same recipe as the coder's MakeEventId).
std::string StableEventId(const Event& e);

}  // namespace khaldun

#endif  // KHALDUN_STORE_STORE_H_
