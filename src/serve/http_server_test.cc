#include "serve/http_server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <memory>
#include <thread>
#include <vector>

#include "support/documents.h"
#include "support/serve_process.h"

namespace orchard::serve {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

using Reply = testing::Scrape;

// One request on a fresh connection to the server under test.
Reply Get(const tcp::endpoint& at, const std::string& target, const std::string& method = "GET") {
  return testing::HttpRequest(at.port(), method, target);
}

class ServerTest : public ::testing::Test {
 protected:
  void StartServer(std::chrono::milliseconds run_time, size_t max_connections = 256) {
    coordinator_ = std::make_unique<RunCoordinator>(
        [this, run_time](const std::string& scope) {
          int now = ++active_;
          int seen = max_active_.load();
          while (now > seen && !max_active_.compare_exchange_weak(seen, now)) {
          }
          ++runs_;
          std::this_thread::sleep_for(run_time);
          --active_;
          return testing::SampleDocument();
        },
        10s);
    ServerOptions options;
    options.version = "test";
    options.max_connections = max_connections;
    options.canonical_scope = [](const std::string& scope) -> Result<std::string> {
      if (scope == "profile=sep" || scope == "host=time.apple.com") return scope;
      if (scope == "host=TIME.apple.com") return std::string("host=time.apple.com");
      return MakeError(ErrorCode::kUsage, "'" + scope + "' is not in the catalog");
    };
    server_ = std::make_unique<HttpServer>(io_, *coordinator_, options);
    auto at = server_->Listen(tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    ASSERT_TRUE(at) << at.error().message();
    endpoint_ = *at;
    server_->Start();
    thread_ = std::thread([this] { io_.run(); });
  }

  void TearDown() override {
    if (server_) {
      asio::post(io_, [this] {
        server_->Stop();
        coordinator_->Shutdown();
      });
    }
    if (thread_.joinable()) thread_.join();
    if (coordinator_) coordinator_->Stop();
  }

  asio::io_context io_;
  std::unique_ptr<RunCoordinator> coordinator_;
  std::unique_ptr<HttpServer> server_;
  tcp::endpoint endpoint_;
  std::thread thread_;
  std::atomic<int> runs_{0};
  std::atomic<int> active_{0};
  std::atomic<int> max_active_{0};
};

TEST_F(ServerTest, HealthzAndMetricsBeforeAnyRun) {
  StartServer(10ms);
  EXPECT_EQ(Get(endpoint_, "/healthz").status, 200);
  Reply metrics = Get(endpoint_, "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_EQ(metrics.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(metrics.body.find("orchard_build_info"), std::string::npos);
  EXPECT_EQ(Get(endpoint_, "/results.json").status, 503);
  EXPECT_EQ(Get(endpoint_, "/nope").status, 404);
  EXPECT_EQ(Get(endpoint_, "/metrics", "POST").status, 405);
  EXPECT_EQ(runs_.load(), 0);
}

TEST_F(ServerTest, ProbeRefusesAnythingButACatalogScope) {
  StartServer(10ms);
  for (const char* target :
       {"/probe", "/probe?target=example.com", "/probe?profile=sep&host=time.apple.com",
        "/probe?profile=", "/probe?profile=nope", "/probe?module=http_2xx&target=10.0.0.1"}) {
    Reply r = Get(endpoint_, target);
    EXPECT_EQ(r.status, 400) << target;
  }
  EXPECT_EQ(runs_.load(), 0);
  Reply ok = Get(endpoint_, "/probe?host=time.apple.com");
  EXPECT_EQ(ok.status, 200);
  EXPECT_NE(ok.body.find("orchard_ntp_offset_seconds"), std::string::npos);
  EXPECT_EQ(runs_.load(), 1);
}

TEST_F(ServerTest, SpellingsOfOneScopeShareOneRunAndItsRateLimit) {
  StartServer(10ms);  // the coordinator's rate limit is 10 s: a second run would be a new scope
  EXPECT_EQ(Get(endpoint_, "/probe?host=time.apple.com").status, 200);
  EXPECT_EQ(Get(endpoint_, "/probe?host=TIME.apple.com").status, 200);
  EXPECT_EQ(runs_.load(), 1);
}

TEST_F(ServerTest, HundredConcurrentScrapesShareOneRun) {
  StartServer(300ms);
  std::vector<std::future<Reply>> replies;
  for (int i = 0; i < 100; ++i) {
    replies.push_back(
        std::async(std::launch::async, [this] { return Get(endpoint_, "/probe?profile=sep"); }));
  }
  for (auto& f : replies) {
    Reply r = f.get();
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("orchard_probe_success{"), std::string::npos);
  }
  EXPECT_EQ(max_active_.load(), 1);
  EXPECT_LE(runs_.load(), 2);  // a straggler may arrive after the first run: still one at a time
}

// Clients that connect and say nothing fill every slot; the next scrape and health check still
// get through, each taking the slot of the connection idle longest.
TEST_F(ServerTest, IdleConnectionsMakeRoomForNewScrapes) {
  StartServer(10ms, 4);
  asio::io_context client_io;
  std::vector<std::unique_ptr<tcp::socket>> idle;
  for (int i = 0; i < 8; ++i) {
    idle.push_back(std::make_unique<tcp::socket>(client_io));
    idle.back()->connect(endpoint_);
  }
  EXPECT_EQ(Get(endpoint_, "/healthz").status, 200);
  EXPECT_EQ(Get(endpoint_, "/metrics").status, 200);
  // The oldest idle connections were the ones closed.
  char byte = 0;
  boost::system::error_code ec;
  idle.front()->read_some(asio::buffer(&byte, 1), ec);
  EXPECT_EQ(ec, asio::error::eof);
}

TEST_F(ServerTest, ShutdownAnswersAScrapeWaitingForARun) {
  StartServer(2s);
  auto pending =
      std::async(std::launch::async, [this] { return Get(endpoint_, "/probe?profile=sep"); });
  std::this_thread::sleep_for(200ms);
  asio::post(io_, [this] {
    server_->Stop();
    coordinator_->Shutdown();
  });
  Reply r = pending.get();
  EXPECT_EQ(r.status, 503);
  thread_.join();  // io_context ran out of work: the server let go of everything
}

}  // namespace
}  // namespace orchard::serve
