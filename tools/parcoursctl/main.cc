// parcoursctl: the operators' command-line client.
//
//   parcoursctl health [--all | --target=host:port]
//
// Exit codes: tools/parcoursctl/exit_codes.h.
#include <iostream>
#include <string>

#include "libs/config/config.h"
#include "tools/parcoursctl/exit_codes.h"
#include "tools/parcoursctl/health_command.h"

namespace {

void Usage() {
  std::cerr << "usage: parcoursctl <command> [--flag=value ...]\n"
               "commands:\n"
               "  health [--all | --target=host:port] [--timeout=2s]\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    Usage();
    return parcours::ctl::kExitUsage;
  }
  std::string command = argv[1];
  parcours::config::ConfigReader flags(argc - 1, argv + 1);
  if (command == "health") return parcours::ctl::RunHealth(flags);
  Usage();
  return parcours::ctl::kExitUsage;
}
