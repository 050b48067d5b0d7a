// Helpers shared by the end-to-end tests: the CLI under test (Bin), running a command
// line (Shell) and reading a whole file (Slurp).
#ifndef KHALDUN_TESTS_SHELL_H_
#define KHALDUN_TESTS_SHELL_H_

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

namespace khaldun_tests {

// The khaldun binary named by $KHALDUN_BIN, or "" when unset or not executable.
inline std::string Bin() {
  const char* b = std::getenv("KHALDUN_BIN");
  if (b == nullptr || ::access(b, X_OK) != 0) return "";
  return b;
}

// The bytes of `path` ("" when it cannot be read).
inline std::string Slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// Runs `cmd` through /bin/sh; *out receives its stdout. Returns the exit status, or -1
// when it could not be started or did not exit normally.
inline int Shell(const std::string& cmd, std::string* out) {
  out->clear();
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return -1;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out->append(buf, n);
  int st = ::pclose(p);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

}  // namespace khaldun_tests

#endif  // KHALDUN_TESTS_SHELL_H_
