#include "probe/http/crl.h"

#include <fmt/format.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

#include "base/x509.h"
#include "probe/excerpt.h"
#include "probe/http/http_classify.h"
#include "probe/tls/tls_x509.h"

namespace orchard::probe {
namespace {

using CrlPtr = std::unique_ptr<X509_CRL, x509::Deleter<X509_CRL, X509_CRL_free>>;

std::string IsoTime(const ASN1_TIME* time) {
  auto t = x509::TimeOf(time);
  return t ? Iso8601(*t) : std::string();
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
  x509::BioPtr bio = x509::ReadOnlyBio(body);
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
  info.issuer = x509::NameLine(X509_CRL_get_issuer(crl.get()));
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
