#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cctype>
#include <chrono>
#include <iostream>
#include <random>
#include <string>

#include "cli/catalog_options.h"
#include "cli/check_run.h"
#include "cli/command.h"
#include "cli/options.h"
#include "serve/coordinator.h"
#include "serve/http_server.h"

namespace orchard::cli {
namespace {

namespace asio = boost::asio;

struct ServeOptions {
  CatalogOptions catalog;
  CheckRunOptions run;
  std::string listen = "127.0.0.1:9817";
  double interval_s = 300;
  double min_probe_interval_s = 10;
};

Result<asio::ip::tcp::endpoint> ParseListen(const std::string& text) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    return MakeError(ErrorCode::kUsage, "--listen '" + text + "': expected ADDRESS:PORT");
  }
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) {
    return MakeError(ErrorCode::kUsage,
                     "--listen '" + text + "': '" + host + "' is not an IP address");
  }
  int port = -1;
  const std::string digits = text.substr(colon + 1);
  if (digits.size() <= 5 && std::all_of(digits.begin(), digits.end(),
                                        [](unsigned char c) { return std::isdigit(c) != 0; })) {
    port = std::stoi(digits);
  }
  if (port < 0 || port > 65535) {
    return MakeError(ErrorCode::kUsage, "--listen '" + text + "': port must be 0..65535");
  }
  return asio::ip::tcp::endpoint(address, static_cast<uint16_t>(port));
}

// Turns a /probe scope ("profile=sep") into a catalog selection.
catalog::Selection SelectionFor(const std::string& scope, const catalog::Selection& fallback) {
  if (scope.empty()) return fallback;
  auto eq = scope.find('=');
  std::string key = scope.substr(0, eq), value = scope.substr(eq + 1);
  catalog::Selection selection;
  if (key == "profile") selection.profiles = {value};
  if (key == "category") selection.categories = {value};
  if (key == "host") selection.hosts = {value};
  return selection;
}

class ServeCommand final : public Command {
 public:
  explicit ServeCommand(CLI::App& parent) {
    CLI::App* app = parent.add_subcommand(
        "serve", "Run the checks on a schedule and serve Prometheus metrics over HTTP");
    AddCatalogOptions(*app, options_.catalog);
    AddCheckRunOptions(*app, options_.run);
    app->add_option("--listen", options_.listen, "Listen on ADDRESS:PORT")
        ->default_val("127.0.0.1:9817");
    app->add_option("--interval", options_.interval_s,
                    "Seconds between scheduled runs (each is jittered by up to 10%)")
        ->default_val(300)
        ->check(FiniteRange(1.0, 86400.0));
    app->add_option("--min-probe-interval", options_.min_probe_interval_s,
                    "/probe answers from a run of the same scope younger than this many "
                    "seconds instead of starting a new one (the rate limit)")
        ->default_val(10)
        ->check(FiniteRange(0.0, 86400.0));
    SetFooter(*app,
              {{"orchard serve --listen 127.0.0.1:9817 --interval 300",
                "Metrics at /metrics, a fresh run at /probe?profile=sep"}},
              {{0, "stopped by SIGTERM or SIGINT"},
               {2, "usage error, or the catalog could not be read"},
               {3, "internal error"}});
  }

  int Run() override {
    auto listen = ParseListen(options_.listen);
    if (!listen) return Fail("serve", listen.error());
    auto loaded = LoadSelectedCatalog(options_.catalog);
    if (!loaded) return Fail("serve", loaded.error());
    auto runner = CheckRunner::Create(options_.run);
    if (!runner) return Fail("serve", runner.error());
    if (auto routing = (*runner)->DescribeRouting(loaded->selected); !routing) {
      return Fail("serve", routing.error());
    }

    const catalog::Catalog& cat = loaded->catalog;
    const catalog::Selection base = options_.catalog.selection;
    // SIGTERM stops the run in flight rather than waiting out its timeouts, so a service
    // manager's stop never needs SIGKILL.
    CancelSignal cancel_run;
    serve::RunCoordinator coordinator(
        [&](const std::string& scope) {
          auto selection = SelectionFor(scope, base);
          auto rows = catalog::Select(cat, selection);
          if (!rows) return results::CheckDocument{};  // validated before it got here
          auto doc = (*runner)->Run(cat, *rows, selection.profiles, {},
                                    CheckRunner::Routes::kConfigured, &cancel_run);
          if (doc) return std::move(*doc);
          // The routing worked at start-up (CheckRouting); a PAC served over HTTP may have
          // gone since. Say so and serve an empty run rather than stale results.
          std::cerr << "orchard serve: run failed: " << doc.error().ToString() << "\n";
          results::CheckDocument failed;
          failed.run.notes.push_back(doc.error().ToString());
          return failed;
        },
        std::chrono::milliseconds(static_cast<int64_t>(options_.min_probe_interval_s * 1000)));

    asio::io_context io;
    serve::ServerOptions server_options;
    server_options.version = kOrchardVersion;
    server_options.default_scope = "";
    // A /probe scope must name catalog rows this exporter was told to check (all of them when
    // no --profile/--category/--host narrowed it), and is keyed by one spelling per entry.
    const std::vector<catalog::Endpoint>& allowed = loaded->selected;
    server_options.canonical_scope = [&cat, &allowed, narrowed = !base.empty()](
                                         const std::string& scope) -> Result<std::string> {
      auto rows = catalog::Select(cat, SelectionFor(scope, {}));
      if (!rows) return tl::unexpected(rows.error());
      if (rows->empty()) return MakeError(ErrorCode::kUsage, "'" + scope + "' selects no rows");
      std::string canonical = scope;
      if (scope.starts_with("host=")) {
        canonical = "host=" + rows->front().host;
        rows = catalog::Select(cat, SelectionFor(canonical, {}));
        if (!rows) return tl::unexpected(rows.error());
      }
      if (narrowed) {
        for (const auto& row : *rows) {
          bool in = std::any_of(allowed.begin(), allowed.end(),
                                [&](const catalog::Endpoint& e) { return e.id == row.id; });
          if (!in) {
            return MakeError(ErrorCode::kUsage,
                             "'" + scope + "' reaches " + row.id +
                                 ", outside what this exporter checks (its --profile, "
                                 "--category and --host)");
          }
        }
      }
      return canonical;
    };
    serve::HttpServer server(io, coordinator, server_options);
    auto bound = server.Listen(*listen);
    if (!bound) return Fail("serve", bound.error());
    std::cerr << "orchard serve: listening on " << bound->address().to_string() << ":"
              << bound->port() << "\n";
    server.Start();

    // Scheduled runs: the first soon, then every interval, each jittered so a fleet started
    // together drifts apart.
    std::mt19937_64 random{std::random_device{}()};
    auto jittered = [&](double seconds) {
      std::uniform_real_distribution<double> spread(0.9, 1.1);
      return std::chrono::milliseconds(static_cast<int64_t>(seconds * spread(random) * 1000));
    };
    asio::steady_timer timer(io);
    std::function<void(std::chrono::milliseconds)> arm = [&](std::chrono::milliseconds after) {
      timer.expires_after(after);
      timer.async_wait([&](boost::system::error_code ec) {
        if (ec) return;
        coordinator.Request("", true, [](serve::SnapshotPtr) {});
        arm(jittered(options_.interval_s));
      });
    };
    std::uniform_real_distribution<double> first(0, std::min(options_.interval_s, 10.0) * 0.1);
    arm(std::chrono::milliseconds(static_cast<int64_t>(first(random) * 1000)));

    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code ec, int signal) {
      if (ec) return;
      std::cerr << "orchard serve: signal " << signal << ", shutting down\n";
      timer.cancel();
      cancel_run.Cancel();
      server.Stop();
      coordinator.Shutdown();
    });
    io.run();
    coordinator.Stop();
    return 0;
  }

 private:
  ServeOptions options_;
};

}  // namespace

std::unique_ptr<Command> MakeServeCommand(CLI::App& parent) {
  return std::make_unique<ServeCommand>(parent);
}

}  // namespace orchard::cli
