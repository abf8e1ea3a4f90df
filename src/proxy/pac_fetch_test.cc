#include "proxy/pac_fetch.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

namespace orchard::proxy {
namespace {

using namespace std::chrono_literals;

// A one-connection loopback HTTP server that answers with `reply` (or nothing, when empty) and
// records the request it read.
class OneShotServer {
 public:
  explicit OneShotServer(std::string reply) : reply_(std::move(reply)) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    socklen_t len = sizeof(addr);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    listen(fd_, 1);
    thread_ = std::thread([this] {
      int c = accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      char buf[4096];
      while (request_.find("\r\n\r\n") == std::string::npos) {
        ssize_t n = read(c, buf, sizeof(buf));
        if (n <= 0) break;
        request_.append(buf, static_cast<size_t>(n));
      }
      if (!reply_.empty()) {
        (void)!write(c, reply_.data(), reply_.size());
      } else {
        std::this_thread::sleep_for(700ms);
      }
      close(c);
    });
  }
  ~OneShotServer() {
    thread_.join();
    close(fd_);
  }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  const std::string& request() const { return request_; }

 private:
  std::string reply_;
  int fd_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
  std::string request_;
};

TEST(PacFetch, GetsTheBodyOf200) {
  std::string pac = "function FindProxyForURL(u, h) { return 'DIRECT'; }";
  OneShotServer server(
      "HTTP/1.1 200 OK\r\nContent-Type: application/x-ns-proxy-autoconfig\r\n"
      "Content-Length: " +
      std::to_string(pac.size()) + "\r\n\r\n" + pac);
  HttpPacFetcher fetcher;
  auto body = LoadPacSource(server.Url("/wpad/proxy.pac?v=1"), fetcher, 2s);
  ASSERT_TRUE(body) << body.error().ToString();
  EXPECT_EQ(*body, pac);
  EXPECT_TRUE(server.request().starts_with("GET /wpad/proxy.pac?v=1 HTTP/1.1\r\n"))
      << server.request();
}

TEST(PacFetch, Non200IsAnError) {
  OneShotServer server("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
  HttpPacFetcher fetcher;
  auto body = fetcher.Fetch(server.Url("/proxy.pac"), 2s);
  ASSERT_FALSE(body);
  EXPECT_NE(body.error().message().find("HTTP 404"), std::string::npos) << body.error().message();
}

TEST(PacFetch, SilentServerTimesOut) {
  OneShotServer server("");
  HttpPacFetcher fetcher;
  auto start = std::chrono::steady_clock::now();
  auto body = fetcher.Fetch(server.Url("/proxy.pac"), 200ms);
  ASSERT_FALSE(body);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 650ms);
}

TEST(PacFetch, RefusesHttpsAndMissingFiles) {
  HttpPacFetcher fetcher;
  EXPECT_FALSE(LoadPacSource("https://wpad/proxy.pac", fetcher, 1s));
  auto missing = LoadPacSource("/nonexistent/orchard.pac", fetcher, 1s);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("/nonexistent/orchard.pac"), std::string::npos);
}

}  // namespace
}  // namespace orchard::proxy
