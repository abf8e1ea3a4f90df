#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <tl/expected.hpp>

#include "probe/outcome.h"

// SNTP client codec (RFC 5905 section 7.3, RFC 4330): pure functions, no sockets.
namespace orchard::probe {

inline constexpr std::size_t kNtpPacketSize = 48;
// The NTP era starts in 1900, 2208988800 s before the Unix epoch.
inline constexpr uint64_t kNtpUnixEpochOffset = 2208988800ULL;

// 64-bit NTP timestamps: seconds since 1900 in the high 32 bits, the binary fraction below.
uint64_t ToNtpTimestamp(std::chrono::system_clock::time_point t);
std::chrono::system_clock::time_point FromNtpTimestamp(uint64_t ts);

// A client request: first byte 0x23 (LI 0, VN 4, mode 3), `transmit` in the transmit field.
std::array<uint8_t, kNtpPacketSize> BuildNtpRequest(uint64_t transmit);

struct NtpReply {
  int leap = 0;
  int version = 0;
  int mode = 0;
  int stratum = 0;
  std::string reference_id;  // the kiss code ("RATE", "DENY") when stratum is 0
  uint64_t origin = 0;
  uint64_t receive = 0;
  uint64_t transmit = 0;
};

enum class NtpReplyError {
  kShort,           // fewer than 48 bytes
  kWrongOrigin,     // not an answer to our request (stale, spoofed or off-path)
  kWrongMode,       // not a server reply (mode 4)
  kKissOfDeath,     // stratum 0: the server refuses to serve us
  kBadStratum,      // stratum above 15
  kUnsynchronized,  // leap indicator 3: the server's clock is not set
  kNoTimestamps,    // receive or transmit timestamp is zero
};

struct NtpReplyProblem {
  NtpReplyError error;
  std::string detail;  // one line for the check's detail
};

// Validates a reply to the request whose transmit timestamp was `sent`. Never throws; any byte
// string is safe.
tl::expected<NtpReply, NtpReplyProblem> ParseNtpReply(std::span<const uint8_t> packet,
                                                      uint64_t sent);

struct NtpSample {
  double offset_ms = 0;  // ((T2 - T1) + (T3 - T4)) / 2: how far the server is ahead of us
  double delay_ms = 0;   // (T4 - T1) - (T3 - T2)
};

// Differences are taken modulo 2^64, so the arithmetic survives era rollover (2036).
NtpSample ComputeNtpSample(uint64_t t1, uint64_t t2, uint64_t t3, uint64_t t4);

struct NtpOptions {
  // An offset beyond this is clock skew: TLS validity checks and Apple's services break on a
  // wrong clock. The NTP server itself is reachable, so the default verdict is warn.
  std::chrono::milliseconds max_offset{60'000};
  Status skew_status = Status::kWarn;
};

// The verdict on a validated reply that arrived at `t4`: ok, or clock_skew. Fills ntp facts.
ProtocolOutcome JudgeNtpReply(const NtpReply& reply, uint64_t t1, uint64_t t4,
                              const NtpOptions& options);

}  // namespace orchard::probe
