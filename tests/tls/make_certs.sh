#!/usr/bin/env bash
# Makes a throwaway certificate authority and certificates for TLS tests, with OpenSSL:
#   DIR/ca.pem            the test CA
#   DIR/server.pem/.key   server certificate for localhost and 127.0.0.1 (signed by the CA)
#   DIR/client.pem/.key   client certificate (signed by the CA), for mutual TLS
#   DIR/other-ca.pem, DIR/other-client.pem/.key   a second CA and a client it signed
# Usage: tests/tls/make_certs.sh DIR
set -euo pipefail
dir="${1:?usage: make_certs.sh DIR}"
mkdir -p "$dir"
cd "$dir"

make_ca() {  # make_ca <name> <subject>
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$2" \
    -keyout "$1.key" -out "$1.pem" 2>/dev/null
}

make_cert() {  # make_cert <name> <ca> <subject> <extensions>
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$3" -keyout "$1.key" -out "$1.csr" 2>/dev/null
  printf '%s\n' "$4" >"$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial -days 2 \
    -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}

make_ca ca "Parcours test CA"
make_cert server ca "parcours-test-server" \
  "subjectAltName=DNS:localhost,IP:127.0.0.1
extendedKeyUsage=serverAuth,clientAuth"
make_cert client ca "service:contracts" "extendedKeyUsage=clientAuth"
make_ca other-ca "Another CA"
make_cert other-client other-ca "intruder" "extendedKeyUsage=clientAuth"
echo "$dir"
