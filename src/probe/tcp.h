#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/system/error_code.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "probe/outcome.h"
#include "probe/result.h"

// Reaching a TCP port: every address tried, each attempt classified as nmap does.
namespace orchard::probe {

enum class ConnectVerdict { kOpen, kRefused, kFiltered, kUnreachable, kBlockedLocally };

std::string_view ToString(ConnectVerdict v);  // "open", "refused", "filtered", ...

// nmap's table: success open; ECONNREFUSED refused; ETIMEDOUT filtered; EHOST/ENETUNREACH (and
// an address family the host cannot use) unreachable; EACCES/EPERM blocked locally.
ConnectVerdict ClassifyConnectError(const boost::system::error_code& ec);

// The check-level reason when no attempt opened: the most telling verdict wins (blocked locally,
// then refused, then filtered, then unreachable).
Reason ReasonForFailedAttempts(const std::vector<AddressAttempt>& attempts);

// "17.1.2.3:443 refused, [2a01:b0::1]:443 filtered"
// At most kMaxListedAttempts addresses are named; the rest are counted by outcome.
inline constexpr size_t kMaxListedAttempts = 8;
std::string DescribeAttempts(const std::vector<AddressAttempt>& attempts);

// The attempts of one check: filled in by the attempt coroutines as they end, read by the check.
// Single-threaded; shared by the check and its attempts (each may outlive the other).
class AttemptLog {
 public:
  explicit AttemptLog(boost::asio::any_io_executor executor) : changed_(executor) {}

  size_t Add(const boost::asio::ip::tcp::endpoint& endpoint);
  void Finish(size_t index, ConnectVerdict verdict, double ms);
  // Keeps the first connected socket for the check; later ones are closed (never reused).
  void Offer(boost::asio::ip::tcp::socket socket);

  bool AllFinished() const { return finished_ == attempts_.size(); }
  bool HasOpen() const { return open_.has_value(); }
  std::optional<boost::asio::ip::tcp::socket> TakeOpen();
  // The attempts so far; those still running read "pending".
  const std::vector<AddressAttempt>& attempts() const { return attempts_; }

  // Returns after the next Finish (at once when every attempt has finished).
  boost::asio::awaitable<void> WaitChange();
  // Returns when every attempt has finished; attempts end by their deadline on their own.
  boost::asio::awaitable<void> WaitAll();

 private:
  std::vector<AddressAttempt> attempts_;
  size_t finished_ = 0;
  bool taken_ = false;
  std::optional<boost::asio::ip::tcp::socket> open_;
  boost::asio::steady_timer changed_;
};

// One connect to one endpoint, raced against the deadline; the result goes into `log`.
boost::asio::awaitable<void> ConnectAttempt(std::shared_ptr<AttemptLog> log, size_t index,
                                            boost::asio::ip::tcp::endpoint endpoint,
                                            Deadline deadline);

// A name looked up late: for a DIRECT route tried after a proxy that failed.
struct LateLookup {
  std::vector<boost::asio::ip::tcp::endpoint> endpoints;
  Reason failure = Reason::kOk;  // the DNS verdict when there are no endpoints
  std::string detail;
};

struct ConnectRequest {
  std::string host;  // the name the check is about (a proxy CONNECTs to it)
  uint16_t port = 0;
  std::vector<boost::asio::ip::tcp::endpoint> endpoints;  // resolved (direct routes use these)
  // Set when the check left the lookup to a proxy (Connector::ResolvesRemotely): a DIRECT
  // fallback after that proxy ("PROXY p:8080; DIRECT") resolves the name through it first.
  std::function<boost::asio::awaitable<LateLookup>(Deadline)> resolve;
  // The row does not support proxies (ProbeSpec::direct_only): a connector that routes through
  // proxies goes direct first. Two checks of one host:port may differ in this.
  bool direct_only = false;
};

// What connecting found. `attempts` keeps filling in while the check uses `socket`; call
// attempts->WaitAll() before reading them as final.
struct Connection {
  std::optional<boost::asio::ip::tcp::socket> socket;  // connected, when an attempt opened
  std::shared_ptr<AttemptLog> attempts;
  Route route;
  std::optional<double> connect_ms;
  Reason failure = Reason::kOk;  // when socket is empty
  std::string detail;            // when socket is empty
};

// The route seam: how a check gets a connected socket. Direct connects to the resolved
// addresses; a proxy connector (src/proxy) can CONNECT through an HTTP proxy instead. Never
// throws on network trouble; returns by the deadline.
class Connector {
 public:
  virtual ~Connector() = default;
  virtual boost::asio::awaitable<Connection> Connect(ConnectRequest request, Deadline deadline) = 0;
  // Whether a check of host:port is handed to a proxy that resolves the name itself, as macOS
  // does for proxied connections: the check then does no DNS lookup of its own up front (a
  // DIRECT fallback looks the name up through ConnectRequest::resolve).
  virtual bool ResolvesRemotely(const std::string& /*host*/, uint16_t /*port*/,
                                bool /*direct_only*/) const {
    return false;
  }
};

// Tries every endpoint at once and hands back the first that opens; the others run on to their
// own verdict (or the deadline) and are closed.
class DirectConnector final : public Connector {
 public:
  boost::asio::awaitable<Connection> Connect(ConnectRequest request, Deadline deadline) override;
};

}  // namespace orchard::probe
