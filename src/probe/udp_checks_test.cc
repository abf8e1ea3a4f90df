// NTP and QUIC checks against real UDP responders on 127.0.0.1.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "probe/ntp/ntp_check.h"
#include "probe/quic/quic.h"
#include "probe/quic/quic_check.h"
#include "probe/udp_receive.h"
#include "support/fake_clock.h"
#include "support/loopback_servers.h"

namespace orchard::probe {
namespace {

namespace asio = boost::asio;
using asio::ip::udp;
using std::chrono::milliseconds;
using std::chrono::steady_clock;
using testing::Get64;
using testing::NtpServer;
using testing::RunUntilDone;
using testing::StartUdpServer;
using testing::VersionNegotiation;

// What a server saw: every datagram, in order.
using Seen = std::vector<std::vector<uint8_t>>;

// `respond`, except that the first `lost` datagrams vanish, as on a loaded path.
testing::UdpResponder LosingFirst(testing::UdpResponder respond, Seen& seen, int lost = 1) {
  return [respond, &seen, lost](std::span<const uint8_t> req) {
    seen.emplace_back(req.begin(), req.end());
    if (static_cast<int>(seen.size()) <= lost) return std::vector<std::vector<uint8_t>>{};
    return respond(req);
  };
}

// Silent until the second datagram, which it answers with `respond`'s answer to the first: a
// reply that was slow, not lost.
testing::UdpResponder AnsweringLate(testing::UdpResponder respond, Seen& seen) {
  return [respond, &seen](std::span<const uint8_t> req) {
    seen.emplace_back(req.begin(), req.end());
    if (seen.size() != 2) return std::vector<std::vector<uint8_t>>{};
    return respond(seen.front());
  };
}

struct UdpCheckTest : ::testing::Test {
  asio::io_context io;
  testing::FakeClock clock{std::chrono::system_clock::time_point{} +
                           std::chrono::seconds(1'800'000'000)};

  ProtocolOutcome Ntp(udp::endpoint server, milliseconds budget, NtpOptions options = {}) {
    udp::socket socket(io);
    return RunUntilDone(io, CheckNtp(socket, server, steady_clock::now() + budget, clock, options));
  }
  ProtocolOutcome Quic(udp::endpoint server, milliseconds budget) {
    udp::socket socket(io);
    return RunUntilDone(io, CheckQuic(socket, server, steady_clock::now() + budget));
  }
  // A bound socket that never answers.
  udp::endpoint Silent() {
    silent_.emplace(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    return silent_->local_endpoint();
  }
  std::optional<udp::socket> silent_;
};

TEST_F(UdpCheckTest, NtpPassesOnAValidReply) {
  auto out = Ntp(StartUdpServer(io, NtpServer(std::chrono::seconds(0))), milliseconds(2000));
  EXPECT_EQ(out.status, Status::kPass) << out.detail;
  EXPECT_EQ(out.reason, Reason::kOk);
  ASSERT_TRUE(out.ntp);
  EXPECT_NEAR(out.ntp->offset_ms, 0.0, 0.01);
  EXPECT_EQ(out.ntp->stratum, 2);
  EXPECT_TRUE(out.first_byte_ms.has_value());
}

TEST_F(UdpCheckTest, NtpWarnsOnClockSkew) {
  auto out = Ntp(StartUdpServer(io, NtpServer(std::chrono::seconds(3600))), milliseconds(2000));
  EXPECT_EQ(out.status, Status::kWarn);
  EXPECT_EQ(out.reason, Reason::kClockSkew);
  ASSERT_TRUE(out.ntp);
  EXPECT_NEAR(out.ntp->offset_ms, 3'600'000.0, 0.01);
}

TEST_F(UdpCheckTest, NtpRejectsKissOfDeath) {
  auto out =
      Ntp(StartUdpServer(io, NtpServer(std::chrono::seconds(0), 0x24, 0)), milliseconds(2000));
  EXPECT_EQ(out.reason, Reason::kNtpBadReply);
  EXPECT_NE(out.detail.find("RATE"), std::string::npos) << out.detail;
}

TEST_F(UdpCheckTest, NtpIgnoresSpoofedRepliesUntilTheRealOne) {
  auto spoof = NtpServer(std::chrono::seconds(0), 0x24, 2, false);
  auto real = NtpServer(std::chrono::seconds(0));
  auto server = StartUdpServer(io, [&](std::span<const uint8_t> req) {
    auto replies = spoof(req);
    replies.push_back(std::vector<uint8_t>(10, 0));  // short junk
    for (auto& r : real(req)) replies.push_back(r);
    return replies;
  });
  auto out = Ntp(server, milliseconds(2000));
  EXPECT_EQ(out.status, Status::kPass) << out.detail;
}

TEST_F(UdpCheckTest, NtpOnlyWrongOriginIsABadReplyAtTheDeadline) {
  const auto start = steady_clock::now();
  auto out = Ntp(StartUdpServer(io, NtpServer(std::chrono::seconds(0), 0x24, 2, false)),
                 milliseconds(300));
  EXPECT_EQ(out.reason, Reason::kNtpBadReply);
  EXPECT_NE(out.detail.find("transmit timestamp"), std::string::npos) << out.detail;
  EXPECT_LT(steady_clock::now() - start, milliseconds(600));
}

TEST_F(UdpCheckTest, NtpTimesOutOnSilenceWithinTheDeadline) {
  const auto start = steady_clock::now();
  auto out = Ntp(Silent(), milliseconds(300));
  const auto elapsed = steady_clock::now() - start;
  EXPECT_EQ(out.status, Status::kFail);
  EXPECT_EQ(out.reason, Reason::kNtpTimeout);
  EXPECT_GE(elapsed, milliseconds(290));
  EXPECT_LT(elapsed, milliseconds(600));
}

TEST_F(UdpCheckTest, QuicPassesOnVersionNegotiation) {
  auto out = Quic(StartUdpServer(io, VersionNegotiation), milliseconds(2000));
  EXPECT_EQ(out.status, Status::kPass) << out.detail;
  EXPECT_NE(out.detail.find("QUIC v1, QUIC v2"), std::string::npos) << out.detail;
  EXPECT_TRUE(out.first_byte_ms.has_value());
}

TEST_F(UdpCheckTest, QuicGarbageIsABadReply) {
  auto out = Quic(
      StartUdpServer(
          io,
          [](std::span<const uint8_t>) {
            return std::vector<std::vector<uint8_t>>{{'h', 'e', 'l', 'l', 'o', ' ', 'q', 'u', 'i'}};
          }),
      milliseconds(2000));
  EXPECT_EQ(out.status, Status::kFail);
  EXPECT_EQ(out.reason, Reason::kQuicBadReply);
}

TEST_F(UdpCheckTest, QuicSilenceIsNoReplyWithinTheDeadline) {
  const auto start = steady_clock::now();
  auto out = Quic(Silent(), milliseconds(300));
  EXPECT_EQ(out.reason, Reason::kQuicNoReply);
  EXPECT_LT(steady_clock::now() - start, milliseconds(600));
}

// How each way an exchange ends reads, whichever UDP probe it is.
TEST(ConcludeExchange, WordsEveryEndAndKeepsTheDatagramCounts) {
  const UdpProbeWords words{"NTP request", "no NTP reply", "NTP port unreachable (ICMP)", "NTP",
                            Reason::kNtpTimeout};
  DatagramExchange x;
  x.sent = 3;
  x.error = asio::error::timed_out;
  ProtocolOutcome out = ConcludeExchange(x, {}, words, 1234.4);
  EXPECT_EQ(out.reason, Reason::kNtpTimeout);
  EXPECT_EQ(out.detail, "no NTP reply within 1234 ms (3 datagrams sent)");
  ASSERT_TRUE(out.udp);
  EXPECT_EQ(out.udp->datagrams_sent, 3);
  EXPECT_EQ(out.udp->datagrams_answered, 0);

  out = ConcludeExchange(x, {}, words, 10, Failed(Reason::kNtpBadReply, "origin mismatch"));
  EXPECT_EQ(out.reason, Reason::kNtpBadReply);
  EXPECT_EQ(out.detail, "origin mismatch (3 datagrams sent)");

  x.error = asio::error::connection_refused;
  out = ConcludeExchange(x, {}, words, 10);
  EXPECT_EQ(out.detail, "NTP port unreachable (ICMP) (3 datagrams sent)");

  x.sent = 1;
  x.send_failed = true;
  x.error = boost::system::error_code(EPERM, boost::system::system_category());
  out = ConcludeExchange(x, {}, words, 10);
  EXPECT_EQ(out.reason, Reason::kUdpBlockedLocally);
  EXPECT_EQ(out.detail.rfind("cannot send the NTP request: ", 0), 0u) << out.detail;
  EXPECT_NE(out.detail.find("(a firewall on this machine refused it)"), std::string::npos);

  x = DatagramExchange{};
  x.sent = 2;
  x.answered = 2;
  x.answer_ms = 7;
  out = ConcludeExchange(x, Passed("offset 1 ms"), words, 10);
  EXPECT_EQ(out.status, Status::kPass);
  EXPECT_EQ(out.detail, "offset 1 ms (answered on the 2nd of 2 datagrams)");
  EXPECT_EQ(out.first_byte_ms, 7);
  EXPECT_EQ(out.udp->datagrams_answered, 1);
}

TEST(RetransmitSchedule, FirstResendAtAQuarterOfTheBudgetOrOneSecondThenDoubling) {
  using std::chrono::seconds;
  auto ms = [](std::chrono::steady_clock::duration d) {
    return std::chrono::duration_cast<milliseconds>(d).count();
  };
  auto schedule = [&](std::chrono::steady_clock::duration budget) {
    std::vector<long> out;
    for (auto d : RetransmitSchedule(budget)) out.push_back(ms(d));
    return out;
  };
  EXPECT_EQ(schedule(milliseconds(2000)), (std::vector<long>{0, 500, 1500}));
  EXPECT_EQ(schedule(seconds(5)), (std::vector<long>{0, 1000, 3000}));
  EXPECT_EQ(schedule(milliseconds(3500)), (std::vector<long>{0, 875, 2625}));
  EXPECT_EQ(schedule(seconds(4)), (std::vector<long>{0, 1000, 3000}));
  // 7000 would leave the fourth less than the first wait (1 s) for its answer.
  EXPECT_EQ(schedule(milliseconds(7500)), (std::vector<long>{0, 1000, 3000}));
  EXPECT_EQ(schedule(seconds(10)), (std::vector<long>{0, 1000, 3000, 7000}));
  EXPECT_EQ(schedule(seconds(600)).size(), static_cast<std::size_t>(kMaxDatagrams));
  EXPECT_EQ(schedule(milliseconds(0)), (std::vector<long>{0}));
  EXPECT_EQ(schedule(-seconds(1)), (std::vector<long>{0}));
}

TEST_F(UdpCheckTest, NtpResendsWhenTheFirstRequestIsLost) {
  Seen seen;
  auto out = Ntp(StartUdpServer(io, LosingFirst(NtpServer(std::chrono::seconds(0)), seen)),
                 milliseconds(2000));
  EXPECT_EQ(out.status, Status::kPass) << out.detail;
  ASSERT_TRUE(out.udp);
  EXPECT_EQ(out.udp->datagrams_sent, 2);
  EXPECT_EQ(out.udp->datagrams_answered, 1);
  EXPECT_NE(out.detail.find("answered on the 2nd of 2 datagrams"), std::string::npos) << out.detail;
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].size(), 48u);
  EXPECT_EQ(seen[1][0], 0x23) << "a client request, as the first";
  EXPECT_NE(Get64(seen[0], 40), Get64(seen[1], 40)) << "each request has a T1 of its own";
}

TEST_F(UdpCheckTest, NtpAcceptsALateAnswerToAnEarlierRequest) {
  Seen seen;
  auto out = Ntp(StartUdpServer(io, AnsweringLate(NtpServer(std::chrono::seconds(0)), seen)),
                 milliseconds(2000));
  EXPECT_EQ(out.status, Status::kPass) << out.detail;
  EXPECT_NE(out.detail.find("answered on the 1st of 2 datagrams"), std::string::npos) << out.detail;
  ASSERT_TRUE(out.ntp);
  EXPECT_NEAR(out.ntp->offset_ms, 0.0, 0.01) << "timed from the request it answers";
}

TEST_F(UdpCheckTest, NtpSilenceCountsEveryRequestAndStillTimesOut) {
  Seen seen;
  auto out = Ntp(StartUdpServer(io, LosingFirst(NtpServer(std::chrono::seconds(0)), seen, 100)),
                 milliseconds(400));
  EXPECT_EQ(out.reason, Reason::kNtpTimeout) << out.detail;
  ASSERT_TRUE(out.udp);
  EXPECT_GE(out.udp->datagrams_sent, 2);
  EXPECT_EQ(out.udp->datagrams_sent, static_cast<int>(seen.size()));
  EXPECT_EQ(out.udp->datagrams_answered, 0);
  EXPECT_NE(out.detail.find(fmt::format("({} datagrams sent)", seen.size())), std::string::npos)
      << out.detail;
}

TEST_F(UdpCheckTest, QuicResendsAFreshInitialWhenTheFirstIsLost) {
  Seen seen;
  auto out = Quic(StartUdpServer(io, LosingFirst(VersionNegotiation, seen)), milliseconds(2000));
  EXPECT_EQ(out.status, Status::kPass) << out.detail;
  ASSERT_TRUE(out.udp);
  EXPECT_EQ(out.udp->datagrams_sent, 2);
  EXPECT_EQ(out.udp->datagrams_answered, 1);
  EXPECT_NE(out.detail.find("answered on the 2nd of 2 datagrams"), std::string::npos) << out.detail;
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].size(), kQuicInitialSize);
  EXPECT_EQ(seen[1][0], 0xc0) << "a long-header Initial";
  // Fresh connection IDs (bytes 6..13 are the 8-byte DCID after its length byte).
  EXPECT_NE(std::vector<uint8_t>(seen[0].begin() + 6, seen[0].begin() + 14),
            std::vector<uint8_t>(seen[1].begin() + 6, seen[1].begin() + 14));
}

TEST_F(UdpCheckTest, QuicAcceptsALateAnswerToAnEarlierInitial) {
  Seen seen;
  auto out = Quic(StartUdpServer(io, AnsweringLate(VersionNegotiation, seen)), milliseconds(2000));
  EXPECT_EQ(out.status, Status::kPass) << out.detail;
  EXPECT_NE(out.detail.find("answered on the 1st of 2 datagrams"), std::string::npos) << out.detail;
}

TEST_F(UdpCheckTest, QuicSilenceCountsEveryInitialAndIsNoReply) {
  Seen seen;
  auto out =
      Quic(StartUdpServer(io, LosingFirst(VersionNegotiation, seen, 100)), milliseconds(400));
  EXPECT_EQ(out.reason, Reason::kQuicNoReply) << out.detail;
  ASSERT_TRUE(out.udp);
  EXPECT_GE(out.udp->datagrams_sent, 2);
  EXPECT_EQ(out.udp->datagrams_sent, static_cast<int>(seen.size()));
  EXPECT_EQ(out.udp->datagrams_answered, 0);
}

}  // namespace
}  // namespace orchard::probe
