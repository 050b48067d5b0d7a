// Sub-command registry for the `khaldun` CLI.
//
// Each sub-command lives in its own file tools/khaldun/cmd_<name>.cc and registers
// itself with KHALDUN_COMMAND(name, summary, function). The function receives argv
// starting at the (last word of the) sub-command name (argv[0] == "parse"; for the
// two-word command "eval ud", argv[0] == "ud") and returns the exit code.
// Commands use only the public library API and CLI11 for flags.
#ifndef KHALDUN_TOOLS_COMMAND_H_
#define KHALDUN_TOOLS_COMMAND_H_

#include <string>
#include <vector>

namespace khaldun::cli {

using CommandFn = int (*)(int argc, char** argv);

struct Command {
  std::string name;
  std::string summary;
  CommandFn run;
};

std::vector<Command>& Commands();

struct Registrar {
  Registrar(const char* name, const char* summary, CommandFn fn) {
    Commands().push_back({name, summary, fn});
  }
};

}  // namespace khaldun::cli

#define KHALDUN_COMMAND(name, summary, fn) \
  static ::khaldun::cli::Registrar khaldun_registrar_##fn(name, summary, fn)

#endif  // KHALDUN_TOOLS_COMMAND_H_
