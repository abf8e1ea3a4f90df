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
#include "base/x509.h"

// What the TLS probe adds to base/x509.h for the trust stores, the chain analysis and the
// tests. Nothing here touches the network or the clock.
namespace orchard::probe {

using x509::X509Ptr;
using X509StorePtr = std::unique_ptr<X509_STORE, x509::Deleter<X509_STORE, X509_STORE_free>>;

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

// How a person names an issuer: "CN (O)", "CN", "O", or the whole name line (x509::NameLine).
std::string DisplayName(const X509_NAME* name);

// In whole seconds, as x509::TimeOf: a certificate may run to the year 9999.
std::optional<std::chrono::sys_seconds> NotBefore(X509* cert);
std::optional<std::chrono::sys_seconds> NotAfter(X509* cert);
// "2031-11-10T00:00:00Z" (RFC 3339: the year always has four digits).
std::string Iso8601(std::chrono::sys_seconds t);

}  // namespace orchard::probe
