// `orchard serve` under a crowd: each round sends N scrapes of /probe?profile=fleet and N of
// /metrics at once (N = 100 by default) and prints how many runs they caused, the scrape
// latencies and the server's memory (VmRSS, VmHWM from /proc) after the round. The exporter's
// promises: one run at a time, scrapes in flight share it, and memory stays flat round after
// round (only the latest snapshot per scope is kept).
//
// The fixture, all on loopback: 40 hosts on two ports whose connects are refused at once, and
// one host behind a full accept queue (SYNs dropped), so every run lasts the check timeout and
// the whole crowd lands while it is in flight. The rate limit is off (--min-probe-interval 0
// unless given), so only single flight stands between a round and a hundred runs.
//
// Usage: serve_scrape_bench [ROUNDS=10] [SCRAPES=100] [TIMEOUT_S=1] [MIN_PROBE_INTERVAL_S=0]
#include <unistd.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/orchard_run.h"
#include "support/serve_process.h"

namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using orchard::testing::Scrape;

struct Latency {
  double p50 = 0, p99 = 0, max = 0;
};

Latency Percentiles(std::vector<double> ms) {
  if (ms.empty()) return {};
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) {
    return ms[std::min(ms.size() - 1, static_cast<size_t>(q * ms.size()))];
  };
  return {at(0.50), at(0.99), ms.back()};
}

double RunsTotal(uint16_t port) {
  return orchard::testing::MetricValue(orchard::testing::HttpGet(port, "/metrics").body,
                                       "orchard_runs_total")
      .value_or(-1);
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 10;
  const int scrapes = argc > 2 ? std::atoi(argv[2]) : 100;
  const std::string timeout = argc > 3 ? argv[3] : "1";
  const std::string min_interval = argc > 4 ? argv[4] : "0";

  asio::io_context io;
  tcp::acceptor closed(io, {asio::ip::make_address("127.0.0.2"), 0});
  const auto closed_port = closed.local_endpoint().port();
  closed.close();  // the port is now (almost certainly) closed: connects are refused
  tcp::acceptor full(io);
  full.open(tcp::v4());
  full.bind({asio::ip::make_address("127.0.0.3"), 0});
  full.listen(0);
  tcp::socket filler(io);
  filler.connect(full.local_endpoint());

  std::vector<orchard::testing::CatalogRow> rows(41);
  for (int i = 0; i < 40; ++i) {
    rows[i].host = "host" + std::to_string(i) + ".lab.test";
    rows[i].ports = {443, 5223};
  }
  rows[40].host = "filtered.lab.test";
  rows[40].ports = {443};
  const auto dir =
      std::filesystem::temp_directory_path() / ("orchard-serve-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "catalog.toml")
      << orchard::testing::CatalogToml(rows)
      << "[[profile]]\nname = \"fleet\"\ndescription = \"bench\"\ncategories = [\"lab\"]\n";

  orchard::testing::ServeProcess serve(
      ORCHARD_BINARY,
      {"--no-builtin", "--catalog", (dir / "catalog.toml").string(), "--connect-to",
       "filtered.lab.test::127.0.0.3:" + std::to_string(full.local_endpoint().port()),
       "--connect-to", "::127.0.0.2:" + std::to_string(closed_port), "--timeout", timeout,
       "--interval", "86400", "--min-probe-interval", min_interval},
      dir);
  if (!serve.running()) {
    std::fprintf(stderr, "orchard serve did not start:\n%s\n", serve.log().c_str());
    return 1;
  }
  for (int i = 0; i < 300 && orchard::testing::HttpGet(serve.port(), "/results.json").status != 200;
       ++i) {
    usleep(100 * 1000);
  }
  auto rss = [&](const char* field) {
    return orchard::testing::ProcStatusKb(serve.pid(), field).value_or(-1);
  };
  std::printf("orchard serve, %zu checks per run, --timeout %s, --min-probe-interval %s\n",
              rows.size() * 2 - 1, timeout.c_str(), min_interval.c_str());
  std::printf("each round: %d x /probe?profile=fleet + %d x /metrics, all at once\n", scrapes,
              scrapes);
  std::printf("after the first scheduled run: VmRSS %ld kB, VmHWM %ld kB\n\n", rss("VmRSS"),
              rss("VmHWM"));
  std::printf("%5s %6s %6s %9s %9s  %-24s  %-24s\n", "round", "runs", "non200", "VmRSS kB",
              "VmHWM kB", "/probe ms p50/p99/max", "/metrics ms p50/p99/max");

  std::vector<std::string> targets(scrapes, "/probe?profile=fleet");
  targets.insert(targets.end(), scrapes, "/metrics");
  int total_runs = 0, max_runs = 0, failures = 0;
  long first_rss = 0, last_rss = 0;
  for (int round = 1; round <= rounds; ++round) {
    const double before = RunsTotal(serve.port());
    std::vector<Scrape> answers = orchard::testing::ScrapeConcurrently(serve.port(), targets);
    const int runs = static_cast<int>(RunsTotal(serve.port()) - before);
    std::vector<double> probe_ms, metrics_ms;
    int non200 = 0;
    for (size_t i = 0; i < answers.size(); ++i) {
      if (answers[i].status != 200) ++non200;
      (i < static_cast<size_t>(scrapes) ? probe_ms : metrics_ms)
          .push_back(answers[i].took.count() * 1000);
    }
    const Latency p = Percentiles(probe_ms), m = Percentiles(metrics_ms);
    const long now_rss = rss("VmRSS");
    if (round == 1) first_rss = now_rss;
    last_rss = now_rss;
    total_runs += runs;
    max_runs = std::max(max_runs, runs);
    failures += non200;
    std::printf("%5d %6d %6d %9ld %9ld  %7.0f %7.0f %8.0f  %7.1f %7.1f %8.1f\n", round, runs,
                non200, now_rss, rss("VmHWM"), p.p50, p.p99, p.max, m.p50, m.p99, m.max);
  }
  std::printf(
      "\n%d rounds: %d runs for %d /probe scrapes (at most %d in a round), %d not 200; "
      "VmRSS round 1 -> %d: %ld -> %ld kB (%+ld kB)\n",
      rounds, total_runs, rounds * scrapes, max_runs, failures, rounds, first_rss, last_rss,
      last_rss - first_rss);
  const int exit_code = serve.Stop();
  std::printf("SIGTERM: exit %d\n", exit_code);
  std::filesystem::remove_all(dir);
  return failures == 0 && exit_code == 0 ? 0 : 1;
}
