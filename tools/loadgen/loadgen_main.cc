// loadgen: drives any unary method of a running server. Requests are given as files of
// serialized protobuf (one per file), or as an echo payload size for the echo baseline.
//
//   loadgen --target=127.0.0.1:50051 --method=/parcours.echo.v1.Echo/Echo
//           --echo-payload-bytes=64 --concurrency=16 --duration=5s [--rate=20000] [--json]
//           [--tls-ca-file=ca.pem]   (TLS, trusting that CA)
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/str_split.h"
#include "libs/config/config.h"
#include "parcours/echo/v1/echo.pb.h"
#include "tools/loadgen/load_generator.h"

int main(int argc, char** argv) {
  parcours::config::ConfigReader r(argc, argv);
  parcours::loadgen::LoadOptions o;
  o.target = r.Required("TARGET");
  o.method = r.String("METHOD", "/parcours.echo.v1.Echo/Echo");
  o.concurrency = static_cast<int>(r.Int("CONCURRENCY", 16, 1, 100000));
  o.rate = static_cast<double>(r.Int("RATE", 0, 0, 10000000));
  o.duration = r.Duration("DURATION", absl::Seconds(5));
  o.warmup = r.Duration("WARMUP", absl::Seconds(1));
  o.channels = static_cast<int>(r.Int("CHANNELS", 1, 1, 64));
  o.cpu = static_cast<int>(r.Int("CPU", -1, -1, 1024));
  o.bearer_token = r.Secret("TOKEN", "");
  int64_t echo_bytes = r.Int("ECHO_PAYLOAD_BYTES", -1, -1, 1 << 20);
  std::string files = r.String("REQUEST_FILES", "");
  const std::string tls_ca_file = r.String("TLS_CA_FILE", "");
  bool json = r.Bool("JSON", false);
  std::string label = r.String("LABEL", "load");
  if (absl::Status s = r.Finish(); !s.ok()) {
    std::cerr << s.message() << "\n";
    return 2;
  }
  if (echo_bytes >= 0) {
    parcours::echo::v1::EchoRequest req;
    req.set_payload(std::string(static_cast<size_t>(echo_bytes), 'x'));
    o.requests.push_back(req.SerializeAsString());
  }
  if (!tls_ca_file.empty()) {
    std::ifstream in(tls_ca_file);
    if (!in) {
      std::cerr << "TLS_CA_FILE: cannot read " << tls_ca_file << "\n";
      return 2;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    o.tls_ca_pem = ss.str();
  }
  for (absl::string_view f : absl::StrSplit(files, ',', absl::SkipEmpty())) {
    std::ifstream in{std::string(f), std::ios::binary};
    if (!in) {
      std::cerr << "REQUEST_FILES: cannot read " << f << "\n";
      return 2;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    o.requests.push_back(ss.str());
  }
  parcours::loadgen::LoadResult result = parcours::loadgen::RunLoad(o);
  std::cout << (json ? parcours::loadgen::ResultJson(label, result)
                     : parcours::loadgen::FormatResult(label, result))
            << std::endl;
  return result.ok > 0 ? 0 : 1;
}
