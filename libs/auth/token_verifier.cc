#include "libs/auth/token_verifier.h"

#include <openssl/evp.h>

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace parcours::auth {

std::string Sha256Hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

absl::StatusOr<std::unique_ptr<StaticTokenVerifier>> StaticTokenVerifier::FromFile(
    const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::InvalidArgumentError(absl::StrCat("token file '", path, "' cannot be read"));
  std::stringstream ss;
  ss << in.rdbuf();
  auto verifier = FromJson(ss.str());
  if (!verifier.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("token file '", path, "': ", verifier.status().message()));
  }
  return verifier;
}

absl::StatusOr<std::unique_ptr<StaticTokenVerifier>> StaticTokenVerifier::FromJson(
    const std::string& json) {
  nlohmann::json doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_array()) {
    return absl::InvalidArgumentError("expected a JSON array of token entries");
  }
  auto verifier = std::unique_ptr<StaticTokenVerifier>(new StaticTokenVerifier());
  for (size_t i = 0; i < doc.size(); ++i) {
    const nlohmann::json& e = doc[i];
    auto where = absl::StrCat("entry ", i);
    if (!e.is_object() || !e.contains("sha256") || !e["sha256"].is_string() ||
        e["sha256"].get<std::string>().size() != 64) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": sha256 must be 64 hex digits"));
    }
    if (!e.contains("subject") || !e["subject"].is_string()) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": subject is required"));
    }
    Principal p;
    p.subject = e["subject"].get<std::string>();
    for (const auto& r : e.value("roles", nlohmann::json::array())) {
      if (r.is_string()) p.roles.push_back(r.get<std::string>());
    }
    for (const auto& t : e.value("territories", nlohmann::json::array())) {
      if (t.is_string()) p.territories.push_back(t.get<std::string>());
    }
    if (e.contains("structure_id") && e["structure_id"].is_string()) {
      p.structure_id = e["structure_id"].get<std::string>();
    }
    verifier->by_digest_[absl::AsciiStrToLower(e["sha256"].get<std::string>())] = std::move(p);
  }
  return verifier;
}

absl::StatusOr<Principal> StaticTokenVerifier::Verify(const std::string& token) const {
  auto it = by_digest_.find(Sha256Hex(token));
  if (it == by_digest_.end()) return absl::UnauthenticatedError("unknown token");
  return it->second;
}

absl::StatusOr<Principal> ChainVerifier::Verify(const std::string& token) const {
  absl::Status last = absl::UnauthenticatedError("no token verifier configured");
  for (const auto& v : verifiers_) {
    absl::StatusOr<Principal> p = v->Verify(token);
    if (p.ok()) return p;
    last = p.status();
  }
  return last;
}

}  // namespace parcours::auth
