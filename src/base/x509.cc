#include "base/x509.h"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <climits>
#include <ctime>

namespace orchard::x509 {

BioPtr ReadOnlyBio(std::string_view data) {
  if (data.size() > static_cast<size_t>(INT_MAX)) return nullptr;
  return BioPtr(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
}

std::string BioText(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return n > 0 ? std::string(data, static_cast<size_t>(n)) : std::string();
}

PemCertificates ReadPemCertificates(std::string_view text, PemBlocks blocks) {
  ERR_clear_error();
  PemCertificates out;
  BioPtr bio = ReadOnlyBio(text);
  if (!bio) {
    out.problem = "out of memory";
    return out;
  }
  while (true) {
    X509Ptr cert(blocks == PemBlocks::kCertificate
                     ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)
                     : PEM_read_bio_X509_AUX(bio.get(), nullptr, nullptr, nullptr));
    if (cert) {
      out.certificates.push_back(std::move(cert));
      continue;
    }
    // No further block reads as "no start line": the normal end of the text.
    const unsigned long code = ERR_peek_last_error();
    if (ERR_GET_LIB(code) != ERR_LIB_PEM || ERR_GET_REASON(code) != PEM_R_NO_START_LINE) {
      const char* reason = code == 0 ? nullptr : ERR_reason_error_string(code);
      out.problem = reason != nullptr ? reason : "unknown error";
    }
    ERR_clear_error();
    return out;
  }
}

std::string NameLine(const X509_NAME* name) {
  if (name == nullptr) return "";
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0) {
    ERR_clear_error();
    return "";
  }
  return BioText(bio.get());
}

std::string NameField(const X509_NAME* name, int nid) {
  if (name == nullptr) return "";
  const int index = X509_NAME_get_index_by_NID(name, nid, -1);
  if (index < 0) return "";
  const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  const int len = ASN1_STRING_to_UTF8(&utf8, value);
  if (len < 0) {
    ERR_clear_error();
    return "";
  }
  std::string out(reinterpret_cast<char*>(utf8), static_cast<size_t>(len));
  OPENSSL_free(utf8);
  return out;
}

std::optional<std::chrono::sys_seconds> TimeOf(const ASN1_TIME* time) {
  std::tm tm{};
  if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) {
    ERR_clear_error();
    return std::nullopt;
  }
  return std::chrono::sys_seconds(std::chrono::seconds(timegm(&tm)));
}

}  // namespace orchard::x509
