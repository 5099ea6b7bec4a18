// What every parcoursctl command shares: the positional arguments, the flags, the bearer
// token, the target of each service, how a failed call is printed and which exit code it
// gives (exit_codes.h).
//
// Token: --token or PARCOURS_TOKEN, else the file named by --token-file or
// PARCOURS_TOKEN_FILE (never a generic TOKEN variable). Targets: --target for the one service a
// command calls, else
// --<service>-addr, else PARCOURS_<SERVICE>_ADDR, else scripts/run's local default.
// --purpose (sent as x-parcours-purpose, recorded by the audit log) and --timeout.
//
//   Cli cli(positional, flags);
//   auto stub = Catalogue::NewStub(cli.Channel("catalogue"));
//   absl::Status s = cli.Call([&](grpc::ClientContext& ctx) { return stub->GetOffer(&ctx, req,
//   &offer); }); if (!s.ok()) return cli.Fail(s);
#ifndef PARCOURS_TOOLS_PARCOURSCTL_CLI_H_
#define PARCOURS_TOOLS_PARCOURSCTL_CLI_H_

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "libs/client/call.h"
#include "libs/config/config.h"

namespace parcours::ctl {

class Cli {
 public:
  // `command` names the command in messages ("import caf").
  Cli(std::string command, std::vector<std::string> args, config::ConfigReader& flags,
      absl::Duration default_timeout = absl::Seconds(30));

  // Reads the shared settings; call after the command's own flags, then check the result:
  // a non-OK status is a usage error (exit 2), already printed.
  absl::Status Finish(size_t min_args, size_t max_args, const std::string& usage);

  const std::vector<std::string>& args() const { return args_; }
  config::ConfigReader& flags() { return flags_; }
  const std::string& command() const { return command_; }

  // A channel to `service` (its address as above; TLS when --tls-ca-file or
  // PARCOURS_TLS_CA_FILE names a CA). nullptr when the options are invalid: then
  // Fail(channel_error()).
  std::shared_ptr<grpc::Channel> Channel(const std::string& service);
  const absl::Status& channel_error() const { return channel_error_; }
  std::string Target(const std::string& service) const;

  // One call with the token, the purpose and the deadline (retried on UNAVAILABLE only
  // when idempotent).
  template <typename Fn>
  absl::Status Call(Fn&& fn, bool idempotent = true) {
    client::CallPolicy p{.deadline = timeout_, .idempotent = idempotent};
    return client::Invoke(p, identity_, std::forward<Fn>(fn));
  }
  // A fresh context for a streaming call (deadline and metadata set).
  void Prepare(grpc::ClientContext& ctx) const {
    client::PrepareContext(ctx, absl::Now() + timeout_, identity_);
  }

  // Prints "parcoursctl <command>: <CODE>: <message>" and one line per field violation
  // on stderr; returns the exit code for the status.
  int Fail(const absl::Status& s) const;
  // Prints the message of a bad command line; returns kExitUsage.
  int UsageError(const absl::Status& s) const;

 private:
  std::string command_;
  std::vector<std::string> args_;
  config::ConfigReader& flags_;
  absl::Duration timeout_;
  client::CallIdentity identity_;
  std::string target_;  // --target
  std::string tls_ca_file_;
  absl::Status channel_error_;
  std::vector<std::pair<std::string, std::string>> addresses_;  // service → address
};

}  // namespace parcours::ctl

#endif  // PARCOURS_TOOLS_PARCOURSCTL_CLI_H_
