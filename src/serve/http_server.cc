#include "serve/http_server.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <list>
#include <utility>

#include "results/json_codec.h"
#include "serve/metrics.h"

namespace orchard::serve {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Response = http::response<http::string_body>;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

Response MakeResponse(http::status status, std::string_view content_type, std::string body) {
  Response res{status, 11};
  res.set(http::field::server, "orchard");
  res.set(http::field::content_type, content_type);
  res.set(http::field::cache_control, "no-store");
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

Response Text(http::status status, std::string body) {
  return MakeResponse(status, "text/plain; charset=utf-8", std::move(body));
}

constexpr std::string_view kMetricsType = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace

Result<std::string> ScopeFromQuery(const std::string& target) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return MakeError(ErrorCode::kUsage, "malformed request target");
  std::string scope;
  for (auto param : url->params()) {
    if (param.key != "profile" && param.key != "category" && param.key != "host") {
      return MakeError(ErrorCode::kUsage,
                       "unknown parameter '" + std::string(param.key) +
                           "': /probe takes exactly one of profile=, category=, host= naming a "
                           "catalog entry");
    }
    if (!scope.empty()) {
      return MakeError(ErrorCode::kUsage, "/probe takes exactly one of profile=, category=, host=");
    }
    if (!param.has_value || param.value.empty()) {
      return MakeError(ErrorCode::kUsage, std::string(param.key) + "= needs a value");
    }
    scope = std::string(param.key) + "=" + std::string(param.value);
  }
  if (scope.empty()) {
    return MakeError(ErrorCode::kUsage, "/probe needs one of profile=, category=, host=");
  }
  return scope;
}

struct HttpServer::Impl {
  struct Connection {
    beast::tcp_stream* stream = nullptr;
    bool busy = false;     // a request is being answered
    bool evicted = false;  // closed to make room; its coroutine has yet to finish
  };

  Impl(asio::io_context& io, RunCoordinator& coordinator, ServerOptions options)
      : io(io), coordinator(coordinator), options(std::move(options)), acceptor(io) {}

  asio::awaitable<void> AcceptLoop() {
    while (!stopping) {
      auto [ec, socket] = co_await acceptor.async_accept(kTuple);
      if (ec) {
        if (stopping || ec == asio::error::operation_aborted) co_return;
        // EMFILE and friends: keep serving the connections we have, and try again shortly
        // rather than spinning on an error that will not clear at once.
        asio::steady_timer pause(io, std::chrono::milliseconds(50));
        co_await pause.async_wait(kTuple);
        continue;
      }
      if (connections.size() >= options.max_connections && !EvictIdlest()) {
        beast::error_code ignored;
        socket.close(ignored);
        continue;
      }
      asio::co_spawn(io, Serve(std::move(socket)), asio::detached);
    }
  }

  // Full: closes the connection idle longest (waiting for, or slowly sending, a request),
  // so that idle or slow clients cannot lock out a new scrape or health check. The list is
  // kept in order of last activity. False when every connection is answering a request.
  bool EvictIdlest() {
    for (auto& c : connections) {
      if (c.busy || c.evicted) continue;
      c.evicted = true;
      beast::error_code ignored;
      c.stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
      c.stream->socket().close(ignored);
      return true;
    }
    return false;
  }

  asio::awaitable<void> Serve(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    auto self = connections.insert(connections.end(), Connection{&stream, false});
    beast::flat_buffer buffer;
    while (!stopping) {
      http::request_parser<http::empty_body> parser;
      parser.header_limit(8 * 1024);
      parser.body_limit(0);
      stream.expires_after(options.read_timeout);
      auto [ec, n] = co_await http::async_read(stream, buffer, parser, kTuple);
      if (ec) break;
      self->busy = true;
      const auto& req = parser.get();
      Response res = co_await Handle(req);
      res.keep_alive(req.keep_alive() && !stopping);
      if (req.method() == http::verb::head) res.body().clear();
      stream.expires_after(std::chrono::seconds(30));
      auto [wec, written] = co_await http::async_write(stream, res, kTuple);
      self->busy = false;
      connections.splice(connections.end(), connections, self);  // the most recently active
      if (wec || !res.keep_alive()) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream.close();
    connections.erase(self);
  }

  asio::awaitable<Response> Handle(const http::request<http::empty_body>& req) {
    if (req.method() != http::verb::get && req.method() != http::verb::head) {
      Response res = Text(http::status::method_not_allowed, "only GET and HEAD\n");
      res.set(http::field::allow, "GET, HEAD");
      co_return res;
    }
    std::string target(req.target());
    std::string path = target.substr(0, target.find('?'));
    if (path == "/healthz") co_return Text(http::status::ok, "ok\n");
    if (path == "/metrics") co_return Metrics(coordinator.Latest(options.default_scope));
    if (path == "/results.json") {
      auto snap = coordinator.Latest(options.default_scope);
      if (!snap) co_return Text(http::status::service_unavailable, "no run has finished yet\n");
      co_return MakeResponse(http::status::ok, "application/json",
                             results::EncodeCheckDocument(snap->doc));
    }
    if (path == "/probe") {
      auto scope = ScopeFromQuery(target);
      if (!scope) co_return Text(http::status::bad_request, scope.error().message() + "\n");
      if (options.canonical_scope) {
        auto canonical = options.canonical_scope(*scope);
        if (!canonical)
          co_return Text(http::status::bad_request, canonical.error().message() + "\n");
        scope = std::move(*canonical);
      }
      auto snap = co_await coordinator.AsyncRequest(*scope, io.get_executor(), asio::use_awaitable);
      if (!snap) co_return Text(http::status::service_unavailable, "shutting down\n");
      co_return Metrics(snap);
    }
    co_return Text(http::status::not_found,
                   "not found; try /metrics, /probe?profile=NAME, /results.json, /healthz\n");
  }

  Response Metrics(const SnapshotPtr& snap) {
    ExporterCounters counters;
    counters.runs_total = coordinator.runs_total();
    if (snap) {
      counters.last_run_unix = snap->finished_unix;
      counters.last_run_duration_seconds = snap->duration_seconds;
    }
    static const results::CheckDocument kEmpty;
    return MakeResponse(http::status::ok, kMetricsType,
                        RenderMetrics(snap ? snap->doc : kEmpty, counters, options.version));
  }

  asio::io_context& io;
  RunCoordinator& coordinator;
  ServerOptions options;
  tcp::acceptor acceptor;
  std::list<Connection> connections;
  bool stopping = false;
};

HttpServer::HttpServer(asio::io_context& io, RunCoordinator& coordinator, ServerOptions options)
    : impl_(std::make_unique<Impl>(io, coordinator, std::move(options))) {}

HttpServer::~HttpServer() = default;

Result<tcp::endpoint> HttpServer::Listen(const tcp::endpoint& at) {
  beast::error_code ec;
  auto fail = [&](const char* what) {
    return MakeError(ErrorCode::kUsage, "cannot " + std::string(what) + " " +
                                            at.address().to_string() + ":" +
                                            std::to_string(at.port()) + ": " + ec.message());
  };
  impl_->acceptor.open(at.protocol(), ec);
  if (ec) return fail("open");
  impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  impl_->acceptor.bind(at, ec);
  if (ec) return fail("listen on");
  impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen on");
  auto local = impl_->acceptor.local_endpoint(ec);
  if (ec) return fail("listen on");
  return local;
}

void HttpServer::Start() { asio::co_spawn(impl_->io, impl_->AcceptLoop(), asio::detached); }

void HttpServer::Stop() {
  impl_->stopping = true;
  beast::error_code ignored;
  impl_->acceptor.close(ignored);
  for (auto& c : impl_->connections) {
    if (!c.busy) c.stream->socket().close(ignored);
  }
}

}  // namespace orchard::serve
