// End-to-end: `orchard check` against loopback HTTP, OCSP, CRL, NTP and QUIC servers run in this
// process, and against the operating system refusing it (a network namespace without routes, a
// seccomp filter), each reason read back from the JSON report. Only 127.0.0.1 is ever reached.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>
#if defined(__linux__)
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#endif

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <list>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "probe/quic/quic.h"
#include "results/json_codec.h"
#include "support/check_fixture.h"
#include "support/loopback_servers.h"
#include "support/orchard_run.h"
#include "support/pki.h"

namespace orchard {
namespace {

namespace asio = boost::asio;
using probe::Reason;
using probe::Status;
using testing::HttpResponse;
using testing::NtpServer;
using testing::StartTcpServer;
using testing::StartUdpServer;
using testing::TcpScript;
using testing::VersionNegotiation;

TcpScript Say(std::string response) {
  TcpScript s;
  s.response = std::move(response);
  return s;
}

testing::CatalogRow Row(std::string host, uint16_t port, std::string hints = "",
                        std::string transport = "tcp") {
  testing::CatalogRow row;
  row.host = std::move(host);
  row.ports = {port};
  row.hints = std::move(hints);
  row.transport = std::move(transport);
  row.protocol = row.transport == "udp" ? "UDP" : "TCP";
  return row;
}

class CheckProtocolsE2e : public testing::CheckFixture {
 protected:
  // Runs check on `rows`, each HOST sent to 127.0.0.1:PORT by --connect-to; `in_child` runs in
  // the child before exec. Returns the results by host; `outcome` gets the process's story.
  std::map<std::string, probe::CheckResult> Check(const std::vector<testing::CatalogRow>& rows,
                                                  const std::map<std::string, uint16_t>& ports,
                                                  testing::BinaryOutcome& outcome,
                                                  const std::function<bool()>& in_child = {},
                                                  const std::vector<std::string>& extra = {}) {
    std::vector<std::string> flags = {"--timeout", "1"};
    flags.insert(flags.end(), extra.begin(), extra.end());
    outcome = RunCheck(rows, ports, flags, in_child);
    if (outcome.exit_code == 126) return {};  // in_child failed: the caller skips
    return ByHost(outcome);
  }

  // A UDP port that is bound (so no ICMP port unreachable comes back) and never answers.
  uint16_t SilentUdpPort() {
    silent_.emplace_back(servers_.io(),
                         asio::ip::udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    return silent_.back().local_endpoint().port();
  }

  void ExpectReason(std::map<std::string, probe::CheckResult>& by, const std::string& host,
                    probe::CheckKind check, Status status, Reason reason) {
    ASSERT_TRUE(by.count(host)) << host;
    const auto& r = by[host];
    EXPECT_EQ(r.check, check) << host;
    EXPECT_EQ(r.status, status) << host << ": " << r.detail;
    EXPECT_EQ(r.reason, reason) << host << ": " << r.detail;
    EXPECT_FALSE(r.detail.empty()) << host;
  }

  std::list<asio::ip::udp::socket> silent_;
};

// --proxy through the binary: a proxy that answers CONNECT with its block page is proxy_denied
// (the lab's squid tests prove the same against a real squid, tests/lab/proxy_check_test.py).
TEST_F(CheckProtocolsE2e, ProxyBlockPageIsProxyDenied) {
  const uint16_t proxy =
      StartTcpServer(servers_.io(),
                     Say(HttpResponse(403, "Forbidden",
                                      {{"Server", "squid/5.7"},
                                       {"X-Squid-Error", "ERR_ACCESS_DENIED 0"},
                                       {"Content-Type", "text/html"}},
                                      "<html><title>ERROR: The requested URL could not be "
                                      "retrieved</title></html>")))
          .port();
  testing::BinaryOutcome o;
  auto by = Check({Row("denied.lab.test", 443, "")}, {}, o, {},
                  {"--proxy", "http://127.0.0.1:" + std::to_string(proxy)});
  EXPECT_EQ(o.exit_code, 1) << o.err;
  ExpectReason(by, "denied.lab.test", probe::CheckKind::kTls, Status::kFail, Reason::kProxyDenied);
  EXPECT_EQ(by["denied.lab.test"].route.kind, "proxy");
  EXPECT_NE(by["denied.lab.test"].detail.find("ERR_ACCESS_DENIED"), std::string::npos)
      << by["denied.lab.test"].detail;
}

TEST_F(CheckProtocolsE2e, EveryHttpFamilyReasonInJson) {
  auto& io = servers_.io();
  const auto ca = testing::MakeCa("E2E CRL CA");
  const std::string html = "<html><head><title>Welcome</title></head><body>Log in</body></html>";
  const std::map<std::string, TcpScript> scripts = {
      {"hotspot.lab.test",
       Say(HttpResponse(200, "OK", {{"Content-Type", "text/html"}},
                        "<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>"))},
      {"portal.lab.test", Say(HttpResponse(200, "OK", {{"Content-Type", "text/html"}}, html))},
      {"ocsp.lab.test", Say(HttpResponse(200, "OK", {{"Content-Type", "application/ocsp-response"}},
                                         testing::MakeOcspErrorResponse(6)))},
      {"ocsp-html.lab.test", Say(HttpResponse(200, "OK", {{"Content-Type", "text/html"}}, html))},
      {"crl.lab.test", Say(HttpResponse(200, "OK", {{"Content-Type", "application/pkix-crl"}},
                                        testing::MakeCrl(ca, {"01"}, false)))},
      {"crl-html.lab.test", Say(HttpResponse(200, "OK", {{"Content-Type", "text/html"}}, html))},
      {"web.lab.test",
       Say(HttpResponse(200, "OK", {{"Content-Type", "text/plain"}}, "the genuine service"))},
      {"other.lab.test",
       Say(HttpResponse(200, "OK", {{"Content-Type", "text/plain"}}, "somebody else's answer"))},
      {"blocked.lab.test",
       Say(HttpResponse(403, "Forbidden",
                        {{"Server", "squid/5.7"},
                         {"X-Squid-Error", "ERR_ACCESS_DENIED 0"},
                         {"Content-Type", "text/html"}},
                        "<html><title>ERROR: The requested URL could not be retrieved</title>"))},
      {"auth.lab.test", Say(HttpResponse(407, "Proxy Authentication Required",
                                         {{"Proxy-Authenticate", "Basic realm=\"corp\""}}, ""))},
  };
  std::map<std::string, uint16_t> ports;
  for (const auto& [host, script] : scripts) ports[host] = StartTcpServer(io, script).port();
  const std::string genuine = "expect = \"genuine service\"";
  testing::BinaryOutcome o;
  auto by = Check({Row("hotspot.lab.test", 80, "http_check = \"captive\""),
                   Row("portal.lab.test", 80, "http_check = \"captive\""),
                   Row("ocsp.lab.test", 80, "http_check = \"ocsp\""),
                   Row("ocsp-html.lab.test", 80, "http_check = \"ocsp\""),
                   Row("crl.lab.test", 80, "http_check = \"crl\", url = \"/root.crl\""),
                   Row("crl-html.lab.test", 80, "http_check = \"crl\", url = \"/root.crl\""),
                   Row("web.lab.test", 80, "http_check = \"http\", " + genuine),
                   Row("other.lab.test", 80, "http_check = \"http\", " + genuine),
                   Row("blocked.lab.test", 80, "http_check = \"http\""),
                   Row("auth.lab.test", 80, "http_check = \"http\"")},
                  ports, o);
  EXPECT_EQ(o.exit_code, 1) << o.err;
  ASSERT_EQ(by.size(), scripts.size()) << o.out;
  using K = probe::CheckKind;
  ExpectReason(by, "hotspot.lab.test", K::kCaptive, Status::kPass, Reason::kOk);
  ExpectReason(by, "portal.lab.test", K::kCaptive, Status::kFail, Reason::kCaptivePortal);
  ExpectReason(by, "ocsp.lab.test", K::kOcsp, Status::kPass, Reason::kOk);
  ExpectReason(by, "ocsp-html.lab.test", K::kOcsp, Status::kFail, Reason::kOcspBadResponse);
  ExpectReason(by, "crl.lab.test", K::kCrl, Status::kPass, Reason::kOk);
  ExpectReason(by, "crl-html.lab.test", K::kCrl, Status::kFail, Reason::kCrlBad);
  ExpectReason(by, "web.lab.test", K::kHttp, Status::kPass, Reason::kOk);
  ExpectReason(by, "other.lab.test", K::kHttp, Status::kFail, Reason::kHttpUnexpected);
  ExpectReason(by, "blocked.lab.test", K::kHttp, Status::kFail, Reason::kHttpBlockPage);
  ExpectReason(by, "auth.lab.test", K::kHttp, Status::kFail, Reason::kProxyAuthRequired);
  EXPECT_NE(by["ocsp.lab.test"].detail.find("unauthorized"), std::string::npos);
  EXPECT_NE(by["crl.lab.test"].detail.find("CN=E2E CRL CA"), std::string::npos)
      << by["crl.lab.test"].detail;
  EXPECT_NE(by["blocked.lab.test"].detail.find("Squid"), std::string::npos);
  ASSERT_TRUE(by["auth.lab.test"].http);
  EXPECT_EQ(by["auth.lab.test"].http->status, 407);
  ASSERT_TRUE(by["portal.lab.test"].http);
  EXPECT_EQ(by["portal.lab.test"].http->content_type, "text/html");
}

TEST_F(CheckProtocolsE2e, EveryUdpReasonInJson) {
  auto& io = servers_.io();
  std::map<std::string, uint16_t> ports = {
      {"time.lab.test", StartUdpServer(io, NtpServer(std::chrono::seconds(0))).port()},
      {"skewed.lab.test", StartUdpServer(io, NtpServer(std::chrono::seconds(3600))).port()},
      {"kod.lab.test", StartUdpServer(io, NtpServer(std::chrono::seconds(0), 0x24, 0)).port()},
      {"quiet-ntp.lab.test", SilentUdpPort()},
      {"quic.lab.test", StartUdpServer(io, VersionNegotiation).port()},
      {"garbled.lab.test",
       StartUdpServer(io,
                      [](std::span<const uint8_t>) {
                        return std::vector<std::vector<uint8_t>>{{'h', 'e', 'l', 'l', 'o'}};
                      })
           .port()},
      {"quiet-quic.lab.test", SilentUdpPort()},
  };
  testing::BinaryOutcome o;
  auto by = Check({Row("time.lab.test", 123, "", "udp"), Row("skewed.lab.test", 123, "", "udp"),
                   Row("kod.lab.test", 123, "", "udp"), Row("quiet-ntp.lab.test", 123, "", "udp"),
                   Row("quic.lab.test", 443, "", "udp"), Row("garbled.lab.test", 443, "", "udp"),
                   Row("quiet-quic.lab.test", 443, "", "udp")},
                  ports, o);
  EXPECT_EQ(o.exit_code, 1) << o.err;
  EXPECT_LT(o.took, std::chrono::seconds(4)) << "one wave, about one --timeout";
  ASSERT_EQ(by.size(), ports.size()) << o.out;
  using K = probe::CheckKind;
  ExpectReason(by, "time.lab.test", K::kNtp, Status::kPass, Reason::kOk);
  ExpectReason(by, "skewed.lab.test", K::kNtp, Status::kWarn, Reason::kClockSkew);
  ExpectReason(by, "kod.lab.test", K::kNtp, Status::kFail, Reason::kNtpBadReply);
  ExpectReason(by, "quiet-ntp.lab.test", K::kNtp, Status::kFail, Reason::kNtpTimeout);
  ExpectReason(by, "quic.lab.test", K::kQuic, Status::kPass, Reason::kOk);
  ExpectReason(by, "garbled.lab.test", K::kQuic, Status::kFail, Reason::kQuicBadReply);
  ExpectReason(by, "quiet-quic.lab.test", K::kQuic, Status::kFail, Reason::kQuicNoReply);
  ASSERT_TRUE(by["time.lab.test"].ntp);
  EXPECT_NEAR(by["time.lab.test"].ntp->offset_ms, 0.0, 500.0);
  EXPECT_EQ(by["time.lab.test"].ntp->stratum, 2);
  ASSERT_TRUE(by["skewed.lab.test"].ntp);
  EXPECT_NEAR(by["skewed.lab.test"].ntp->offset_ms, 3'600'000.0, 500.0);
  EXPECT_NE(by["kod.lab.test"].detail.find("RATE"), std::string::npos);
}

// ---- The operating system says no ----

#if defined(__linux__)
// seccomp filters for the forked child, built before the fork: the child of a threaded process
// must not allocate. The first fails connect(2) with EPERM, as a local firewall or sandbox
// policy does; the second fails socket(2) for datagram sockets with EMFILE.
constexpr uint32_t kNr = offsetof(struct seccomp_data, nr);
constexpr uint32_t kArg1 = offsetof(struct seccomp_data, args[1]);  // low word on x86-64, arm64
sock_filter kDenyConnect[] = {
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, kNr),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_connect, 0, 1),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};
// sendto(2)/sendmsg(2) fail with EPERM, as an nftables output drop answers a UDP send.
sock_filter kDenySends[] = {
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, kNr),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_sendto, 1, 0),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_sendmsg, 0, 1),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};
sock_filter kDenyUdpSockets[] = {
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, kNr),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socket, 0, 4),  // else: allow
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, kArg1),
    BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xf),  // the socket type without its flags
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SOCK_DGRAM, 0, 1),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EMFILE & SECCOMP_RET_DATA)),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};

template <size_t N>
bool Install(sock_filter (&filter)[N]) {
  sock_fprog program{static_cast<unsigned short>(N), filter};
  return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
         prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) == 0;
}

// A network namespace of its own has only a loopback interface, and it is down: every connect
// fails with ENETUNREACH, as on a machine whose route to the host is missing.
bool NoRoutes() { return unshare(CLONE_NEWNET) == 0 || unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0; }
#else
// Neither seccomp nor network namespaces outside Linux: the child cannot set up (exit 126) and
// each test below skips, saying so.
int kDenyConnect[1], kDenySends[1], kDenyUdpSockets[1];
template <size_t N>
bool Install(int (&)[N]) {
  return false;
}
bool NoRoutes() { return false; }
#endif  // __linux__

TEST_F(CheckProtocolsE2e, NoRouteIsTcpUnreachable) {
  testing::BinaryOutcome o;
  auto by =
      Check({Row("unreachable.lab.test", 7000)}, {{"unreachable.lab.test", 7000}}, o, NoRoutes);
  if (o.exit_code == 126) GTEST_SKIP() << "cannot create a network namespace here";
  EXPECT_EQ(o.exit_code, 1) << o.err;
  ExpectReason(by, "unreachable.lab.test", probe::CheckKind::kTcp, Status::kFail,
               Reason::kTcpUnreachable);
  ASSERT_EQ(by["unreachable.lab.test"].addresses.size(), 1u);
  EXPECT_EQ(by["unreachable.lab.test"].addresses[0].outcome, "unreachable");
  EXPECT_LT(o.took, std::chrono::seconds(3)) << "an immediate verdict, not a timeout";
}

TEST_F(CheckProtocolsE2e, LocalPolicyRefusingConnectIsTcpBlockedLocally) {
  asio::ip::tcp::acceptor listening(servers_.io(), {asio::ip::make_address("127.0.0.1"), 0});
  const uint16_t port = listening.local_endpoint().port();
  testing::BinaryOutcome o;
  auto by = Check({Row("policy.lab.test", 7000)}, {{"policy.lab.test", port}}, o,
                  [] { return Install(kDenyConnect); });
  if (o.exit_code == 126) GTEST_SKIP() << "cannot install a seccomp filter here";
  EXPECT_EQ(o.exit_code, 1) << o.err;
  ExpectReason(by, "policy.lab.test", probe::CheckKind::kTcp, Status::kFail,
               Reason::kTcpBlockedLocally);
  ASSERT_EQ(by["policy.lab.test"].addresses.size(), 1u);
  EXPECT_EQ(by["policy.lab.test"].addresses[0].outcome, "blocked_locally");
}

TEST_F(CheckProtocolsE2e, LocalPolicyRefusingUdpSendsIsUdpBlockedLocally) {
  auto& io = servers_.io();
  testing::BinaryOutcome o;
  auto by = Check({Row("time.lab.test", 123, "", "udp"), Row("quic.lab.test", 443, "", "udp")},
                  {{"time.lab.test", StartUdpServer(io, NtpServer(std::chrono::seconds(0))).port()},
                   {"quic.lab.test", StartUdpServer(io, VersionNegotiation).port()}},
                  o, [] { return Install(kDenySends); });
  if (o.exit_code == 126) GTEST_SKIP() << "cannot install a seccomp filter here";
  EXPECT_EQ(o.exit_code, 1) << o.err;
  ExpectReason(by, "time.lab.test", probe::CheckKind::kNtp, Status::kFail,
               Reason::kUdpBlockedLocally);
  ExpectReason(by, "quic.lab.test", probe::CheckKind::kQuic, Status::kFail,
               Reason::kUdpBlockedLocally);
  EXPECT_NE(by["time.lab.test"].detail.find("firewall on this machine"), std::string::npos)
      << by["time.lab.test"].detail;
  EXPECT_LT(o.took, std::chrono::seconds(3)) << "an immediate verdict, not a timeout";
}

// A check that cannot even open its socket (out of descriptors) is orchard's failure, not the
// network's: reason `internal`, and the rest of the run goes on.
TEST_F(CheckProtocolsE2e, NoSocketForTheProbeIsInternal) {
  auto& io = servers_.io();
  asio::ip::tcp::acceptor listening(io, {asio::ip::make_address("127.0.0.1"), 0});
  testing::BinaryOutcome o;
  auto by = Check({Row("time.lab.test", 123, "", "udp"), Row("open.lab.test", 7000)},
                  {{"time.lab.test", StartUdpServer(io, NtpServer(std::chrono::seconds(0))).port()},
                   {"open.lab.test", listening.local_endpoint().port()}},
                  o, [] { return Install(kDenyUdpSockets); });
  if (o.exit_code == 126) GTEST_SKIP() << "cannot install a seccomp filter here";
  EXPECT_EQ(o.exit_code, 1) << o.err;
  ExpectReason(by, "time.lab.test", probe::CheckKind::kNtp, Status::kFail, Reason::kInternal);
  EXPECT_NE(by["time.lab.test"].detail.find("cannot open a UDP socket"), std::string::npos)
      << by["time.lab.test"].detail;
  ExpectReason(by, "open.lab.test", probe::CheckKind::kTcp, Status::kPass, Reason::kOk);
}

}  // namespace
}  // namespace orchard
