// Turns a bearer token into a Principal. Implementations: static service tokens from a
// file (stored as SHA-256 digests, never in clear), and OIDC JWTs (libs/auth/jwt_verifier.h).
//
//   ASSIGN_OR_RETURN(auto verifier, StaticTokenVerifier::FromFile("/etc/parcours/tokens.json"));
//   absl::StatusOr<Principal> who = verifier->Verify(token);   // UNAUTHENTICATED if unknown
//
// Token file format (JSON):
//   [{"sha256": "<hex digest of the token>", "subject": "svc-contracts",
//     "roles": ["service:contracts"], "territories": ["*"], "structure_id": ""}]
#ifndef PARCOURS_LIBS_AUTH_TOKEN_VERIFIER_H_
#define PARCOURS_LIBS_AUTH_TOKEN_VERIFIER_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/auth/principal.h"

namespace parcours::auth {

class TokenVerifier {
 public:
  virtual ~TokenVerifier() = default;
  // UNAUTHENTICATED when the token is unknown, expired, badly signed or for another audience.
  virtual absl::StatusOr<Principal> Verify(const std::string& token) const = 0;
};

class StaticTokenVerifier final : public TokenVerifier {
 public:
  static absl::StatusOr<std::unique_ptr<StaticTokenVerifier>> FromFile(const std::string& path);
  static absl::StatusOr<std::unique_ptr<StaticTokenVerifier>> FromJson(const std::string& json);

  absl::StatusOr<Principal> Verify(const std::string& token) const override;

 private:
  std::map<std::string, Principal> by_digest_;  // hex SHA-256 → principal
};

// Tries each verifier in turn (e.g. JWT then static tokens); the first success wins.
class ChainVerifier final : public TokenVerifier {
 public:
  explicit ChainVerifier(std::vector<std::shared_ptr<const TokenVerifier>> verifiers)
      : verifiers_(std::move(verifiers)) {}
  absl::StatusOr<Principal> Verify(const std::string& token) const override;

 private:
  std::vector<std::shared_ptr<const TokenVerifier>> verifiers_;
};

// Lower-case hex SHA-256 of `data` (OpenSSL).
std::string Sha256Hex(const std::string& data);

}  // namespace parcours::auth

#endif  // PARCOURS_LIBS_AUTH_TOKEN_VERIFIER_H_
