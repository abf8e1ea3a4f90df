#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The outcome of one check: the contract between the probe engine, diagnosis, reports,
// generators and the exporter. A failed check is data, not an error.
namespace orchard::probe {

enum class Status { kPass, kFail, kWarn, kSkip };

// Stable reason codes; their string names (ToString) appear in JSON and metrics and never change.
enum class Reason {
  kOk,
  kDnsNxdomain,
  kDnsNodata,
  kDnsServfail,
  kDnsRefused,
  kDnsTimeout,
  kDnsSinkhole,
  kTcpRefused,
  kTcpTimeout,
  kTcpUnreachable,
  kTcpBlockedLocally,
  kUdpBlockedLocally,  // this machine refused to send a UDP probe (a local firewall, EPERM)
  kTlsIntercepted,
  kTlsUntrusted,
  kTlsHandshakeFailed,
  kTlsCertTimeInvalid,
  kHttpUnexpected,
  kHttpBlockPage,
  kProxyAuthRequired,
  kProxyDenied,
  kProxyRequired,  // works only through a proxy although the host does not support proxies
  kCaptivePortal,
  kOcspBadResponse,
  kCrlBad,
  kNtpTimeout,
  kNtpBadReply,
  kClockSkew,
  kQuicNoReply,
  kQuicBadReply,  // UDP 443 answered, but not with a valid Version Negotiation packet
  kSshNoBanner,
  kDeadline,
  kInternal,
};

// The highest-level check run on a row's port (DNS and TCP phases are part of every check).
enum class CheckKind { kDns, kTcp, kTls, kHttp, kCaptive, kOcsp, kCrl, kNtp, kSsh, kQuic };

std::string_view ToString(Status s);  // "pass", "fail", "warn", "skip"
std::string_view ToString(Reason r);  // "ok", "dns_nxdomain", ...
// Whether `r` says a phase ran out of time waiting for an answer (dns_timeout, tcp_timeout,
// ntp_timeout, quic_no_reply).
bool IsTimeout(Reason r);
// "dns", "tcp", "tls", "http", "captive", "ocsp", ...: the kinds table's names (kinds.h).
std::string_view ToString(CheckKind k);
std::optional<Status> StatusFromString(std::string_view s);
std::optional<Reason> ReasonFromString(std::string_view s);
std::optional<CheckKind> CheckKindFromString(std::string_view s);

// Milliseconds per phase; absent when the phase did not run. Names follow curl's timing points.
struct Timings {
  std::optional<double> dns;
  std::optional<double> connect;
  std::optional<double> tls;
  std::optional<double> first_byte;
  double total = 0;
};

// One connect attempt to one resolved address, classified as nmap does.
struct AddressAttempt {
  std::string address;
  uint16_t port = 0;
  std::string outcome;  // "open", "refused", "filtered", "unreachable", "blocked_locally",
                        // "not_tried"
  double ms = 0;
};

struct TlsFacts {
  std::string version;  // "TLSv1.3"
  std::string cipher;
  std::string leaf_subject;
  std::string leaf_issuer;
  std::string leaf_not_after;  // ISO 8601 UTC
  int64_t leaf_not_after_unix = 0;
  std::string root_subject;          // the chain's top as sent or as verified
  std::vector<std::string> chain;    // subjects, leaf first, as the server sent them
  bool platform_trusted = false;     // verified against the OS store (+ --ca-file)
  bool genuine_trusted = false;      // verified against the genuine roots (+ --trust-anchor)
  std::string verify_error;          // OpenSSL's words when platform verification failed
  std::string genuine_verify_error;  // OpenSSL's words when genuine verification failed
  bool intercepted = false;
  std::string interceptor;  // the re-signing issuer (O and CN) when intercepted
  bool interceptor_os_trusted = false;
};

struct HttpFacts {
  int status = 0;
  std::string content_type;
  std::string server;
  std::string location;  // redirect target, if any
};

struct NtpFacts {
  double offset_ms = 0;
  double delay_ms = 0;
  int stratum = 0;
};

// A UDP probe's datagrams (NTP, QUIC): probes retransmit within the check's timeout, as real
// clients do, so one lost datagram does not fail a check.
struct UdpFacts {
  int datagrams_sent = 0;
  int datagrams_answered = 0;  // sent datagrams a matching reply came for before the verdict
};

struct Route {
  std::string kind = "direct";  // "direct" or "proxy"
  std::string proxy;            // "host:port" when kind == "proxy"
  // For the protocol runner, never reported: true when the socket is a CONNECT tunnel (speak to
  // the target as if direct); false through a proxy means the socket reaches the proxy itself,
  // so plain HTTP goes in absolute form with `proxy_authorization` (a "Basic ..." value, or
  // empty) as its Proxy-Authorization header.
  bool tunnel = false;
  std::string proxy_authorization;
};

// --compare-routes: the same check over another route (direct, when this one went through a
// proxy), so a report can say what the proxy changes.
struct RouteComparison {
  Route route;
  Status status = Status::kSkip;
  Reason reason = Reason::kOk;
  std::string detail;
};

struct CheckResult {
  std::string row_id;    // catalog row id
  std::string category;  // catalog category id
  std::string host;      // the catalog's host pattern
  std::string target;    // the name or address actually probed
  uint16_t port = 0;
  std::string transport;      // "tcp" or "udp"
  std::string proxy_support;  // "yes", "no", "note" (from the catalog)
  CheckKind check = CheckKind::kTcp;
  Status status = Status::kSkip;
  Reason reason = Reason::kOk;
  std::string detail;  // one line a person understands
  Timings timings;
  std::vector<AddressAttempt> addresses;
  std::vector<std::string> cname_chain;  // the queried name first, each CNAME target after
  std::vector<std::string> resolved;     // A/AAAA answers
  std::string resolver;  // the per-domain resolver that answered (DnsAnswer::resolver), or ""

  std::optional<TlsFacts> tls;
  std::optional<HttpFacts> http;
  std::optional<NtpFacts> ntp;
  std::optional<UdpFacts> udp;  // UDP checks that sent datagrams
  Route route;
  std::optional<RouteComparison> compared;
};

}  // namespace orchard::probe
