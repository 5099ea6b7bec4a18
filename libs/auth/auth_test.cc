// Token verification, rule checks, and the interceptor + Authorize() path over real gRPC.
#include <memory>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "libs/auth/authorizer.h"
#include "libs/common/clock.h"
#include "libs/errors/grpc_status.h"
#include "libs/server/service_host.h"
#include "parcours/echo/v1/echo.grpc.pb.h"

namespace parcours::auth {
namespace {

constexpr char kEchoMethod[] = "/parcours.echo.v1.Echo/Echo";

std::shared_ptr<const TokenVerifier> Tokens() {
  std::string json = absl::StrCat(
      R"([{"sha256": ")", Sha256Hex("ref-token"),
      R"(", "subject": "alice", "roles": ["referent"], "territories": ["TAD-CENTRE"]},)",
      R"({"sha256": ")", Sha256Hex("steer-token"),
      R"(", "subject": "bob", "roles": ["steering"], "territories": ["*"]}])");
  auto v = StaticTokenVerifier::FromJson(json);
  EXPECT_TRUE(v.ok()) << v.status();
  return std::shared_ptr<const TokenVerifier>(std::move(*v));
}

AuthorizationPolicy Policy() {
  AuthorizationPolicy p;
  p.Allow(kEchoMethod, {kReferent}, Scope::kOwnTerritory, PersonalData::kYes);
  return p;
}

TEST(StaticTokenVerifier, KnowsTokensOnlyByDigest) {
  auto tokens = Tokens();
  auto alice = tokens->Verify("ref-token");
  ASSERT_TRUE(alice.ok());
  EXPECT_EQ(alice->subject, "alice");
  EXPECT_TRUE(alice->HasRole(kReferent));
  EXPECT_TRUE(alice->CoversTerritory("TAD-CENTRE"));
  EXPECT_FALSE(alice->CoversTerritory("TAD-NORD-EST"));
  EXPECT_EQ(tokens->Verify("nope").status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE((*tokens->Verify("steer-token")).CoversTerritory("anything"));
}

TEST(StaticTokenVerifier, RejectsMalformedFiles) {
  EXPECT_FALSE(StaticTokenVerifier::FromJson("{}").ok());
  EXPECT_FALSE(StaticTokenVerifier::FromJson(R"([{"sha256": "abc", "subject": "x"}])").ok());
  EXPECT_FALSE(StaticTokenVerifier::FromJson("not json").ok());
  EXPECT_FALSE(StaticTokenVerifier::FromFile("/nonexistent/tokens.json").ok());
}

TEST(Authorizer, DecidesFromTokenAndTable) {
  Authorizer a(Tokens(), Policy());
  EXPECT_TRUE(a.Decide(kEchoMethod, "Bearer ref-token", "suivi").ok());
  EXPECT_EQ(a.Decide(kEchoMethod, "Bearer ref-token", "").value().rule.scope,
            Scope::kOwnTerritory);
  EXPECT_EQ(a.Decide(kEchoMethod, "Bearer steer-token", "").status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(a.Decide(kEchoMethod, "", "").status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(a.Decide(kEchoMethod, "Bearer ", "").status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(a.Decide(kEchoMethod, "Basic abc", "").status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(a.Decide(kEchoMethod, "Bearer forged", "").status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(a.Decide("/x.Y/NotListed", "Bearer ref-token", "").status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(a.Decide("/grpc.health.v1.Health/Check", "", "").ok());
}

// A service whose handler asks the authorizer, like every Parcours handler.
class GuardedEcho final : public parcours::echo::v1::Echo::Service {
 public:
  explicit GuardedEcho(const Authorizer& a) : authorizer_(a) {}
  grpc::Status Echo(grpc::ServerContext* ctx, const parcours::echo::v1::EchoRequest* req,
                    parcours::echo::v1::EchoResponse* resp) override {
    absl::StatusOr<CallAuthorization> call = authorizer_.Authorize(ctx);
    if (!call.ok()) return errors::ToGrpcStatus(call.status());
    resp->set_payload(absl::StrCat(call->principal.subject, ":", call->purpose));
    return grpc::Status::OK;
  }

 private:
  const Authorizer& authorizer_;
};

grpc::Status Call(int port, const std::string& token, std::string* out) {
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                     grpc::InsecureChannelCredentials());
  auto stub = parcours::echo::v1::Echo::NewStub(channel);
  grpc::ClientContext ctx;
  if (!token.empty()) ctx.AddMetadata("authorization", "Bearer " + token);
  ctx.AddMetadata("x-parcours-purpose", "accompagnement");
  parcours::echo::v1::EchoRequest req;
  parcours::echo::v1::EchoResponse resp;
  grpc::Status s = stub->Echo(&ctx, req, &resp);
  *out = resp.payload();
  return s;
}

TEST(Authorizer, InterceptorAndHandlerOverRealGrpc) {
  Authorizer authorizer(Tokens(), Policy());
  server::ServerOptions options;
  server::ServiceHost host(options);
  GuardedEcho echo(authorizer);
  host.AddService(&echo, parcours::echo::v1::Echo::service_full_name());
  host.AddInterceptors(authorizer.MakeInterceptors());
  ASSERT_TRUE(host.Start().ok());
  host.SetServing(true);
  std::string out;
  EXPECT_TRUE(Call(host.grpc_port(), "ref-token", &out).ok());
  EXPECT_EQ(out, "alice:accompagnement");
  EXPECT_EQ(Call(host.grpc_port(), "steer-token", &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(host.grpc_port(), "", &out).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Call(host.grpc_port(), "wrong", &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST(RateLimiter, RefillsAtTheConfiguredRateAndIsolatesCallers) {
  FakeClock clock(absl::FromUnixSeconds(1000));
  RateLimiter limiter({.per_second = 10, .burst = 3}, clock);
  EXPECT_TRUE(limiter.Allow("a"));
  EXPECT_TRUE(limiter.Allow("a"));
  EXPECT_TRUE(limiter.Allow("a"));
  EXPECT_FALSE(limiter.Allow("a"));  // burst spent
  EXPECT_TRUE(limiter.Allow("b"));   // another caller is not affected
  clock.Advance(absl::Milliseconds(100));
  EXPECT_TRUE(limiter.Allow("a"));   // one token back after 1/10 s
  EXPECT_FALSE(limiter.Allow("a"));
  clock.Advance(absl::Seconds(10));
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Allow("a"));  // capped at the burst
  EXPECT_FALSE(limiter.Allow("a"));
  RateLimiter off({}, clock);
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(off.Allow("a"));
}

TEST(Authorizer, CallersOverTheirRateLimitAreRefused) {
  Authorizer a(Tokens(), Policy(), {.per_second = 1, .burst = 2});
  EXPECT_TRUE(a.Decide(kEchoMethod, "Bearer ref-token", "").ok());
  EXPECT_TRUE(a.Decide(kEchoMethod, "Bearer ref-token", "").ok());
  EXPECT_EQ(a.Decide(kEchoMethod, "Bearer ref-token", "").status().code(),
            absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(a.Decide("/grpc.health.v1.Health/Check", "", "").ok());  // probes never limited
}

TEST(Authorizer, HandlerWithoutInterceptorFailsClosed) {
  Authorizer authorizer(Tokens(), Policy());
  server::ServerOptions options;
  server::ServiceHost host(options);
  GuardedEcho echo(authorizer);
  host.AddService(&echo, parcours::echo::v1::Echo::service_full_name());
  ASSERT_TRUE(host.Start().ok());  // interceptors deliberately not installed
  std::string out;
  EXPECT_EQ(Call(host.grpc_port(), "ref-token", &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace parcours::auth
