#include "libs/auth/jwt_verifier.h"

#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <fstream>
#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "nlohmann/json.hpp"

namespace parcours::auth {
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const {
    if (p) Free(p);
  }
};
using BigNum = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using ParamBuild = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM, OSSL_PARAM_free>>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using Pkey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using Jwt = std::unique_ptr<jwt_t, Deleter<jwt_t, jwt_free>>;

void FreeString(char* s) { free(s); }
using CString = std::unique_ptr<char, Deleter<char, FreeString>>;

absl::Status Unauthenticated(const std::string& why) {
  return absl::UnauthenticatedError(absl::StrCat("invalid token: ", why));
}

// The value at a dotted path ("realm_access.roles"), or null.
const nlohmann::json* AtPath(const nlohmann::json& doc, const std::string& path) {
  const nlohmann::json* at = &doc;
  for (absl::string_view part : absl::StrSplit(path, '.')) {
    if (!at->is_object()) return nullptr;
    auto it = at->find(std::string(part));
    if (it == at->end()) return nullptr;
    at = &*it;
  }
  return at;
}

std::vector<std::string> Strings(const nlohmann::json* v) {
  std::vector<std::string> out;
  if (v == nullptr) return out;
  if (v->is_string()) out.push_back(v->get<std::string>());
  if (v->is_array()) {
    for (const auto& x : *v) {
      if (x.is_string()) out.push_back(x.get<std::string>());
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<std::string> Base64UrlDecode(const std::string& in) {
  std::string out;
  if (!absl::WebSafeBase64Unescape(in, &out)) return absl::InvalidArgumentError("bad base64url");
  return out;
}

absl::StatusOr<std::string> RsaPublicKeyPem(const std::string& n_b64url,
                                            const std::string& e_b64url) {
  absl::StatusOr<std::string> n = Base64UrlDecode(n_b64url);
  absl::StatusOr<std::string> e = Base64UrlDecode(e_b64url);
  if (!n.ok() || !e.ok() || n->empty() || e->empty()) {
    return absl::InvalidArgumentError("RSA key: n and e must be base64url");
  }
  BigNum bn_n(BN_bin2bn(reinterpret_cast<const unsigned char*>(n->data()),
                        static_cast<int>(n->size()), nullptr));
  BigNum bn_e(BN_bin2bn(reinterpret_cast<const unsigned char*>(e->data()),
                        static_cast<int>(e->size()), nullptr));
  ParamBuild build(OSSL_PARAM_BLD_new());
  if (!bn_n || !bn_e || !build ||
      !OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) ||
      !OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get())) {
    return absl::InternalError("RSA key: OpenSSL parameter build failed");
  }
  Params params(OSSL_PARAM_BLD_to_param(build.get()));
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0) {
    return absl::InvalidArgumentError("RSA key: OpenSSL refused n and e");
  }
  Pkey key(raw);
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key.get()) != 1) {
    return absl::InternalError("RSA key: PEM encoding failed");
  }
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

absl::StatusOr<std::unique_ptr<JwtVerifier>> JwtVerifier::FromJwksFile(const std::string& path,
                                                                       JwtOptions options,
                                                                       const Clock& clock) {
  std::ifstream in(path);
  if (!in) return absl::InvalidArgumentError(absl::StrCat("JWKS file '", path, "' cannot be read"));
  std::stringstream ss;
  ss << in.rdbuf();
  return FromJwks(ss.str(), std::move(options), clock);
}

absl::StatusOr<std::unique_ptr<JwtVerifier>> JwtVerifier::FromJwks(const std::string& jwks_json,
                                                                   JwtOptions options,
                                                                   const Clock& clock) {
  if (options.issuer.empty() || options.audience.empty()) {
    return absl::InvalidArgumentError("OIDC issuer and audience are required");
  }
  nlohmann::json doc = nlohmann::json::parse(jwks_json, nullptr, false);
  if (doc.is_discarded() || !doc.contains("keys") || !doc["keys"].is_array()) {
    return absl::InvalidArgumentError("JWKS: expected {\"keys\": [...]}");
  }
  auto verifier = std::unique_ptr<JwtVerifier>(new JwtVerifier(std::move(options), clock));
  for (const auto& k : doc["keys"]) {
    if (!k.is_object() || k.value("kty", "") != "RSA") continue;  // only RSA keys are used
    if (k.contains("use") && k.value("use", "") != "sig") continue;
    if (!k.contains("n") || !k.contains("e") || !k["n"].is_string() || !k["e"].is_string()) {
      return absl::InvalidArgumentError("JWKS: an RSA key lacks n or e");
    }
    absl::StatusOr<std::string> pem =
        RsaPublicKeyPem(k["n"].get<std::string>(), k["e"].get<std::string>());
    if (!pem.ok()) return pem.status();
    verifier->pem_by_kid_[k.value("kid", "")] = *pem;
  }
  if (verifier->pem_by_kid_.empty()) return absl::InvalidArgumentError("JWKS: no RSA signing key");
  return verifier;
}

absl::StatusOr<Principal> JwtVerifier::Verify(const std::string& token) const {
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3) return Unauthenticated("not a JWS compact token");
  absl::StatusOr<std::string> header_json = Base64UrlDecode(parts[0]);
  if (!header_json.ok()) return Unauthenticated("header is not base64url");
  nlohmann::json header = nlohmann::json::parse(*header_json, nullptr, false);
  if (!header.is_object()) return Unauthenticated("header is not JSON");
  if (header.value("alg", "") != "RS256") return Unauthenticated("alg must be RS256");
  std::string kid = header.contains("kid") && header["kid"].is_string()
                        ? header["kid"].get<std::string>()
                        : "";
  auto key = pem_by_kid_.find(kid);
  if (key == pem_by_kid_.end()) {
    if (!kid.empty() || pem_by_kid_.size() != 1) return Unauthenticated("unknown signing key");
    key = pem_by_kid_.begin();
  }

  jwt_t* raw = nullptr;
  if (jwt_decode(&raw, token.c_str(), reinterpret_cast<const unsigned char*>(key->second.data()),
                 static_cast<int>(key->second.size())) != 0) {
    return Unauthenticated("bad signature");
  }
  Jwt jwt(raw);
  if (jwt_get_alg(jwt.get()) != JWT_ALG_RS256) return Unauthenticated("alg must be RS256");
  CString claims_json(jwt_get_grants_json(jwt.get(), nullptr));
  if (!claims_json) return Unauthenticated("no claims");
  nlohmann::json claims = nlohmann::json::parse(claims_json.get(), nullptr, false);
  if (!claims.is_object()) return Unauthenticated("claims are not a JSON object");

  if (claims.value("iss", "") != options_.issuer) return Unauthenticated("wrong issuer");
  std::vector<std::string> audiences = Strings(AtPath(claims, "aud"));
  if (std::find(audiences.begin(), audiences.end(), options_.audience) == audiences.end()) {
    return Unauthenticated("wrong audience");
  }
  const absl::Time now = clock_.Now();
  if (!claims.contains("exp") || !claims["exp"].is_number()) return Unauthenticated("no exp");
  const absl::Time expires =
      absl::FromUnixSeconds(claims["exp"].get<int64_t>()) + options_.clock_skew;
  if (now >= expires) return Unauthenticated("expired");
  if (claims.contains("nbf") && claims["nbf"].is_number() &&
      now + options_.clock_skew < absl::FromUnixSeconds(claims["nbf"].get<int64_t>())) {
    return Unauthenticated("not valid yet");
  }
  if (!claims.contains("sub") || !claims["sub"].is_string() ||
      claims["sub"].get<std::string>().empty()) {
    return Unauthenticated("no subject");
  }
  Principal p;
  p.subject = claims["sub"].get<std::string>();
  p.expires = expires;
  p.roles = Strings(AtPath(claims, options_.roles_claim));
  p.territories = Strings(AtPath(claims, options_.territories_claim));
  std::vector<std::string> structure = Strings(AtPath(claims, options_.structure_claim));
  if (!structure.empty()) p.structure_id = structure.front();
  // A person's token never carries a service identity, whatever the IdP puts in it.
  std::erase_if(p.roles, [](const std::string& r) { return r.rfind(kServicePrefix, 0) == 0; });
  return p;
}

}  // namespace parcours::auth
