#include "probe/quic/quic.h"

#include <gtest/gtest.h>

namespace orchard::probe {
namespace {

QuicProbe Probe() {
  return QuicProbe{kQuicProbeVersion, {1, 2, 3, 4, 5, 6, 7, 8}, {9, 10, 11, 12}};
}

// A Version Negotiation packet answering `p`, listing `versions`.
std::vector<uint8_t> Vn(const QuicProbe& p, std::vector<uint32_t> versions) {
  std::vector<uint8_t> out{0x80 | 0x3f, 0, 0, 0, 0};
  out.push_back(static_cast<uint8_t>(p.scid.size()));
  out.insert(out.end(), p.scid.begin(), p.scid.end());
  out.push_back(static_cast<uint8_t>(p.dcid.size()));
  out.insert(out.end(), p.dcid.begin(), p.dcid.end());
  for (uint32_t v : versions) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<uint8_t>(v >> s));
  }
  return out;
}

TEST(Quic, ProbeIsAPaddedInitialWithAReservedVersion) {
  const auto packet = BuildQuicProbe(Probe());
  ASSERT_EQ(packet.size(), kQuicInitialSize);
  EXPECT_EQ(packet[0] & 0xf0, 0xc0);  // long header, fixed bit, Initial
  EXPECT_EQ(packet[1], 0x1a);
  EXPECT_EQ(packet[2], 0x2a);
  EXPECT_EQ(packet[3], 0x3a);
  EXPECT_EQ(packet[4], 0x4a);
  EXPECT_EQ(packet[5], 8);  // DCID length
  EXPECT_EQ(packet[6], 1);
  EXPECT_EQ(packet[14], 4);  // SCID length
  EXPECT_EQ(packet[15], 9);
  EXPECT_EQ(packet[19], 0);  // token length
  const std::size_t length = ((packet[20] & 0x3f) << 8) | packet[21];
  EXPECT_EQ(22 + length, kQuicInitialSize);
  EXPECT_EQ(kQuicProbeVersion & 0x0f0f0f0f, 0x0a0a0a0aU);
}

TEST(Quic, AcceptsAVersionNegotiationThatEchoesOurIds) {
  auto vn = ParseQuicVersionNegotiation(Vn(Probe(), {0x00000001, 0x6b3343cf, 0xff00001d}), Probe());
  ASSERT_TRUE(vn) << vn.error();
  EXPECT_EQ(vn->versions.size(), 3u);
  EXPECT_EQ(QuicVersionName(vn->versions[0]), "QUIC v1");
  EXPECT_EQ(QuicVersionName(vn->versions[1]), "QUIC v2");
  EXPECT_EQ(QuicVersionName(vn->versions[2]), "draft-29");
}

TEST(Quic, RejectsGarbageAndForeignAnswers) {
  const QuicProbe p = Probe();
  EXPECT_FALSE(ParseQuicVersionNegotiation({}, p));
  const std::vector<uint8_t> garbage{0x80, 0, 0, 0, 0, 200, 1, 2};
  EXPECT_FALSE(ParseQuicVersionNegotiation(garbage, p));  // CID length beyond the packet

  auto short_header = Vn(p, {1});
  short_header[0] = 0x40;
  EXPECT_FALSE(ParseQuicVersionNegotiation(short_header, p));

  auto not_vn = Vn(p, {1});
  not_vn[4] = 1;  // version 1: a real Initial/Retry, not VN
  EXPECT_FALSE(ParseQuicVersionNegotiation(not_vn, p));

  QuicProbe other = p;
  other.scid = {7, 7, 7, 7};
  EXPECT_FALSE(ParseQuicVersionNegotiation(Vn(other, {1}), p));
  other = p;
  other.dcid = {7, 7, 7, 7, 7, 7, 7, 7};
  EXPECT_FALSE(ParseQuicVersionNegotiation(Vn(other, {1}), p));

  EXPECT_FALSE(ParseQuicVersionNegotiation(Vn(p, {}), p));  // empty list
  auto ragged = Vn(p, {1});
  ragged.push_back(0);
  EXPECT_FALSE(ParseQuicVersionNegotiation(ragged, p));
  auto echoes = ParseQuicVersionNegotiation(Vn(p, {1, kQuicProbeVersion}), p);
  ASSERT_FALSE(echoes);
  EXPECT_NE(echoes.error().find("version we sent"), std::string::npos);
}

}  // namespace
}  // namespace orchard::probe
