// parcoursctl: the operators' command-line client. See README.md ("parcoursctl") for every
// command; exit codes: tools/parcoursctl/exit_codes.h.
//
//   parcoursctl health [--all | --target=host:port]
//   parcoursctl import caf|data-inclusion|referents|households|declarations|cross-checks FILE
//   parcoursctl list offers|beneficiaries|contracts|cases [--count] [--limit=N]
//   parcoursctl get offer|beneficiary|contract|case ID
//   parcoursctl fraud batch
//   parcoursctl bilan --year=2025
//   parcoursctl export --table=bilan --year=2025 --out=bilan.csv
#include <iostream>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "libs/config/config.h"
#include "tools/parcoursctl/cli.h"
#include "tools/parcoursctl/exit_codes.h"
#include "tools/parcoursctl/health_command.h"
#include "tools/parcoursctl/import_commands.h"
#include "tools/parcoursctl/report_commands.h"
#include "tools/parcoursctl/resource_commands.h"

namespace {

void Usage() {
  std::cerr
      << "usage: parcoursctl <command> [arguments] [--flag=value ...]\n"
         "commands:\n"
         "  health [--all | --target=host:port] [--timeout=2s]\n"
         "  import caf|data-inclusion|referents|households|declarations|cross-checks|reports "
         "FILE [--publish]\n"
         "  list offers|beneficiaries|contracts|cases [--status=…] [--tad=…] [--limit=N] "
         "[--count]\n"
         "  get offer|beneficiary|contract|case ID\n"
         "  fraud batch [--chunk-size=N] [--quiet]\n"
         "  bilan --year=Y [--month=M] [--fiche=F]\n"
         "  export --table=bilan|cohorts|offers [--year=Y] [--from=YYYY-MM --to=YYYY-MM] "
         "[--out=FILE]\n"
         "common flags: --token (or PARCOURS_TOKEN, PARCOURS_TOKEN_FILE), --purpose=…,\n"
         "  --target=host:port or --<service>-addr (or PARCOURS_<SERVICE>_ADDR), --timeout=30s,\n"
         "  --tls-ca-file=ca.pem\n"
         "exit codes: 0 ok, 1 failed (e.g. records rejected), 2 usage, 3 invalid input,\n"
         "  4 not found, 5 denied, 6 unavailable\n";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace parcours::ctl;
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "help") {
    Usage();
    return argc < 2 ? kExitUsage : kExitOk;
  }
  const std::string command = argv[1];
  // Flags go to the configuration reader (environment as fallback); the rest are the
  // command's positional arguments.
  // --token and --token-file are read as PARCOURS_TOKEN(_FILE), so that a generic
  // TOKEN variable in the environment is never taken for the bearer token.
  std::vector<std::string> flag_storage;
  std::vector<std::string> args;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) != 0) {
      args.push_back(a);
      continue;
    }
    for (const char* name : {"--token=", "--token-file="}) {
      if (a.rfind(name, 0) == 0) a = "--parcours-" + a.substr(2);
    }
    flag_storage.push_back(std::move(a));
  }
  std::vector<char*> flag_argv = {argv[0]};
  for (std::string& f : flag_storage) flag_argv.push_back(f.data());
  parcours::config::ConfigReader flags(static_cast<int>(flag_argv.size()), flag_argv.data());
  if (command == "health") {
    if (!args.empty()) {
      std::cerr << "parcoursctl health: takes no argument\n";
      return kExitUsage;
    }
    return RunHealth(flags);
  }
  const absl::Duration timeout =
      command == "import" || command == "fraud" ? absl::Minutes(30) : absl::Seconds(30);
  Cli cli(command, args, flags, timeout);
  if (command == "import") return RunImport(cli);
  if (command == "list") return RunList(cli);
  if (command == "get") return RunGet(cli);
  if (command == "fraud") return RunFraud(cli);
  if (command == "bilan") return RunBilan(cli);
  if (command == "export") return RunExport(cli);
  Usage();
  return kExitUsage;
}
