// JWT verification against keys generated at test time: the good token, and each way a
// token must be refused (expiry, not-before, issuer, audience, another key, unknown kid,
// alg none, HS256 with the public key as secret), plus role and territory claims.
#include "libs/auth/jwt_verifier.h"

#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "libs/auth/policy.h"
#include "libs/auth/verified_tokens.h"
#include "libs/testing/rsa_key_pair.h"
#include "nlohmann/json.hpp"

namespace parcours::auth {
namespace {

using KeyPair = testutil::RsaKeyPair;
KeyPair NewKeyPair() { return testutil::NewRsaKeyPair(); }

std::string B64Url(const std::string& bytes) { return absl::WebSafeBase64Escape(bytes); }

std::string Sign(const nlohmann::json& claims, const std::string& key, jwt_alg_t alg,
                 const std::string& kid) {
  jwt_t* jwt = nullptr;
  jwt_new(&jwt);
  jwt_add_grants_json(jwt, claims.dump().c_str());
  if (!kid.empty()) jwt_add_header(jwt, "kid", kid.c_str());
  jwt_set_alg(jwt, alg,
              alg == JWT_ALG_NONE ? nullptr : reinterpret_cast<const unsigned char*>(key.data()),
              alg == JWT_ALG_NONE ? 0 : static_cast<int>(key.size()));
  char* out = jwt_encode_str(jwt);
  std::string token = out ? out : "";
  free(out);
  jwt_free(jwt);
  return token;
}

class JwtVerifierTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    idp_ = new KeyPair(NewKeyPair());
    other_ = new KeyPair(NewKeyPair());
  }
  static void TearDownTestSuite() {
    delete idp_;
    delete other_;
  }
  void SetUp() override {
    nlohmann::json jwks = {{"keys",
                            {{{"kty", "RSA"},
                              {"kid", "k1"},
                              {"use", "sig"},
                              {"alg", "RS256"},
                              {"n", idp_->n},
                              {"e", idp_->e}}}}};
    auto v = JwtVerifier::FromJwks(jwks.dump(),
                                   {.issuer = "https://sso.example/realms/agents",
                                    .audience = "parcours",
                                    .roles_claim = "realm_access.roles"},
                                   clock_);
    ASSERT_TRUE(v.ok()) << v.status();
    verifier_ = std::move(*v);
  }
  nlohmann::json Claims() {
    const int64_t now = absl::ToUnixSeconds(clock_.Now());
    return {{"iss", "https://sso.example/realms/agents"},
            {"aud", {"account", "parcours"}},
            {"sub", "agent-42"},
            {"iat", now},
            {"nbf", now},
            {"exp", now + 300},
            {"realm_access", {{"roles", {"referent", "service:fraud"}}}},
            {"territories", {"TAD-CENTRE"}},
            {"structure_id", "str_1"}};
  }
  absl::StatusCode Code(const std::string& token) {
    return verifier_->Verify(token).status().code();
  }

  static KeyPair* idp_;
  static KeyPair* other_;
  FakeClock clock_{absl::FromUnixSeconds(1800000000)};
  std::unique_ptr<JwtVerifier> verifier_;
};
KeyPair* JwtVerifierTest::idp_ = nullptr;
KeyPair* JwtVerifierTest::other_ = nullptr;

TEST_F(JwtVerifierTest, AcceptsAGoodTokenAndReadsItsClaims) {
  auto p = verifier_->Verify(Sign(Claims(), idp_->private_pem, JWT_ALG_RS256, "k1"));
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->subject, "agent-42");
  EXPECT_EQ(p->roles, std::vector<std::string>{"referent"});  // no service role for a person
  EXPECT_EQ(p->territories, std::vector<std::string>{"TAD-CENTRE"});
  EXPECT_EQ(p->structure_id, "str_1");
  // Accepted until exp plus the 60 s skew: what CachingTokenVerifier serves it for at most.
  EXPECT_EQ(p->expires, clock_.Now() + absl::Seconds(300 + 60));
}

TEST_F(JwtVerifierTest, ACachedTokenIsRefusedWhenTheVerifierWouldRefuseIt) {
  auto caching = std::make_shared<CachingTokenVerifier>(
      std::shared_ptr<const TokenVerifier>(std::move(verifier_)),
      TokenCacheOptions{.max_age = absl::Hours(1)}, clock_);
  const std::string token = Sign(Claims(), idp_->private_pem, JWT_ALG_RS256, "k1");
  ASSERT_TRUE(caching->Verify(token).ok());
  clock_.Advance(absl::Seconds(300 + 59));
  EXPECT_TRUE(caching->Verify(token).ok());
  clock_.Advance(absl::Seconds(2));
  EXPECT_EQ(caching->Verify(token).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST_F(JwtVerifierTest, RefusesExpiredAndNotYetValidTokensBeyondTheSkew) {
  const std::string token = Sign(Claims(), idp_->private_pem, JWT_ALG_RS256, "k1");
  clock_.Advance(absl::Seconds(300 + 59));
  EXPECT_TRUE(verifier_->Verify(token).ok());  // within the 60 s skew
  clock_.Advance(absl::Seconds(2));
  EXPECT_EQ(Code(token), absl::StatusCode::kUnauthenticated);

  clock_.Set(absl::FromUnixSeconds(1800000000));
  nlohmann::json future = Claims();
  future["nbf"] = absl::ToUnixSeconds(clock_.Now()) + 3600;
  EXPECT_EQ(Code(Sign(future, idp_->private_pem, JWT_ALG_RS256, "k1")),
            absl::StatusCode::kUnauthenticated);
  nlohmann::json no_exp = Claims();
  no_exp.erase("exp");
  EXPECT_EQ(Code(Sign(no_exp, idp_->private_pem, JWT_ALG_RS256, "k1")),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(JwtVerifierTest, RefusesWrongIssuerAudienceOrSubject) {
  nlohmann::json c = Claims();
  c["iss"] = "https://evil.example";
  EXPECT_EQ(Code(Sign(c, idp_->private_pem, JWT_ALG_RS256, "k1")),
            absl::StatusCode::kUnauthenticated);
  c = Claims();
  c["aud"] = "another-app";
  EXPECT_EQ(Code(Sign(c, idp_->private_pem, JWT_ALG_RS256, "k1")),
            absl::StatusCode::kUnauthenticated);
  c = Claims();
  c.erase("sub");
  EXPECT_EQ(Code(Sign(c, idp_->private_pem, JWT_ALG_RS256, "k1")),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(JwtVerifierTest, RefusesOtherKeysAndAlgorithms) {
  // Signed by another key, claiming the IdP's kid.
  EXPECT_EQ(Code(Sign(Claims(), other_->private_pem, JWT_ALG_RS256, "k1")),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(Code(Sign(Claims(), idp_->private_pem, JWT_ALG_RS256, "k9")),
            absl::StatusCode::kUnauthenticated);
  // alg "none", and HS256 keyed with the public key (the classic confusion attack).
  EXPECT_EQ(Code(Sign(Claims(), "", JWT_ALG_NONE, "k1")), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(Code(Sign(Claims(), idp_->public_pem, JWT_ALG_HS256, "k1")),
            absl::StatusCode::kUnauthenticated);
  // A good token with its payload swapped.
  std::string good = Sign(Claims(), idp_->private_pem, JWT_ALG_RS256, "k1");
  nlohmann::json admin = Claims();
  admin["realm_access"]["roles"] = {"admin"};
  std::string forged_payload = B64Url(admin.dump());
  size_t first = good.find('.'), second = good.find('.', first + 1);
  std::string forged = good.substr(0, first + 1) + forged_payload + good.substr(second);
  EXPECT_EQ(Code(forged), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(Code("not.a.jwt"), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(Code("garbage"), absl::StatusCode::kUnauthenticated);
}

TEST_F(JwtVerifierTest, ATokenWithoutRolesIsAuthenticatedButAllowedNothing) {
  nlohmann::json c = Claims();
  c.erase("realm_access");
  auto p = verifier_->Verify(Sign(c, idp_->private_pem, JWT_ALG_RS256, "k1"));
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->roles.empty());
  AuthorizationPolicy policy;
  policy.Allow("/x.Y/Z", {kReferent});
  EXPECT_FALSE(Permits(*policy.Find("/x.Y/Z"), *p));
}

TEST(Jwks, RefusesMalformedKeySets) {
  JwtOptions o{.issuer = "i", .audience = "a"};
  EXPECT_FALSE(JwtVerifier::FromJwks("{}", o).ok());
  EXPECT_FALSE(JwtVerifier::FromJwks(R"({"keys": [{"kty": "RSA", "n": "!!"}]})", o).ok());
  EXPECT_FALSE(JwtVerifier::FromJwks(R"({"keys": [{"kty": "EC"}]})", o).ok());
  EXPECT_FALSE(JwtVerifier::FromJwks(R"({"keys": []})", JwtOptions{}).ok());
}

}  // namespace
}  // namespace parcours::auth
