#include "tools/parcoursctl/cli.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/client/channel.h"
#include "libs/errors/field_violations.h"
#include "tools/parcoursctl/exit_codes.h"
#include "tools/parcoursctl/targets.h"

namespace parcours::ctl {

Cli::Cli(std::string command, std::vector<std::string> args, config::ConfigReader& flags,
         absl::Duration default_timeout)
    : command_(std::move(command)),
      args_(std::move(args)),
      flags_(flags),
      timeout_(default_timeout) {}

absl::Status Cli::Finish(size_t min_args, size_t max_args, const std::string& usage) {
  // --token / --token-file arrive as PARCOURS_TOKEN / PARCOURS_TOKEN_FILE (main.cc).
  identity_.bearer_token = flags_.Secret("PARCOURS_TOKEN", "");
  identity_.purpose = flags_.String("PURPOSE", "");
  timeout_ = flags_.Duration("TIMEOUT", timeout_);
  target_ = flags_.String("TARGET", "");
  tls_ca_file_ = flags_.String("TLS_CA_FILE", flags_.String("PARCOURS_TLS_CA_FILE", ""));
  for (const auto& [name, fallback] : DefaultTargets()) {
    const std::string upper = absl::AsciiStrToUpper(name);
    addresses_.push_back(
        {name,
         flags_.String(upper + "_ADDR", flags_.String("PARCOURS_" + upper + "_ADDR", fallback))});
  }
  absl::Status s = flags_.Finish();
  if (s.ok() && (args_.size() < min_args || args_.size() > max_args)) {
    s = absl::InvalidArgumentError(min_args == max_args && min_args > 0
                                       ? absl::StrCat("expected ", min_args, " argument(s)")
                                       : "wrong number of arguments");
  }
  if (!s.ok()) {
    std::cerr << "parcoursctl " << command_ << ": " << s.message() << "\nusage: parcoursctl "
              << usage << "\n";
  }
  return s;
}

std::string Cli::Target(const std::string& service) const {
  if (!target_.empty()) return target_;
  for (const auto& [name, addr] : addresses_) {
    if (name == service) return addr;
  }
  return "";
}

std::shared_ptr<grpc::Channel> Cli::Channel(const std::string& service) {
  auto channel = client::MakeChannel({.target = Target(service), .tls_ca_file = tls_ca_file_});
  if (!channel.ok()) {
    channel_error_ = channel.status();
    return nullptr;
  }
  return *channel;
}

int Cli::Fail(const absl::Status& s) const {
  std::cerr << "parcoursctl " << command_ << ": " << absl::StatusCodeToString(s.code()) << ": "
            << s.message() << "\n";
  for (const errors::FieldViolation& v : errors::ViolationsOf(s)) {
    std::cerr << "  field " << v.field << ": " << v.description << "\n";
  }
  return ExitCodeFor(s);
}

}  // namespace parcours::ctl

namespace parcours::ctl {

int Cli::UsageError(const absl::Status& s) const {
  std::cerr << "parcoursctl " << command_ << ": " << s.message() << "\n";
  return kExitUsage;
}

}  // namespace parcours::ctl
