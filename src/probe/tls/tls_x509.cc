#include "probe/tls/tls_x509.h"

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/sha.h>

#include <ctime>

namespace orchard::probe {

X509Ptr ShareCert(X509* cert) {
  if (cert == nullptr) return nullptr;
  X509_up_ref(cert);
  return X509Ptr(cert);
}

Result<std::vector<X509Ptr>> ParseCertificates(std::string_view data, std::string_view source) {
  if (data.find("-----BEGIN") == std::string_view::npos) {
    ERR_clear_error();
    const auto* der = reinterpret_cast<const unsigned char*>(data.data());
    X509Ptr cert(d2i_X509(nullptr, &der, static_cast<long>(data.size())));
    ERR_clear_error();
    if (!cert) {
      return MakeError(ErrorCode::kParse,
                       fmt::format("{}: no certificate found (expected PEM or DER)", source));
    }
    std::vector<X509Ptr> certs;
    certs.push_back(std::move(cert));
    return certs;
  }
  x509::PemCertificates pem = x509::ReadPemCertificates(data, x509::PemBlocks::kCertificate);
  if (!pem.problem.empty()) {
    return MakeError(ErrorCode::kParse,
                     fmt::format("{}: certificate {} is not valid PEM: {}", source,
                                 pem.certificates.size() + 1, pem.problem));
  }
  if (pem.certificates.empty()) {
    return MakeError(ErrorCode::kParse, fmt::format("{}: no PEM certificate found", source));
  }
  return std::move(pem.certificates);
}

Sha256 SpkiSha256(X509* cert) {
  Sha256 digest{};
  unsigned char* der = nullptr;
  int len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert), &der);
  if (len > 0) SHA256(der, static_cast<size_t>(len), digest.data());
  OPENSSL_free(der);
  return digest;
}

std::string ToHex(const Sha256& digest) {
  std::string hex;
  hex.reserve(digest.size() * 2);
  for (uint8_t byte : digest) hex += fmt::format("{:02x}", byte);
  return hex;
}

std::string DisplayName(const X509_NAME* name) {
  std::string cn = x509::NameField(name, NID_commonName);
  std::string org = x509::NameField(name, NID_organizationName);
  if (!cn.empty() && !org.empty() && cn != org) return fmt::format("{} ({})", cn, org);
  if (!cn.empty()) return cn;
  if (!org.empty()) return org;
  return x509::NameLine(name);
}

std::optional<std::chrono::sys_seconds> NotBefore(X509* cert) {
  return x509::TimeOf(X509_get0_notBefore(cert));
}

std::optional<std::chrono::sys_seconds> NotAfter(X509* cert) {
  return x509::TimeOf(X509_get0_notAfter(cert));
}

std::string Iso8601(std::chrono::sys_seconds t) {
  const time_t seconds = t.time_since_epoch().count();
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

}  // namespace orchard::probe
