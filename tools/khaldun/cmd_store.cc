// khaldun store info --db FILE         counts, accounting of input records, top actors
// khaldun store import --db FILE F...  loads event JSONL (as written by `khaldun code`)
// khaldun store migrate --db FILE      brings a store of an older schema to the current one
#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "command.h"
#include "store/store.h"

namespace khaldun::cli {
namespace {

int RunStoreInfo(int argc, char** argv) {
  CLI::App app{"Summary of an event store: documents, sentences, events, actors, and the "
               "accounting of every input record (coded / empty / rejected by reason).",
               "khaldun store info"};
  std::string db;
  int top = 10;
  app.add_option("--db", db, "event store (SQLite file)")->required();
  app.add_option("--top", top, "actors to list")->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  StoreOptions o;
  o.read_only = true;
  auto store = EventStore::Open(db, o);
  if (!store.ok()) {
    std::fprintf(stderr, "khaldun store info: %s\n", store.status().message().c_str());
    return 1;
  }
  auto acc = (*store)->GetAccounting();
  auto actors = (*store)->Actors();
  if (!acc.ok() || !actors.ok()) {
    std::fprintf(stderr, "khaldun store info: %s\n",
                 (!acc.ok() ? acc.status() : actors.status()).message().c_str());
    return 1;
  }
  std::printf("%s (schema %d)\n", db.c_str(), kSchemaVersion);
  std::printf("documents %lld  sentences %lld  events %lld  actors %lld\n",
              static_cast<long long>(acc->documents), static_cast<long long>(acc->sentences),
              static_cast<long long>(acc->events), static_cast<long long>(acc->actors));
  std::printf("records %lld: coded %lld, empty %lld, rejected %lld\n",
              static_cast<long long>(acc->coded + acc->empty + acc->rejected),
              static_cast<long long>(acc->coded), static_cast<long long>(acc->empty),
              static_cast<long long>(acc->rejected));
  for (const auto& [reason, n] : acc->rejected_by_reason)
    std::printf("  rejected %6lld  %s\n", static_cast<long long>(n), reason.c_str());
  for (size_t i = 0; i < actors->size() && static_cast<int>(i) < top; ++i) {
    const ActorRow& a = (*actors)[i];
    std::printf("  actor %-12s %-4s %-4s %6lld events  %s .. %s\n", a.code.c_str(),
                a.country.c_str(), a.sector.c_str(), static_cast<long long>(a.count),
                a.first_seen.c_str(), a.last_seen.c_str());
  }
  return 0;
}

// Builds an Event from one JSONL object of the coder's format (see
// src/events/event_json.h); `sentence` gets the sentence text.
bool ReadSpan(const nlohmann::json& j, Span* s) {
  if (!j.is_array() || j.size() != 2 || !j[0].is_number_unsigned() || !j[1].is_number_unsigned())
    return false;
  s->begin = j[0].get<uint32_t>();
  s->end = j[1].get<uint32_t>();
  return true;
}
std::string Str(const nlohmann::json& o, const char* k) {
  auto it = o.find(k);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}
void ReadActor(const nlohmann::json& j, Actor* a) {
  a->text = Str(j, "text");
  if (a->text.empty()) a->text = Str(j, "actorText");
  a->code = Str(j, "code");
  a->country = Str(j, "country");
  a->sector = Str(j, "sector");
  a->pattern = Str(j, "pattern");
  if (j.contains("span")) ReadSpan(j["span"], &a->span);
}
bool EventFromLine(const std::string& line, Event* e, std::string* sentence, std::string* err) {
  nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    *err = "not a JSON object";
    return false;
  }
  if (j.contains("khaldun_header")) return false;
  try {
    e->event_id = Str(j, "event_id");
    e->doc_id = Str(j, "doc_id");
    e->story_id = Str(j, "story_id");
    if (j.contains("sentence_index") && j["sentence_index"].is_number_integer())
      e->sentence_index = j["sentence_index"].get<int>();
    e->date = Str(j, "date");
    std::string basis = Str(j, "date_basis");
    for (DateBasis b : {DateBasis::kExplicit, DateBasis::kRelative, DateBasis::kPublication,
                        DateBasis::kUnknown})
      if (basis == DateBasisName(b)) e->date_basis = b;
    if (j.contains("date_span")) ReadSpan(j["date_span"], &e->date_span);
    if (j.contains("source") && j["source"].is_object()) ReadActor(j["source"], &e->source);
    e->has_target = j.contains("target") && j["target"].is_object();
    if (e->has_target) ReadActor(j["target"], &e->target);
    e->cameo = Str(j, "cameo");
    e->cameo_root = Str(j, "cameo_root");
    e->plover = Str(j, "plover");
    e->plover_mode = Str(j, "plover_mode");
    if (j.contains("goldstein") && j["goldstein"].is_number()) e->goldstein = j["goldstein"].get<double>();
    if (j.contains("quad_class") && j["quad_class"].is_number_integer())
      e->quad_class = j["quad_class"].get<int>();
    e->negated = j.contains("negated") && j["negated"].is_boolean() && j["negated"].get<bool>();
    std::string mod = Str(j, "modality");
    for (Modality m : {Modality::kAsserted, Modality::kFuture, Modality::kConditional,
                       Modality::kIntended, Modality::kQuestion, Modality::kReported})
      if (mod == ModalityName(m)) e->modality = m;
    if (j.contains("trigger") && j["trigger"].is_object()) {
      e->trigger_text = Str(j["trigger"], "text");
      if (j["trigger"].contains("span")) ReadSpan(j["trigger"]["span"], &e->trigger_span);
    }
    *sentence = Str(j, "sentence");
    if (j.contains("sentence_span")) ReadSpan(j["sentence_span"], &e->sentence_span);
    e->pattern = Str(j, "pattern");
    if (j.contains("location") && j["location"].is_object()) {
      const auto& l = j["location"];
      e->location.valid = true;
      e->location.name = Str(l, "name");
      e->location.country = Str(l, "country");
      e->location.admin1 = Str(l, "admin1");
      if (l.contains("lat") && l["lat"].is_number()) e->location.lat = l["lat"].get<double>();
      if (l.contains("lon") && l["lon"].is_number()) e->location.lon = l["lon"].get<double>();
      e->location.basis = Str(l, "basis");
      if (l.contains("span")) ReadSpan(l["span"], &e->location.span);
    }
  } catch (const nlohmann::json::exception& ex) {
    *err = ex.what();
    return false;
  }
  if (e->doc_id.empty()) {
    *err = "no doc_id";
    return false;
  }
  return true;
}

// Loads event JSONL into a store in transactions of about `batch_events` events, so
// memory stays bounded by one batch whatever the size of the input. A document's events
// are written together: a batch ends only where the next line starts another document.
// A document whose lines are not contiguous in the input (its id comes back after its
// batch was committed) is written again, whole, after a second read of the inputs that
// collects only such documents.
class Importer {
 public:
  Importer(EventStore* store, int64_t batch_events) : store_(store), batch_events_(batch_events) {}

  // Pass 1 over `files`; then pass 2 for split documents.
  int Run(const std::vector<std::string>& files) {
    if (!ReadFiles(files, /*split_pass=*/false) || !Flush()) return 1;
    if (!split_.empty()) {
      std::fprintf(stderr,
                   "khaldun store import: %zu document(s) not contiguous in the input; "
                   "reading the input again for them\n",
                   split_.size());
      if (!ReadFiles(files, /*split_pass=*/true) || !Flush()) return 1;
    }
    return 0;
  }
  int64_t events() const { return events_; }
  int64_t documents() const { return documents_; }
  int64_t batches() const { return batches_; }
  int64_t bad() const { return bad_; }

 private:
  struct Doc {
    std::vector<Event> events;
    std::map<int, std::pair<Span, std::string>> sentences;
  };
  static uint64_t Hash(std::string_view id) { return std::hash<std::string_view>()(id); }

  bool ReadFiles(const std::vector<std::string>& files, bool split_pass) {
    for (const std::string& file : files) {
      std::ifstream in(file, std::ios::binary);
      if (!in) {
        std::fprintf(stderr, "khaldun store import: %s: cannot open\n", file.c_str());
        return false;
      }
      std::string line;
      for (int64_t n = 1; std::getline(in, line); ++n) {
        if (line.empty()) continue;
        Event e;
        std::string sentence, err;
        if (!EventFromLine(line, &e, &sentence, &err)) {
          if (!err.empty() && !split_pass) {  // pass 2 reads the same lines again
            std::fprintf(stderr, "khaldun store import: %s:%lld: skipped: %s\n", file.c_str(),
                         static_cast<long long>(n), err.c_str());
            ++bad_;
          }
          continue;
        }
        if (split_pass) {
          if (!split_.count(e.doc_id)) continue;
        } else if (auto f = flushed_.find(Hash(e.doc_id));
                   f != flushed_.end() && !pending_.count(e.doc_id)) {
          // Seen in a committed batch (or a hash twin of one): written whole in pass 2.
          if (split_.insert(e.doc_id).second) {
            events_ -= f->second;  // counted again when pass 2 writes it
            --documents_;
          }
          continue;
        } else if (e.doc_id != last_doc_ && pending_events_ >= batch_events_) {
          if (!Flush()) return false;
        }
        if (!split_pass) last_doc_ = e.doc_id;
        auto [it, fresh] = pending_.try_emplace(e.doc_id);
        if (fresh) order_.push_back(e.doc_id);
        it->second.sentences[e.sentence_index] = {e.sentence_span, std::move(sentence)};
        it->second.events.push_back(std::move(e));
        ++pending_events_;
      }
    }
    return true;
  }

  // Writes the pending documents in one transaction (skipping those found split: pass 2
  // writes them).
  bool Flush() {
    if (order_.empty()) return true;
    Status s = store_->BeginBatch();
    for (const std::string& id : order_) {
      if (!s.ok()) break;
      Doc& d = pending_[id];
      flushed_[Hash(id)] = static_cast<int64_t>(d.events.size());
      Document doc;
      doc.id = id;
      doc.story_id = d.events.front().story_id;
      // Rebuild the document's text from its sentences at their offsets (spaces
      // between), so every stored span still points at the right words.
      for (const auto& [idx, sp] : d.sentences) {
        const auto& [span, text] = sp;
        if (span.end > doc.text.size() && span.size() == text.size() && span.end < (1u << 26))
          doc.text.resize(span.end, ' ');
        if (span.size() == text.size() && span.end <= doc.text.size())
          doc.text.replace(span.begin, span.size(), text);
      }
      events_ += static_cast<int64_t>(d.events.size());
      ++documents_;
      s = store_->PutDocument(doc, d.events, "coded");
    }
    if (s.ok()) s = store_->CommitBatch();
    if (!s.ok()) {
      store_->RollbackBatch();
      std::fprintf(stderr, "khaldun store import: %s\n", s.message().c_str());
      return false;
    }
    ++batches_;
    order_.clear();
    pending_.clear();
    pending_events_ = 0;
    return true;
  }
  EventStore* store_;
  int64_t batch_events_;
  std::vector<std::string> order_;
  std::unordered_map<std::string, Doc> pending_;
  int64_t pending_events_ = 0;
  std::string last_doc_;
  // Hashes of the ids of committed documents -> their events (8 + 8 bytes a document).
  std::unordered_map<uint64_t, int64_t> flushed_;
  std::set<std::string> split_;  // ids of documents split in the input
  int64_t events_ = 0, documents_ = 0, batches_ = 0, bad_ = 0;
};

int RunStoreImport(int argc, char** argv) {
  CLI::App app{"Load event JSONL files (the format `khaldun code` writes: one event per line, "
               "see src/events/event_json.h) into an event store. Events are grouped by "
               "doc_id; importing a document again replaces its events. Commits every "
               "--batch-events events (at a document boundary), so memory stays bounded "
               "and a document is never half written.",
               "khaldun store import"};
  std::string db;
  std::vector<std::string> files;
  int64_t batch_events = 50000;
  app.add_option("--db", db, "event store (SQLite file; created when missing)")->required();
  app.add_option("--batch-events", batch_events, "events per transaction (at least)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("files", files, "event JSONL files")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  auto store = EventStore::Open(db);
  if (!store.ok()) {
    std::fprintf(stderr, "khaldun store import: %s\n", store.status().message().c_str());
    return 1;
  }
  Importer importer(store->get(), batch_events);
  if (int rc = importer.Run(files); rc != 0) return rc;
  std::printf("imported %lld events of %lld documents into %s in %lld transactions "
              "(%lld lines skipped)\n",
              static_cast<long long>(importer.events()),
              static_cast<long long>(importer.documents()), db.c_str(),
              static_cast<long long>(importer.batches()), static_cast<long long>(importer.bad()));
  return 0;
}

int RunStoreMigrate(int argc, char** argv) {
  CLI::App app{"Bring an event store written by an older khaldun to the current schema "
               "(one transaction; the file is unchanged when it fails). Opening a store "
               "for writing (khaldun run, store import) does the same.",
               "khaldun store migrate"};
  std::string db;
  app.add_option("--db", db, "event store (SQLite file)")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  StoreOptions o;
  o.create_if_missing = false;
  auto store = EventStore::Open(db, o);
  if (!store.ok()) {
    std::fprintf(stderr, "khaldun store migrate: %s\n", store.status().message().c_str());
    return 1;
  }
  std::printf("%s: schema version %d\n", db.c_str(), kSchemaVersion);
  return 0;
}

}  // namespace

KHALDUN_COMMAND("store migrate", "bring an event store to the current schema", RunStoreMigrate);
KHALDUN_COMMAND("store info", "counts and record accounting of an event store", RunStoreInfo);
KHALDUN_COMMAND("store import", "load event JSONL (from khaldun code) into an event store",
                RunStoreImport);

}  // namespace khaldun::cli
