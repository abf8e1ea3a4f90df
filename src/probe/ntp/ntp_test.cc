#include "probe/ntp/ntp.h"

#include <gtest/gtest.h>

namespace orchard::probe {
namespace {

using std::chrono::system_clock;

// A server reply to a request sent at t1, received/transmitted at t2/t3.
std::array<uint8_t, kNtpPacketSize> Reply(uint64_t t1, uint64_t t2, uint64_t t3,
                                          uint8_t first = 0x24, uint8_t stratum = 2) {
  std::array<uint8_t, kNtpPacketSize> p{};
  p[0] = first;  // LI 0, VN 4, mode 4
  p[1] = stratum;
  auto put = [&](std::size_t at, uint64_t v) {
    for (int i = 0; i < 8; ++i) p[at + 7 - i] = static_cast<uint8_t>(v >> (8 * i));
  };
  put(24, t1);
  put(32, t2);
  put(40, t3);
  return p;
}

uint64_t Seconds(double s) { return static_cast<uint64_t>(s * 4294967296.0); }

constexpr uint64_t kT1 = 0xE9000000'80000000ULL;  // some time in 2023, half a second

TEST(Ntp, RequestIsClientModeWithTransmitTimestamp) {
  const auto p = BuildNtpRequest(0x0102030405060708ULL);
  EXPECT_EQ(p[0], 0x23);
  for (std::size_t i = 1; i < 40; ++i) EXPECT_EQ(p[i], 0) << i;
  EXPECT_EQ(p[40], 0x01);
  EXPECT_EQ(p[47], 0x08);
}

TEST(Ntp, TimestampsUseThe1900Epoch) {
  EXPECT_EQ(ToNtpTimestamp(system_clock::time_point{}), kNtpUnixEpochOffset << 32);
  const auto t = system_clock::time_point{} + std::chrono::seconds(1'700'000'000) +
                 std::chrono::milliseconds(250);
  const uint64_t ts = ToNtpTimestamp(t);
  EXPECT_EQ(ts >> 32, 1'700'000'000ULL + kNtpUnixEpochOffset);
  EXPECT_EQ(ts & 0xffffffffULL, 0x40000000ULL);
  EXPECT_EQ(FromNtpTimestamp(ts), t);
}

TEST(Ntp, AcceptsAValidReplyAndComputesOffsetAndDelay) {
  // Server 10 s ahead; 20 ms each way; 2 ms inside the server.
  const uint64_t t2 = kT1 + Seconds(10.020);
  const uint64_t t3 = kT1 + Seconds(10.022);
  const uint64_t t4 = kT1 + Seconds(0.042);
  const auto packet = Reply(kT1, t2, t3);
  auto reply = ParseNtpReply(packet, kT1);
  ASSERT_TRUE(reply) << reply.error().detail;
  EXPECT_EQ(reply->stratum, 2);
  const NtpSample s = ComputeNtpSample(kT1, t2, t3, t4);
  EXPECT_NEAR(s.offset_ms, 10'000.0, 0.01);
  EXPECT_NEAR(s.delay_ms, 40.0, 0.01);
}

TEST(Ntp, OffsetIsNegativeWhenTheServerIsBehind) {
  const NtpSample s = ComputeNtpSample(kT1, kT1 - Seconds(5), kT1 - Seconds(5), kT1);
  EXPECT_NEAR(s.offset_ms, -5000.0, 0.01);
}

TEST(Ntp, RejectsShortPackets) {
  const auto packet = Reply(kT1, kT1, kT1);
  auto r = ParseNtpReply(std::span(packet).first(47), kT1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().error, NtpReplyError::kShort);
  EXPECT_FALSE(ParseNtpReply({}, kT1));
}

TEST(Ntp, RejectsAWrongOriginTimestamp) {
  const auto packet = Reply(kT1 + 1, kT1, kT1);
  auto r = ParseNtpReply(packet, kT1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().error, NtpReplyError::kWrongOrigin);
}

TEST(Ntp, RejectsWrongMode) {
  const auto packet = Reply(kT1, kT1, kT1, 0x23);  // mode 3: our own request reflected
  auto r = ParseNtpReply(packet, kT1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().error, NtpReplyError::kWrongMode);
}

TEST(Ntp, RecognisesKissOfDeath) {
  auto packet = Reply(kT1, kT1, kT1, 0x24, 0);
  packet[12] = 'R';
  packet[13] = 'A';
  packet[14] = 'T';
  packet[15] = 'E';
  auto r = ParseNtpReply(packet, kT1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().error, NtpReplyError::kKissOfDeath);
  EXPECT_NE(r.error().detail.find("RATE"), std::string::npos);
}

TEST(Ntp, RejectsUnsynchronizedServers) {
  auto r = ParseNtpReply(Reply(kT1, kT1, kT1, 0xE4), kT1);  // LI 3
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().error, NtpReplyError::kUnsynchronized);
  r = ParseNtpReply(Reply(kT1, kT1, kT1, 0x24, 16), kT1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().error, NtpReplyError::kBadStratum);
  r = ParseNtpReply(Reply(kT1, 0, 0), kT1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().error, NtpReplyError::kNoTimestamps);
}

TEST(Ntp, JudgePassesSmallOffsetsAndFlagsSkew) {
  NtpOptions options;
  NtpReply reply{0, 4, 4, 1, "", kT1, kT1 + Seconds(1), kT1 + Seconds(1)};
  ProtocolOutcome ok = JudgeNtpReply(reply, kT1, kT1, options);
  EXPECT_EQ(ok.status, Status::kPass);
  EXPECT_EQ(ok.reason, Reason::kOk);
  ASSERT_TRUE(ok.ntp);
  EXPECT_NEAR(ok.ntp->offset_ms, 1000.0, 0.01);
  EXPECT_EQ(ok.ntp->stratum, 1);

  reply.receive = reply.transmit = kT1 + Seconds(120);
  ProtocolOutcome skew = JudgeNtpReply(reply, kT1, kT1, options);
  EXPECT_EQ(skew.status, Status::kWarn);
  EXPECT_EQ(skew.reason, Reason::kClockSkew);
  EXPECT_NE(skew.detail.find("behind"), std::string::npos) << skew.detail;

  options.skew_status = Status::kFail;
  options.max_offset = std::chrono::milliseconds(500);
  EXPECT_EQ(JudgeNtpReply(reply, kT1, kT1, options).status, Status::kFail);
}

TEST(Ntp, SurvivesEraRollover) {
  const uint64_t t1 = 0xFFFFFFFF'00000000ULL;  // last second of era 0
  const uint64_t t2 = t1 + Seconds(2);         // wraps into era 1
  const NtpSample s = ComputeNtpSample(t1, t2, t2, t1);
  EXPECT_NEAR(s.offset_ms, 2000.0, 0.01);
}

}  // namespace
}  // namespace orchard::probe
