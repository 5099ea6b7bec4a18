#include "tests/faults/fault_support.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "libs/auth/token_verifier.h"
#include "libs/testing/http_get.h"

namespace parcours::faults {

FaultDir::FaultDir(const std::string& name) {
  std::string templ = absl::StrCat("/tmp/parcours-fault-", name, ".XXXXXX");
  path_ = mkdtemp(templ.data());
  std::system(("chmod 755 " + path_).c_str());
}

FaultDir::~FaultDir() { std::system(("rm -rf " + path_).c_str()); }

std::string WriteTokensFile(const std::string& dir, const std::vector<std::string>& roles) {
  const std::string path = dir + "/tokens.json";
  std::string json = "[";
  for (size_t i = 0; i < roles.size(); ++i) {
    if (i > 0) json += ",";
    absl::StrAppend(&json, R"({"sha256":")", auth::Sha256Hex(roles[i] + "-token"),
                    R"(","subject":")", roles[i], R"(","roles":[")", roles[i],
                    R"("],"territories":["*"]})");
  }
  json += "]";
  std::ofstream(path) << json;
  return path;
}

// --- Redis ------------------------------------------------------------------------------

RedisServer::RedisServer(std::string dir)
    : dir_(std::move(dir)), port_(testutil::FreeLoopbackPort()) {
  std::system(("mkdir -p " + dir_).c_str());
}

RedisServer::~RedisServer() { Stop(); }

absl::Status RedisServer::Start() {
  process_ = std::make_unique<testutil::Subprocess>(std::vector<std::string>{
      "redis-server", "--bind", "127.0.0.1", "--port", std::to_string(port_), "--dir", dir_,
      "--save", "", "--appendonly", "no"});
  if (absl::Status s = process_->Start(); !s.ok()) return s;
  if (!process_->WaitForLine("Ready to accept connections", absl::Seconds(10))) {
    return absl::UnavailableError("redis-server did not start");
  }
  return absl::OkStatus();
}

void RedisServer::Stop() {
  if (process_) process_->Kill();
  process_.reset();
}

std::string RedisServer::url() const { return absl::StrCat("redis://127.0.0.1:", port_); }

// --- PostgreSQL -------------------------------------------------------------------------

PostgresServer::PostgresServer(std::string dir)
    : dir_(std::move(dir)), port_(testutil::FreeLoopbackPort()) {
  // The newest installed server.
  FILE* p = popen("ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1", "r");
  char buf[256] = {0};
  if (p != nullptr) {
    if (fgets(buf, sizeof buf, p) == nullptr) buf[0] = 0;
    pclose(p);
  }
  bin_ = buf;
  while (!bin_.empty() && (bin_.back() == '\n')) bin_.pop_back();
  if (getuid() == 0) run_as_ = "runuser -u postgres -- ";
}

PostgresServer::~PostgresServer() {
  if (started_) (void)Stop();
}

absl::Status PostgresServer::Run(const std::string& command) {
  const std::string full = absl::StrCat(run_as_, command, " >>", dir_, "/ctl.log 2>&1");
  if (std::system(full.c_str()) != 0) {
    return absl::InternalError(absl::StrCat("failed: ", full));
  }
  return absl::OkStatus();
}

absl::Status PostgresServer::Init() {
  if (bin_.empty()) return absl::NotFoundError("no /usr/lib/postgresql/*/bin");
  std::system(("mkdir -p " + dir_ + " && chmod 777 " + dir_).c_str());
  return Run(absl::StrCat(bin_, "/initdb -D ", dir_, "/data -U postgres --auth=trust -E UTF8 ",
                          "--locale=C.UTF-8"));
}

absl::Status PostgresServer::Start() {
  absl::Status s = Run(absl::StrCat(
      bin_, "/pg_ctl -D ", dir_, "/data -l ", dir_, "/server.log -w -t 30 -o \"-p ", port_, " -k ",
      dir_, " -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=16MB",
      " -c max_connections=40\" start"));
  if (s.ok()) started_ = true;
  return s;
}

absl::Status PostgresServer::Stop() {
  started_ = false;
  return Run(absl::StrCat(bin_, "/pg_ctl -D ", dir_, "/data -m immediate -w stop"));
}

std::string PostgresServer::url() const {
  return absl::StrCat("postgresql://postgres@127.0.0.1:", port_, "/postgres");
}

// --- services ---------------------------------------------------------------------------

ServiceProcess::ServiceProcess(std::string binary, std::map<std::string, std::string> env,
                               bool metrics)
    : binary_(std::move(binary)), env_(std::move(env)), metrics_(metrics) {
  if (metrics_) metrics_port_ = testutil::FreeLoopbackPort();
}

absl::Status ServiceProcess::Start() {
  std::map<std::string, std::string> env = env_;
  if (!env.contains("GRPC_ADDRESS")) env["GRPC_ADDRESS"] = "127.0.0.1:0";
  env["METRICS_ADDRESS"] = metrics_ ? absl::StrCat("127.0.0.1:", metrics_port_) : "";
  process_ = std::make_unique<testutil::Subprocess>(std::vector<std::string>{binary_}, env);
  if (absl::Status s = process_->Start(); !s.ok()) return s;
  std::optional<std::string> line = process_->WaitForLine("\"listening\"", absl::Seconds(30));
  if (!line) return absl::UnavailableError(binary_ + " did not listen");
  grpc_port_ = testutil::JsonIntField(*line, "grpc_port");
  if (!process_->WaitForLine("\"serving\"", absl::Seconds(30))) {
    return absl::UnavailableError(binary_ + " did not become serving");
  }
  return absl::OkStatus();
}

std::string ServiceProcess::address() const { return absl::StrCat("127.0.0.1:", grpc_port_); }

std::shared_ptr<grpc::Channel> ServiceProcess::NewChannel() const {
  grpc::ChannelArguments args;
  args.SetInt("grpc.use_local_subchannel_pool", 1);  // its own connection
  return grpc::CreateCustomChannel(address(), grpc::InsecureChannelCredentials(), args);
}

void Prepare(grpc::ClientContext& ctx, const std::string& token, absl::Duration deadline) {
  ctx.AddMetadata("authorization", "Bearer " + token);
  ctx.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
}

// --- load -------------------------------------------------------------------------------

std::string LoadCounts::ToString() const {
  std::string out = absl::StrCat("calls=", calls, " ok=", ok(), " failed=", failed());
  for (const auto& [code, n] : by_code) {
    if (code != grpc::StatusCode::OK)
      absl::StrAppend(&out, " code", static_cast<int>(code), "=", n);
  }
  absl::StrAppend(&out, " slowest=", absl::ToInt64Milliseconds(slowest), "ms");
  if (!first_error.empty()) absl::StrAppend(&out, " first error: ", first_error);
  return out;
}

LoadLoop::LoadLoop(int threads, Call call) : call_(std::move(call)) {
  for (int t = 0; t < threads; ++t) {
    threads_.emplace_back([this, t] {
      for (int64_t i = 0; !stop_.load(); ++i) {
        const absl::Time start = absl::Now();
        grpc::Status s = call_(t, i);
        Record(s, absl::Now() - start);
      }
    });
  }
}

LoadLoop::~LoadLoop() { StopAndCount(); }

void LoadLoop::Record(const grpc::Status& s, absl::Duration took) {
  std::lock_guard<std::mutex> lock(mu_);
  ++counts_.calls;
  ++counts_.by_code[s.error_code()];
  if (!s.ok() && counts_.first_error.empty()) {
    counts_.first_error = absl::StrCat(static_cast<int>(s.error_code()), " ", s.error_message());
  }
  if (took > counts_.slowest) counts_.slowest = took;
}

LoadCounts LoadLoop::Snapshot() {
  std::lock_guard<std::mutex> lock(mu_);
  return counts_;
}

LoadCounts LoadLoop::StopAndCount() {
  stop_ = true;
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  return Snapshot();
}

// --- metrics and health -----------------------------------------------------------------

std::string ReadMetrics(int metrics_port) {
  absl::StatusOr<testutil::HttpResponse> r =
      testutil::HttpGet("127.0.0.1", metrics_port, "/metrics");
  if (!r.ok() || r->status != 200) return "";
  return r->body;
}

double MetricSum(int metrics_port, const std::string& name,
                 const std::map<std::string, std::string>& labels) {
  return MetricSumIn(ReadMetrics(metrics_port), name, labels);
}

double MetricSumIn(const std::string& exposition, const std::string& name,
                   const std::map<std::string, std::string>& labels) {
  if (exposition.empty()) return -1;
  double sum = 0;
  for (absl::string_view line : absl::StrSplit(exposition, '\n')) {
    if (line.empty() || line[0] == '#') continue;
    if (!absl::StartsWith(line, name) || line.size() <= name.size()) continue;
    const char next = line[name.size()];
    if (next != '{' && next != ' ') continue;
    bool match = true;
    for (const auto& [k, v] : labels) {
      if (!absl::StrContains(line, absl::StrCat(k, "=\"", v, "\""))) match = false;
    }
    if (!match) continue;
    const size_t space = line.rfind(' ');
    double value = 0;
    if (absl::SimpleAtod(line.substr(space + 1), &value)) sum += value;
  }
  return sum;
}

std::string HealthStatus(const std::shared_ptr<grpc::Channel>& channel, const std::string& service,
                         absl::Duration deadline) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  grpc::health::v1::HealthCheckRequest req;
  req.set_service(service);
  grpc::health::v1::HealthCheckResponse resp;
  grpc::Status s = stub->Check(&ctx, req, &resp);
  if (!s.ok()) return absl::StrCat("error ", static_cast<int>(s.error_code()));
  return grpc::health::v1::HealthCheckResponse::ServingStatus_Name(resp.status());
}

bool WaitUntil(const std::function<bool()>& cond, absl::Duration timeout) {
  const absl::Time end = absl::Now() + timeout;
  while (absl::Now() < end) {
    if (cond()) return true;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return cond();
}

// --- black hole -------------------------------------------------------------------------

BlackHole::BlackHole() {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd_, 128) != 0) {
    return;
  }
  socklen_t len = sizeof addr;
  getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  // Accept and hold every connection without reading or writing a byte: the TCP
  // handshake succeeds, the HTTP/2 one never does.
  acceptor_ = std::thread([this] {
    while (!stop_) {
      int c = accept4(fd_, nullptr, nullptr, SOCK_NONBLOCK);
      if (c >= 0) {
        accepted_.push_back(c);
      } else {
        absl::SleepFor(absl::Milliseconds(10));
      }
    }
  });
}

BlackHole::~BlackHole() {
  stop_ = true;
  shutdown(fd_, SHUT_RDWR);
  if (acceptor_.joinable()) acceptor_.join();
  for (int c : accepted_) close(c);
  close(fd_);
}

std::string BlackHole::address() const { return absl::StrCat("127.0.0.1:", port_); }

}  // namespace parcours::faults
