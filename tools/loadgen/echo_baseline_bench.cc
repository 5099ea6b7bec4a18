// The echo baseline: starts the real echo_server (same bootstrap as every service) pinned
// to core 0, drives it from core 1 at concurrency 1, 16 and 64, and prints QPS and latency
// percentiles. Every other benchmark is reported as a ratio to these figures, measured in
// the same run. Also measures the cost of the RPC metrics interceptor (on vs off).
//
//   echo_baseline_bench [--duration=5s] [--json]
#include <signal.h>
#include <unistd.h>

#include <iostream>

#include "absl/strings/str_cat.h"
#include "libs/testing/subprocess.h"
#include "parcours/echo/v1/echo.pb.h"
#include "tools/loadgen/load_generator.h"

int main(int argc, char** argv) {
  absl::Duration duration = absl::Seconds(5);
  bool json = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--duration=", 0) == 0) {
      if (!absl::ParseDuration(a.substr(11), &duration)) return 2;
    } else if (a == "--json") {
      json = true;
    }
  }
  parcours::echo::v1::EchoRequest req;
  req.set_payload(std::string(64, 'x'));

  auto run = [&](bool metrics, const std::vector<int>& concurrencies) {
    std::vector<std::pair<int, parcours::loadgen::LoadResult>> results;
    std::vector<std::string> args;
    if (sysconf(_SC_NPROCESSORS_ONLN) > 1) args = {"/usr/bin/taskset", "-c", "0"};
    args.push_back(PARCOURS_ECHO_SERVER);
    args.push_back(absl::StrCat("--rpc-metrics=", metrics ? "true" : "false"));
    parcours::testutil::Subprocess server(args);
    if (!server.Start().ok()) return results;
    auto line = server.WaitForLine("\"listening\"", absl::Seconds(20));
    if (!line) return results;
    int port = parcours::testutil::JsonIntField(*line, "grpc_port");
    for (int c : concurrencies) {
      parcours::loadgen::LoadOptions o;
      o.target = absl::StrCat("127.0.0.1:", port);
      o.method = "/parcours.echo.v1.Echo/Echo";
      o.requests = {req.SerializeAsString()};
      o.concurrency = c;
      o.duration = duration;
      o.cpu = sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 1 : -1;
      results.emplace_back(c, parcours::loadgen::RunLoad(o));
    }
    server.Signal(SIGTERM);
    server.Wait(absl::Seconds(10));
    return results;
  };

  auto with_metrics = run(true, {1, 16, 64});
  auto without_metrics = run(false, {16});
  if (with_metrics.size() != 3 || without_metrics.size() != 1) {
    std::cerr << "echo_server did not start\n";
    return 1;
  }
  for (const auto& [c, r] : with_metrics) {
    std::string label = absl::StrCat("echo c=", c);
    std::cout << (json ? parcours::loadgen::ResultJson(label, r)
                       : parcours::loadgen::FormatResult(label, r))
              << "\n";
  }
  const auto& off = without_metrics[0].second;
  const auto& on = with_metrics[1].second;
  std::cout << (json ? parcours::loadgen::ResultJson("echo c=16 metrics off", off)
                     : parcours::loadgen::FormatResult("echo c=16 metrics off", off))
            << "\n";
  double ratio = off.qps > 0 ? on.qps / off.qps : 0;
  if (json) {
    std::cout << absl::StrCat(R"({"label": "metrics interceptor on/off qps ratio", "ratio": )",
                              ratio, "}")
              << "\n";
  } else {
    std::cout << "metrics interceptor on/off QPS ratio at c=16: " << ratio
              << " (target >= 0.97)\n";
  }
  return 0;
}
