// A throwaway RSA key for tests that play an identity provider: the private key in PEM to
// sign JWTs with (libjwt), the public key in PEM, and the modulus and exponent in base64url
// for a JWKS file. Made with OpenSSL at run time; never our own crypto.
//
//   const testutil::RsaKeyPair key = testutil::NewRsaKeyPair();
//   jwks["keys"].push_back({{"kty", "RSA"}, {"kid", "k1"}, {"n", key.n}, {"e", key.e}});
#ifndef PARCOURS_LIBS_TESTING_RSA_KEY_PAIR_H_
#define PARCOURS_LIBS_TESTING_RSA_KEY_PAIR_H_

#include <string>

namespace parcours::testutil {

struct RsaKeyPair {
  std::string private_pem;
  std::string public_pem;
  std::string n, e;  // base64url, no padding
};

// A new 2048-bit key (tens of milliseconds: make one per test suite, not per test).
RsaKeyPair NewRsaKeyPair();

}  // namespace parcours::testutil

#endif  // PARCOURS_LIBS_TESTING_RSA_KEY_PAIR_H_
