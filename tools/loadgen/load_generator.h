// A gRPC load generator for any unary method, by name, with pre-serialized requests (so one
// generator serves every benchmark). Two modes:
//  - closed loop: keep `concurrency` calls in flight for `duration`;
//  - fixed rate: start calls at `rate` per second on a fixed schedule and measure each
//    latency from its intended start, so a stalled server is not hidden (no coordinated
//    omission).
//
//   LoadOptions o{.target = "127.0.0.1:50051", .method = "/parcours.echo.v1.Echo/Echo",
//                 .requests = {req.SerializeAsString()}, .concurrency = 16};
//   LoadResult r = RunLoad(o);
//   std::cout << FormatResult("echo c=16", r);
#ifndef PARCOURS_TOOLS_LOADGEN_LOAD_GENERATOR_H_
#define PARCOURS_TOOLS_LOADGEN_LOAD_GENERATOR_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace parcours::loadgen {

struct LoadOptions {
  std::string target;                 // host:port
  std::string method;                 // "/package.Service/Method"
  std::vector<std::string> requests;  // serialized requests, sent round-robin
  int concurrency = 16;               // closed loop: calls in flight; fixed rate: cap in flight
  double rate = 0;                    // calls per second; > 0 selects the fixed-rate mode
  absl::Duration duration = absl::Seconds(5);
  absl::Duration warmup = absl::Seconds(1);  // calls made then are not counted
  int channels = 1;                          // separate connections
  std::string bearer_token;                  // sent as "authorization: Bearer …" when set
  absl::Duration call_deadline = absl::Seconds(5);
  int cpu = -1;            // pin the generator's threads to this core (-1: no)
  std::string tls_ca_pem;  // not empty: TLS, trusting this CA (PEM text)
};

struct LoadResult {
  int64_t ok = 0;
  int64_t failed = 0;
  std::map<int, int64_t> failures_by_code;
  double seconds = 0;
  double qps = 0;  // successful calls per second
  double p50_ms = 0, p90_ms = 0, p99_ms = 0, max_ms = 0, mean_ms = 0;
};

LoadResult RunLoad(const LoadOptions& options);

// Pins the calling thread to core `cpu` (-1: leaves it free), so that a load generator or a
// poller does not share the core of the server it measures.
void PinToCpu(int cpu);

// One line: "<label>: 41234 qps, p50 0.31 ms, p90 …, p99 …, max …, failed 0".
std::string FormatResult(const std::string& label, const LoadResult& r);
// The same as a JSON object.
std::string ResultJson(const std::string& label, const LoadResult& r);

}  // namespace parcours::loadgen

#endif  // PARCOURS_TOOLS_LOADGEN_LOAD_GENERATOR_H_
