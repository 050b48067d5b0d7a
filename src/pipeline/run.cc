#include "pipeline/run.h"

#include <chrono>
#include <mutex>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

#include "dedup/dedup.h"
#include "events/event_json.h"
#include "pipeline/parallel.h"
#include "pipeline/paths.h"
#include "petrarch/document_coder.h"
#include "place/gazetteer.h"
#include "place/locate.h"
#include "store/store.h"
#include "time/dates.h"

namespace khaldun {
namespace {

using Clock = std::chrono::steady_clock;

bool FileExists(const std::string& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0;
}

size_t FileSize(const std::string& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) ? static_cast<size_t>(st.st_size)
                                                              : 0;
}

// Receives input records from the readers and processes them batch by batch.
class Runner : public DocumentSink {
 public:
  Runner(const RunOptions& o, RunSummary* s) : o_(o), s_(s), start_(Clock::now()) {}

  Status Init() {
    NlpOptions nlp = o_.nlp;
    KHALDUN_ASSIGN_OR_RETURN(nlp_, NlpPipeline::Load(nlp));
    std::string dict = o_.dict_dir.empty() ? DefaultDictDir() : o_.dict_dir;
    std::string cameo = o_.cameo_path.empty() ? DataDir() + "/cameo/cameo.txt" : o_.cameo_path;
    auto res = CoderResources::Load(dict, cameo, o_.strict_dicts, [this](const Status& st) {
      ++s_->warnings;
      Progress("warning: " + st.message());
    });
    if (!res.ok()) return res.status();
    resources_ = std::move(res).value();
    coder_ = std::make_unique<Coder>(resources_.actors.get(), resources_.patterns.get(),
                                     resources_.cameo.get(), o_.coder);
    if (!o_.dicts.empty()) {  // the PETRARCH dictionaries code instead (same CAMEO table)
      KHALDUN_ASSIGN_OR_RETURN(petrarch::DictsSpec spec, petrarch::ParseDictsSpec(o_.dicts));
      if (spec.petrarch) {
        std::string dir = spec.dir.empty() ? petrarch::DefaultDictionaryDir() : spec.dir;
        petrarch::ReadOptions ropts;
        ropts.strict = o_.strict_dicts;
        KHALDUN_ASSIGN_OR_RETURN(
            petrarch::Dictionaries d,
            petrarch::LoadDictionarySet(dir, spec.set, ropts, [this](const std::string& m) {
              ++s_->warnings;
              Progress("warning: " + m);
            }));
        pdicts_ = std::make_unique<petrarch::Dictionaries>(std::move(d));
        petrarch::DocumentCoderOptions popts;
        popts.code_statements = o_.coder.code_statements;
        pcoder_ = std::make_unique<petrarch::DocumentCoder>(
            pdicts_.get(), resources_.cameo.get(), petrarch::VerbFileName(dir, spec.set), popts);
      } else if (!spec.dir.empty()) {
        return InvalidArgumentError("--dicts khaldun:DIR: use --dict DIR");
      }
    }
    std::string gaz = o_.gazetteer_path.empty() ? DefaultGazetteerPath() : o_.gazetteer_path;
    if (FileExists(gaz)) {
      KHALDUN_ASSIGN_OR_RETURN(gazetteer_, Gazetteer::Load(gaz));
    } else {
      Progress("note: no gazetteer at " + gaz + " (run `make` to build it); events get no places");
    }
    if (!o_.db_path.empty()) {
      KHALDUN_ASSIGN_OR_RETURN(store_, EventStore::Open(o_.db_path, StoreOptions()));
    }
    if (!o_.events_path.empty()) {
      events_out_ = o_.events_path == "-" ? stdout : std::fopen(o_.events_path.c_str(), "w");
      if (!events_out_) return IoError(o_.events_path + ": cannot write");
    }
    for (const auto& in : o_.inputs) total_bytes_ += FileSize(in);
    tty_ = o_.progress && ::isatty(::fileno(o_.progress));
    return Status::Ok();
  }

  ~Runner() override {
    if (events_out_ && events_out_ != stdout) std::fclose(events_out_);
  }

  bool stopped() const { return !status_.ok() || (o_.stop && o_.stop->load()); }
  const Status& status() const { return status_; }

  void OnDocument(Document doc) override {
    if (stopped()) return;
    s_->bytes += doc.text.size();
    pending_.push_back(std::move(doc));
    if (pending_.size() >= o_.batch_records) Flush();
  }

  void OnReject(const Rejection& r) override {
    if (stopped()) return;
    pending_rejects_.push_back(r);
    if (pending_rejects_.size() >= 4 * o_.batch_records) Flush();
  }

  void Flush() {
    if (!status_.ok()) return;
    if (pending_.empty() && pending_rejects_.empty()) return;
    status_ = ProcessBatch();
    pending_.clear();
    pending_rejects_.clear();
    Progress("");
  }

  void FinishInput(size_t done_bytes) { input_bytes_done_ += done_bytes; }

  void EndProgress() {
    if (tty_ && drew_bar_) std::fputc('\n', o_.progress);
  }

 private:
  Status ProcessBatch() {
    // 1. Clean and split each record into documents; remember which record each came from.
    std::vector<Document> docs;
    std::vector<size_t> record_of;
    for (size_t r = 0; r < pending_.size(); ++r) {
      CleanRecord(std::move(pending_[r]), o_.clean, o_.clean_options, o_.ingest.default_date,
                  &docs, nullptr);
      record_of.resize(docs.size(), r);
    }
    // 2. Stories (sequential: the deduper remembers earlier docs).
    for (Document& d : docs)
      if (deduper_.Add(&d)) ++s_->duplicates;
    // 3. Segment, tag, parse.
    NlpStats ns;
    nlp_->Annotate(&docs, o_.threads, &ns);
    s_->sentences += ns.sentences;
    s_->words += ns.words;
    s_->repaired_bytes += ns.repaired_bytes;
    s_->long_sentences_split += ns.long_sentences_split;
    s_->documents_truncated += ns.documents_truncated;
    s_->documents_over_memory += ns.documents_over_memory;
    s_->documents += docs.size();
    // 4. Code, date and locate each document.
    std::vector<std::vector<Event>> events(docs.size());
    int threads = o_.threads <= 0 ? HardwareThreads() : o_.threads;
    std::vector<std::unique_ptr<CoderScratch, CoderScratchDeleter>> scratch;
    for (int t = 0; t < threads; ++t) scratch.push_back(NewCoderScratch());
    std::mutex warn_mu;
    std::vector<std::string> warnings;
    ParallelFor(docs.size(), threads, [&](size_t i, int worker) {
      const Document& d = docs[i];
      auto warn = [&](const Status& st) {
        std::lock_guard<std::mutex> lock(warn_mu);
        warnings.push_back(d.id + ": " + st.message());
      };
      if (pcoder_) {
        pcoder_->CodeDocument(d, &events[i], warn);
      } else {
        coder_->CodeDocument(d, scratch[static_cast<size_t>(worker)].get(), &events[i], warn);
      }
      ResolveEventDates(d, &events[i]);
      if (!pcoder_ && coder_) coder_->RedateActors(d, &events[i]);
      if (gazetteer_) LocateEvents(d, *gazetteer_, &events[i]);
      for (Event& e : events[i]) {
        if (e.doc_id.empty()) e.doc_id = d.id;
        if (e.story_id.empty()) e.story_id = d.story_id.empty() ? d.id : d.story_id;
        if (e.event_id.empty()) e.event_id = MakeEventId(e);
      }
    });
    s_->warnings += warnings.size();
    for (const auto& w : warnings) Progress("warning: " + w);
    if (o_.one_a_day) {
      for (auto& ev : events) {
        std::vector<Event> kept;
        for (auto& e : ev) {
          std::string key = e.date + "|" + e.source.code + "|" + e.target.code + "|" + e.cameo;
          if (one_a_day_seen_.insert(key).second) kept.push_back(std::move(e));
        }
        ev = std::move(kept);
      }
    }
    // 5. Accounting per input record: coded if any of its documents gave an event.
    std::vector<char> record_coded(pending_.size(), 0), record_has_doc(pending_.size(), 0);
    for (size_t i = 0; i < docs.size(); ++i) {
      record_has_doc[record_of[i]] = 1;
      if (!events[i].empty()) record_coded[record_of[i]] = 1;
      s_->events += events[i].size();
      for (const Event& e : events[i])
        if (e.location.valid && e.location.basis == "text") ++s_->located;
    }
    for (size_t r = 0; r < pending_.size(); ++r) {
      ++s_->records;
      if (record_coded[r]) ++s_->coded; else ++s_->empty;
    }
    for (const Rejection& rj : pending_rejects_) {
      ++s_->records;
      ++s_->rejected;
      ++s_->rejected_by_reason[rj.reason];
    }
    // 6. Store, one transaction per batch.
    if (store_) {
      KHALDUN_RETURN_IF_ERROR(store_->BeginBatch());
      Status st = StoreBatch(docs, record_of, events, record_coded, record_has_doc);
      if (!st.ok()) {
        store_->RollbackBatch();
        return st;
      }
      KHALDUN_RETURN_IF_ERROR(store_->CommitBatch());
    }
    // 7. Events JSONL.
    if (events_out_) {
      std::string out;
      for (size_t i = 0; i < docs.size(); ++i)
        for (const Event& e : events[i]) {
          AppendEventJson(e, &docs[i], &out);  // one line, newline included
        }
      if (std::fwrite(out.data(), 1, out.size(), events_out_) != out.size() ||
          std::fflush(events_out_) != 0)
        return IoError(o_.events_path + ": write failed");
    }
    return Status::Ok();
  }

  Status StoreBatch(const std::vector<Document>& docs, const std::vector<size_t>& record_of,
                    const std::vector<std::vector<Event>>& events,
                    const std::vector<char>& record_coded,
                    const std::vector<char>& record_has_doc) {
    for (const Rejection& rj : pending_rejects_)
      KHALDUN_RETURN_IF_ERROR(store_->PutRejected(rj.record, rj.reason));
    for (size_t i = 0; i < docs.size(); ++i) {
      size_t r = record_of[i];
      KHALDUN_RETURN_IF_ERROR(store_->PutDocument(docs[i], events[i],
                                                  record_coded[r] ? "coded" : "empty",
                                                  pending_[r].id));
    }
    // Records whose cleaning left no document are stored as empty documents.
    for (size_t r = 0; r < pending_.size(); ++r)
      if (!record_has_doc[r])
        KHALDUN_RETURN_IF_ERROR(store_->PutDocument(pending_[r], {}, "empty", pending_[r].id));
    return Status::Ok();
  }

  void Progress(const std::string& message) {
    if (!o_.progress) return;
    double secs = std::chrono::duration<double>(Clock::now() - start_).count();
    if (!message.empty()) {
      if (tty_ && drew_bar_) std::fputc('\n', o_.progress);
      drew_bar_ = false;
      std::fprintf(o_.progress, "%s\n", message.c_str());
      return;
    }
    if (tty_) {
      double frac = total_bytes_ ? std::min(1.0, double(s_->bytes) / double(total_bytes_)) : 0;
      int fill = static_cast<int>(frac * 30);
      std::fprintf(o_.progress, "\r[%.*s%*s] %3.0f%% %zu records, %zu docs, %zu events, %.1fs ",
                   fill, "##############################", 30 - fill, "", frac * 100,
                   s_->records, s_->documents, s_->events, secs);
      std::fflush(o_.progress);
      drew_bar_ = true;
    } else if (secs - last_line_ >= 5.0) {
      last_line_ = secs;
      std::fprintf(o_.progress, "progress: %zu records, %zu documents, %zu events, %.1f s\n",
                   s_->records, s_->documents, s_->events, secs);
    }
  }

  const RunOptions& o_;
  RunSummary* s_;
  Clock::time_point start_;
  Status status_;
  std::unique_ptr<NlpPipeline> nlp_;
  CoderResources resources_;
  std::unique_ptr<Coder> coder_;
  std::unique_ptr<petrarch::Dictionaries> pdicts_;     // with --dicts petrarch...
  std::unique_ptr<petrarch::DocumentCoder> pcoder_;
  std::unique_ptr<Gazetteer> gazetteer_;
  std::unique_ptr<EventStore> store_;
  std::FILE* events_out_ = nullptr;
  StoryDeduper deduper_;
  std::set<std::string> one_a_day_seen_;
  std::vector<Document> pending_;
  std::vector<Rejection> pending_rejects_;
  size_t total_bytes_ = 0;
  size_t input_bytes_done_ = 0;
  bool tty_ = false;
  bool drew_bar_ = false;
  double last_line_ = 0;
};

}  // namespace

std::string RunSummary::ToString() const {
  std::string out;
  char buf[512];
  std::snprintf(buf, sizeof buf, "records:   %zu read = %zu coded + %zu empty + %zu rejected\n",
                records, coded, empty, rejected);
  out += buf;
  if (!rejected_by_reason.empty()) {
    out += "rejected:  ";
    bool first = true;
    for (const auto& [reason, n] : rejected_by_reason) {
      out += (first ? "" : ", ") + reason + " " + std::to_string(n);
      first = false;
    }
    out += "\n";
  }
  std::snprintf(buf, sizeof buf,
                "documents: %zu after cleaning (%zu joined to an earlier story)\n"
                "text:      %zu sentences, %zu words, %.2f MB, %zu invalid UTF-8 bytes repaired\n"
                "events:    %zu (%zu located from the text)\n",
                documents, duplicates, sentences, words, bytes / 1e6, repaired_bytes, events,
                located);
  out += buf;
  std::snprintf(buf, sizeof buf, "time:      %.2f s, %.0f words/s, %.2f MB/s%s\n", seconds,
                seconds > 0 ? words / seconds : 0.0, seconds > 0 ? bytes / 1e6 / seconds : 0.0,
                interrupted ? " (interrupted: committed work kept)" : "");
  out += buf;
  if (warnings) out += "warnings:  " + std::to_string(warnings) + "\n";
  if (long_sentences_split || documents_truncated || documents_over_memory)
    out += "limits:    " + std::to_string(long_sentences_split) + " long sentences split, " +
           std::to_string(documents_truncated) + " documents cut at the sentence limit, " +
           std::to_string(documents_over_memory) + " at the memory limit\n";
  return out;
}

void CleanRecord(Document raw, bool clean, const CleanOptions& options,
                 const std::string& default_date, std::vector<Document>* out,
                 CleanStats* stats) {
  const size_t first = out->size();
  if (!raw.sentences.empty() || !clean) {  // CoNLL-U input: already segmented
    out->push_back(std::move(raw));
  } else {
    for (Document& part : CleanDocument(raw, options, stats)) out->push_back(std::move(part));
  }
  for (size_t i = first; i < out->size(); ++i) {
    Document& d = (*out)[i];
    d.date = FindPublicationDate(d);
    if (d.date.empty()) d.date = default_date;
  }
}

Status RunJob(const RunOptions& options, RunSummary* summary) {
  auto start = Clock::now();
  Runner runner(options, summary);
  KHALDUN_RETURN_IF_ERROR(runner.Init());
  for (const std::string& path : options.inputs) {
    if (runner.stopped()) break;
    IngestStats is;
    Status st = ReadInput(path, options.ingest, &runner, &is);
    if (!st.ok()) {
      // An unreadable input is a rejected record of its own; the run goes on.
      if (options.progress) std::fprintf(options.progress, "error: %s\n", st.message().c_str());
      runner.OnReject(Rejection{path, st.code() == StatusCode::kNotFound ? "not found"
                                      : st.code() == StatusCode::kResourceExhausted
                                          ? "too large"
                                          : "unreadable"});
    }
  }
  runner.Flush();
  runner.EndProgress();
  summary->interrupted = options.stop && options.stop->load();
  summary->seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return runner.status();
}

}  // namespace khaldun
