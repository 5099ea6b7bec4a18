// What every fault test needs: its own Redis and PostgreSQL it may stop and restart (never
// the shared test servers), a service binary started on free loopback ports with a tokens
// file, a load loop of N threads counting outcomes by status code, and readers for
// /metrics and the health service. Each test prints what it did and what it counted.
//
//   FaultDir dir("redis_restart");
//   RedisServer redis(dir.path() + "/redis");
//   ASSERT_OK(redis.Start());
//   ServiceProcess svc(PARCOURS_BIN_CATALOGUE_SERVER, {{"REDIS_URL", redis.url()}, ...});
//   ASSERT_OK(svc.Start());
//   LoadLoop load(4, [&](int thread) { return CallGetOffer(...); });
//   ... redis.Stop(); ... redis.Start(); ...
//   LoadCounts counts = load.StopAndCount();
#ifndef PARCOURS_TESTS_FAULTS_FAULT_SUPPORT_H_
#define PARCOURS_TESTS_FAULTS_FAULT_SUPPORT_H_

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"
#include "libs/testing/subprocess.h"

namespace parcours::faults {

// A fresh temporary folder, removed at the end.
class FaultDir {
 public:
  explicit FaultDir(const std::string& name);
  ~FaultDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// One token per role, written as AUTH_TOKENS_FILE: the bearer token is "<role>-token" and
// the subject the role (territories "*"); service roles ("service:evaluation") too.
std::string WriteTokensFile(const std::string& dir, const std::vector<std::string>& roles);

// A Redis of the test's own, on a fixed free port so that a restart comes back at the same
// address (clients reconnect to it).
class RedisServer {
 public:
  explicit RedisServer(std::string dir);
  ~RedisServer();
  absl::Status Start();  // waits until it answers PING
  void Stop();           // SIGKILL: abrupt, as a crashed Redis
  std::string url() const;
  int port() const { return port_; }

 private:
  std::string dir_;
  int port_;
  std::unique_ptr<testutil::Subprocess> process_;
};

// A PostgreSQL cluster of the test's own (initdb in `dir`, fsync off, as user postgres
// when run as root), on a fixed free port.
class PostgresServer {
 public:
  explicit PostgresServer(std::string dir);
  ~PostgresServer();
  absl::Status Init();   // initdb, once
  absl::Status Start();  // pg_ctl start -w
  absl::Status Stop();   // pg_ctl stop -m immediate: no checkpoint, as a crash
  std::string url() const;

 private:
  absl::Status Run(const std::string& command);
  std::string dir_;
  std::string bin_;
  std::string run_as_;
  int port_;
  bool started_ = false;
};

// A service binary on 127.0.0.1 ports chosen by the OS (gRPC) or free (metrics).
class ServiceProcess {
 public:
  // `env` adds to the test's environment (GRPC_ADDRESS defaults to port 0: set it to come
  // back on the same port after a restart); `metrics` enables the /metrics endpoint.
  ServiceProcess(std::string binary, std::map<std::string, std::string> env, bool metrics = false);
  absl::Status Start();  // waits for "serving"
  void Kill() { process_->Kill(); }
  void Signal(int sig) { process_->Signal(sig); }
  int Wait(absl::Duration timeout) { return process_->Wait(timeout); }
  int grpc_port() const { return grpc_port_; }
  int metrics_port() const { return metrics_port_; }
  std::string address() const;
  std::shared_ptr<grpc::Channel> NewChannel() const;  // a fresh connection
  testutil::Subprocess& process() { return *process_; }

 private:
  std::string binary_;
  std::map<std::string, std::string> env_;
  bool metrics_;
  int grpc_port_ = 0;
  int metrics_port_ = 0;
  std::unique_ptr<testutil::Subprocess> process_;
};

// A context with a bearer token and a deadline.
void Prepare(grpc::ClientContext& ctx, const std::string& token, absl::Duration deadline);

// Outcomes of a load loop, by gRPC status code, and the slowest call.
struct LoadCounts {
  int64_t calls = 0;
  std::map<grpc::StatusCode, int64_t> by_code;
  absl::Duration slowest;
  std::string first_error;  // the message of the first failed call, to say why when a test fails
  int64_t ok() const { return Count(grpc::StatusCode::OK); }
  int64_t failed() const { return calls - ok(); }
  int64_t Count(grpc::StatusCode c) const {
    auto it = by_code.find(c);
    return it == by_code.end() ? 0 : it->second;
  }
  std::string ToString() const;  // "calls=… ok=… code14=… slowest=…ms first error: …"
};

// N threads calling `call(thread, index)` in a loop until stopped.
class LoadLoop {
 public:
  using Call = std::function<grpc::Status(int thread, int64_t index)>;
  LoadLoop(int threads, Call call);
  ~LoadLoop();
  LoadCounts Snapshot();
  LoadCounts StopAndCount();

 private:
  void Record(const grpc::Status& s, absl::Duration took);
  Call call_;
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
  std::mutex mu_;
  LoadCounts counts_;
};

// The sum of the Prometheus samples named `name` whose labels include every `labels` pair
// (text exposition format), or -1 when /metrics cannot be read.
double MetricSum(int metrics_port, const std::string& name,
                 const std::map<std::string, std::string>& labels);
// The same over an exposition already read (several sums from one scrape); "" → -1.
double MetricSumIn(const std::string& exposition, const std::string& name,
                   const std::map<std::string, std::string>& labels);
// The /metrics text, or "" when it cannot be read.
std::string ReadMetrics(int metrics_port);

// grpc.health.v1 status of `service` ("" = overall): "SERVING", "NOT_SERVING", or the
// gRPC error ("UNAVAILABLE") when the call fails.
std::string HealthStatus(const std::shared_ptr<grpc::Channel>& channel, const std::string& service,
                         absl::Duration deadline = absl::Milliseconds(500));

// Polls `cond` every 20 ms until true or `timeout`.
bool WaitUntil(const std::function<bool()>& cond, absl::Duration timeout);

// A TCP listener that accepts connections and never answers: a dependency that hangs.
class BlackHole {
 public:
  BlackHole();
  ~BlackHole();
  int port() const { return port_; }
  std::string address() const;

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread acceptor_;
  std::vector<int> accepted_;
};

}  // namespace parcours::faults

#endif  // PARCOURS_TESTS_FAULTS_FAULT_SUPPORT_H_
