// Authentication and authorization of every incoming call. An interceptor reads the bearer
// token and the method, verifies the token and checks the method's rule; the handler then
// asks for the decision and gets the caller (with the scope to apply) or the error to
// return. A handler that forgot to ask would still be caught by the authorization-matrix
// test, and a call with no decision recorded is denied (fail closed).
//
//   Authorizer authorizer(verifier, policy);
//   host.AddInterceptors(authorizer.MakeInterceptors());
//   ...
//   grpc::Status CatalogueService::GetOffer(grpc::ServerContext* ctx, ...) {
//     absl::StatusOr<CallAuthorization> call = authorizer_.Authorize(ctx);
//     if (!call.ok()) return ToGrpcStatus(call.status());
//     ... use call->principal and call->rule->scope in the query ...
//   }
//
// Metadata read: "authorization: Bearer <token>" and "x-parcours-purpose: <why>" (the
// purpose the audit log records for personal-data access).
#ifndef PARCOURS_LIBS_AUTH_AUTHORIZER_H_
#define PARCOURS_LIBS_AUTH_AUTHORIZER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/support/server_interceptor.h"
#include "libs/auth/policy.h"
#include "libs/auth/principal.h"
#include "libs/auth/rate_limiter.h"
#include "libs/auth/token_verifier.h"

namespace grpc {
class ServerContextBase;
}

namespace parcours::auth {

struct CallAuthorization {
  std::string method;  // "/pkg.Service/Method"
  Principal principal;
  Rule rule;
  std::string purpose;  // from x-parcours-purpose, may be empty
};

class Authorizer {
 public:
  Authorizer(std::shared_ptr<const TokenVerifier> verifier, AuthorizationPolicy policy,
             RateLimit rate_limit = {});
  ~Authorizer();

  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
  MakeInterceptors();

  // The decision for the call `context` belongs to: the caller, or UNAUTHENTICATED (no or
  // bad token) / PERMISSION_DENIED (role not allowed, method not in the table) /
  // RESOURCE_EXHAUSTED (the caller is over its rate limit).
  absl::StatusOr<CallAuthorization> Authorize(const grpc::ServerContextBase* context) const;

  // The decision for a method and token, without a call (the interceptor uses this; tests
  // and the matrix use it too).
  absl::StatusOr<CallAuthorization> Decide(const std::string& method,
                                           const std::string& authorization_header,
                                           const std::string& purpose) const;

  const AuthorizationPolicy& policy() const { return policy_; }

  class Registry;  // decisions of calls in flight, keyed by context

 private:
  std::shared_ptr<const TokenVerifier> verifier_;
  AuthorizationPolicy policy_;
  std::unique_ptr<RateLimiter> rate_limiter_;
  std::unique_ptr<Registry> registry_;
};

}  // namespace parcours::auth

#endif  // PARCOURS_LIBS_AUTH_AUTHORIZER_H_
