#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "probe/tcp.h"
#include "proxy/route.h"

// The engine's route seam filled in: each check connects along the routes its RoutePlan names,
// directly or through an HTTP proxy (a CONNECT tunnel, or a plain connection to the proxy for
// absolute-form HTTP).
namespace orchard::proxy {

class RoutingConnector final : public probe::Connector {
 public:
  struct Entry {
    RoutePlan plan;
    // The host does not support proxies (the catalog's "—"): the device goes direct, so direct
    // is tried first and a proxy only to tell "works through the proxy only" (proxy_required).
    bool direct_only = false;
    // Where a tunnel goes when --connect-to moved the target (empty: the checked name).
    std::string tunnel_host;
    // The row's port when --connect-to moved the connection to another (0: the same), so what
    // the run learns is found again by the results' host and port.
    uint16_t checked_port = 0;
  };

  // `direct` makes direct connections (and the TCP connection to a proxy). Borrowed.
  explicit RoutingConnector(probe::Connector& direct) : direct_(direct) {}

  // Routes for `host:port` as checked for rows with entry.direct_only (a host:port may have one
  // entry of each kind); a request without a matching entry connects directly.
  void Add(const std::string& host, uint16_t port, Entry entry);

  // Resolves every proxy named by the entries (getaddrinfo, before the run: a handful of names).
  void ResolveProxies();

  boost::asio::awaitable<probe::Connection> Connect(probe::ConnectRequest request,
                                                    probe::Deadline deadline) override;

  // Whether a check of host:port reaches its target without resolving it itself (its first
  // route is a proxy, which resolves the name).
  bool ResolvesRemotely(const std::string& host, uint16_t port, bool direct_only) const override;

  // For a direct_only check that only worked through a proxy: why direct failed.
  struct DirectFailure {
    probe::Reason reason = probe::Reason::kOk;
    std::string detail;
  };
  std::optional<DirectFailure> DirectFailureFor(const std::string& host, uint16_t port) const;

  // RoutePlan::pac_failure of the entry for a result's host and port (empty: none).
  std::string PacFailureFor(const std::string& host, uint16_t port, bool direct_only) const;

 private:
  using Key = std::pair<std::string, uint16_t>;
  using EntryKey = std::tuple<std::string, uint16_t, bool>;  // host, port, direct_only

  // Tries `entry`'s routes in order (DIRECT first for a direct_only entry) until one connects.
  boost::asio::awaitable<probe::Connection> OverRoutes(probe::ConnectRequest request,
                                                       const Entry& entry,
                                                       probe::Deadline deadline);
  boost::asio::awaitable<probe::Connection> ViaProxy(const probe::ConnectRequest& request,
                                                     const Route& route, const Entry& entry,
                                                     probe::Deadline deadline);

  probe::Connector& direct_;
  std::map<EntryKey, Entry> entries_;
  std::map<std::string, std::vector<boost::asio::ip::tcp::endpoint>> proxy_endpoints_;
  std::map<Key, DirectFailure> direct_failures_;
  // PacFailureFor's index by (host, the results' port, direct_only); built on first use.
  mutable std::optional<std::map<EntryKey, std::string>> pac_failures_;
};

// After the run: a direct_only check that passed only through a proxy becomes warn
// proxy_required (the device will go direct, so direct egress must be allowed); a block page
// served by the proxy on an absolute-form request is proxy_denied.
void ApplyProxyPolicy(std::vector<probe::CheckResult>& results, const RoutingConnector& connector);

}  // namespace orchard::proxy
