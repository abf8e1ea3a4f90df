#pragma once

#include <vector>

#include "base/clock.h"
#include "probe/ntp.h"
#include "probe/protocol_runner.h"
#include "probe/tls_trust.h"

namespace orchard::probe {

// The production ProtocolRunner: sends each check kind to its protocol function (ntp_check,
// quic_check, ssh_check, http_check, tls_probe). Without a trust store, tls checks fall back
// to TCP-only. `clock` and `trust` must outlive the runner.
class ProtocolDispatch final : public ProtocolRunner {
 public:
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
};

}  // namespace orchard::probe
