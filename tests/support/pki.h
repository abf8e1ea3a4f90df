#pragma once

#include <openssl/evp.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/x509.h"

// The one test PKI: keys, certificates (CAs, intermediates, leaves with SANs and validity), the
// lab's chains, CRLs and OCSP responses, made with OpenSSL at test time (write them to a
// support/temp_dir.h folder). Throws std::runtime_error on OpenSSL failure (test input is trusted).
namespace orchard::testing {

using x509::X509Ptr;

struct PkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

// A fresh EC P-256 key (fast to generate).
PkeyPtr NewKey();

struct CertSpec {
  std::string common_name;
  std::string organization;
  std::chrono::system_clock::time_point not_before;
  std::chrono::system_clock::time_point not_after;
  bool ca = false;
  std::vector<std::string> dns_names;  // subjectAltName DNS entries (leaves)
  std::vector<std::string> ip_addresses;
  long serial = 1;
};

// A certificate for `key`, signed by `issuer_key` as `issuer` (or self-signed when issuer is
// null). CAs get basicConstraints CA:TRUE and keyCertSign; leaves get serverAuth.
X509Ptr MakeCert(const CertSpec& spec, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key);

std::string CertPem(X509* cert);
// The "TRUSTED CERTIFICATE" form (OpenSSL's X509_AUX), as trust stores may hold it.
std::string TrustedCertPem(X509* cert);
std::string KeyPem(EVP_PKEY* key);

// A certificate with its key.
struct Issued {
  X509Ptr cert;
  PkeyPtr key;
};
// A certificate for a fresh key, issued by `issuer` (self-signed when null).
Issued Issue(const CertSpec& spec, const Issued* issuer);

// A self-signed certificate, valid for an hour from now, whose subject is exactly `subject`
// ((field, UTF-8 value) pairs in the order given, e.g. {{"O", "Corp"}, {"OU", "Inspection"}}),
// with no extensions.
Issued SelfSignedWithSubject(const std::vector<std::pair<std::string, std::string>>& subject);

// The lab PKI the TLS tests use, all valid from 2020-01-01 to 2040-01-01 unless said otherwise:
// a "genuine" root -> intermediate -> leaf for `host`; an interceptor CA and its leaf for the
// same host; an expired leaf (2020-2021) and a not-yet-valid leaf (2039-2040) under the genuine
// intermediate.
struct LabPki {
  Issued genuine_root, genuine_intermediate, leaf;
  Issued interceptor_ca, interceptor_leaf;
  Issued expired_leaf, future_leaf;
};
LabPki MakeLabPki(const std::string& host);

std::chrono::system_clock::time_point Utc(int year, int month, int day);

// A CA as PEM text, valid from an hour ago for 30 days, for the revocation tests.
struct TestCa {
  std::string cert_pem;
  std::string key_pem;
};
TestCa MakeCa(const std::string& common_name);
// A certificate (CN leaf.test) issued by `ca` with this serial (hex).
std::string IssueCertPem(const TestCa& ca, const std::string& serial_hex);
// A CRL signed by `ca`, listing the given serials (hex), as DER or PEM.
std::string MakeCrl(const TestCa& ca, const std::vector<std::string>& revoked_hex, bool pem);
// A signed, successful OCSPResponse (DER) saying `status` ("good", "revoked", "unknown") for
// the CertID of `cert_pem` issued by `ca`.
std::string MakeOcspResponse(const TestCa& ca, const std::string& cert_pem,
                             const std::string& status);
// A signed, successful OCSPResponse answering the first CertID of `request_der`, as a real
// responder for `ca` would.
std::string MakeOcspResponseFor(const TestCa& ca, const std::string& request_der,
                                const std::string& status);
// An unsuccessful OCSPResponse (DER) with the given responseStatus (e.g. 6 = unauthorized).
std::string MakeOcspErrorResponse(int response_status);

}  // namespace orchard::testing
