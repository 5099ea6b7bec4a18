// The RPC metrics over real loopback gRPC, server and client side: the go-grpc-prometheus
// names and labels the dashboards and rules (deploy/, helm/) query, the handled codes
// (including UNIMPLEMENTED for a method no service has), the histogram's buckets, stream
// message counts, and exact totals under concurrent calls (the per-method lookup has no
// lock on its fast path).
#include "libs/metrics/grpc_metrics.h"

#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"
#include "parcours/echo/v1/echo.grpc.pb.h"
#include "prometheus/registry.h"

namespace parcours::metrics {
namespace {

using parcours::echo::v1::EchoRequest;
using parcours::echo::v1::EchoResponse;
using Labels = std::map<std::string, std::string>;

constexpr char kEchoService[] = "parcours.echo.v1.Echo";

// Echo that answers with the code named by a "code:N" payload.
class CodeEcho final : public parcours::echo::v1::Echo::Service {
 public:
  grpc::Status Echo(grpc::ServerContext*, const EchoRequest* req, EchoResponse* resp) override {
    int code = 0;
    if (req->payload().rfind("code:", 0) == 0 &&
        absl::SimpleAtoi(req->payload().substr(5), &code)) {
      return grpc::Status(static_cast<grpc::StatusCode>(code), "asked for");
    }
    resp->set_payload(req->payload());
    return grpc::Status::OK;
  }
};

// A server with the metrics interceptors (and reflection, a bidi stream) and a client
// channel with the client ones, each recording into its own registry.
class RpcMetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&echo_);
    builder.experimental().SetInterceptorCreators(MakeServerInterceptors(server_registry_));
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    channel_ = grpc::experimental::CreateCustomChannelWithInterceptors(
        absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials(),
        grpc::ChannelArguments(), MakeClientInterceptors(client_registry_));
    stub_ = parcours::echo::v1::Echo::NewStub(channel_);
  }
  void TearDown() override {
    if (server_) server_->Shutdown();
  }

  grpc::Status CallEcho(const std::string& payload) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    EchoRequest req;
    req.set_payload(payload);
    EchoResponse resp;
    return stub_->Echo(&ctx, req, &resp);
  }

  CodeEcho echo_;
  prometheus::Registry server_registry_;
  prometheus::Registry client_registry_;
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<parcours::echo::v1::Echo::Stub> stub_;
};

// The one metric of family `name` whose labels are exactly `labels`, if any.
std::optional<prometheus::ClientMetric> Find(prometheus::Registry& registry,
                                             const std::string& name, const Labels& labels) {
  for (const auto& family : registry.Collect()) {
    if (family.name != name) continue;
    for (const auto& m : family.metric) {
      Labels got;
      for (const auto& l : m.label) got[l.name] = l.value;
      if (got == labels) return m;
    }
  }
  return std::nullopt;
}

double CounterValue(prometheus::Registry& registry, const std::string& name, const Labels& labels) {
  auto m = Find(registry, name, labels);
  return m ? m->counter.value : -1;
}

Labels EchoLabels() {
  return {{"grpc_type", "unary"}, {"grpc_service", kEchoService}, {"grpc_method", "Echo"}};
}

Labels With(Labels labels, const std::string& code) {
  labels["grpc_code"] = code;
  return labels;
}

TEST_F(RpcMetricsTest, UnaryCallsHaveEverySeriesOnBothSides) {
  ASSERT_TRUE(CallEcho("a").ok());
  ASSERT_TRUE(CallEcho("b").ok());
  for (const std::string side : {"server", "client"}) {
    prometheus::Registry& r = side == "server" ? server_registry_ : client_registry_;
    SCOPED_TRACE(side);
    EXPECT_EQ(CounterValue(r, "grpc_" + side + "_started_total", EchoLabels()), 2);
    EXPECT_EQ(CounterValue(r, "grpc_" + side + "_handled_total", With(EchoLabels(), "OK")), 2);
    EXPECT_EQ(CounterValue(r, "grpc_" + side + "_msg_received_total", EchoLabels()), 2);
    EXPECT_EQ(CounterValue(r, "grpc_" + side + "_msg_sent_total", EchoLabels()), 2);
    auto h = Find(r, "grpc_" + side + "_handling_seconds", EchoLabels());
    ASSERT_TRUE(h.has_value());
    EXPECT_EQ(h->histogram.sample_count, 2u);
    EXPECT_GT(h->histogram.sample_sum, 0);
    EXPECT_LT(h->histogram.sample_sum, 20);
    const std::vector<double>& bounds = LatencyBuckets();
    ASSERT_EQ(h->histogram.bucket.size(), bounds.size() + 1);
    for (size_t i = 0; i < bounds.size(); ++i) {
      EXPECT_EQ(h->histogram.bucket[i].upper_bound, bounds[i]);
    }
    EXPECT_TRUE(std::isinf(h->histogram.bucket.back().upper_bound));
    EXPECT_EQ(h->histogram.bucket.back().cumulative_count, 2u);
  }
}

TEST_F(RpcMetricsTest, HandledCountsEachCodeAndOkExistsBeforeAnyOk) {
  ASSERT_EQ(CallEcho("code:5").error_code(), grpc::StatusCode::NOT_FOUND);
  ASSERT_EQ(CallEcho("code:16").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  ASSERT_EQ(CallEcho("code:16").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  for (const std::string side : {"server", "client"}) {
    prometheus::Registry& r = side == "server" ? server_registry_ : client_registry_;
    SCOPED_TRACE(side);
    const std::string handled = "grpc_" + side + "_handled_total";
    EXPECT_EQ(CounterValue(r, handled, With(EchoLabels(), "NotFound")), 1);
    EXPECT_EQ(CounterValue(r, handled, With(EchoLabels(), "Unauthenticated")), 2);
    // The denominator of error ratios is there from the first call on.
    EXPECT_EQ(CounterValue(r, handled, With(EchoLabels(), "OK")), 0);
    EXPECT_EQ(CounterValue(r, "grpc_" + side + "_started_total", EchoLabels()), 3);
    // A failed unary call carries a request but no response.
    EXPECT_EQ(CounterValue(r, "grpc_" + side + "_msg_sent_total", EchoLabels()),
              side == "server" ? 0 : 3);
    EXPECT_EQ(CounterValue(r, "grpc_" + side + "_msg_received_total", EchoLabels()),
              side == "server" ? 3 : 0);
  }
}

TEST_F(RpcMetricsTest, AMethodNoServiceHasIsCountedAsUnimplemented) {
  grpc::GenericStub generic(channel_);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  grpc::Status status;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  generic.UnaryCall(&ctx, "/parcours.nowhere.v1.Nothing/Missing", grpc::StubOptions(), &request,
                    &response, [&](grpc::Status s) {
                      std::lock_guard<std::mutex> lock(mu);
                      status = std::move(s);
                      done = true;
                      cv.notify_one();
                    });
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return done; });
  }
  ASSERT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  // gRPC serves unknown methods with one handler, "unknown"; what matters is that the
  // call is counted, with its code.
  double unimplemented = 0;
  for (const auto& family : server_registry_.Collect()) {
    if (family.name != "grpc_server_handled_total") continue;
    for (const auto& m : family.metric) {
      for (const auto& l : m.label) {
        if (l.name == "grpc_code" && l.value == "Unimplemented") unimplemented += m.counter.value;
      }
    }
  }
  EXPECT_EQ(unimplemented, 1);
  // The client side names the method it called, even through a stub built per call.
  EXPECT_EQ(CounterValue(client_registry_, "grpc_client_handled_total",
                         {{"grpc_type", "unary"},
                          {"grpc_service", "parcours.nowhere.v1.Nothing"},
                          {"grpc_method", "Missing"},
                          {"grpc_code", "Unimplemented"}}),
            1);
}

TEST_F(RpcMetricsTest, StreamsCountEveryMessage) {
  auto reflection = grpc::reflection::v1alpha::ServerReflection::NewStub(channel_);
  grpc::ClientContext ctx;
  auto stream = reflection->ServerReflectionInfo(&ctx);
  grpc::reflection::v1alpha::ServerReflectionRequest req;
  req.set_list_services("");
  grpc::reflection::v1alpha::ServerReflectionResponse resp;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(stream->Write(req));
    ASSERT_TRUE(stream->Read(&resp));
  }
  stream->WritesDone();
  while (stream->Read(&resp)) {
  }
  ASSERT_TRUE(stream->Finish().ok());
  const Labels labels = {{"grpc_type", "bidi_stream"},
                         {"grpc_service", "grpc.reflection.v1alpha.ServerReflection"},
                         {"grpc_method", "ServerReflectionInfo"}};
  for (const std::string side : {"server", "client"}) {
    prometheus::Registry& r = side == "server" ? server_registry_ : client_registry_;
    SCOPED_TRACE(side);
    EXPECT_EQ(CounterValue(r, "grpc_" + side + "_started_total", labels), 1);
    EXPECT_EQ(CounterValue(r, "grpc_" + side + "_msg_received_total", labels), 3);
    EXPECT_EQ(CounterValue(r, "grpc_" + side + "_msg_sent_total", labels), 3);
    EXPECT_EQ(CounterValue(r, "grpc_" + side + "_handled_total", With(labels, "OK")), 1);
  }
}

TEST_F(RpcMetricsTest, ConcurrentCallsAreAllCounted) {
  constexpr int kThreads = 8;
  constexpr int kCalls = 50;
  std::vector<std::thread> threads;
  std::atomic<int> failed{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kCalls; ++i) {
        if (!CallEcho("x").ok()) failed++;
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(failed, 0);
  for (const std::string side : {"server", "client"}) {
    prometheus::Registry& r = side == "server" ? server_registry_ : client_registry_;
    SCOPED_TRACE(side);
    EXPECT_EQ(CounterValue(r, "grpc_" + side + "_started_total", EchoLabels()), kThreads * kCalls);
    EXPECT_EQ(CounterValue(r, "grpc_" + side + "_handled_total", With(EchoLabels(), "OK")),
              kThreads * kCalls);
    auto h = Find(r, "grpc_" + side + "_handling_seconds", EchoLabels());
    ASSERT_TRUE(h.has_value());
    EXPECT_EQ(h->histogram.sample_count, static_cast<uint64_t>(kThreads * kCalls));
  }
}

}  // namespace
}  // namespace parcours::metrics
