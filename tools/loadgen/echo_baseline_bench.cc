// The echo baseline: starts the real echo_server (same bootstrap as every service) pinned
// to core 0, drives it from core 1 at concurrency 1, 16 and 64, and prints QPS and latency
// percentiles. Every other benchmark is reported as a ratio to these figures, measured in
// the same run. Also measures the cost of the RPC metrics interceptor (on vs off), the
// server with gRPC's default of 2 pollers instead of ours, the same echo through gRPC's
// callback API, and,
// given a folder of certificates from tests/tls/make_certs.sh, TLS against plaintext.
//
//   echo_baseline_bench [--duration=5s] [--rounds=5] [--round-duration=3s] [--json]
//                       [--tls-dir=DIR]
//
// The absolute figures are single runs of --duration; each variant (metrics off, default
// pollers, callback API, TLS) runs beside the baseline echo and is compared with it in
// --rounds alternating rounds of --round-duration each side, the median round reported
// (tools/loadgen/paired_rounds.h says why).
//
// Prints one BENCH line per figure (tools/loadgen/bench_record.h) for scripts/bench.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/testing/subprocess.h"
#include "parcours/echo/v1/echo.pb.h"
#include "tools/loadgen/bench_record.h"
#include "tools/loadgen/load_generator.h"
#include "tools/loadgen/paired_rounds.h"

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

// One echo_server with some flags, pinned to core 0, for as long as it lives.
class EchoServer {
 public:
  EchoServer(std::vector<std::string> flags, bool two_cores) {
    std::vector<std::string> args;
    if (two_cores) args = {"/usr/bin/taskset", "-c", "0"};
    args.push_back(PARCOURS_ECHO_SERVER);
    args.push_back("--metrics-address=");
    for (std::string& f : flags) args.push_back(std::move(f));
    process_ = std::make_unique<parcours::testutil::Subprocess>(args);
    if (!process_->Start().ok()) return;
    if (auto line = process_->WaitForLine("\"listening\"", absl::Seconds(20))) {
      port_ = parcours::testutil::JsonIntField(*line, "grpc_port");
    }
  }
  ~EchoServer() {
    process_->Signal(SIGTERM);
    process_->Wait(absl::Seconds(10));
  }
  int port() const { return port_; }  // 0: it did not start

 private:
  std::unique_ptr<parcours::testutil::Subprocess> process_;
  int port_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  absl::Duration duration = absl::Seconds(5);
  absl::Duration round_duration = absl::Seconds(3);
  int rounds = 5;
  bool json = false;
  std::string tls_dir;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--duration=", 0) == 0) {
      if (!absl::ParseDuration(a.substr(11), &duration)) return 2;
    } else if (a.rfind("--round-duration=", 0) == 0) {
      if (!absl::ParseDuration(a.substr(17), &round_duration)) return 2;
    } else if (a.rfind("--rounds=", 0) == 0) {
      rounds = std::max(1, std::atoi(a.substr(9).c_str()));
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
  const auto load = [&](const EchoServer& server, int c, absl::Duration how_long,
                        const std::string& ca_pem = "") {
    parcours::loadgen::LoadOptions o;
    o.target = absl::StrCat("127.0.0.1:", server.port());
    o.method = "/parcours.echo.v1.Echo/Echo";
    o.requests = {req.SerializeAsString()};
    o.concurrency = c;
    o.duration = how_long;
    o.cpu = two_cores ? 1 : -1;
    o.tls_ca_pem = ca_pem;
    return parcours::loadgen::RunLoad(o);
  };

  // The baseline: metrics on, our pollers, the sync API. Every variant below runs beside it
  // and is compared with it in alternating rounds (tools/loadgen/paired_rounds.h).
  const EchoServer echo({"--rpc-metrics=true"}, two_cores);
  if (echo.port() == 0) {
    std::cerr << "echo_server did not start\n";
    return 1;
  }
  for (int c : {1, 16, 64}) {
    const LoadResult r = load(echo, c, duration);
    std::string label = absl::StrCat("echo c=", c);
    std::cout << (json ? parcours::loadgen::ResultJson(label, r)
                       : parcours::loadgen::FormatResult(label, r))
              << "\n";
    PrintBenchRecord({.name = label + " QPS", .value = r.qps, .unit = "qps"});
    PrintBenchRecord({.name = label + " p99", .value = r.p99_ms, .unit = "ms"});
  }

  // `variant` against the baseline echo at c=16. When `variant_is_baseline`, the variant is
  // the reference of the ratio (metrics off against on).
  const auto compare = [&](const std::string& name, const std::string& variant_label,
                           const EchoServer& variant, const std::string& target,
                           bool variant_is_baseline, const std::string& ca_pem = "") {
    const auto base = [&] { return load(echo, 16, round_duration); };
    const auto other = [&] { return load(variant, 16, round_duration, ca_pem); };
    const parcours::loadgen::PairedRounds p =
        variant_is_baseline ? parcours::loadgen::RunPairedRounds(other, base, rounds)
                            : parcours::loadgen::RunPairedRounds(base, other, rounds);
    const parcours::loadgen::Round& m = p.median();
    const LoadResult& v = variant_is_baseline ? m.baseline : m.target;
    const LoadResult& e = variant_is_baseline ? m.target : m.baseline;
    std::cout << parcours::loadgen::FormatResult(variant_label, v) << "  (median round; echo "
              << static_cast<int64_t>(e.qps) << " qps)\n";
    PrintBenchRecord(
        {.name = name,
         .value = m.target.qps,
         .unit = "qps",
         .baseline_name =
             variant_is_baseline ? variant_label + ", same round" : "echo c=16, same round",
         .baseline = m.baseline.qps,
         .target = target,
         .note = absl::StrCat("p99 ", v.p99_ms, " ms vs ", e.p99_ms, " ms; ", p.Summary())});
  };

  const EchoServer without_metrics({"--rpc-metrics=false"}, two_cores);
  // gRPC's own default of 2 pollers (ServerOptions::max_pollers says why ours keeps 64):
  // what the bootstrap's setting is worth, and the baseline of session 2's reports.
  const EchoServer default_pollers({"--grpc-max-pollers=2"}, two_cores);
  // The same echo through gRPC's callback API (the catalogue's GetOffer and SearchOffers
  // use it): what the API itself costs, apart from the handlers.
  const EchoServer callback_api({"--echo-api=callback"}, two_cores);
  if (without_metrics.port() == 0 || default_pollers.port() == 0 || callback_api.port() == 0) {
    std::cerr << "echo_server did not start\n";
    return 1;
  }
  compare("metrics interceptor on vs off (echo QPS, c=16)", "echo c=16 metrics off",
          without_metrics, "ratio >= 0.97", /*variant_is_baseline=*/true);
  compare("echo c=16 with gRPC's default of 2 pollers (vs ours, 64)",
          "echo c=16, gRPC's default 2 pollers", default_pollers, "", false);
  compare("echo c=16 through gRPC's callback API (vs sync)", "echo c=16, callback API",
          callback_api, "", false);

  if (!tls_dir.empty()) {
    const EchoServer tls(
        {"--tls-cert-file=" + tls_dir + "/server.pem", "--tls-key-file=" + tls_dir + "/server.key",
         "--health-address=127.0.0.1:0"},
        two_cores);
    if (tls.port() == 0) {
      std::cerr << "echo_server with TLS did not start\n";
      return 1;
    }
    compare("TLS vs plaintext (echo QPS, c=16)", "echo c=16 TLS", tls, "", false,
            ReadFile(tls_dir + "/ca.pem"));
  }
  return 0;
}
