#include "probe/http/ocsp.h"

#include <fmt/format.h>
#include <openssl/bn.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

#include "base/x509.h"
#include "probe/excerpt.h"
#include "probe/http/http_classify.h"

namespace orchard::probe {
namespace {

using x509::Deleter;
using x509::X509Ptr;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using Asn1IntPtr = std::unique_ptr<ASN1_INTEGER, Deleter<ASN1_INTEGER, ASN1_INTEGER_free>>;
using CertIdPtr = std::unique_ptr<OCSP_CERTID, Deleter<OCSP_CERTID, OCSP_CERTID_free>>;
using RequestPtr = std::unique_ptr<OCSP_REQUEST, Deleter<OCSP_REQUEST, OCSP_REQUEST_free>>;
using ResponsePtr = std::unique_ptr<OCSP_RESPONSE, Deleter<OCSP_RESPONSE, OCSP_RESPONSE_free>>;
using BasicPtr = std::unique_ptr<OCSP_BASICRESP, Deleter<OCSP_BASICRESP, OCSP_BASICRESP_free>>;

constexpr std::string_view kDigiCertGlobalRootG2 = R"(-----BEGIN CERTIFICATE-----
MIIDjjCCAnagAwIBAgIQAzrx5qcRqaC7KGSxHQn65TANBgkqhkiG9w0BAQsFADBh
MQswCQYDVQQGEwJVUzEVMBMGA1UEChMMRGlnaUNlcnQgSW5jMRkwFwYDVQQLExB3
d3cuZGlnaWNlcnQuY29tMSAwHgYDVQQDExdEaWdpQ2VydCBHbG9iYWwgUm9vdCBH
MjAeFw0xMzA4MDExMjAwMDBaFw0zODAxMTUxMjAwMDBaMGExCzAJBgNVBAYTAlVT
MRUwEwYDVQQKEwxEaWdpQ2VydCBJbmMxGTAXBgNVBAsTEHd3dy5kaWdpY2VydC5j
b20xIDAeBgNVBAMTF0RpZ2lDZXJ0IEdsb2JhbCBSb290IEcyMIIBIjANBgkqhkiG
9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuzfNNNx7a8myaJCtSnX/RrohCgiN9RlUyfuI
2/Ou8jqJkTx65qsGGmvPrC3oXgkkRLpimn7Wo6h+4FR1IAWsULecYxpsMNzaHxmx
1x7e/dfgy5SDN67sH0NO3Xss0r0upS/kqbitOtSZpLYl6ZtrAGCSYP9PIUkY92eQ
q2EGnI/yuum06ZIya7XzV+hdG82MHauVBJVJ8zUtluNJbd134/tJS7SsVQepj5Wz
tCO7TG1F8PapspUwtP1MVYwnSlcUfIKdzXOS0xZKBgyMUNGPHgm+F6HmIcr9g+UQ
vIOlCsRnKPZzFBQ9RnbDhxSJITRNrw9FDKZJobq7nMWxM4MphQIDAQABo0IwQDAP
BgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB/wQEAwIBhjAdBgNVHQ4EFgQUTiJUIBiV
5uNu5g/6+rkS7QYXjzkwDQYJKoZIhvcNAQELBQADggEBAGBnKJRvDkhj6zHd6mcY
1Yl9PMWLSn/pvtsrF9+wX3N3KjITOYFnQoQj8kVnNeyIv/iPsGEMNKSuIEyExtv4
NeF22d+mQrvHRAiGfzZ0JFrabA0UWTW98kndth/Jsw1HKj2ZL7tcu7XUIOGZX1NG
Fdtom/DzMNU+MeKNhJ7jitralj41E6Vf8PlwUHBHQRFXGU7Aj64GxJUTFy8bJZ91
8rGOmaFvE7FBcf6IKshPECBV1/MUReXgRPTqh5Uykw7+U0b6LJ3/iyK5S9kJRaTe
pLiaWN0bfVKfjllDiIGknibVb63dDcY3fe0Dkhvld1927jyNxF1WW6LZZm6zNTfl
MrY=
-----END CERTIFICATE-----
)";

// Serial believed to be DigiCert Global G2 TLS RSA SHA256 2020 CA1's; see DefaultOcspTarget.
constexpr std::string_view kDefaultSerial = "0CF5BD062B5602F47AB8502C23CCF066";

X509Ptr ReadPem(std::string_view pem) {
  x509::BioPtr bio = x509::ReadOnlyBio(pem);
  if (!bio) return nullptr;
  return X509Ptr(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

Result<std::string> Encode(CertIdPtr id) {
  RequestPtr request(OCSP_REQUEST_new());
  if (!request || !OCSP_request_add0_id(request.get(), id.get())) {
    return MakeError(ErrorCode::kInternal, "cannot build an OCSP request");
  }
  id.release();  // owned by the request now
  unsigned char* der = nullptr;
  const int n = i2d_OCSP_REQUEST(request.get(), &der);
  if (n <= 0) return MakeError(ErrorCode::kInternal, "cannot encode the OCSP request");
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(n));
  OPENSSL_free(der);
  return out;
}

// The CertID inside a request we built, to find our certificate's status in a response.
CertIdPtr CertIdOfRequest(std::string_view request_der) {
  const auto* p = reinterpret_cast<const unsigned char*>(request_der.data());
  RequestPtr request(d2i_OCSP_REQUEST(nullptr, &p, static_cast<long>(request_der.size())));
  if (!request || OCSP_request_onereq_count(request.get()) < 1) return nullptr;
  OCSP_CERTID* id = OCSP_onereq_get0_id(OCSP_request_onereq_get0(request.get(), 0));
  return CertIdPtr(id ? OCSP_CERTID_dup(id) : nullptr);
}

}  // namespace

const OcspTarget& DefaultOcspTarget() {
  static const OcspTarget target{std::string(kDigiCertGlobalRootG2), std::string(kDefaultSerial)};
  return target;
}

Result<std::string> BuildOcspRequest(const OcspTarget& target) {
  X509Ptr issuer = ReadPem(target.issuer_pem);
  if (!issuer) return MakeError(ErrorCode::kParse, "OCSP issuer: not a PEM certificate");
  BIGNUM* raw = nullptr;
  if (target.serial_hex.empty() ||
      BN_hex2bn(&raw, target.serial_hex.c_str()) != static_cast<int>(target.serial_hex.size())) {
    BN_free(raw);
    return MakeError(ErrorCode::kParse,
                     fmt::format("OCSP serial \"{}\" is not hexadecimal", target.serial_hex));
  }
  BnPtr bn(raw);
  Asn1IntPtr serial(BN_to_ASN1_INTEGER(bn.get(), nullptr));
  CertIdPtr id(serial ? OCSP_cert_id_new(EVP_sha1(), X509_get_subject_name(issuer.get()),
                                         X509_get0_pubkey_bitstr(issuer.get()), serial.get())
                      : nullptr);
  if (!id) return MakeError(ErrorCode::kInternal, "cannot build the OCSP CertID");
  return Encode(std::move(id));
}

Result<std::string> BuildOcspRequestFor(std::string_view cert_pem, std::string_view issuer_pem) {
  X509Ptr cert = ReadPem(cert_pem);
  X509Ptr issuer = ReadPem(issuer_pem);
  if (!cert || !issuer) return MakeError(ErrorCode::kParse, "OCSP target: not PEM certificates");
  CertIdPtr id(OCSP_cert_to_id(EVP_sha1(), cert.get(), issuer.get()));
  if (!id) return MakeError(ErrorCode::kInternal, "cannot build the OCSP CertID");
  return Encode(std::move(id));
}

tl::expected<std::string, std::string> DescribeOcspResponse(std::string_view body,
                                                            std::string_view request_der) {
  if (body.empty()) return tl::unexpected(std::string("empty body"));
  const auto* begin = reinterpret_cast<const unsigned char*>(body.data());
  const auto* p = begin;
  ResponsePtr response(d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(body.size())));
  if (!response) {
    return tl::unexpected(fmt::format("body is not a DER OCSPResponse ({} bytes: {})", body.size(),
                                      PrintableExcerpt(body, 40)));
  }
  if (p != begin + body.size()) {
    return tl::unexpected(fmt::format("{} bytes after the OCSPResponse", begin + body.size() - p));
  }
  const int status = OCSP_response_status(response.get());
  std::string detail = OCSP_response_status_str(status);
  if (status != OCSP_RESPONSE_STATUS_SUCCESSFUL) return detail;

  BasicPtr basic(OCSP_response_get1_basic(response.get()));
  if (!basic)
    return tl::unexpected(std::string("successful OCSPResponse without a basic response"));
  CertIdPtr id = CertIdOfRequest(request_der);
  int cert_status = -1, reason = -1;
  if (id && OCSP_resp_find_status(basic.get(), id.get(), &cert_status, &reason, nullptr, nullptr,
                                  nullptr) == 1) {
    detail += fmt::format(", certificate {}", OCSP_cert_status_str(cert_status));
  } else {
    detail += fmt::format(", {} answer(s), none for our certificate", OCSP_resp_count(basic.get()));
  }
  return detail;
}

ProtocolOutcome JudgeOcspAnswer(const HttpFetch& fetch, std::string_view request_der) {
  ProtocolOutcome out;
  if (!fetch.answer) {
    out = Failed(Reason::kOcspBadResponse, fmt::format("no OCSP answer: {}", fetch.problem));
  } else if (auto verdict = JudgeIntermediary(*fetch.answer)) {
    out = *verdict;
  } else if (fetch.body_truncated) {
    out = Failed(Reason::kOcspBadResponse,
                 fmt::format("HTTP {} with a body beyond {} KB, which no OCSP response is",
                             fetch.answer->status, kPageBodyLimit >> 10));
  } else if (auto described = DescribeOcspResponse(fetch.answer->body, request_der)) {
    out = Passed(fmt::format("OCSP responder answered: {}", *described));
  } else {
    out = Failed(Reason::kOcspBadResponse,
                 fmt::format("HTTP {}: {}", fetch.answer->status, described.error()));
  }
  AttachHttpFacts(fetch, out);
  return out;
}

}  // namespace orchard::probe
