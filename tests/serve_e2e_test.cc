// orchard serve end to end: the binary on a loopback port, scraped by a hundred clients at once.
// Nothing here leaves 127.0.0.0/8, and nothing is timed: the assertions are about counts.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "support/loopback_servers.h"
#include "support/orchard_run.h"
#include "support/serve_process.h"
#include "support/temp_dir.h"

namespace orchard {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

class ServeE2e : public ::testing::Test {
 protected:
  testing::TempDir temp_;
  const std::filesystem::path dir_ = temp_.path();
  asio::io_context io_;
  testing::FullBacklog full_{"127.0.0.3"};  // drops every SYN, like a firewall
};

// A hundred scrapes of /probe arrive together. Without the rate limit (--min-probe-interval 0)
// only sharing the run in flight keeps them from starting a hundred runs: the run lasts the
// check timeout (its one row is filtered), so they all land while it is in flight; a straggler
// after it ends may start one more.
TEST_F(ServeE2e, HundredConcurrentProbesShareOneRun) {
  testing::CatalogRow row;
  row.host = "filtered.lab.test";
  row.ports = {7000};
  std::string catalog =
      testing::CatalogToml({row}) +
      "[[profile]]\nname = \"fleet\"\ndescription = \"e2e\"\ncategories = [\"lab\"]\n";
  std::ofstream(dir_ / "catalog.toml") << catalog;
  const std::string to = "127.0.0.3:" + std::to_string(full_.port());
  testing::ServeProcess serve(
      ORCHARD_BINARY,
      {"--no-builtin", "--catalog", (dir_ / "catalog.toml").string(), "--connect-to", "::" + to,
       "--timeout", "3", "--interval", "86400", "--min-probe-interval", "0"},
      dir_);
  ASSERT_TRUE(serve.running()) << serve.log();

  // The scheduled run at start-up (scope "", a run of its own) must be over before counting.
  for (int i = 0; i < 300 && testing::HttpGet(serve.port(), "/results.json").status != 200; ++i) {
    usleep(100 * 1000);
  }
  auto before =
      testing::MetricValue(testing::HttpGet(serve.port(), "/metrics").body, "orchard_runs_total");
  ASSERT_TRUE(before) << serve.log();

  std::vector<testing::Scrape> scrapes = testing::ScrapeConcurrently(
      serve.port(), std::vector<std::string>(100, "/probe?profile=fleet"));
  std::set<double> runs_seen;  // each answer names the run it came from
  for (const auto& s : scrapes) {
    ASSERT_EQ(s.status, 200) << s.error << s.body;
    auto finished = testing::MetricValue(s.body, "orchard_last_run_timestamp_seconds");
    ASSERT_TRUE(finished) << s.body;
    runs_seen.insert(*finished);
    EXPECT_EQ(testing::MetricValue(s.body, "orchard_probe_success"), 0) << "the row is filtered";
  }
  auto after =
      testing::MetricValue(testing::HttpGet(serve.port(), "/metrics").body, "orchard_runs_total");
  ASSERT_TRUE(after);
  EXPECT_GE(*after - *before, 1);
  EXPECT_LE(*after - *before, 2) << "100 scrapes started " << *after - *before << " runs";
  EXPECT_LE(runs_seen.size(), 2u);
  EXPECT_EQ(serve.Stop(), 0) << serve.log();
}

// A catalog of one row whose address never answers (full_'s queue drops every SYN).
std::string FilteredCatalog() {
  testing::CatalogRow row;
  row.host = "filtered.lab.test";
  row.ports = {7000};
  return testing::CatalogToml({row}) +
         "[[profile]]\nname = \"fleet\"\ndescription = \"e2e\"\ncategories = [\"lab\"]\n";
}

// A service manager's stop (SIGTERM) during a run must not wait out the run's timeouts: with
// --timeout 30 the run in flight would hold serve for 30 s, past systemd's patience, and end
// in SIGKILL (ServeProcess sends it after 10 s: exit 137). The bound is generous against a
// loaded machine; the exit takes milliseconds.
TEST_F(ServeE2e, SigtermStopsTheRunInFlight) {
  std::ofstream(dir_ / "catalog.toml") << FilteredCatalog();
  const std::string to = "127.0.0.3:" + std::to_string(full_.port());
  testing::ServeProcess serve(ORCHARD_BINARY,
                              {"--no-builtin", "--catalog", (dir_ / "catalog.toml").string(),
                               "--connect-to", "::" + to, "--timeout", "30", "--interval", "86400"},
                              dir_);
  ASSERT_TRUE(serve.running()) << serve.log();
  usleep(1500 * 1000);  // the first scheduled run starts within 1 s of start-up
  auto metrics = testing::HttpGet(serve.port(), "/metrics");
  ASSERT_EQ(testing::MetricValue(metrics.body, "orchard_runs_total"), 0) << "no run in flight";
  auto start = std::chrono::steady_clock::now();
  int code = serve.Stop();
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "serve exited " << took << " s after SIGTERM\n";
  EXPECT_EQ(code, 0) << serve.log();
  EXPECT_LT(took, 5.0) << serve.log();
}

// 300 clients that connect and say nothing (more than the 256 connections serve keeps) must not
// lock out Prometheus or the health check: the idlest connection makes room for a new one.
TEST_F(ServeE2e, IdleConnectionsDoNotLockOutScrapes) {
  std::ofstream(dir_ / "catalog.toml") << FilteredCatalog();
  const std::string to = "127.0.0.3:" + std::to_string(full_.port());
  testing::ServeProcess serve(ORCHARD_BINARY,
                              {"--no-builtin", "--catalog", (dir_ / "catalog.toml").string(),
                               "--connect-to", "::" + to, "--timeout", "1", "--interval", "86400"},
                              dir_);
  ASSERT_TRUE(serve.running()) << serve.log();
  std::vector<std::unique_ptr<tcp::socket>> idle;
  for (int i = 0; i < 300; ++i) {
    idle.push_back(std::make_unique<tcp::socket>(io_));
    boost::system::error_code ec;
    idle.back()->connect({asio::ip::make_address("127.0.0.1"), serve.port()}, ec);
    ASSERT_FALSE(ec) << "idle connection " << i << ": " << ec.message();
  }
  auto health = testing::HttpGet(serve.port(), "/healthz");
  EXPECT_EQ(health.status, 200) << health.error;
  EXPECT_EQ(health.body, "ok\n");
  auto metrics = testing::HttpGet(serve.port(), "/metrics");
  EXPECT_EQ(metrics.status, 200) << metrics.error;
  EXPECT_TRUE(testing::MetricValue(metrics.body, "orchard_runs_total")) << metrics.body;
  EXPECT_EQ(serve.Stop(), 0) << serve.log();
}

}  // namespace
}  // namespace orchard
