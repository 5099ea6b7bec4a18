#include "tools/parcoursctl/health_command.h"

#include <iostream>

#include "absl/strings/ascii.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "libs/client/call.h"
#include "libs/client/channel.h"
#include "tools/parcoursctl/exit_codes.h"
#include "tools/parcoursctl/targets.h"

namespace parcours::ctl {
namespace {

// "SERVING", "NOT_SERVING", or the error that prevented the check.
std::string Check(const std::string& target, absl::Duration timeout) {
  auto channel = client::MakeChannel({.target = target});
  if (!channel.ok()) return std::string(channel.status().message());
  auto stub = grpc::health::v1::Health::NewStub(*channel);
  grpc::health::v1::HealthCheckResponse resp;
  absl::Status s =
      client::Invoke(client::CallPolicy{.deadline = timeout, .idempotent = true}, {},
                     [&](grpc::ClientContext& ctx) { return stub->Check(&ctx, {}, &resp); });
  if (!s.ok()) return absl::StrCat("UNREACHABLE (", absl::StatusCodeToString(s.code()), ")");
  return grpc::health::v1::HealthCheckResponse::ServingStatus_Name(resp.status());
}

}  // namespace

int RunHealth(config::ConfigReader& flags) {
  std::string target = flags.String("TARGET", "");
  bool all = flags.Bool("ALL", target.empty());
  absl::Duration timeout = flags.Duration("TIMEOUT", absl::Seconds(2));
  std::vector<std::pair<std::string, std::string>> targets;
  if (!target.empty()) {
    targets.push_back({target, target});
  } else if (all) {
    for (const auto& [name, fallback] : DefaultTargets()) {
      std::string env = "PARCOURS_" + absl::AsciiStrToUpper(name) + "_ADDR";
      targets.push_back(
          {name, flags.String(absl::AsciiStrToUpper(name) + "_ADDR", flags.String(env, fallback))});
    }
  }
  if (absl::Status s = flags.Finish(); !s.ok()) {
    std::cerr << "parcoursctl health: " << s.message() << "\n";
    return kExitUsage;
  }
  bool every_serving = true;
  for (const auto& [name, addr] : targets) {
    std::string status = Check(addr, timeout);
    every_serving &= (status == "SERVING");
    std::cout << name << "\t" << addr << "\t" << status << "\n";
  }
  return every_serving ? kExitOk : kExitUnavailable;
}

}  // namespace parcours::ctl
