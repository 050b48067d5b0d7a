// khaldun: political event data from raw news text. Thin dispatcher over the
// sub-commands registered in tools/khaldun/cmd_*.cc.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

#include "command.h"

namespace khaldun::cli {
std::vector<Command>& Commands() {
  static std::vector<Command> commands;
  return commands;
}
}  // namespace khaldun::cli

namespace {
void Usage(FILE* out) {
  auto cmds = khaldun::cli::Commands();
  std::sort(cmds.begin(), cmds.end(), [](auto& a, auto& b) { return a.name < b.name; });
  std::fprintf(out,
               "khaldun %s: who did what to whom, when and where, from news text\n\n"
               "usage: khaldun COMMAND [options] ...\n\ncommands:\n",
               KHALDUN_VERSION);
  for (const auto& c : cmds) std::fprintf(out, "  %-16s %s\n", c.name.c_str(), c.summary.c_str());
  std::fprintf(out, "\n'khaldun COMMAND --help' describes each command.\n");
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") ||
      !std::strcmp(argv[1], "help")) {
    Usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (!std::strcmp(argv[1], "--version")) {
    std::printf("khaldun %s\n", KHALDUN_VERSION);
    return 0;
  }
  // Two-word commands ("train tagger", "eval ud") win over one-word ones.
  if (argc >= 3) {
    std::string two = std::string(argv[1]) + " " + argv[2];
    for (const auto& c : khaldun::cli::Commands())
      if (c.name == two) return c.run(argc - 2, argv + 2);
  }
  for (const auto& c : khaldun::cli::Commands())
    if (c.name == argv[1]) return c.run(argc - 1, argv + 1);
  std::fprintf(stderr, "khaldun: unknown command '%s'\n\n", argv[1]);
  Usage(stderr);
  return 2;
}
