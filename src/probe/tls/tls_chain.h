#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "probe/result.h"
#include "probe/tls/tls_trust.h"
#include "probe/tls/tls_x509.h"

// Chain analysis: verify the chain a server sent against the platform store and against the
// genuine roots, then say what that means (ok, interception, untrusted, clock). Pure: no network,
// and the verification time is passed in, so tests never read the real clock.
namespace orchard::probe {

// What verifying the sent chain against one set of anchors found. The verify callback records
// every error and keeps going, so a chain can be "anchored, but expired".
struct StoreVerdict {
  bool trusted = false;        // no error at all
  bool anchored = false;       // the chain reaches an anchor (no trust error; time/name aside)
  bool time_invalid = false;   // some certificate is outside its validity at the given time
  bool name_mismatch = false;  // the leaf does not cover the host
  std::string error;           // OpenSSL's words for the first error; "" when trusted
  std::string time_error;      // which certificate and when, for the first time error
  X509Ptr anchor;              // the top of the verified chain when anchored
};

enum class Anchors { kPlatform, kGenuine };

// Verifies `chain` (leaf first, as sent; the rest are untrusted intermediates) for a TLS server
// named `host` (a DNS name, an IP literal, or "" to skip the name check) at time `at`. Against
// kGenuine, a sent certificate whose key is a genuine root's key is itself an anchor.
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
