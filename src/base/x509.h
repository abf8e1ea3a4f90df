#pragma once

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/x509.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The OpenSSL certificate plumbing that host (update-ca-certificates' folder) and probe (TLS
// trust and chains, OCSP, CRL) both need: owning pointers, memory BIOs, PEM bundles, names and
// times. Its own library, orchard_x509, so that only the modules that read certificates link
// libcrypto. Nothing here touches the network, the clock or the file system; nothing throws,
// and OpenSSL's error queue is left empty.
namespace orchard::x509 {

// unique_ptr's deleter for an OpenSSL object freed by `Free`.
template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

// A read-only memory BIO over `data`, which must outlive it; null when out of memory or when
// `data` is larger than a BIO takes (2 GiB).
BioPtr ReadOnlyBio(std::string_view data);
// Everything written to the memory BIO `bio` so far; "" for none.
std::string BioText(BIO* bio);

// Which PEM blocks ReadPemCertificates takes; it skips every other block (keys, CRLs).
enum class PemBlocks {
  kCertificate,             // "CERTIFICATE" (and the old "X509 CERTIFICATE")
  kAlsoTrustedCertificate,  // those and OpenSSL's "TRUSTED CERTIFICATE", aux trust kept
};
struct PemCertificates {
  std::vector<X509Ptr> certificates;  // in the order of the text
  // Empty when the text ended cleanly; else OpenSSL's reason for the block that stopped the
  // reading ("bad base64 decode"), which the certificates before it survive.
  std::string problem;
};
// The certificates in the PEM blocks of `text`; text between blocks is ignored.
PemCertificates ReadPemCertificates(std::string_view text, PemBlocks blocks);

// "CN=Apple Root CA - G3,OU=Apple Certification Authority,O=Apple Inc.,C=US": RFC 2253 order
// and escapes, but for non-ASCII text, which stays UTF-8 for a person to read. "" for null or
// when OpenSSL cannot print it.
std::string NameLine(const X509_NAME* name);
// The first value of `nid` (NID_commonName, NID_organizationName) in `name`, as UTF-8; "" when
// absent or undecodable.
std::string NameField(const X509_NAME* name, int nid);

// `time` (a certificate's or CRL's UTCTime or GeneralizedTime) in whole seconds; nullopt for
// null or a malformed time. Seconds, not the system clock's nanoseconds, whose 64 bits end in
// 2262: RFC 5280's "no expiry", 99991231235959Z, must not wrap.
std::optional<std::chrono::sys_seconds> TimeOf(const ASN1_TIME* time);

}  // namespace orchard::x509
