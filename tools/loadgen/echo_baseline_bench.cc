// The echo baseline: starts the real echo_server (same bootstrap as every service) pinned
// to core 0, drives it from core 1 at concurrency 1, 16 and 64, and prints QPS and latency
// percentiles. Every other benchmark is reported as a ratio to these figures, measured in
// the same run. Also measures the cost of the RPC metrics interceptor (on vs off), the
// server with gRPC's default of 2 pollers instead of ours, the same echo through gRPC's
// callback API, and,
// given a folder of certificates from tests/tls/make_certs.sh, TLS against plaintext.
//
//   echo_baseline_bench [--duration=5s] [--json] [--tls-dir=DIR]
//
// Prints one BENCH line per figure (tools/loadgen/bench_record.h) for scripts/bench.
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "libs/testing/subprocess.h"
#include "parcours/echo/v1/echo.pb.h"
#include "tools/loadgen/bench_record.h"
#include "tools/loadgen/load_generator.h"

namespace {

using parcours::loadgen::BenchRecord;
using parcours::loadgen::LoadResult;
using parcours::loadgen::PrintBenchRecord;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

int main(int argc, char** argv) {
  absl::Duration duration = absl::Seconds(5);
  bool json = false;
  std::string tls_dir;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--duration=", 0) == 0) {
      if (!absl::ParseDuration(a.substr(11), &duration)) return 2;
    } else if (a == "--json") {
      json = true;
    } else if (a.rfind("--tls-dir=", 0) == 0) {
      tls_dir = a.substr(10);
    } else {
      std::cerr << "unknown argument " << a << "\n";
      return 2;
    }
  }
  const bool two_cores = sysconf(_SC_NPROCESSORS_ONLN) > 1;
  parcours::echo::v1::EchoRequest req;
  req.set_payload(std::string(64, 'x'));

  // One echo_server with `flags`, driven at each concurrency; empty if it did not start.
  auto run = [&](std::vector<std::string> flags, const std::vector<int>& concurrencies,
                 const std::string& ca_pem) {
    std::vector<std::pair<int, LoadResult>> results;
    std::vector<std::string> args;
    if (two_cores) args = {"/usr/bin/taskset", "-c", "0"};
    args.push_back(PARCOURS_ECHO_SERVER);
    args.push_back("--metrics-address=");
    for (std::string& f : flags) args.push_back(std::move(f));
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
      o.cpu = two_cores ? 1 : -1;
      o.tls_ca_pem = ca_pem;
      results.emplace_back(c, parcours::loadgen::RunLoad(o));
    }
    server.Signal(SIGTERM);
    server.Wait(absl::Seconds(10));
    return results;
  };

  auto with_metrics = run({"--rpc-metrics=true"}, {1, 16, 64}, "");
  auto without_metrics = run({"--rpc-metrics=false"}, {16}, "");
  // The same server with gRPC's own default of 2 pollers (ServerOptions::max_pollers says
  // why ours keeps 64): what the bootstrap's setting is worth, and the baseline of session
  // 2's reports.
  auto default_pollers = run({"--grpc-max-pollers=2"}, {16}, "");
  // The same echo through gRPC's callback API (the catalogue's GetOffer and SearchOffers
  // use it): what the API itself costs, apart from the handlers.
  auto callback_api = run({"--echo-api=callback"}, {16}, "");
  if (with_metrics.size() != 3 || without_metrics.size() != 1 || default_pollers.size() != 1 ||
      callback_api.size() != 1) {
    std::cerr << "echo_server did not start\n";
    return 1;
  }
  for (const auto& [c, r] : with_metrics) {
    std::string label = absl::StrCat("echo c=", c);
    std::cout << (json ? parcours::loadgen::ResultJson(label, r)
                       : parcours::loadgen::FormatResult(label, r))
              << "\n";
    PrintBenchRecord({.name = label + " QPS", .value = r.qps, .unit = "qps"});
    PrintBenchRecord({.name = label + " p99", .value = r.p99_ms, .unit = "ms"});
  }
  const auto& off = without_metrics[0].second;
  const auto& on = with_metrics[1].second;
  std::cout << (json ? parcours::loadgen::ResultJson("echo c=16 metrics off", off)
                     : parcours::loadgen::FormatResult("echo c=16 metrics off", off))
            << "\n";
  PrintBenchRecord({.name = "metrics interceptor on vs off (echo QPS, c=16)",
                    .value = on.qps,
                    .unit = "qps",
                    .baseline_name = "metrics off",
                    .baseline = off.qps,
                    .target = "ratio >= 0.97"});

  const auto& two = default_pollers[0].second;
  std::cout << parcours::loadgen::FormatResult("echo c=16, gRPC's default 2 pollers", two) << "\n";
  PrintBenchRecord({.name = "echo c=16 with gRPC's default of 2 pollers (vs ours, 64)",
                    .value = two.qps,
                    .unit = "qps",
                    .baseline_name = "echo c=16",
                    .baseline = on.qps,
                    .note = absl::StrCat("p99 ", two.p99_ms, " ms vs ", on.p99_ms, " ms")});
  const auto& callback = callback_api[0].second;
  std::cout << parcours::loadgen::FormatResult("echo c=16, callback API", callback) << "\n";
  PrintBenchRecord({.name = "echo c=16 through gRPC's callback API (vs sync)",
                    .value = callback.qps,
                    .unit = "qps",
                    .baseline_name = "echo c=16",
                    .baseline = on.qps,
                    .note = absl::StrCat("p99 ", callback.p99_ms, " ms vs ", on.p99_ms, " ms")});

  if (!tls_dir.empty()) {
    auto tls = run({"--tls-cert-file=" + tls_dir + "/server.pem",
                    "--tls-key-file=" + tls_dir + "/server.key", "--health-address=127.0.0.1:0"},
                   {16}, ReadFile(tls_dir + "/ca.pem"));
    if (tls.size() != 1 || tls[0].second.ok == 0) {
      std::cerr << "echo_server with TLS did not start or answer\n";
      return 1;
    }
    const LoadResult& t = tls[0].second;
    std::cout << parcours::loadgen::FormatResult("echo c=16 TLS", t) << "\n";
    PrintBenchRecord({.name = "TLS vs plaintext (echo QPS, c=16)",
                      .value = t.qps,
                      .unit = "qps",
                      .baseline_name = "plaintext echo c=16",
                      .baseline = on.qps,
                      .note = absl::StrCat("TLS p99 ", t.p99_ms, " ms vs ", on.p99_ms, " ms")});
  }
  return 0;
}
