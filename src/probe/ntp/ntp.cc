#include "probe/ntp/ntp.h"

#include <fmt/format.h>

#include <cmath>

namespace orchard::probe {
namespace {

uint64_t ReadU64(std::span<const uint8_t> p, std::size_t at) {
  uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | p[at + i];
  return v;
}

void WriteU64(std::span<uint8_t> p, std::size_t at, uint64_t v) {
  for (std::size_t i = 0; i < 8; ++i) p[at + 7 - i] = static_cast<uint8_t>(v >> (8 * i));
}

// A signed difference of two timestamps in milliseconds (32.32 fixed point, modulo 2^64).
double DiffMs(uint64_t a, uint64_t b) {
  const auto d = static_cast<int64_t>(a - b);
  return std::ldexp(static_cast<double>(d), -32) * 1000.0;
}

std::string KissCode(std::span<const uint8_t> p) {
  std::string code;
  for (std::size_t i = 12; i < 16; ++i) {
    const char c = static_cast<char>(p[i]);
    code += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  return code;
}

constexpr std::size_t kOriginAt = 24;
constexpr std::size_t kReceiveAt = 32;
constexpr std::size_t kTransmitAt = 40;

}  // namespace

uint64_t ToNtpTimestamp(std::chrono::system_clock::time_point t) {
  const auto since_unix =
      std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  const int64_t secs = since_unix / 1'000'000'000;
  const int64_t nanos = since_unix % 1'000'000'000;
  const uint64_t seconds = static_cast<uint64_t>(secs + static_cast<int64_t>(kNtpUnixEpochOffset));
  const uint64_t fraction = (static_cast<uint64_t>(nanos) << 32) / 1'000'000'000ULL;
  return (seconds << 32) | (fraction & 0xffffffffULL);
}

std::chrono::system_clock::time_point FromNtpTimestamp(uint64_t ts) {
  const auto seconds = static_cast<int64_t>(ts >> 32) - static_cast<int64_t>(kNtpUnixEpochOffset);
  const auto nanos = static_cast<int64_t>(((ts & 0xffffffffULL) * 1'000'000'000ULL) >> 32);
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::seconds(seconds) + std::chrono::nanoseconds(nanos)));
}

std::array<uint8_t, kNtpPacketSize> BuildNtpRequest(uint64_t transmit) {
  std::array<uint8_t, kNtpPacketSize> packet{};
  packet[0] = 0x23;  // LI 0, VN 4, mode 3 (client)
  WriteU64(packet, kTransmitAt, transmit);
  return packet;
}

tl::expected<NtpReply, NtpReplyProblem> ParseNtpReply(std::span<const uint8_t> packet,
                                                      uint64_t sent) {
  auto problem = [](NtpReplyError e, std::string detail) {
    return tl::unexpected(NtpReplyProblem{e, std::move(detail)});
  };
  if (packet.size() < kNtpPacketSize) {
    return problem(NtpReplyError::kShort,
                   fmt::format("NTP reply of {} bytes, expected at least 48", packet.size()));
  }
  NtpReply reply;
  reply.leap = packet[0] >> 6;
  reply.version = (packet[0] >> 3) & 0x7;
  reply.mode = packet[0] & 0x7;
  reply.stratum = packet[1];
  reply.origin = ReadU64(packet, kOriginAt);
  reply.receive = ReadU64(packet, kReceiveAt);
  reply.transmit = ReadU64(packet, kTransmitAt);
  if (reply.stratum == 0) reply.reference_id = KissCode(packet);

  if (reply.origin != sent) {
    return problem(NtpReplyError::kWrongOrigin,
                   "NTP reply does not echo our transmit timestamp (stale or spoofed answer)");
  }
  if (reply.mode != 4) {
    return problem(NtpReplyError::kWrongMode,
                   fmt::format("NTP reply has mode {}, expected 4 (server)", reply.mode));
  }
  if (reply.stratum == 0) {
    return problem(NtpReplyError::kKissOfDeath,
                   fmt::format("NTP server sent kiss-o'-death {}", reply.reference_id));
  }
  if (reply.stratum > 15) {
    return problem(NtpReplyError::kBadStratum,
                   fmt::format("NTP reply has stratum {} (unsynchronized)", reply.stratum));
  }
  if (reply.leap == 3) {
    return problem(NtpReplyError::kUnsynchronized,
                   "NTP server reports leap indicator 3 (clock not synchronized)");
  }
  if (reply.receive == 0 || reply.transmit == 0) {
    return problem(NtpReplyError::kNoTimestamps, "NTP reply carries zero timestamps");
  }
  return reply;
}

NtpSample ComputeNtpSample(uint64_t t1, uint64_t t2, uint64_t t3, uint64_t t4) {
  NtpSample s;
  s.offset_ms = (DiffMs(t2, t1) + DiffMs(t3, t4)) / 2.0;
  s.delay_ms = DiffMs(t4, t1) - DiffMs(t3, t2);
  return s;
}

ProtocolOutcome JudgeNtpReply(const NtpReply& reply, uint64_t t1, uint64_t t4,
                              const NtpOptions& options) {
  const NtpSample sample = ComputeNtpSample(t1, reply.receive, reply.transmit, t4);
  const std::string facts = fmt::format("stratum {}, offset {:+.1f} ms, delay {:.1f} ms",
                                        reply.stratum, sample.offset_ms, sample.delay_ms);
  ProtocolOutcome out;
  if (std::fabs(sample.offset_ms) > static_cast<double>(options.max_offset.count())) {
    out = Failed(Reason::kClockSkew,
                 fmt::format("local clock is {:.1f} s {} the NTP server ({}; limit {} s)",
                             std::fabs(sample.offset_ms) / 1000.0,
                             sample.offset_ms > 0 ? "behind" : "ahead of", facts,
                             options.max_offset.count() / 1000.0));
    out.status = options.skew_status;
  } else {
    out = Passed(fmt::format("NTP reply: {}", facts));
  }
  out.ntp = NtpFacts{sample.offset_ms, sample.delay_ms, reply.stratum};
  return out;
}

}  // namespace orchard::probe
