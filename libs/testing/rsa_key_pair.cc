#include "libs/testing/rsa_key_pair.h"

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "absl/strings/escaping.h"

namespace parcours::testutil {
namespace {

std::string BnBytes(EVP_PKEY* key, const char* name) {
  BIGNUM* bn = nullptr;
  EVP_PKEY_get_bn_param(key, name, &bn);
  std::string out(static_cast<size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
  BN_free(bn);
  return out;
}

std::string Pem(EVP_PKEY* key, bool private_key) {
  BIO* bio = BIO_new(BIO_s_mem());
  if (private_key) {
    PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  } else {
    PEM_write_bio_PUBKEY(bio, key);
  }
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(len));
  BIO_free(bio);
  return out;
}

}  // namespace

RsaKeyPair NewRsaKeyPair() {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  RsaKeyPair kp{.private_pem = Pem(key, true),
                .public_pem = Pem(key, false),
                .n = absl::WebSafeBase64Escape(BnBytes(key, OSSL_PKEY_PARAM_RSA_N)),
                .e = absl::WebSafeBase64Escape(BnBytes(key, OSSL_PKEY_PARAM_RSA_E))};
  EVP_PKEY_free(key);
  return kp;
}

}  // namespace parcours::testutil
