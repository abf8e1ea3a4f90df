#include "probe/result.h"

#include <array>
#include <utility>

namespace orchard::probe {
namespace {

constexpr std::array<std::pair<Status, std::string_view>, 4> kStatusNames{{
    {Status::kPass, "pass"},
    {Status::kFail, "fail"},
    {Status::kWarn, "warn"},
    {Status::kSkip, "skip"},
}};

constexpr std::array<std::pair<Reason, std::string_view>, 32> kReasonNames{{
    {Reason::kOk, "ok"},
    {Reason::kDnsNxdomain, "dns_nxdomain"},
    {Reason::kDnsNodata, "dns_nodata"},
    {Reason::kDnsServfail, "dns_servfail"},
    {Reason::kDnsRefused, "dns_refused"},
    {Reason::kDnsTimeout, "dns_timeout"},
    {Reason::kDnsSinkhole, "dns_sinkhole"},
    {Reason::kTcpRefused, "tcp_refused"},
    {Reason::kTcpTimeout, "tcp_timeout"},
    {Reason::kTcpUnreachable, "tcp_unreachable"},
    {Reason::kTcpBlockedLocally, "tcp_blocked_locally"},
    {Reason::kUdpBlockedLocally, "udp_blocked_locally"},
    {Reason::kTlsIntercepted, "tls_intercepted"},
    {Reason::kTlsUntrusted, "tls_untrusted"},
    {Reason::kTlsHandshakeFailed, "tls_handshake_failed"},
    {Reason::kTlsCertTimeInvalid, "tls_cert_time_invalid"},
    {Reason::kHttpUnexpected, "http_unexpected"},
    {Reason::kHttpBlockPage, "http_block_page"},
    {Reason::kProxyAuthRequired, "proxy_auth_required"},
    {Reason::kProxyDenied, "proxy_denied"},
    {Reason::kProxyRequired, "proxy_required"},
    {Reason::kCaptivePortal, "captive_portal"},
    {Reason::kOcspBadResponse, "ocsp_bad_response"},
    {Reason::kCrlBad, "crl_bad"},
    {Reason::kNtpTimeout, "ntp_timeout"},
    {Reason::kNtpBadReply, "ntp_bad_reply"},
    {Reason::kClockSkew, "clock_skew"},
    {Reason::kQuicNoReply, "quic_no_reply"},
    {Reason::kQuicBadReply, "quic_bad_reply"},
    {Reason::kSshNoBanner, "ssh_no_banner"},
    {Reason::kDeadline, "deadline"},
    {Reason::kInternal, "internal"},
}};

template <class Table, class E>
std::string_view NameOf(const Table& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "unknown";
}

template <class E, class Table>
std::optional<E> ValueOf(const Table& table, std::string_view name) {
  for (const auto& [v, n] : table) {
    if (n == name) return v;
  }
  return std::nullopt;
}

}  // namespace

std::string_view ToString(Status s) { return NameOf(kStatusNames, s); }
std::string_view ToString(Reason r) { return NameOf(kReasonNames, r); }
std::optional<Status> StatusFromString(std::string_view s) {
  return ValueOf<Status>(kStatusNames, s);
}
std::optional<Reason> ReasonFromString(std::string_view s) {
  return ValueOf<Reason>(kReasonNames, s);
}

bool IsTimeout(Reason r) {
  return r == Reason::kDnsTimeout || r == Reason::kTcpTimeout || r == Reason::kNtpTimeout ||
         r == Reason::kQuicNoReply;
}

}  // namespace orchard::probe
