#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/address.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "probe/deadline.h"
#include "probe/engine.h"

namespace orchard::probe {

// What one probe has found so far; the engine reads it when the probe ends or is cut off.
struct ProbeState {
  CheckResult result;
  bool started = false;
  bool finished = false;
  bool bounded_by_run = false;  // its deadline is the run's, not its own timeout
  SteadyClock::time_point start;
};

// The phases of one probe: addresses (DNS or a literal), then the UDP protocol, or a TCP connect
// and the protocol over it. Writes everything it learns into `state.result` as it goes, so a
// cut-off probe still reports how far it got.
class CheckFlow {
 public:
  CheckFlow(const ProbeSpec& spec, ProbeState& state, const EngineDeps& deps,
            AddressFamilies families);

  boost::asio::awaitable<void> Run(Deadline deadline);
  // The probe overran its deadline and was cancelled: fail it as a timeout of its phase.
  void CutOff();
  // The probe threw (a bug): report it as internal.
  void Internal(const std::string& what);

 private:
  enum class Phase { kStart, kDns, kConnect, kProtocol, kDone };

  // A DNS lookup of `name`, recorded in the result (timings, CNAME chain, answers).
  struct Lookup {
    std::vector<boost::asio::ip::address> addresses;
    Reason reason = Reason::kOk;
    std::string detail;
  };
  boost::asio::awaitable<Lookup> LookUp(const std::string& name, Deadline deadline);
  boost::asio::awaitable<std::optional<std::vector<boost::asio::ip::address>>> Addresses(
      Deadline deadline);
  boost::asio::awaitable<void> Udp(const std::vector<boost::asio::ip::address>& addresses,
                                   Deadline deadline);
  boost::asio::awaitable<void> Tcp(const std::vector<boost::asio::ip::address>& addresses,
                                   Deadline deadline);
  boost::asio::awaitable<void> Protocol(boost::asio::ip::tcp::socket& socket, Deadline deadline);
  void Fold(const ProtocolOutcome& outcome);
  void Finish(Status status, Reason reason, std::string detail);
  void RecordAttempts();

  const ProbeSpec& spec_;
  ProbeState& state_;
  const EngineDeps& deps_;
  AddressFamilies families_;
  Phase phase_ = Phase::kStart;
  std::shared_ptr<AttemptLog> attempts_;
};

}  // namespace orchard::probe
