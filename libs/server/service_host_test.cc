// The bootstrap, over real loopback gRPC: health NOT_SERVING → SERVING, readiness check,
// reflection, /metrics after a call, and (with the real echo_server binary) SIGTERM that
// lets an in-flight call finish, turns health NOT_SERVING first, and exits 0. Also the
// raw-message helpers' response bytes.
#include "libs/server/service_host.h"

#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <future>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "libs/server/raw_messages.h"
#include "libs/testing/http_get.h"
#include "libs/testing/subprocess.h"
#include "parcours/echo/v1/echo.grpc.pb.h"
#include "tools/echo/echo_service.h"

namespace parcours::server {
namespace {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

std::shared_ptr<grpc::Channel> Connect(int port) {
  return grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
}

// The health status of `service`, or UNKNOWN (-1) when the call fails.
int HealthOf(const std::shared_ptr<grpc::Channel>& channel, const std::string& service) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  HealthCheckRequest req;
  req.set_service(service);
  HealthCheckResponse resp;
  grpc::Status s = stub->Check(&ctx, req, &resp);
  return s.ok() ? static_cast<int>(resp.status()) : -1;
}

grpc::Status CallEcho(const std::shared_ptr<grpc::Channel>& channel, const std::string& payload,
                      std::string* out = nullptr) {
  auto stub = parcours::echo::v1::Echo::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  parcours::echo::v1::EchoRequest req;
  req.set_payload(payload);
  parcours::echo::v1::EchoResponse resp;
  grpc::Status s = stub->Echo(&ctx, req, &resp);
  if (out) *out = resp.payload();
  return s;
}

TEST(ServiceHost, HealthFollowsReadinessAndReflectionListsServices) {
  ServerOptions options;
  options.service_name = "echo";
  ServiceHost host(options);
  echo::EchoService echo;
  host.AddService(&echo, parcours::echo::v1::Echo::service_full_name());
  ASSERT_TRUE(host.Start().ok());
  auto channel = Connect(host.grpc_port());

  EXPECT_EQ(HealthOf(channel, ""), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(HealthOf(channel, "parcours.echo.v1.Echo"), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(HealthOf(channel, "liveness"), HealthCheckResponse::SERVING);

  host.SetServing(true);
  EXPECT_EQ(HealthOf(channel, ""), HealthCheckResponse::SERVING);
  EXPECT_EQ(HealthOf(channel, "parcours.echo.v1.Echo"), HealthCheckResponse::SERVING);

  // A failing readiness check (the database stopped answering) turns it NOT_SERVING, and
  // back once it passes.
  std::atomic<bool> db_up{false};
  host.SetReadinessCheck(
      [&] { return db_up ? absl::OkStatus() : absl::UnavailableError("db down"); },
      absl::Milliseconds(50));
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_EQ(HealthOf(channel, ""), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(HealthOf(channel, "liveness"), HealthCheckResponse::SERVING);
  db_up = true;
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_EQ(HealthOf(channel, ""), HealthCheckResponse::SERVING);

  // Reflection lists the service.
  auto reflection = grpc::reflection::v1alpha::ServerReflection::NewStub(channel);
  grpc::ClientContext ctx;
  auto stream = reflection->ServerReflectionInfo(&ctx);
  grpc::reflection::v1alpha::ServerReflectionRequest req;
  req.set_list_services("");
  ASSERT_TRUE(stream->Write(req));
  stream->WritesDone();
  grpc::reflection::v1alpha::ServerReflectionResponse resp;
  ASSERT_TRUE(stream->Read(&resp));
  std::vector<std::string> names;
  for (const auto& s : resp.list_services_response().service()) names.push_back(s.name());
  EXPECT_NE(std::find(names.begin(), names.end(), "parcours.echo.v1.Echo"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "grpc.health.v1.Health"), names.end());
  while (stream->Read(&resp)) {
  }
  EXPECT_TRUE(stream->Finish().ok());
  host.Shutdown();
}

TEST(ServiceHost, MetricsEndpointCountsHandledCalls) {
  ServerOptions options;
  options.service_name = "echo";
  ServiceHost host(options);
  echo::EchoService echo;
  host.AddService(&echo, parcours::echo::v1::Echo::service_full_name());
  ASSERT_TRUE(host.Start().ok());
  host.SetServing(true);
  ASSERT_GT(host.metrics_port(), 0);
  auto channel = Connect(host.grpc_port());
  std::string out;
  ASSERT_TRUE(CallEcho(channel, "hello", &out).ok());
  EXPECT_EQ(out, "hello");
  ASSERT_TRUE(CallEcho(channel, "again").ok());

  auto metrics = testutil::HttpGet("127.0.0.1", host.metrics_port(), "/metrics");
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  EXPECT_EQ(metrics->status, 200);
  const std::string& body = metrics->body;
  EXPECT_NE(body.find("grpc_server_handled_total{grpc_code=\"OK\",grpc_method=\"Echo\","
                      "grpc_service=\"parcours.echo.v1.Echo\",grpc_type=\"unary\"} 2"),
            std::string::npos)
      << body;
  EXPECT_NE(body.find("grpc_server_started_total{grpc_method=\"Echo\""), std::string::npos);
  EXPECT_NE(body.find("grpc_server_handling_seconds_bucket{grpc_method=\"Echo\""),
            std::string::npos);
  EXPECT_NE(body.find("process_resident_memory_bytes"), std::string::npos);
  host.Shutdown();
}

// The callback-API echo (the benchmark's A/B of gRPC's two APIs) answers like the sync one,
// through the same interceptors: its calls are counted.
TEST(ServiceHost, CallbackEchoAnswersAndIsCounted) {
  ServerOptions options;
  options.service_name = "echo";
  ServiceHost host(options);
  echo::CallbackEchoService echo;
  host.AddService(&echo, parcours::echo::v1::Echo::service_full_name());
  ASSERT_TRUE(host.Start().ok());
  host.SetServing(true);
  auto channel = Connect(host.grpc_port());
  std::string out;
  ASSERT_TRUE(CallEcho(channel, "bonjour", &out).ok());
  EXPECT_EQ(out, "bonjour");
  ASSERT_TRUE(CallEcho(channel, std::string(700, 'x'), &out).ok());
  EXPECT_EQ(out, std::string(700, 'x'));
  auto metrics = testutil::HttpGet("127.0.0.1", host.metrics_port(), "/metrics");
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  EXPECT_NE(metrics->body.find("grpc_server_handled_total{grpc_code=\"OK\",grpc_method=\"Echo\","
                               "grpc_service=\"parcours.echo.v1.Echo\",grpc_type=\"unary\"} 2"),
            std::string::npos)
      << metrics->body;
  host.Shutdown();
}

std::string BytesOf(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  EXPECT_TRUE(buffer.Dump(&slices).ok());
  std::string out;
  for (const grpc::Slice& s : slices) out.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return out;
}

// A response made from a string it may keep (moved) holds the same bytes as a copy, short
// (copied) or long (shared), and stays valid after the string it came from is gone.
TEST(RawMessages, MovedResponsesHoldTheSameBytesAsCopies) {
  for (size_t size : {0, 10, 255, 256, 700, 100000}) {
    std::string wire(size, '\0');
    for (size_t i = 0; i < size; ++i) wire[i] = static_cast<char>('a' + i % 26);
    const grpc::ByteBuffer copied = RawResponse(wire);
    grpc::ByteBuffer moved;
    {
      std::string doomed = wire;
      moved = RawResponse(std::move(doomed));
    }
    grpc::ByteBuffer shared_copy = moved;  // slices are shared, then the original dropped
    moved.Clear();
    EXPECT_EQ(BytesOf(copied), wire) << size;
    EXPECT_EQ(BytesOf(shared_copy), wire) << size;
    EXPECT_EQ(shared_copy.Length(), size);
  }
}

// An echo that notes which server thread ran each call.
class ThreadRecordingEcho final : public parcours::echo::v1::Echo::Service {
 public:
  grpc::Status Echo(grpc::ServerContext*, const parcours::echo::v1::EchoRequest* request,
                    parcours::echo::v1::EchoResponse* response) override {
    response->set_payload(request->payload());
    std::lock_guard<std::mutex> lock(mu_);
    threads_.insert(static_cast<long>(syscall(SYS_gettid)));
    return grpc::Status::OK;
  }
  size_t DistinctThreadsSinceReset() {
    std::lock_guard<std::mutex> lock(mu_);
    return threads_.size();
  }
  void Reset() {
    std::lock_guard<std::mutex> lock(mu_);
    threads_.clear();
  }

 private:
  std::mutex mu_;
  std::set<long> threads_;  // thread ids are not reused soon: a new id is a new thread
};

// Calls are served by a pool that stops growing at the concurrency it meets: more calls
// create no thread. (With gRPC's default of 2 pollers, a thread ends after nearly every
// call under concurrency and a new one is created: the second round below then runs on
// hundreds of distinct threads.)
TEST(ServiceHost, ConcurrentCallsReuseTheServerThreads) {
  ServerOptions options;
  options.metrics_address = "";
  ServiceHost host(options);
  ThreadRecordingEcho echo;
  host.AddService(&echo, parcours::echo::v1::Echo::service_full_name());
  ASSERT_TRUE(host.Start().ok());
  host.SetServing(true);
  auto channel = Connect(host.grpc_port());
  constexpr int kConcurrency = 16;
  const auto round = [&](int calls_each) {
    std::vector<std::thread> callers;
    std::atomic<int> failed{0};
    for (int i = 0; i < kConcurrency; ++i) {
      callers.emplace_back([&] {
        for (int c = 0; c < calls_each; ++c) {
          if (!CallEcho(channel, "x").ok()) ++failed;
        }
      });
    }
    for (auto& t : callers) t.join();
    EXPECT_EQ(failed.load(), 0);
  };
  round(50);  // the pool grows to the concurrency
  echo.Reset();
  round(200);
  EXPECT_LE(echo.DistinctThreadsSinceReset(), static_cast<size_t>(kConcurrency + 8));
  host.Shutdown();
}

TEST(ServiceHost, PlaintextHealthPortMirrorsHealthAndServesNothingElse) {
  ServerOptions options;
  options.metrics_address = "";
  options.health_address = "127.0.0.1:0";
  ServiceHost host(options);
  echo::EchoService echo;
  host.AddService(&echo, parcours::echo::v1::Echo::service_full_name());
  ASSERT_TRUE(host.Start().ok());
  ASSERT_GT(host.health_port(), 0);
  auto health_channel = Connect(host.health_port());
  EXPECT_EQ(HealthOf(health_channel, ""), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(HealthOf(health_channel, "liveness"), HealthCheckResponse::SERVING);
  host.SetServing(true);
  EXPECT_EQ(HealthOf(health_channel, ""), HealthCheckResponse::SERVING);
  EXPECT_EQ(CallEcho(health_channel, "x").error_code(), grpc::StatusCode::UNIMPLEMENTED);
  host.Shutdown();
}

TEST(ServiceHost, RefusesAPortInUse) {
  ServerOptions first_options;
  ServiceHost first(first_options);
  echo::EchoService echo;
  first.AddService(&echo, parcours::echo::v1::Echo::service_full_name());
  ASSERT_TRUE(first.Start().ok());
  ServerOptions options;
  options.grpc_address = absl::StrCat("127.0.0.1:", first.grpc_port());
  ServiceHost second(options);
  echo::EchoService echo2;
  second.AddService(&echo2, parcours::echo::v1::Echo::service_full_name());
  absl::Status s = second.Start();
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(s.message().find("GRPC_ADDRESS"), std::string::npos);
}

TEST(EchoServerProcess, SigtermDrainsInFlightCallsAndExitsZero) {
  testutil::Subprocess server({PARCOURS_BIN_ECHO_SERVER, "--drain-delay=500ms",
                              "--drain-deadline=10s"});
  ASSERT_TRUE(server.Start().ok());
  auto listening = server.WaitForLine("\"listening\"", absl::Seconds(20));
  ASSERT_TRUE(listening.has_value());
  int port = testutil::JsonIntField(*listening, "grpc_port");
  ASSERT_GT(port, 0);
  ASSERT_TRUE(server.WaitForLine("\"serving\"", absl::Seconds(10)).has_value());
  auto channel = Connect(port);
  ASSERT_EQ(HealthOf(channel, ""), HealthCheckResponse::SERVING);

  // A call that lasts 1.5 s, SIGTERM 300 ms into it.
  auto in_flight = std::async(std::launch::async, [&] {
    std::string out;
    grpc::Status s = CallEcho(channel, "sleep:1500", &out);
    return std::make_pair(s, out);
  });
  absl::SleepFor(absl::Milliseconds(300));
  server.Signal(SIGTERM);
  // Health turns NOT_SERVING before the server stops accepting (drain delay 500 ms).
  absl::SleepFor(absl::Milliseconds(150));
  EXPECT_EQ(HealthOf(channel, ""), HealthCheckResponse::NOT_SERVING);

  auto [status, out] = in_flight.get();
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(out, "sleep:1500");
  EXPECT_EQ(server.Wait(absl::Seconds(15)), 0);
  EXPECT_TRUE(server.WaitForLine("\"stopped\"", absl::Seconds(1)).has_value());
}

}  // namespace
}  // namespace parcours::server
