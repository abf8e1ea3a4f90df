#pragma once

#include <string>
#include <string_view>
#include <tl/expected.hpp>

#include "base/error.h"
#include "probe/http/http_answer.h"
#include "probe/outcome.h"

// OCSP (RFC 6960) over HTTP: build a real OCSPRequest, judge what came back. No sockets.
namespace orchard::probe {

// Which certificate to ask about: the issuer's certificate (for the CertID's name and key
// hashes) and the serial number of a certificate it issued.
struct OcspTarget {
  std::string issuer_pem;
  std::string serial_hex;  // "0CF5BD06...", no prefix
};

// DigiCert Global Root G2 (copied from Debian's ca-certificates) and a serial in its namespace.
// Any responder status (good, unknown, unauthorized) proves that a real OCSP responder answered,
// so the serial need not name a live certificate.
const OcspTarget& DefaultOcspTarget();

// A DER OCSPRequest with one SHA-1 CertID and no extensions (as macOS sends them).
Result<std::string> BuildOcspRequest(const OcspTarget& target);
// The same, with the CertID taken from a certificate and its issuer (both PEM).
Result<std::string> BuildOcspRequestFor(std::string_view cert_pem, std::string_view issuer_pem);

// Parses `body` as a DER OCSPResponse (nothing else, no trailing bytes) and describes it:
// "successful, certificate good" or "unauthorized". The error explains why it is not one.
tl::expected<std::string, std::string> DescribeOcspResponse(std::string_view body,
                                                            std::string_view request_der);

// The OCSP check's verdict: 407 and recognised block pages as for every HTTP check; a DER
// OCSPResponse with any status passes; anything else (HTML, empty, no answer) is
// ocsp_bad_response.
ProtocolOutcome JudgeOcspAnswer(const HttpFetch& fetch, std::string_view request_der);

}  // namespace orchard::probe
