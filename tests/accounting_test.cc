// End-to-end accounting and failure-behaviour tests of `khaldun run` (issue 5).
//
// They run the CLI named by $KHALDUN_BIN (set by ctest to the build's khaldun) over
// corpora built in a temporary directory and read the resulting SQLite store directly:
//   - a mixed corpus of good and broken inputs: every record ends as exactly one of
//     coded / empty / rejected(reason), the summary adds up, each rejection reason is
//     named, and the store's records table holds the same counts;
//   - SIGINT during a run over ~2,000 generated articles leaves a consistent store
//     (every stored document has all its events, records counted) and a rerun gives
//     the same event count as an uninterrupted run, without duplicates;
//   - /dev/full as --events and an unwritable --db path give a clear error and a
//     non-zero exit.
// The tests skip when $KHALDUN_BIN is unset or not executable.
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "shell.h"

namespace {

using khaldun_tests::Bin;
using khaldun_tests::Slurp;

namespace fs = std::filesystem;
using ::testing::HasSubstr;

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#elif defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

#define REQUIRE_BIN()                                                        \
  const std::string bin = Bin();                                             \
  if (bin.empty()) GTEST_SKIP() << "KHALDUN_BIN not set or not executable"

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/khaldun_accounting.XXXXXX";
    char* d = ::mkdtemp(tmpl);
    if (d != nullptr) path_ = d;
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary);
  f << bytes;
}

struct Result {
  int exit_code = -1;  // exit status; 128 + N when killed by signal N
  std::string err;     // stderr
};

// Starts `args` (args[0] = program) with stdout to /dev/null and stderr to `err_path`.
pid_t Spawn(const std::vector<std::string>& args, const std::string& err_path) {
  pid_t pid = ::fork();
  if (pid != 0) return pid;
  int out = ::open("/dev/null", O_WRONLY);
  int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (out >= 0) ::dup2(out, 1);
  if (err >= 0) ::dup2(err, 2);
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  ::execv(argv[0], argv.data());
  ::_exit(127);
}

int Wait(pid_t pid) {
  int status = 0;
  if (::waitpid(pid, &status, 0) < 0) return -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

Result RunCli(const std::vector<std::string>& args, const std::string& err_path) {
  Result r;
  r.exit_code = Wait(Spawn(args, err_path));
  r.err = Slurp(err_path);
  return r;
}

// The summary line "records:   N read = C coded + E empty + R rejected".
struct Counts {
  long records = -1, coded = -1, empty = -1, rejected = -1;
};

Counts ParseSummary(const std::string& err) {
  Counts c;
  std::smatch m;
  static const std::regex re(
      R"(records:\s+(\d+) read = (\d+) coded \+ (\d+) empty \+ (\d+) rejected)");
  if (std::regex_search(err, m, re)) {
    c.records = std::stol(m[1]);
    c.coded = std::stol(m[2]);
    c.empty = std::stol(m[3]);
    c.rejected = std::stol(m[4]);
  }
  return c;
}

// A read-only connection to a store written by `khaldun run`.
class Db {
 public:
  explicit Db(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      sqlite3_close(db_);
      db_ = nullptr;
    }
    if (db_ != nullptr) sqlite3_busy_timeout(db_, 10000);
  }
  ~Db() { sqlite3_close(db_); }
  bool ok() const { return db_ != nullptr; }

  // First column of the first row of `sql` as an integer; -1 on error or no row.
  long Long(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    long v = -1;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
  }

  // Rows of a two-column query as key -> integer.
  std::map<std::string, long> Map(const std::string& sql) {
    std::map<std::string, long> out;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) == SQLITE_OK) {
      while (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char* k = sqlite3_column_text(st, 0);
        out[k ? reinterpret_cast<const char*>(k) : ""] = sqlite3_column_int64(st, 1);
      }
    }
    sqlite3_finalize(st);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

TEST(Accounting, MixedCorpusAddsUpInSummaryAndStore) {
  REQUIRE_BIN();
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  WriteFile(dir / "good.txt",
            "ISLAMABAD, Jan. 16 -- Pakistan accused India on Tuesday of shelling villages "
            "near the border. Iran condemned the attack.\n");
  WriteFile(dir / "empty.txt", "");
  std::string binary;
  for (int i = 0; i < 4096; ++i) binary.push_back(static_cast<char>((i * 7919 + 13) % 256));
  WriteFile(dir / "binary.bin", binary);
  std::string huge(300000, 'x');
  WriteFile(dir / "mixed.jsonl",
            "{\"id\":\"a1\",\"date\":\"2024-01-16\",\"text\":\"Egypt and Turkey signed a trade "
            "agreement in Cairo on Tuesday.\"}\n"
            "this line is not json\n"
            "{\"id\":\"a2\",\"title\":\"a record without text\"}\n"
            "{\"id\":\"a3\",\"text\":\"" + huge + "\"}\n"
            "{\"id\":\"a4\",\"text\":\"The weather was mild and nothing happened.\"}\n");
  WriteFile(dir / "page.html",
            "<!DOCTYPE html><html><head><title>News</title></head><body><article><p>"
            "Kenyan police arrested three Nigerian traders in Nairobi on Friday, the "
            "interior ministry said.</p></article></body></html>");
  WriteFile(dir / "nothtml.html", std::string("<html>\x00\x01\x02 not <<really>> html", 26));
  // The first 40 bytes of a gzip stream: a truncated .warc.gz.
  WriteFile(dir / "trunc.warc.gz",
            std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x0b\x77\x0c\x72\xd6\x37"
                        "\xd4\x33\xe0\xe5\x0a\x07\xb2\x74\x43\x2a\x0b\x52\xad\x14\x8a\x52"
                        "\x8b\x0b\xf2\xf3\x8a\x53\x79\xb9",
                        40));
  const std::string db = dir / "out.sqlite";
  Result r = RunCli({bin, "run", dir / "good.txt", dir / "empty.txt", dir / "binary.bin",
                  dir / "mixed.jsonl", dir / "page.html", dir / "nothtml.html",
                  dir / "trunc.warc.gz", dir / "missing.txt", "--db", db, "--events",
                  dir / "events.jsonl", "--max-record-bytes", "100000", "--threads", "1",
                  "-q"},
                 dir / "stderr.txt");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Counts c = ParseSummary(r.err);
  // 7 files of one record each + 5 JSONL lines = 12 records.
  EXPECT_EQ(c.records, 12) << r.err;
  EXPECT_EQ(c.records, c.coded + c.empty + c.rejected) << r.err;
  EXPECT_GE(c.coded, 1) << r.err;
  EXPECT_GE(c.rejected, 6) << r.err;
  // Every rejection names its reason.
  for (const char* reason : {"not found", "not json", "no text", "too large", "truncated"})
    EXPECT_THAT(r.err, HasSubstr(reason)) << "missing reason '" << reason << "'";

  Db d(db);
  ASSERT_TRUE(d.ok());
  std::map<std::string, long> by_status =
      d.Map("SELECT status, COUNT(*) FROM records GROUP BY status");
  EXPECT_EQ(d.Long("SELECT COUNT(*) FROM records"), c.records);
  EXPECT_EQ(by_status["coded"], c.coded);
  EXPECT_EQ(by_status["empty"], c.empty);
  EXPECT_EQ(by_status["rejected"], c.rejected);
  EXPECT_EQ(by_status.size(), 3u);
  EXPECT_EQ(d.Long("SELECT COUNT(*) FROM records WHERE status = 'rejected' AND "
                   "(reason IS NULL OR reason = '')"),
            0);
  for (const char* reason : {"not found", "not json", "no text", "too large", "truncated"})
    EXPECT_GE(d.Long(std::string("SELECT COUNT(*) FROM records WHERE reason = '") + reason +
                     "'"),
              1)
        << reason;
  // The events written to the JSONL file are the events stored.
  std::string ev = Slurp(dir / "events.jsonl");
  long lines = static_cast<long>(std::count(ev.begin(), ev.end(), '\n'));
  EXPECT_EQ(d.Long("SELECT COUNT(*) FROM events"), lines);
  EXPECT_GE(lines, 1);
}

// ~2,000 short articles with coded sentences (fewer under the sanitizers, where the
// pipeline runs several times slower).
std::string GenerateCorpus(int n) {
  static const char* kCountries[] = {"Pakistan", "India",  "Iran",   "Israel",
                                     "Egypt",    "Turkey", "Russia", "Ukraine",
                                     "China",    "Japan",  "France", "Germany",
                                     "Brazil",   "Kenya",  "Nigeria", "Mexico"};
  static const char* kVerbs[] = {
      "accused %s of shelling villages near the border",
      "signed a trade agreement with %s",
      "condemned %s over the arrest of journalists",
      "met officials from %s to discuss water sharing",
      "threatened to impose sanctions on %s",
      "praised %s for its aid to refugees"};
  std::string out;
  char clause1[256], clause2[256], line[1024];
  for (int i = 0; i < n; ++i) {
    const char* a = kCountries[i % 16];
    const char* b = kCountries[(i * 7 + 3) % 16];
    if (a == b) b = kCountries[(i + 1) % 16];
    std::snprintf(clause1, sizeof clause1, kVerbs[i % 6], b);
    std::snprintf(clause2, sizeof clause2, kVerbs[(i + 2) % 6], a);
    std::snprintf(line, sizeof line,
                  "{\"id\":\"art%04d\",\"date\":\"2024-01-%02d\",\"text\":\"%s %s on Tuesday, "
                  "officials said. Report %d also noted that %s %s.\"}\n",
                  i, 1 + i % 28, a, clause1, i, b, clause2);
    out += line;
  }
  return out;
}

// Store invariants after any run, interrupted or not.
void ExpectConsistent(Db& d) {
  // Every stored document has all its events (n_events was written with them).
  EXPECT_EQ(d.Long("SELECT COUNT(*) FROM documents d WHERE d.n_events IS NOT NULL AND "
                   "d.n_events != (SELECT COUNT(*) FROM events e WHERE e.doc_id = d.id)"),
            0);
  // No event without its document.
  EXPECT_EQ(d.Long("SELECT COUNT(*) FROM events e WHERE NOT EXISTS "
                   "(SELECT 1 FROM documents d WHERE d.id = e.doc_id)"),
            0);
  // No duplicate events.
  EXPECT_EQ(d.Long("SELECT COUNT(*) - COUNT(DISTINCT doc_id || '|' || event_id) FROM events"),
            0);
  // Every coded record has its document stored.
  EXPECT_EQ(d.Long("SELECT COUNT(*) FROM records r WHERE r.status = 'coded' AND NOT EXISTS "
                   "(SELECT 1 FROM documents d WHERE d.id = r.doc_id)"),
            0);
}

TEST(Failure, SigintLeavesConsistentStoreAndRerunResumes) {
  REQUIRE_BIN();
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const int n = kSanitized ? 400 : 2000;
  WriteFile(dir / "corpus.jsonl", GenerateCorpus(n));
  const std::vector<std::string> common = {"--threads", "2", "--batch", "16", "-q"};
  auto args = [&](const std::string& db) {
    std::vector<std::string> a = {bin, "run", dir / "corpus.jsonl", "--db", db};
    a.insert(a.end(), common.begin(), common.end());
    return a;
  };

  // Reference: one uninterrupted run.
  const std::string ref_db = dir / "ref.sqlite";
  Result ref = RunCli(args(ref_db), dir / "ref.err");
  ASSERT_EQ(ref.exit_code, 0) << ref.err;
  long ref_events;
  {
    Db d(ref_db);
    ASSERT_TRUE(d.ok());
    ref_events = d.Long("SELECT COUNT(*) FROM events");
    EXPECT_EQ(d.Long("SELECT COUNT(*) FROM records"), n);
    ExpectConsistent(d);
  }
  ASSERT_GT(ref_events, 0);

  // Interrupted run: SIGINT once the first batches are committed.
  const std::string db = dir / "int.sqlite";
  pid_t pid = Spawn(args(db), dir / "int.err");
  ASSERT_GT(pid, 0);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(300);
  int status = 0;
  bool exited = false;
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      exited = true;
      break;
    }
    if (fs::exists(db)) {
      Db d(db);
      if (d.ok() && d.Long("SELECT COUNT(*) FROM records") > 0) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  int code;
  if (exited) {
    code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  } else {
    ::kill(pid, SIGINT);
    code = Wait(pid);
  }
  std::string err = Slurp(dir / "int.err");
  // 130: stopped after a committed batch; 0: it finished before the signal arrived.
  EXPECT_TRUE(code == 130 || code == 0) << "exit " << code << "\n" << err;
  {
    Db d(db);
    ASSERT_TRUE(d.ok());
    long stored = d.Long("SELECT COUNT(*) FROM records");
    EXPECT_GT(stored, 0);
    EXPECT_LE(stored, n);
    if (code == 130) {
      EXPECT_LT(stored, n) << "the interruption came too late to test anything";
      EXPECT_THAT(err, HasSubstr("interrupted"));
    }
    // The summary counts exactly the records the store kept.
    Counts c = ParseSummary(err);
    EXPECT_EQ(c.records, stored) << err;
    EXPECT_EQ(c.records, c.coded + c.empty + c.rejected) << err;
    ExpectConsistent(d);
  }

  // Rerun to the end, then once more: same events as the reference, no duplicates.
  for (int pass = 0; pass < 2; ++pass) {
    Result again = RunCli(args(db), dir / "again.err");
    ASSERT_EQ(again.exit_code, 0) << again.err;
    Db d(db);
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d.Long("SELECT COUNT(*) FROM records"), n) << "pass " << pass;
    EXPECT_EQ(d.Long("SELECT COUNT(*) FROM events"), ref_events) << "pass " << pass;
    ExpectConsistent(d);
  }
}

TEST(Failure, FullDiskForEventsIsAnErrorWithNonZeroExit) {
  REQUIRE_BIN();
  if (::access("/dev/full", W_OK) != 0) GTEST_SKIP() << "/dev/full not available";
  TempDir dir;
  WriteFile(dir / "good.txt",
            "ISLAMABAD, Jan. 16 -- Pakistan accused India on Tuesday of shelling villages "
            "near the border. Iran condemned the attack.\n");
  Result r = RunCli({bin, "run", dir / "good.txt", "--events", "/dev/full", "--threads", "1", "-q"},
                 dir / "stderr.txt");
  EXPECT_NE(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("/dev/full")) << r.err;
}

TEST(Failure, UnwritableOutputPathIsAnErrorWithNonZeroExit) {
  REQUIRE_BIN();
  TempDir dir;
  WriteFile(dir / "good.txt", "Pakistan accused India of shelling villages.\n");
  // A directory that does not exist (cannot be created by the run).
  Result r = RunCli({bin, "run", dir / "good.txt", "--db", dir / "no/such/dir/out.sqlite",
                  "--threads", "1", "-q"},
                 dir / "stderr1.txt");
  EXPECT_NE(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("out.sqlite")) << r.err;
  r = RunCli({bin, "run", dir / "good.txt", "--events", dir / "no/such/dir/ev.jsonl", "--threads",
           "1", "-q"},
          dir / "stderr2.txt");
  EXPECT_NE(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("ev.jsonl")) << r.err;

  // A read-only directory. Root ignores permission bits, so there use a directory nobody
  // may create files in (sysfs), which is what a read-only mount looks like to the run.
  std::string ro = dir / "ro";
  ASSERT_EQ(::mkdir(ro.c_str(), 0555), 0);
  const std::string probe = ro + "/probe";
  int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT, 0644);
  if (fd >= 0) {
    ::close(fd);
    ::unlink(probe.c_str());
    ro = "/sys";
    fd = ::open("/sys/khaldun_probe", O_WRONLY | O_CREAT, 0644);
    if (fd >= 0) {
      ::close(fd);
      ::unlink("/sys/khaldun_probe");
      GTEST_SKIP() << "no read-only directory available here (root, writable /sys)";
    }
  }
  r = RunCli({bin, "run", dir / "good.txt", "--db", ro + "/out.sqlite", "--threads", "1", "-q"},
          dir / "stderr3.txt");
  EXPECT_NE(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("out.sqlite")) << r.err;
  r = RunCli({bin, "run", dir / "good.txt", "--events", ro + "/ev.jsonl", "--threads", "1", "-q"},
             dir / "stderr4.txt");
  EXPECT_NE(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("ev.jsonl")) << r.err;
}

}  // namespace
