#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <tl/expected.hpp>
#include <vector>

// QUIC reachability codec (RFC 9000 sections 6 and 17.2, RFC 8999 invariants): a client
// Initial-shaped packet carrying a reserved version forces any QUIC server to answer with a
// Version Negotiation packet. Pure functions, no sockets.
namespace orchard::probe {

// A version of the reserved 0x?a?a?a?a pattern (RFC 9000 section 15): never a real version.
inline constexpr uint32_t kQuicProbeVersion = 0x1a2a3a4a;
// Clients must pad Initial datagrams to at least 1200 bytes; servers drop shorter ones.
inline constexpr std::size_t kQuicInitialSize = 1200;

struct QuicProbe {
  uint32_t version = kQuicProbeVersion;
  std::vector<uint8_t> dcid;  // 8..20 bytes (servers need at least 8 in a client Initial)
  std::vector<uint8_t> scid;  // 0..20 bytes
};

// A long-header Initial (type 0) with the given IDs, a zero-length token and zero padding up to
// kQuicInitialSize. IDs longer than 20 bytes are truncated to 20.
std::vector<uint8_t> BuildQuicProbe(const QuicProbe& probe);

struct QuicVersionNegotiation {
  std::vector<uint32_t> versions;  // what the server supports, in its order
};

// Validates a Version Negotiation answer to `probe`: long header, version 0, our SCID echoed as
// its DCID and our DCID as its SCID, a non-empty whole list of 4-byte versions that does not
// contain the version we sent. The error is a one-line detail for quic_bad_reply.
tl::expected<QuicVersionNegotiation, std::string> ParseQuicVersionNegotiation(
    std::span<const uint8_t> packet, const QuicProbe& probe);

// "QUIC v1", "QUIC v2", "draft-29", "0x6b3343cf".
std::string QuicVersionName(uint32_t version);

}  // namespace orchard::probe
