#include "probe/kinds.h"

#include "base/table.h"
#include "probe/http/http_check.h"
#include "probe/ntp/ntp_check.h"
#include "probe/quic/quic_check.h"
#include "probe/ssh/ssh_check.h"
#include "probe/tls/tls_probe.h"

namespace orchard::probe {
namespace {

using catalog::Transport;

constexpr uint16_t kTlsPorts[] = {443, 5223, 2197};
constexpr uint16_t kHttpPorts[] = {80};
constexpr uint16_t kSshPorts[] = {22};
constexpr uint16_t kNtpPorts[] = {123};
constexpr uint16_t kQuicPorts[] = {443};

// DNS and TCP are phases of every check; as kinds they are what a port no row claims gets.
constexpr KindSpec kKinds[] = {
    {CheckKind::kDns, "dns", Transport::kUdp, {}, "", Reason::kDnsTimeout, false, nullptr, nullptr},
    {CheckKind::kTcp, "tcp", Transport::kTcp, {}, "", Reason::kTcpTimeout, false, nullptr, nullptr},
    {CheckKind::kTls, "tls", Transport::kTcp, kTlsPorts, "", Reason::kTlsHandshakeFailed, true,
     RunTls, nullptr},
    {CheckKind::kHttp, "http", Transport::kTcp, kHttpPorts, "", Reason::kHttpUnexpected, false,
     RunHttp, nullptr},
    {CheckKind::kCaptive, "captive", Transport::kTcp, kHttpPorts, "captive",
     Reason::kHttpUnexpected, false, RunCaptive, nullptr},
    {CheckKind::kOcsp, "ocsp", Transport::kTcp, kHttpPorts, "ocsp", Reason::kOcspBadResponse, false,
     RunOcsp, nullptr},
    {CheckKind::kCrl, "crl", Transport::kTcp, kHttpPorts, "crl", Reason::kCrlBad, false, RunCrl,
     nullptr},
    {CheckKind::kNtp, "ntp", Transport::kUdp, kNtpPorts, "", Reason::kNtpTimeout, false, nullptr,
     RunNtp},
    {CheckKind::kSsh, "ssh", Transport::kTcp, kSshPorts, "", Reason::kSshNoBanner, false, RunSsh,
     nullptr},
    {CheckKind::kQuic, "quic", Transport::kUdp, kQuicPorts, "", Reason::kQuicNoReply, false,
     nullptr, RunQuic},
};

bool Claims(const KindSpec& row, Transport transport, uint16_t port) {
  if (row.transport != transport) return false;
  for (uint16_t p : row.ports) {
    if (p == port) return true;
  }
  return false;
}

}  // namespace

std::span<const KindSpec> Kinds() { return kKinds; }

const KindSpec& KindOf(CheckKind kind) { return table::Of(Kinds(), &KindSpec::kind, kind); }

Reason TimeoutReason(CheckKind kind) { return KindOf(kind).timeout; }

// "unknown" for a value with no row, as ToString(Reason) does (the schema test counts on it).
std::string_view ToString(CheckKind k) {
  for (const KindSpec& row : Kinds()) {
    if (row.kind == k) return row.name;
  }
  return "unknown";
}

std::optional<CheckKind> CheckKindFromString(std::string_view s) {
  const KindSpec* row = table::Named(Kinds(), s);
  if (row == nullptr) return std::nullopt;
  return row->kind;
}

CheckKind KindFor(const catalog::Endpoint& row, uint16_t port) {
  // A row whose hint names it wins its port; otherwise the port's default row.
  const KindSpec* fallback = nullptr;
  for (const KindSpec& kind : Kinds()) {
    if (!Claims(kind, row.transport, port)) continue;
    if (kind.http_hint.empty()) {
      if (fallback == nullptr) fallback = &kind;
    } else if (kind.http_hint == row.hints.http_check) {
      return kind.kind;
    }
  }
  if (fallback != nullptr) return fallback->kind;
  return row.transport == Transport::kUdp ? CheckKind::kDns : CheckKind::kTcp;
}

}  // namespace orchard::probe
