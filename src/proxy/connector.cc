#include "proxy/connector.h"

#include <fmt/format.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "base/clock.h"
#include "catalog/endpoint.h"
#include "probe/deadline.h"
#include "probe/http/http_answer.h"
#include "proxy/pac_host.h"
#include "proxy/tunnel.h"

namespace orchard::proxy {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using probe::Connection;
using probe::Deadline;
using probe::Reason;

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr size_t kMaxHead = 16 * 1024;
constexpr size_t kMaxBody = 64 * 1024;

probe::Route Reported(const Route& route, bool tunnel) {
  probe::Route out;
  if (route.kind == RouteKind::kDirect) return out;
  out.kind = "proxy";
  out.proxy = route.proxy.ToString();
  out.tunnel = tunnel;
  if (route.proxy.credentials)
    out.proxy_authorization = BasicAuthorization(*route.proxy.credentials);
  return out;
}

// Reads the proxy's status line and headers one byte at a time, so bytes the target sends right
// after a 200 (an SSH banner) stay in the socket for the check.
asio::awaitable<std::optional<std::string>> ReadHead(tcp::socket& socket) {
  std::string head;
  char c = 0;
  while (head.size() < kMaxHead) {
    auto [ec, n] = co_await asio::async_read(socket, asio::buffer(&c, 1), kTuple);
    if (ec || n != 1) co_return std::nullopt;
    head += c;
    if (head.ends_with("\r\n\r\n")) co_return head;
  }
  co_return std::nullopt;
}

// The body of a refusal, for recognising block pages; bounded by Content-Length and kMaxBody.
asio::awaitable<std::string> ReadBody(tcp::socket& socket, const probe::HttpAnswer& answer) {
  std::string_view length_text = probe::HeaderValue(answer, "Content-Length");
  size_t want = kMaxBody;
  if (!length_text.empty()) {
    size_t n = 0;
    for (char ch : length_text) {
      if (ch < '0' || ch > '9') break;
      n = std::min(kMaxBody, n * 10 + size_t(ch - '0'));
    }
    want = n;
  }
  std::string body(want, '\0');
  auto [ec, n] = co_await asio::async_read(socket, asio::buffer(body), kTuple);
  body.resize(n);
  co_return body;
}

// The Squid error a plain-HTTP check's block-page detail names ("Squid error page
// (ERR_CONNECT_FAIL 111) answered instead of ...", from probe::DetectBlockPage), or "".
std::string SquidErrorIn(std::string_view detail) {
  constexpr std::string_view kMarker = "Squid error page (";
  auto at = detail.find(kMarker);
  if (at == std::string_view::npos) return "";
  const size_t start = at + kMarker.size();
  auto end = detail.find(')', start);
  if (end == std::string_view::npos) return "";
  return std::string(detail.substr(start, end - start));
}

}  // namespace

void RoutingConnector::Add(const std::string& host, uint16_t port, Entry entry) {
  const bool direct_only = entry.direct_only;
  entries_[{host, port, direct_only}] = std::move(entry);
  pac_failures_.reset();
}

void RoutingConnector::ResolveProxies() {
  SystemPacHostResolver resolver;
  for (const auto& [key, entry] : entries_) {
    for (const Route& route : entry.plan.routes) {
      if (route.kind != RouteKind::kProxy) continue;
      std::string id = route.proxy.ToString();
      if (proxy_endpoints_.count(id)) continue;
      std::vector<tcp::endpoint> endpoints;
      for (const std::string& text : resolver.Resolve(route.proxy.host)) {
        boost::system::error_code ec;
        auto address = asio::ip::make_address(text, ec);
        if (!ec) endpoints.emplace_back(address, route.proxy.port);
      }
      proxy_endpoints_[id] = std::move(endpoints);
    }
  }
}

bool RoutingConnector::ResolvesRemotely(const std::string& host, uint16_t port,
                                        bool direct_only) const {
  auto it = entries_.find({host, port, direct_only});
  if (it == entries_.end() || it->second.direct_only || it->second.plan.routes.empty()) {
    return false;
  }
  return it->second.plan.routes.front().kind == RouteKind::kProxy;
}

std::optional<RoutingConnector::DirectFailure> RoutingConnector::DirectFailureFor(
    const std::string& host, uint16_t port) const {
  auto it = direct_failures_.find({host, port});
  if (it == direct_failures_.end()) return std::nullopt;
  return it->second;
}

std::string RoutingConnector::PacFailureFor(const std::string& host, uint16_t port,
                                            bool direct_only) const {
  // Indexed by the port the results carry, once: a scan per result made ApplyProxyPolicy
  // quadratic (a third of a 10,000-row run's CPU).
  if (!pac_failures_) {
    pac_failures_.emplace();
    for (const auto& [key, entry] : entries_) {
      const auto& [entry_host, entry_port, entry_direct_only] = key;
      const uint16_t checked = entry.checked_port ? entry.checked_port : entry_port;
      pac_failures_->emplace(EntryKey{entry_host, checked, entry_direct_only},
                             entry.plan.pac_failure);  // the first entry in order wins, as before
    }
  }
  auto it = pac_failures_->find(EntryKey{host, port, direct_only});
  return it == pac_failures_->end() ? std::string() : it->second;
}

asio::awaitable<Connection> RoutingConnector::ViaProxy(const probe::ConnectRequest& request,
                                                       const Route& route, const Entry& entry,
                                                       Deadline deadline) {
  const std::string proxy = route.proxy.ToString();
  const bool tunnel = request.port != 80;
  const std::string& host = entry.tunnel_host.empty() ? request.host : entry.tunnel_host;
  const std::string target = fmt::format(
      "{}:{}", host.find(':') != std::string::npos ? "[" + host + "]" : host, request.port);
  probe::ConnectRequest to_proxy{route.proxy.host, route.proxy.port, {}, {}};
  if (auto it = proxy_endpoints_.find(proxy); it != proxy_endpoints_.end()) {
    to_proxy.endpoints = it->second;
  } else {
    boost::system::error_code ec;
    auto address = asio::ip::make_address(route.proxy.host, ec);
    if (!ec) to_proxy.endpoints.emplace_back(address, route.proxy.port);
  }
  Connection out = co_await direct_.Connect(to_proxy, deadline);
  out.route = Reported(route, tunnel);
  if (!out.socket) {
    if (to_proxy.endpoints.empty()) {
      out.failure = Reason::kDnsNxdomain;
      out.detail = fmt::format("proxy {}: its name does not resolve", proxy);
    } else {
      out.detail = fmt::format("proxy {}: {}", proxy, out.detail);
    }
    co_return out;
  }
  if (!tunnel) co_return out;  // plain HTTP: the check sends an absolute-form request

  tcp::socket& socket = *out.socket;
  auto executor = co_await asio::this_coro::executor;
  probe::DeadlineWatch watch(executor, deadline, [&socket] {
    boost::system::error_code ignored;
    socket.cancel(ignored);
  });
  const auto start = probe::SteadyClock::now();
  std::string request_text = BuildConnectRequest(host, request.port, route.proxy.credentials);
  auto [wec, written] = co_await asio::async_write(socket, asio::buffer(request_text), kTuple);
  std::optional<std::string> head;
  if (!wec) head = co_await ReadHead(socket);
  auto fail = [&](Reason reason, std::string detail) {
    boost::system::error_code ignored;
    socket.close(ignored);
    out.socket.reset();
    out.failure = reason;
    out.detail = std::move(detail);
  };
  if (!head) {
    if (watch.expired()) {
      fail(Reason::kTcpTimeout,
           fmt::format("proxy {} did not answer CONNECT {} within the deadline", proxy, target));
    } else {
      fail(Reason::kProxyDenied,
           fmt::format("proxy {} closed the connection instead of answering CONNECT {}", proxy,
                       target));
    }
    co_return out;
  }
  auto answer = ParseProxyReplyHead(*head);
  if (!answer) {
    fail(Reason::kProxyDenied, fmt::format("proxy {} answered CONNECT {} with something that is "
                                           "not HTTP",
                                           proxy, target));
    co_return out;
  }
  TunnelVerdict verdict = JudgeConnectReply(*answer, proxy, target);
  if (verdict.reason != Reason::kOk) {
    answer->body = co_await ReadBody(socket, *answer);
    verdict = JudgeConnectReply(*answer, proxy, target);
    fail(verdict.reason, verdict.detail);
    co_return out;
  }
  if (out.connect_ms) *out.connect_ms += MsSince(start);
  co_return out;
}

// Not a coroutine: a check that goes straight out (no proxy, or a plan of DIRECT alone) gets the
// direct connector's coroutine as it is, without OverRoutes' frame (about 3 KB, held while the
// connection is made, times --concurrency).
asio::awaitable<Connection> RoutingConnector::Connect(probe::ConnectRequest request,
                                                      Deadline deadline) {
  auto it = entries_.find({request.host, request.port, request.direct_only});
  if (it == entries_.end() || it->second.plan.routes.empty()) {
    return direct_.Connect(std::move(request), deadline);
  }
  const std::vector<Route>& routes = it->second.plan.routes;
  if (routes.size() == 1 && routes.front().kind == RouteKind::kDirect &&
      !(request.endpoints.empty() && request.resolve)) {
    return direct_.Connect(std::move(request), deadline);
  }
  return OverRoutes(std::move(request), it->second, deadline);
}

asio::awaitable<Connection> RoutingConnector::OverRoutes(probe::ConnectRequest request,
                                                         const Entry& entry, Deadline deadline) {
  std::vector<Route> order;
  if (entry.direct_only) {
    order.push_back(Route{});
    for (const Route& r : entry.plan.routes) {
      if (r.kind == RouteKind::kProxy) {
        order.push_back(r);
        break;
      }
    }
  } else {
    order = entry.plan.routes;
  }

  std::vector<std::string> failures;
  std::optional<Connection> direct_failure;  // direct_only: what the device itself meets
  std::optional<Connection> last_failure;
  for (size_t i = 0; i < order.size(); ++i) {
    const Route& route = order[i];
    // Every route but the last gets its share of what is left, so a silent first route cannot
    // starve the others.
    Deadline share = deadline;
    if (i + 1 < order.size()) {
      share = probe::SteadyClock::now() + probe::Remaining(deadline) / long(order.size() - i);
    }
    // No co_await inside ?: -- g++ 12 destroys such temporaries twice.
    Connection c;
    if (route.kind == RouteKind::kDirect && request.endpoints.empty() && request.resolve) {
      // The check left the lookup to the proxy; going direct needs the addresses after all.
      probe::LateLookup found = co_await request.resolve(share);
      if (found.endpoints.empty()) {
        c.failure = found.failure;
        c.detail = found.detail;
      } else {
        probe::ConnectRequest resolved = request;
        resolved.endpoints = std::move(found.endpoints);
        c = co_await direct_.Connect(std::move(resolved), share);
      }
    } else if (route.kind == RouteKind::kDirect) {
      c = co_await direct_.Connect(request, share);
    } else {
      c = co_await ViaProxy(request, route, entry, share);
    }
    if (c.socket) {
      if (direct_failure) {
        direct_failures_[{request.host, entry.checked_port ? entry.checked_port : request.port}] =
            DirectFailure{direct_failure->failure, direct_failure->detail};
      }
      co_return c;
    }
    failures.push_back(fmt::format("{}: {}", route.ToString(), c.detail));
    const bool proxy_decided =
        route.kind == RouteKind::kProxy &&
        (c.failure == Reason::kProxyAuthRequired || c.failure == Reason::kProxyDenied);
    if (entry.direct_only && route.kind == RouteKind::kDirect) {
      direct_failure = std::move(c);
    } else {
      last_failure = std::move(c);
    }
    // A proxy that answered (407, a refusal) has decided; the device does not fall over either.
    if (proxy_decided && !entry.direct_only) break;
  }
  Connection out = direct_failure ? std::move(*direct_failure) : std::move(*last_failure);
  if (failures.size() > 1) {
    if (entry.direct_only) {
      out.detail = fmt::format("{} (through the proxy too: {})", out.detail, failures.back());
    } else {
      out.detail.clear();
      for (const auto& f : failures) out.detail += (out.detail.empty() ? "" : "; ") + f;
    }
  }
  co_return out;
}

void ApplyProxyPolicy(std::vector<probe::CheckResult>& results, const RoutingConnector& connector) {
  for (probe::CheckResult& r : results) {
    const auto support = catalog::ProxySupportFromString(r.proxy_support);
    const bool direct_only = !support || !catalog::SupportsProxy(*support, r.port);
    // A PAC that failed for this URL (whatever the cause) sent it DIRECT: the row says so.
    if (std::string pac = connector.PacFailureFor(r.target, r.port, direct_only); !pac.empty()) {
      r.detail = fmt::format("{}{}(PAC: {}; went DIRECT as macOS does)", r.detail,
                             r.detail.empty() ? "" : " ", pac);
    }
    if (r.route.kind != "proxy") continue;
    if (r.reason == Reason::kHttpBlockPage) {
      // Plain HTTP meets the proxy's own page. One saying Squid could not reach the target is
      // the target's failure, judged as an answer to CONNECT would be; any other is a refusal.
      if (std::string squid = SquidErrorIn(r.detail); !squid.empty()) {
        probe::HttpAnswer page;
        page.status = 503;
        page.headers.emplace_back("X-Squid-Error", std::move(squid));
        const std::string target = fmt::format("{}:{}", r.target, r.port);
        TunnelVerdict verdict = JudgeConnectReply(page, r.route.proxy, target);
        if (verdict.reason != Reason::kProxyDenied) {
          r.reason = verdict.reason;
          r.detail =
              fmt::format("proxy {} could not reach {}: {}", r.route.proxy, target, r.detail);
          continue;
        }
      }
      r.reason = Reason::kProxyDenied;
      r.detail = fmt::format("proxy {}: {}", r.route.proxy, r.detail);
      continue;
    }
    // Only a row without proxy support goes direct; its twin row that supports proxies (the
    // same host listed twice) passes through the proxy as it should.
    if (!direct_only) continue;
    auto failure = connector.DirectFailureFor(r.target, r.port);
    if (failure && r.status == probe::Status::kPass) {
      r.status = probe::Status::kWarn;
      r.reason = Reason::kProxyRequired;
      r.detail = fmt::format(
          "works only through proxy {}, but {} does not support proxies: the device goes direct, "
          "where {} ({})",
          r.route.proxy, r.host, failure->detail, probe::ToString(failure->reason));
    }
  }
}

}  // namespace orchard::proxy
