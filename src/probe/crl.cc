#include "probe/crl.h"

#include <fmt/format.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <ctime>
#include <memory>

#include "probe/excerpt.h"
#include "probe/http_classify.h"

namespace orchard::probe {
namespace {

struct CrlFree {
  void operator()(X509_CRL* p) const { X509_CRL_free(p); }
};
struct BioFree {
  void operator()(BIO* p) const { BIO_free_all(p); }
};
using CrlPtr = std::unique_ptr<X509_CRL, CrlFree>;

std::string IsoTime(const ASN1_TIME* t) {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return {};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string NameOf(const X509_NAME* name) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) return {};
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(n > 0 ? n : 0));
}

CrlPtr ParseDer(std::string_view body) {
  const auto* begin = reinterpret_cast<const unsigned char*>(body.data());
  const auto* p = begin;
  CrlPtr crl(d2i_X509_CRL(nullptr, &p, static_cast<long>(body.size())));
  if (crl && p != begin + body.size()) return nullptr;  // trailing bytes: not a clean CRL
  return crl;
}

CrlPtr ParsePem(std::string_view body) {
  if (body.find("-----BEGIN X509 CRL-----") == std::string_view::npos) return nullptr;
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(body.data(), static_cast<int>(body.size())));
  if (!bio) return nullptr;
  return CrlPtr(PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr));
}

}  // namespace

tl::expected<CrlInfo, std::string> ParseCrl(std::string_view body) {
  if (body.empty()) return tl::unexpected(std::string("empty body"));
  CrlInfo info;
  CrlPtr crl = ParseDer(body);
  info.format = "DER";
  if (!crl) {
    crl = ParsePem(body);
    info.format = "PEM";
  }
  if (!crl) {
    return tl::unexpected(
        fmt::format("body is not a CRL ({} bytes: {})", body.size(), PrintableExcerpt(body, 40)));
  }
  info.issuer = NameOf(X509_CRL_get_issuer(crl.get()));
  info.last_update = IsoTime(X509_CRL_get0_lastUpdate(crl.get()));
  info.next_update = IsoTime(X509_CRL_get0_nextUpdate(crl.get()));
  const STACK_OF(X509_REVOKED)* revoked = X509_CRL_get_REVOKED(crl.get());
  info.entries = revoked ? static_cast<std::size_t>(sk_X509_REVOKED_num(revoked)) : 0;
  return info;
}

ProtocolOutcome JudgeCrlAnswer(const HttpFetch& fetch) {
  ProtocolOutcome out;
  if (!fetch.answer) {
    out = Failed(Reason::kCrlBad, fmt::format("no CRL: {}", fetch.problem));
  } else if (auto verdict = JudgeIntermediary(*fetch.answer)) {
    out = *verdict;
  } else if (fetch.body_truncated) {
    out = Failed(Reason::kCrlBad, fmt::format("HTTP {} with a body beyond {} MB, which no CRL is",
                                              fetch.answer->status, kCrlBodyLimit >> 20));
  } else if (auto crl = ParseCrl(fetch.answer->body)) {
    out = Passed(fmt::format("{} CRL from {}, next update {}, {} entries", crl->format, crl->issuer,
                             crl->next_update.empty() ? "none" : crl->next_update, crl->entries));
  } else {
    out = Failed(Reason::kCrlBad, fmt::format("HTTP {}: {}", fetch.answer->status, crl.error()));
  }
  AttachHttpFacts(fetch, out);
  return out;
}

}  // namespace orchard::probe
