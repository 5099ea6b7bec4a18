// OIDC access tokens: JWTs signed RS256 by the Département's identity provider, verified
// against its published keys (a JWKS file, rotated by replacing the file and restarting),
// with the issuer, the audience, expiry and not-before checked with a clock skew. Roles,
// territories and structure come from configured claims. The signature is checked by
// libjwt over keys built by OpenSSL; this file only parses and checks claims.
//
//   JwtOptions o{.issuer = "https://sso.essonne.fr/realms/agents", .audience = "parcours",
//                .roles_claim = "realm_access.roles"};
//   ASSIGN_OR_RETURN(auto verifier, JwtVerifier::FromJwksFile("/etc/parcours/jwks.json", o));
//   absl::StatusOr<Principal> who = verifier->Verify(token);
//
// Refused, as UNAUTHENTICATED: any alg but RS256 (so neither "none" nor an HS256 token
// signed with the public key as secret passes), an unknown kid, a bad signature, a wrong
// issuer or audience, an expired or not-yet-valid token, a token without exp or sub.
#ifndef PARCOURS_LIBS_AUTH_JWT_VERIFIER_H_
#define PARCOURS_LIBS_AUTH_JWT_VERIFIER_H_

#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/auth/token_verifier.h"
#include "libs/common/clock.h"

namespace parcours::auth {

struct JwtOptions {
  std::string issuer;                      // required: the "iss" the tokens must carry
  std::string audience;                    // required: must be in "aud" (string or array)
  std::string roles_claim = "roles";       // dotted path to an array of role names
  std::string territories_claim = "territories";  // dotted path to an array of codes
  std::string structure_claim = "structure_id";
  absl::Duration clock_skew = absl::Seconds(60);
};

class JwtVerifier final : public TokenVerifier {
 public:
  static absl::StatusOr<std::unique_ptr<JwtVerifier>> FromJwksFile(
      const std::string& path, JwtOptions options, const Clock& clock = Clock::Real());
  static absl::StatusOr<std::unique_ptr<JwtVerifier>> FromJwks(
      const std::string& jwks_json, JwtOptions options, const Clock& clock = Clock::Real());

  absl::StatusOr<Principal> Verify(const std::string& token) const override;

 private:
  JwtVerifier(JwtOptions options, const Clock& clock) : options_(std::move(options)), clock_(clock) {}

  JwtOptions options_;
  const Clock& clock_;
  std::map<std::string, std::string> pem_by_kid_;  // RSA public keys, PEM
};

// PEM (SubjectPublicKeyInfo) of the RSA public key with base64url modulus `n` and exponent `e`.
absl::StatusOr<std::string> RsaPublicKeyPem(const std::string& n_b64url,
                                            const std::string& e_b64url);

// base64url without padding, as JWTs use it.
absl::StatusOr<std::string> Base64UrlDecode(const std::string& in);

}  // namespace parcours::auth

#endif  // PARCOURS_LIBS_AUTH_JWT_VERIFIER_H_
