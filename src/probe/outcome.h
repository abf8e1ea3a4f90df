#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "probe/result.h"

namespace orchard::probe {

// Every phase of a check runs against the check's one deadline; a phase gets what is left.
using Deadline = std::chrono::steady_clock::time_point;

// What one protocol exchange (NTP, QUIC, SSH banner, HTTP/captive/OCSP/CRL, TLS) found, before
// the engine folds it into a CheckResult.
struct ProtocolOutcome {
  Status status = Status::kFail;
  Reason reason = Reason::kInternal;
  std::string detail;
  std::optional<double> first_byte_ms;  // request sent -> first byte of the answer
  std::optional<double> tls_ms;         // handshake time, for TLS
  std::optional<HttpFacts> http;
  std::optional<NtpFacts> ntp;
  std::optional<TlsFacts> tls;
  std::optional<UdpFacts> udp;
};

inline ProtocolOutcome Passed(std::string detail) {
  return ProtocolOutcome{Status::kPass, Reason::kOk, std::move(detail), {}, {}, {}, {}, {}, {}};
}

inline ProtocolOutcome Failed(Reason reason, std::string detail) {
  return ProtocolOutcome{Status::kFail, reason, std::move(detail), {}, {}, {}, {}, {}, {}};
}

}  // namespace orchard::probe
