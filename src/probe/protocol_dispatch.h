#pragma once

#include <vector>

#include "base/clock.h"
#include "probe/ntp/ntp.h"
#include "probe/protocol_runner.h"
#include "probe/slots.h"
#include "probe/tls/tls_trust.h"

namespace orchard::probe {

// The production ProtocolRunner: sends each check kind to its row's runner (kinds.h). Without a
// trust store, kinds that need one (tls) fall back to TCP-only. `clock` and `trust` must outlive
// the runner.
//
// At most kTlsHandshakeSlots TLS handshakes run at once; further TLS checks wait for a slot
// within their own deadline. A handshake in progress holds about 60 KB of OpenSSL state, and
// with --concurrency 10000 on a fast network every one of them would otherwise be midway at once;
// where handshakes are CPU-bound the slots cost no time, and the built-in catalog never fills them.
class ProtocolDispatch final : public ProtocolRunner {
 public:
  static constexpr size_t kTlsHandshakeSlots = 256;

  explicit ProtocolDispatch(const Clock& clock, const TlsTrust* trust = nullptr,
                            NtpOptions ntp = {})
      : clock_(clock), trust_(trust), ntp_(ntp) {}

  bool Supports(CheckKind kind) const override;
  boost::asio::awaitable<ProtocolOutcome> OverTcp(const ProbeSpec& spec,
                                                  boost::asio::ip::tcp::socket& socket,
                                                  const Route& route, Deadline deadline) override;
  boost::asio::awaitable<ProtocolOutcome> OverUdp(
      const ProbeSpec& spec, std::vector<boost::asio::ip::udp::endpoint> endpoints,
      Deadline deadline) override;

 private:
  const Clock& clock_;
  const TlsTrust* trust_;
  NtpOptions ntp_;
  Slots tls_slots_{kTlsHandshakeSlots};
};

}  // namespace orchard::probe
