// Datagrams that come back to the UDP checks: NTP replies (validated against our request's
// origin timestamp, then judged for clock skew) and QUIC Version Negotiation packets (validated
// against the probe's connection IDs). Any datagram from the network reaches these parsers.
#include <cstdint>
#include <span>

#include "fuzz_input.h"
#include "probe/ntp/ntp.h"
#include "probe/quic/quic.h"

namespace {

uint64_t Take64(orchard::fuzz::FuzzInput& in) {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = value << 8 | in.Select(256);
  return value;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace orchard::probe;
  orchard::fuzz::FuzzInput in(data, size);
  if (in.Select(2) == 0) {
    uint64_t sent = Take64(in);
    uint64_t arrived = Take64(in);
    auto rest = in.Rest();
    std::span<const uint8_t> packet(reinterpret_cast<const uint8_t*>(rest.data()), rest.size());
    if (auto reply = ParseNtpReply(packet, sent)) {
      (void)JudgeNtpReply(*reply, sent, arrived, NtpOptions{});
    }
    return 0;
  }
  QuicProbe probe;
  probe.dcid.assign(8 + in.Select(13), 0x5a);  // 8..20 bytes, as the check sends
  probe.scid.assign(in.Select(21), 0xa5);      // 0..20 bytes
  (void)BuildQuicProbe(probe);
  auto rest = in.Rest();
  std::span<const uint8_t> packet(reinterpret_cast<const uint8_t*>(rest.data()), rest.size());
  if (auto negotiation = ParseQuicVersionNegotiation(packet, probe)) {
    for (uint32_t version : negotiation->versions) (void)QuicVersionName(version);
  }
  return 0;
}
