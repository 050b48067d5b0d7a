// Shell() for the end-to-end tests: runs a command line and captures its stdout.
#ifndef KHALDUN_TESTS_SHELL_H_
#define KHALDUN_TESTS_SHELL_H_

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace khaldun_tests {

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
