#include "libs/auth/authorizer.h"

#include <array>
#include <functional>
#include <mutex>
#include <unordered_map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/server_context.h"

namespace parcours::auth {

// Decisions of calls in flight, sharded to keep lock contention low under load.
class Authorizer::Registry {
 public:
  void Put(const grpc::ServerContextBase* ctx, absl::StatusOr<CallAuthorization> d) {
    Shard& s = ShardOf(ctx);
    std::lock_guard<std::mutex> lock(s.mu);
    s.decisions.insert_or_assign(ctx, std::move(d));
  }
  void Erase(const grpc::ServerContextBase* ctx) {
    Shard& s = ShardOf(ctx);
    std::lock_guard<std::mutex> lock(s.mu);
    s.decisions.erase(ctx);
  }
  absl::StatusOr<CallAuthorization> Get(const grpc::ServerContextBase* ctx) {
    Shard& s = ShardOf(ctx);
    std::lock_guard<std::mutex> lock(s.mu);
    auto it = s.decisions.find(ctx);
    if (it == s.decisions.end()) {
      return absl::PermissionDeniedError("no authorization decision for this call");
    }
    return it->second;
  }

 private:
  struct Shard {
    std::mutex mu;
    std::unordered_map<const grpc::ServerContextBase*, absl::StatusOr<CallAuthorization>>
        decisions;
  };
  Shard& ShardOf(const grpc::ServerContextBase* ctx) {
    return shards_[std::hash<const void*>()(ctx) % shards_.size()];
  }
  std::array<Shard, 16> shards_;
};

namespace {

using Hook = grpc::experimental::InterceptionHookPoints;

std::string MetadataValue(std::multimap<grpc::string_ref, grpc::string_ref>* md,
                          const char* key) {
  if (md == nullptr) return "";
  auto it = md->find(key);
  if (it == md->end()) return "";
  return std::string(it->second.data(), it->second.size());
}

class AuthInterceptor final : public grpc::experimental::Interceptor {
 public:
  AuthInterceptor(const Authorizer& authorizer, Authorizer::Registry& registry,
                  grpc::experimental::ServerRpcInfo* info)
      : authorizer_(authorizer), registry_(registry), info_(info) {}
  ~AuthInterceptor() override { registry_.Erase(info_->server_context()); }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(Hook::POST_RECV_INITIAL_METADATA)) {
      auto* md = methods->GetRecvInitialMetadata();
      registry_.Put(info_->server_context(),
                    authorizer_.Decide(info_->method(), MetadataValue(md, "authorization"),
                                       MetadataValue(md, "x-parcours-purpose")));
    }
    methods->Proceed();
  }

 private:
  const Authorizer& authorizer_;
  Authorizer::Registry& registry_;
  grpc::experimental::ServerRpcInfo* info_;
};

class AuthInterceptorFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  AuthInterceptorFactory(const Authorizer& authorizer, Authorizer::Registry& registry)
      : authorizer_(authorizer), registry_(registry) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new AuthInterceptor(authorizer_, registry_, info);
  }

 private:
  const Authorizer& authorizer_;
  Authorizer::Registry& registry_;
};

}  // namespace

Authorizer::Authorizer(std::shared_ptr<const TokenVerifier> verifier, AuthorizationPolicy policy,
                       RateLimit rate_limit)
    : verifier_(std::move(verifier)),
      policy_(std::move(policy)),
      rate_limiter_(std::make_unique<RateLimiter>(rate_limit)),
      registry_(std::make_unique<Registry>()) {}

Authorizer::~Authorizer() = default;

std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
Authorizer::MakeInterceptors() {
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> out;
  out.push_back(std::make_unique<AuthInterceptorFactory>(*this, *registry_));
  return out;
}

absl::StatusOr<CallAuthorization> Authorizer::Authorize(
    const grpc::ServerContextBase* context) const {
  return registry_->Get(context);
}

absl::StatusOr<CallAuthorization> Authorizer::Decide(const std::string& method,
                                                     const std::string& authorization_header,
                                                     const std::string& purpose) const {
  const Rule* rule = policy_.Find(method);
  if (rule == nullptr) {
    return absl::PermissionDeniedError(absl::StrCat(method, " is not in the authorization table"));
  }
  CallAuthorization call;
  call.method = method;
  call.rule = *rule;
  call.purpose = purpose;
  if (rule->is_public) return call;

  constexpr absl::string_view kBearer = "Bearer ";
  if (!absl::StartsWithIgnoreCase(authorization_header, kBearer) ||
      authorization_header.size() == kBearer.size()) {
    return absl::UnauthenticatedError("missing bearer token");
  }
  absl::StatusOr<Principal> principal =
      verifier_->Verify(authorization_header.substr(kBearer.size()));
  if (!principal.ok()) return absl::UnauthenticatedError(principal.status().message());
  if (!rate_limiter_->Allow(principal->subject)) {
    return absl::ResourceExhaustedError(
        absl::StrCat(principal->subject, " is over its rate limit; retry later"));
  }
  if (!Permits(*rule, *principal)) {
    return absl::PermissionDeniedError(
        absl::StrCat(principal->subject, " may not call ", method));
  }
  call.principal = *std::move(principal);
  return call;
}

}  // namespace parcours::auth
