#pragma once

#include <string>
#include <vector>

// Test-only PKI made with OpenSSL at test time: a CA, certificates it issues, CRLs and OCSP
// responses. Aborts the test binary on OpenSSL failure (test input is trusted).
namespace orchard::probe::testing {

struct TestCa {
  std::string cert_pem;
  std::string key_pem;
};

TestCa MakeCa(const std::string& common_name);
// A certificate issued by `ca` with this serial (hex).
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

}  // namespace orchard::probe::testing
