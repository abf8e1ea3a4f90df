#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "base/error.h"
#include "serve/coordinator.h"

// The exporter's HTTP front: /metrics, /probe, /results.json, /healthz. Runs on the caller's
// io_context (one thread); checks run on the coordinator's worker thread.
namespace orchard::serve {

struct ServerOptions {
  std::string version;
  std::string default_scope;  // what the scheduled runs check; /metrics and /results.json
  size_t max_connections = 256;
  std::chrono::seconds read_timeout{10};
  // Checks a /probe scope ("profile=sep", "category=mdm", "host=ocsp.apple.com") against the
  // catalog and returns its one spelling ("host=OCSP.apple.com" and the row id both become
  // "host=ocsp.apple.com"), which keys the run coordinator: every spelling shares one run and
  // one rate limit, and the scopes are as few as the catalog's entries. The message explains a
  // refusal. Unset: the scope is used as given.
  std::function<Result<std::string>(const std::string& scope)> canonical_scope;
};

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& io, RunCoordinator& coordinator, ServerOptions options);
  ~HttpServer();

  // Binds and listens; the error says which address could not be used.
  Result<boost::asio::ip::tcp::endpoint> Listen(const boost::asio::ip::tcp::endpoint& at);

  // Starts accepting (after Listen).
  void Start();

  // Stops accepting and closes idle connections; requests being answered finish.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Turns a request target's query into a scope: exactly one of profile=, category=, host=.
// Anything else (no parameter, two, unknown names, target=) is refused.
Result<std::string> ScopeFromQuery(const std::string& target);

}  // namespace orchard::serve
