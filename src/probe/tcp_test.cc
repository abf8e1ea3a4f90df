#include "probe/tcp.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <stddef.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/loopback_servers.h"
#if defined(__linux__)
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#endif

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdlib>
#include <string>

namespace orchard::probe {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;
using asio::ip::tcp;

// `io` must outlive the Connection: its socket and attempt log are bound to it.
Connection ConnectTo(asio::io_context& io, std::vector<tcp::endpoint> endpoints,
                     std::chrono::milliseconds budget) {
  DirectConnector connector;
  Connection out;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        auto deadline = std::chrono::steady_clock::now() + budget;
        // Named, not a braced temporary: g++ 12 destroys braced temporaries in a co_await
        // expression twice (GCC PR 99576).
        ConnectRequest request{"test", 0, endpoints, {}};
        out = co_await connector.Connect(std::move(request), deadline);
        if (out.attempts) co_await out.attempts->WaitAll();
      },
      asio::detached);
  io.restart();  // the caller may connect more than once on one io_context
  io.run();
  return out;
}

TEST(Tcp, ClassifiesErrnoLikeNmap) {
  using boost::system::error_code;
  auto sys = [](int e) { return error_code(e, boost::system::system_category()); };
  EXPECT_EQ(ClassifyConnectError(error_code()), ConnectVerdict::kOpen);
  EXPECT_EQ(ClassifyConnectError(sys(ECONNREFUSED)), ConnectVerdict::kRefused);
  EXPECT_EQ(ClassifyConnectError(sys(ETIMEDOUT)), ConnectVerdict::kFiltered);
  EXPECT_EQ(ClassifyConnectError(sys(EHOSTUNREACH)), ConnectVerdict::kUnreachable);
  EXPECT_EQ(ClassifyConnectError(sys(ENETUNREACH)), ConnectVerdict::kUnreachable);
  EXPECT_EQ(ClassifyConnectError(sys(EACCES)), ConnectVerdict::kBlockedLocally);
  EXPECT_EQ(ClassifyConnectError(sys(EPERM)), ConnectVerdict::kBlockedLocally);
}

TEST(Tcp, ListeningPortIsOpen) {
  asio::io_context io;
  tcp::acceptor listener(io, {asio::ip::make_address("127.0.0.1"), 0});
  Connection c = ConnectTo(io, {listener.local_endpoint()}, 2000ms);
  ASSERT_TRUE(c.socket.has_value()) << c.detail;
  ASSERT_EQ(c.attempts->attempts().size(), 1u);
  EXPECT_EQ(c.attempts->attempts()[0].outcome, "open");
  EXPECT_EQ(c.route.kind, "direct");
}

TEST(Tcp, ClosedPortIsRefused) {
  asio::io_context io;
  Connection c =
      ConnectTo(io, {{asio::ip::make_address("127.0.0.1"), testing::ClosedPort()}}, 2000ms);
  EXPECT_FALSE(c.socket.has_value());
  EXPECT_EQ(c.failure, Reason::kTcpRefused);
  EXPECT_EQ(c.attempts->attempts()[0].outcome, "refused");
  EXPECT_NE(c.detail.find("refused"), std::string::npos);
}

TEST(Tcp, SilentlyDroppedSynIsFilteredAtTheDeadline) {
  testing::FullBacklog full;
  asio::io_context io;
  const auto start = std::chrono::steady_clock::now();
  Connection c = ConnectTo(io, {full.endpoint()}, 500ms);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_FALSE(c.socket.has_value());
  EXPECT_EQ(c.failure, Reason::kTcpTimeout);
  EXPECT_EQ(c.attempts->attempts()[0].outcome, "filtered");
  EXPECT_GE(took, 450ms);
  EXPECT_LT(took, 1500ms);
}

TEST(Tcp, EveryAddressIsTriedAndTheOpenOneWins) {
  asio::io_context io;
  tcp::acceptor listener(io, {asio::ip::make_address("127.0.0.1"), 0});
  testing::FullBacklog full;
  std::vector<tcp::endpoint> endpoints = {
      {asio::ip::make_address("127.0.0.1"), testing::ClosedPort()},
      full.endpoint(),
      listener.local_endpoint(),
  };
  Connection c = ConnectTo(io, endpoints, 400ms);
  ASSERT_TRUE(c.socket.has_value());
  const auto& attempts = c.attempts->attempts();
  ASSERT_EQ(attempts.size(), 3u);
  EXPECT_EQ(attempts[0].outcome, "refused");
  EXPECT_EQ(attempts[1].outcome, "filtered");
  EXPECT_EQ(attempts[2].outcome, "open");
  EXPECT_EQ(DescribeAttempts(attempts).find("127.0.0.1:"), 0u);
}

// A row with 4,000 addresses made a 95 KB detail line; the detail now names a few and counts
// the rest (the facts keep every address).
TEST(DescribeAttempts, ManyAddressesAreCountedNotListed) {
  std::vector<AddressAttempt> attempts;
  for (int i = 0; i < 4000; ++i) {
    attempts.push_back(
        {fmt::format("17.{}.{}.1", i / 256, i % 256), 443, i % 2 ? "refused" : "filtered", 1.0});
  }
  const std::string detail = DescribeAttempts(attempts);
  EXPECT_LT(detail.size(), 400u) << detail;
  EXPECT_EQ(detail.find("17.0.0.1:443 filtered, 17.0.1.1:443 refused"), 0u) << detail;
  EXPECT_NE(detail.find(" and 3992 more (1996 filtered, 1996 refused)"), std::string::npos)
      << detail;
  attempts.resize(kMaxListedAttempts);
  EXPECT_EQ(DescribeAttempts(attempts).find("more"), std::string::npos);
}

TEST(Tcp, ReasonPrefersTheMostTellingVerdict) {
  auto with = [](std::vector<std::string> outcomes) {
    std::vector<AddressAttempt> attempts;
    for (auto& o : outcomes) attempts.push_back({"17.0.0.1", 443, o, 0});
    return ReasonForFailedAttempts(attempts);
  };
  EXPECT_EQ(with({"unreachable", "filtered"}), Reason::kTcpTimeout);
  EXPECT_EQ(with({"filtered", "refused"}), Reason::kTcpRefused);
  EXPECT_EQ(with({"refused", "blocked_locally"}), Reason::kTcpBlockedLocally);
  EXPECT_EQ(with({"unreachable"}), Reason::kTcpUnreachable);
}

#if defined(__linux__)
// Runs `body` in a child process inside a fresh network namespace (loopback only) where `rules`
// (nft commands) are loaded. Returns the byte the child reports, or 0 when the environment
// cannot do it (not root, no nft): the caller skips.
char InFirewalledNamespace(const std::vector<std::string>& rules, char (*body)()) {
  if (geteuid() != 0 || system("command -v nft >/dev/null 2>&1") != 0) return 0;
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return 0;
  pid_t child = fork();
  if (child < 0) return 0;
  if (child == 0) {
    char verdict = 0;
    if (unshare(CLONE_NEWNET) == 0 && system("ip link set lo up") == 0) {
      bool loaded = true;
      for (const auto& rule : rules) loaded = loaded && system(("nft " + rule).c_str()) == 0;
      if (loaded) verdict = body();
    }
    if (write(pipe_fds[1], &verdict, 1) != 1) _exit(3);
    _exit(0);
  }
  close(pipe_fds[1]);
  char verdict = 0;
  if (read(pipe_fds[0], &verdict, 1) != 1) verdict = 0;
  close(pipe_fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  return verdict;
}

const std::vector<std::string> kLabRules = {
    "add table inet lab",
    "'add chain inet lab out { type filter hook output priority 0; policy accept; }'",
    "add rule inet lab out tcp dport 7001 drop",
    "add rule inet lab out tcp dport 7002 reject with icmpx type admin-prohibited",
    "add rule inet lab out tcp dport 7003 reject with icmpx type host-unreachable",
};

TEST(Tcp, FirewallVerdictsInANamespace) {
  char verdict = InFirewalledNamespace(kLabRules, [] {
    auto at = [](uint16_t port) {
      return tcp::endpoint(asio::ip::make_address("127.0.0.1"), port);
    };
    asio::io_context io;
    Connection dropped = ConnectTo(io, {at(7001)}, 500ms);
    Connection prohibited = ConnectTo(io, {at(7002)}, 500ms);
    Connection unreachable = ConnectTo(io, {at(7003)}, 500ms);
    bool ok = dropped.failure == Reason::kTcpTimeout &&
              prohibited.failure == Reason::kTcpUnreachable &&
              unreachable.failure == Reason::kTcpUnreachable;
    return ok ? 'Y' : 'N';
  });
  if (verdict == 0) GTEST_SKIP() << "needs root, unshare and nft";
  EXPECT_EQ(verdict, 'Y');
}

// The OS refusing the connect itself (a local firewall or sandbox policy): a seccomp filter in a
// child process makes connect(2) fail with EPERM, as macOS's and Linux's local policies do.
TEST(Tcp, LocalPolicyRefusalIsBlockedLocally) {
  asio::io_context io;
  tcp::acceptor listener(io, {asio::ip::make_address("127.0.0.1"), 0});
  const tcp::endpoint target = listener.local_endpoint();
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_connect, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    sock_fprog program{static_cast<unsigned short>(sizeof filter / sizeof filter[0]), filter};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) != 0) {
      _exit(2);
    }
    asio::io_context io;
    Connection c = ConnectTo(io, {target}, 1000ms);
    char verdict = c.failure == Reason::kTcpBlockedLocally ? 'B' : 'X';
    if (write(pipe_fds[1], &verdict, 1) != 1) _exit(3);
    _exit(0);
  }
  close(pipe_fds[1]);
  char verdict = 0;
  ASSERT_EQ(read(pipe_fds[0], &verdict, 1), 1);
  close(pipe_fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_EQ(verdict, 'B');
}

#else
TEST(Tcp, FirewallVerdictsInANamespace) {
  GTEST_SKIP() << "Linux only: needs network namespaces and nftables";
}
TEST(Tcp, LocalPolicyRefusalIsBlockedLocally) {
  GTEST_SKIP() << "Linux only: refuses connect(2) with a seccomp filter";
}
#endif  // __linux__

}  // namespace
}  // namespace orchard::probe
