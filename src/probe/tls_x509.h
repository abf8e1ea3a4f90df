#pragma once

#include <openssl/x509.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

// Small owning wrappers and read-only helpers over OpenSSL's X509 objects, shared by the trust
// stores, the chain analysis and the tests. Nothing here touches the network or the clock.
namespace orchard::probe {

struct X509Deleter {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct X509StoreDeleter {
  void operator()(X509_STORE* store) const { X509_STORE_free(store); }
};
using X509Ptr = std::unique_ptr<X509, X509Deleter>;
using X509StorePtr = std::unique_ptr<X509_STORE, X509StoreDeleter>;

using Sha256 = std::array<uint8_t, 32>;

// A new owning reference to `cert` (X509_up_ref).
X509Ptr ShareCert(X509* cert);

// Every certificate in `data`: PEM blocks (text around them is ignored) or, when there is no
// PEM block at all, one DER certificate. Fails, naming `source`, on a broken block or when no
// certificate is found.
Result<std::vector<X509Ptr>> ParseCertificates(std::string_view data, std::string_view source);

// SHA-256 of the DER SubjectPublicKeyInfo: the key, independent of names and re-issuance.
Sha256 SpkiSha256(X509* cert);
std::string ToHex(const Sha256& digest);

// "CN=Apple Root CA - G3,OU=...,O=Apple Inc.,C=US" (RFC 2253 order, UTF-8).
std::string NameLine(const X509_NAME* name);
// The first value of `nid` (NID_commonName, NID_organizationName) in `name`; "" when absent.
std::string NameField(const X509_NAME* name, int nid);
// How a person names an issuer: "CN (O)", "CN", "O", or the whole name line.
std::string DisplayName(const X509_NAME* name);

std::optional<std::chrono::system_clock::time_point> NotBefore(X509* cert);
std::optional<std::chrono::system_clock::time_point> NotAfter(X509* cert);
// "2031-11-10T00:00:00Z".
std::string Iso8601(std::chrono::system_clock::time_point t);

}  // namespace orchard::probe
