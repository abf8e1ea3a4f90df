#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "probe/result.h"
#include "probe/tls/tls_trust.h"
#include "probe/tls/tls_x509.h"
#include "probe/tls/verdict_cache.h"

// Chain analysis: verify the chain a server sent against the platform store and against the
// genuine roots, then say what that means (ok, interception, untrusted, clock). Pure: no network,
// and the verification time is passed in, so tests never read the real clock.
namespace orchard::probe {

enum class Anchors { kPlatform, kGenuine };

// Verifies `chain` (leaf first, as sent; the rest are untrusted intermediates) for a TLS server
// named `host` (a DNS name, an IP literal, or "" to skip the name check) at time `at`. Against
// kGenuine, a sent certificate whose key is a genuine root's key is itself an anchor. A verdict
// already reached this second for the same chain and kind of name is reused (trust.verdicts()).
StoreVerdict VerifyChain(const TlsTrust& trust, Anchors anchors, const std::vector<X509*>& chain,
                         std::string_view host, std::chrono::system_clock::time_point at);

struct ChainAnalysis {
  Status status = Status::kFail;
  Reason reason = Reason::kInternal;
  std::string detail;
  TlsFacts facts;  // all but version and cipher, which only the handshake knows
};

// Classifies a sent chain: genuine -> ok; OS-trusted but not genuine -> tls_intercepted;
// anchored but outside its validity -> tls_cert_time_invalid; otherwise tls_untrusted (an
// untrusted interceptor or a captive portal). An empty chain is tls_handshake_failed.
ChainAnalysis AnalyzeChain(const TlsTrust& trust, const std::vector<X509*>& chain,
                           std::string_view host, std::chrono::system_clock::time_point now);

}  // namespace orchard::probe
