#include "probe/tls_x509.h"

#include <fmt/format.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/sha.h>

#include <ctime>

namespace orchard::probe {
namespace {

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};

std::string LastOpenSslError() {
  unsigned long code = ERR_peek_last_error();
  const char* reason = code == 0 ? nullptr : ERR_reason_error_string(code);
  ERR_clear_error();
  return reason != nullptr ? reason : "unknown error";
}

std::optional<std::chrono::system_clock::time_point> ToTimePoint(const ASN1_TIME* t) {
  if (t == nullptr) return std::nullopt;
  std::tm tm{};
  if (ASN1_TIME_to_tm(t, &tm) != 1) return std::nullopt;
  time_t seconds = timegm(&tm);
  return std::chrono::system_clock::from_time_t(seconds);
}

}  // namespace

X509Ptr ShareCert(X509* cert) {
  if (cert == nullptr) return nullptr;
  X509_up_ref(cert);
  return X509Ptr(cert);
}

Result<std::vector<X509Ptr>> ParseCertificates(std::string_view data, std::string_view source) {
  ERR_clear_error();
  std::vector<X509Ptr> certs;
  if (data.find("-----BEGIN") == std::string_view::npos) {
    const auto* der = reinterpret_cast<const unsigned char*>(data.data());
    X509Ptr cert(d2i_X509(nullptr, &der, static_cast<long>(data.size())));
    ERR_clear_error();
    if (!cert) {
      return MakeError(ErrorCode::kParse,
                       fmt::format("{}: no certificate found (expected PEM or DER)", source));
    }
    certs.push_back(std::move(cert));
    return certs;
  }
  std::unique_ptr<BIO, BioDeleter> bio(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
  if (!bio) return MakeError(ErrorCode::kInternal, "out of memory reading certificates");
  while (true) {
    X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (cert) {
      certs.push_back(std::move(cert));
      continue;
    }
    unsigned long code = ERR_peek_last_error();
    if (ERR_GET_LIB(code) == ERR_LIB_PEM && ERR_GET_REASON(code) == PEM_R_NO_START_LINE) {
      ERR_clear_error();  // the normal end of the input
      break;
    }
    return MakeError(ErrorCode::kParse, fmt::format("{}: certificate {} is not valid PEM: {}",
                                                    source, certs.size() + 1, LastOpenSslError()));
  }
  if (certs.empty()) {
    return MakeError(ErrorCode::kParse, fmt::format("{}: no PEM certificate found", source));
  }
  return certs;
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

std::string NameLine(const X509_NAME* name) {
  if (name == nullptr) return "";
  std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
  if (!bio) return "";
  X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return len > 0 ? std::string(data, static_cast<size_t>(len)) : std::string();
}

std::string NameField(const X509_NAME* name, int nid) {
  if (name == nullptr) return "";
  int index = X509_NAME_get_index_by_NID(name, nid, -1);
  if (index < 0) return "";
  const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  int len = ASN1_STRING_to_UTF8(&utf8, value);
  if (len < 0) return "";
  std::string out(reinterpret_cast<char*>(utf8), static_cast<size_t>(len));
  OPENSSL_free(utf8);
  return out;
}

std::string DisplayName(const X509_NAME* name) {
  std::string cn = NameField(name, NID_commonName);
  std::string org = NameField(name, NID_organizationName);
  if (!cn.empty() && !org.empty() && cn != org) return fmt::format("{} ({})", cn, org);
  if (!cn.empty()) return cn;
  if (!org.empty()) return org;
  return NameLine(name);
}

std::optional<std::chrono::system_clock::time_point> NotBefore(X509* cert) {
  return ToTimePoint(X509_get0_notBefore(cert));
}

std::optional<std::chrono::system_clock::time_point> NotAfter(X509* cert) {
  return ToTimePoint(X509_get0_notAfter(cert));
}

std::string Iso8601(std::chrono::system_clock::time_point t) {
  time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace orchard::probe
