#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <tl/expected.hpp>

#include "probe/http/http_answer.h"
#include "probe/outcome.h"

// Certificate revocation lists (RFC 5280 section 5) fetched over HTTP. No sockets.
namespace orchard::probe {

struct CrlInfo {
  std::string format;       // "DER" or "PEM"
  std::string issuer;       // RFC 2253 name
  std::string last_update;  // ISO 8601 UTC
  std::string next_update;  // ISO 8601 UTC, empty when absent
  std::size_t entries = 0;  // revoked certificates listed
};

// Parses `body` as a CRL, DER first, then PEM. Only the structure is checked, not the
// signature: the question is whether the real distribution point answered.
tl::expected<CrlInfo, std::string> ParseCrl(std::string_view body);

// The CRL check's verdict: 407 and recognised block pages as for every HTTP check; a CRL
// passes, with issuer, next update and entry count in the detail; anything else is crl_bad.
ProtocolOutcome JudgeCrlAnswer(const HttpFetch& fetch);

}  // namespace orchard::probe
