// Configuration, parsed once at start-up into a typed struct. Each setting is read from a
// command-line flag `--grpc-port=5000` (a bare `--all` means `--all=true`) or, failing
// that, the environment `GRPC_PORT=5000`;
// a secret can come from a file named by `<NAME>_FILE`. Problems are collected and reported
// together, each naming its variable, and stop the start.
//
//   ConfigReader r(argc, argv);
//   Settings s;
//   s.port = r.Int("GRPC_PORT", 50051);
//   s.db_url = r.Required("DATABASE_URL");
//   s.token = r.Secret("SERVICE_TOKEN", "");
//   RETURN_IF_ERROR(r.Finish());
#ifndef PARCOURS_LIBS_CONFIG_CONFIG_H_
#define PARCOURS_LIBS_CONFIG_CONFIG_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace parcours::config {

class ConfigReader {
 public:
  ConfigReader(int argc, char** argv);
  // For tests: flags and environment given explicitly.
  ConfigReader(std::vector<std::string> args, std::map<std::string, std::string> env);

  std::string String(const std::string& name, const std::string& fallback);
  std::string Required(const std::string& name);
  int64_t Int(const std::string& name, int64_t fallback, int64_t min = INT64_MIN,
              int64_t max = INT64_MAX);
  bool Bool(const std::string& name, bool fallback);
  // "250ms", "5s"; never negative. `min`: the least that makes sense (a deadline of 0 would
  // fail every call at once, so deadlines and timeouts ask for at least 1ms).
  absl::Duration Duration(const std::string& name, absl::Duration fallback,
                          absl::Duration min = absl::ZeroDuration());
  // The value of NAME, or the contents of the file NAME_FILE (trailing newline removed).
  std::string Secret(const std::string& name, const std::string& fallback);

  // OK, or INVALID_ARGUMENT listing every bad or missing variable; also reports flags that
  // no setting asked for (a typo must not be silently ignored).
  absl::Status Finish();

  // "grpc-port" for "GRPC_PORT".
  static std::string FlagName(const std::string& name);

 private:
  void ParseArgs(const std::vector<std::string>& args);
  std::optional<std::string> Lookup(const std::string& name);

  std::map<std::string, std::string> flags_;  // by variable name
  std::map<std::string, std::string> env_;
  bool use_process_env_ = false;
  std::map<std::string, bool> used_flags_;
  std::vector<std::string> errors_;
};

}  // namespace parcours::config

#endif  // PARCOURS_LIBS_CONFIG_CONFIG_H_
