#include "probe/quic/quic.h"

#include <fmt/format.h>

#include <algorithm>

namespace orchard::probe {
namespace {

constexpr std::size_t kMaxCidLength = 20;

void PutU32(std::vector<uint8_t>& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(v >> shift));
}

uint32_t GetU32(std::span<const uint8_t> p, std::size_t at) {
  return (uint32_t{p[at]} << 24) | (uint32_t{p[at + 1]} << 16) | (uint32_t{p[at + 2]} << 8) |
         uint32_t{p[at + 3]};
}

void PutCid(std::vector<uint8_t>& out, const std::vector<uint8_t>& cid) {
  const std::size_t n = std::min(cid.size(), kMaxCidLength);
  out.push_back(static_cast<uint8_t>(n));
  out.insert(out.end(), cid.begin(), cid.begin() + static_cast<std::ptrdiff_t>(n));
}

std::span<const uint8_t> Clamp(const std::vector<uint8_t>& cid) {
  return std::span<const uint8_t>(cid.data(), std::min(cid.size(), kMaxCidLength));
}

}  // namespace

std::vector<uint8_t> BuildQuicProbe(const QuicProbe& probe) {
  std::vector<uint8_t> out;
  out.reserve(kQuicInitialSize);
  // Long header (1), fixed bit (1), type Initial (00), reserved (00), packet number length 1 (00).
  out.push_back(0xc0);
  PutU32(out, probe.version);
  PutCid(out, probe.dcid);
  PutCid(out, probe.scid);
  out.push_back(0x00);  // token length 0
  // Length (2-byte varint) covers the packet number and the payload that pads the datagram.
  const std::size_t length = kQuicInitialSize - out.size() - 2;
  out.push_back(static_cast<uint8_t>(0x40 | (length >> 8)));
  out.push_back(static_cast<uint8_t>(length & 0xff));
  out.push_back(0x00);  // packet number 0
  out.resize(kQuicInitialSize, 0x00);
  return out;
}

tl::expected<QuicVersionNegotiation, std::string> ParseQuicVersionNegotiation(
    std::span<const uint8_t> packet, const QuicProbe& probe) {
  auto bad = [](std::string why) {
    return tl::unexpected(
        "QUIC answer is not a valid Version "
        "Negotiation packet: " +
        std::move(why));
  };
  if (packet.size() < 7) return bad(fmt::format("{} bytes", packet.size()));
  if ((packet[0] & 0x80) == 0) return bad("short header");
  const uint32_t version = GetU32(packet, 1);
  if (version != 0) return bad(fmt::format("version {:#010x}, expected 0", version));

  std::size_t at = 5;
  auto read_cid = [&](std::span<const uint8_t>& cid) {
    if (at >= packet.size()) return false;
    const std::size_t n = packet[at++];
    if (packet.size() - at < n) return false;
    cid = packet.subspan(at, n);
    at += n;
    return true;
  };
  std::span<const uint8_t> dcid, scid;
  if (!read_cid(dcid) || !read_cid(scid)) return bad("truncated connection IDs");
  if (!std::ranges::equal(dcid, Clamp(probe.scid))) return bad("destination ID is not ours");
  if (!std::ranges::equal(scid, Clamp(probe.dcid))) return bad("source ID is not ours");

  const std::size_t rest = packet.size() - at;
  if (rest == 0 || rest % 4 != 0) {
    return bad(fmt::format("version list of {} bytes", rest));
  }
  QuicVersionNegotiation vn;
  for (; at < packet.size(); at += 4) vn.versions.push_back(GetU32(packet, at));
  if (std::ranges::find(vn.versions, probe.version) != vn.versions.end()) {
    return bad("it lists the version we sent");
  }
  return vn;
}

std::string QuicVersionName(uint32_t version) {
  switch (version) {
    case 0x00000001:
      return "QUIC v1";
    case 0x6b3343cf:
      return "QUIC v2";
  }
  if ((version & 0xffffff00) == 0xff000000) return fmt::format("draft-{}", version & 0xff);
  return fmt::format("{:#010x}", version);
}

}  // namespace orchard::probe
