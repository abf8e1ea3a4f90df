#include "probe/protocol_dispatch.h"

#include <fmt/format.h>

#include <boost/asio/this_coro.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/url/parse.hpp>
#include <utility>

#include "base/clock.h"
#include "probe/deadline.h"
#include "probe/http/http_check.h"
#include "probe/ntp/ntp_check.h"
#include "probe/http/ocsp.h"
#include "probe/quic/quic_check.h"
#include "probe/ssh/ssh_check.h"
#include "probe/tls/tls_probe.h"

namespace orchard::probe {
namespace asio = boost::asio;

namespace {

// The request for an HTTP-family check: the hint's URL (a path or a full URL) on the probe's
// name; a plain-HTTP proxy route asks for the absolute form.
HttpRequestSpec RequestFor(const ProbeSpec& spec, const Route& route, std::string default_path) {
  HttpRequestSpec request;
  request.host = spec.sni.empty() ? spec.target : spec.sni;
  request.port = spec.port;
  request.target = std::move(default_path);
  if (!spec.url.empty()) {
    if (spec.url.front() == '/') {
      request.target = spec.url;
    } else if (auto url = boost::urls::parse_absolute_uri(spec.url); url) {
      std::string path = std::string(url->encoded_path());
      if (url->has_query()) path += "?" + std::string(url->encoded_query());
      request.target = path.empty() ? "/" : path;
    }
  }
  // Through a CONNECT tunnel the socket reaches the target itself; otherwise it reaches the
  // proxy, which wants the absolute form and its credentials.
  if (route.kind == "proxy" && !route.tunnel) {
    request.absolute_form = true;
    if (!route.proxy_authorization.empty()) {
      request.headers.emplace_back("Proxy-Authorization", route.proxy_authorization);
    }
  }
  return request;
}

}  // namespace

bool ProtocolDispatch::Supports(CheckKind kind) const {
  switch (kind) {
    case CheckKind::kDns:
    case CheckKind::kTcp:
    case CheckKind::kHttp:
    case CheckKind::kCaptive:
    case CheckKind::kOcsp:
    case CheckKind::kCrl:
    case CheckKind::kNtp:
    case CheckKind::kSsh:
    case CheckKind::kQuic:
      return true;
    case CheckKind::kTls:
      return trust_ != nullptr;
  }
  return false;
}

// Each kind gets a coroutine of its own: a coroutine's frame holds every local of every branch,
// and a TLS check waiting for a handshake slot should not carry an HTTP check's request, stream
// and answers (about 4 KB a check, times --concurrency).
asio::awaitable<ProtocolOutcome> ProtocolDispatch::OverTcp(const ProbeSpec& spec,
                                                           asio::ip::tcp::socket& socket,
                                                           const Route& route, Deadline deadline) {
  if (spec.kind == CheckKind::kTls && trust_ != nullptr) return OverTls(spec, socket, deadline);
  return OverStream(spec, socket, route, deadline);
}

asio::awaitable<ProtocolOutcome> ProtocolDispatch::OverTls(const ProbeSpec& spec,
                                                           asio::ip::tcp::socket& socket,
                                                           Deadline deadline) {
  const auto waited_from = SteadyClock::now();
  auto slot = co_await tls_slots_.Acquire(deadline);
  if (!slot) {
    // This machine's limit, not the network's: the check was not made.
    ProtocolOutcome out;
    out.status = Status::kSkip;
    out.reason = Reason::kDeadline;
    out.detail = fmt::format(
        "no TLS handshake before the deadline: this run's {} handshake slots stayed busy for "
        "{:.0f} ms (a longer --timeout or a lower --concurrency lets it through)",
        tls_slots_.capacity(), MsSince(waited_from));
    co_return out;
  }
  co_return co_await ProbeTls(socket, spec.sni.empty() ? spec.target : spec.sni, deadline, *trust_,
                              clock_);
}

asio::awaitable<ProtocolOutcome> ProtocolDispatch::OverStream(const ProbeSpec& spec,
                                                              asio::ip::tcp::socket& socket,
                                                              const Route& route,
                                                              Deadline deadline) {
  boost::beast::tcp_stream stream(std::move(socket));
  switch (spec.kind) {
    case CheckKind::kSsh:
      co_return co_await CheckSsh(stream, deadline);
    case CheckKind::kCaptive: {
      HttpRequestSpec request = RequestFor(spec, route, "/hotspot-detect.html");
      co_return co_await CheckCaptive(stream, std::move(request), deadline);
    }
    case CheckKind::kOcsp: {
      HttpRequestSpec request = RequestFor(spec, route, "/");
      OcspTarget target = DefaultOcspTarget();
      co_return co_await CheckOcsp(stream, std::move(request), std::move(target), deadline);
    }
    case CheckKind::kCrl: {
      HttpRequestSpec request = RequestFor(spec, route, "/");
      co_return co_await CheckCrl(stream, std::move(request), deadline);
    }
    case CheckKind::kHttp: {
      HttpRequestSpec request = RequestFor(spec, route, "/");
      HttpExpectation expect;
      expect.body_contains = spec.expect;
      expect.host = request.host;
      co_return co_await CheckHttp(stream, std::move(request), std::move(expect), deadline);
    }
    default:
      co_return Passed("port open");
  }
}

asio::awaitable<ProtocolOutcome> ProtocolDispatch::OverUdp(
    const ProbeSpec& spec, std::vector<asio::ip::udp::endpoint> endpoints, Deadline deadline) {
  auto executor = co_await asio::this_coro::executor;
  ProtocolOutcome last =
      Failed(spec.kind == CheckKind::kNtp ? Reason::kNtpTimeout : Reason::kQuicNoReply,
             "no address to send to");
  // Addresses in turn, each with an equal slice of what is left; the first answer decides.
  for (size_t i = 0; i < endpoints.size(); ++i) {
    const auto slice = Remaining(deadline) / static_cast<long>(endpoints.size() - i);
    const Deadline until = i + 1 == endpoints.size() ? deadline : SteadyClock::now() + slice;
    asio::ip::udp::socket socket(executor);
    if (spec.kind == CheckKind::kNtp) {
      last = co_await CheckNtp(socket, endpoints[i], until, clock_, ntp_);
      if (last.reason != Reason::kNtpTimeout) break;
    } else {
      last = co_await CheckQuic(socket, endpoints[i], until);
      if (last.reason != Reason::kQuicNoReply) break;
    }
  }
  co_return last;
}

}  // namespace orchard::probe
