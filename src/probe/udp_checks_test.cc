// NTP and QUIC checks against real UDP responders on 127.0.0.1.
#include <gtest/gtest.h>

#include "probe/ntp_check.h"
#include "probe/quic.h"
#include "probe/quic_check.h"
#include "probe/test_servers.h"

namespace orchard::probe {
namespace {

namespace asio = boost::asio;
using asio::ip::udp;
using std::chrono::milliseconds;
using std::chrono::steady_clock;
using testing::RunUntilDone;
using testing::StartUdpServer;
using testing::VersionNegotiation;

uint64_t Get64(std::span<const uint8_t> p, std::size_t at) {
  uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | p[at + i];
  return v;
}

void Put64(std::vector<uint8_t>& p, std::size_t at, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[at + 7 - i] = static_cast<uint8_t>(v >> (8 * i));
}

// An NTP server whose clock runs `ahead` of the client's, answering with `first`/`stratum`;
// `echo` false puts a wrong origin timestamp in the reply.
testing::UdpResponder NtpServer(std::chrono::seconds ahead, uint8_t first = 0x24,
                                uint8_t stratum = 2, bool echo = true) {
  return [=](std::span<const uint8_t> req) -> std::vector<std::vector<uint8_t>> {
    if (req.size() != 48 || req[0] != 0x23) return {};
    const uint64_t t1 = Get64(req, 40);
    std::vector<uint8_t> reply(48, 0);
    reply[0] = first;
    reply[1] = stratum;
    std::memcpy(&reply[12], "RATE", 4);
    Put64(reply, 24, echo ? t1 : t1 ^ 0xdead);
    const uint64_t now = t1 + (static_cast<uint64_t>(ahead.count()) << 32);
    Put64(reply, 32, now);
    Put64(reply, 40, now);
    return {reply};
  };
}

struct UdpCheckTest : ::testing::Test {
  asio::io_context io;
  FakeClock clock{std::chrono::system_clock::time_point{} + std::chrono::seconds(1'800'000'000)};

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

}  // namespace
}  // namespace orchard::probe
