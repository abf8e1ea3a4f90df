#include "proxy/pac_fetch.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "support/pki.h"

namespace orchard::proxy {
namespace {

using namespace std::chrono_literals;

// A socket listening on 127.0.0.1 at a port the kernel chose (written to `port`), backlog 1.
int ListenOnLoopback(uint16_t& port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port = ntohs(addr.sin_port);
  listen(fd, 1);
  return fd;
}

// A one-connection loopback HTTP server that answers with `reply` (or nothing, when empty) and
// records the request it read.
class OneShotServer {
 public:
  explicit OneShotServer(std::string reply) : reply_(std::move(reply)) {
    fd_ = ListenOnLoopback(port_);
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

// A one-connection loopback HTTPS server presenting the lab PKI's leaf (for pac.test.example
// and 127.0.0.1) with its intermediate, answering `reply`.
class OneShotTlsServer {
 public:
  OneShotTlsServer(const testing::LabPki& pki, std::string reply) : reply_(std::move(reply)) {
    ctx_ = SSL_CTX_new(TLS_server_method());
    SSL_CTX_use_certificate(ctx_, pki.leaf.cert.get());
    SSL_CTX_use_PrivateKey(ctx_, pki.leaf.key.get());
    SSL_CTX_add1_chain_cert(ctx_, pki.genuine_intermediate.cert.get());
    fd_ = ListenOnLoopback(port_);
    thread_ = std::thread([this] {
      int c = accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      SSL* ssl = SSL_new(ctx_);
      SSL_set_fd(ssl, c);
      if (SSL_accept(ssl) == 1) {
        char buf[4096];
        while (request_.find("\r\n\r\n") == std::string::npos) {
          int n = SSL_read(ssl, buf, sizeof(buf));
          if (n <= 0) break;
          request_.append(buf, static_cast<size_t>(n));
        }
        SSL_write(ssl, reply_.data(), static_cast<int>(reply_.size()));
        SSL_shutdown(ssl);
      }
      SSL_free(ssl);
      close(c);
    });
  }
  ~OneShotTlsServer() {
    shutdown(fd_, SHUT_RDWR);
    thread_.join();
    close(fd_);
    SSL_CTX_free(ctx_);
  }
  std::string Url(const std::string& host) const {
    return "https://" + host + ":" + std::to_string(port_) + "/proxy.pac";
  }
  const std::string& request() const { return request_; }

 private:
  std::string reply_;
  SSL_CTX* ctx_ = nullptr;
  int fd_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
  std::string request_;
};

class PacFetchTls : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pki_ = new testing::LabPki(testing::MakeLabPki("pac.test.example"));
  }
  static void TearDownTestSuite() { delete pki_; }
  std::string RootFile() {
    return dir_.Write("root.pem", testing::CertPem(pki_->genuine_root.cert.get()));
  }
  static std::string Reply(const std::string& pac) {
    return "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(pac.size()) + "\r\n\r\n" + pac;
  }
  static testing::LabPki* pki_;
  testing::TempDir dir_;
};

testing::LabPki* PacFetchTls::pki_ = nullptr;

TEST_F(PacFetchTls, HttpsPacIsFetchedWhenItsChainAndNameVerify) {
  const std::string pac = "function FindProxyForURL(u, h) { return 'PROXY p:1'; }";
  OneShotTlsServer server(*pki_, Reply(pac));
  HttpPacFetcher fetcher({RootFile()});
  auto body = LoadPacSource(server.Url("127.0.0.1"), fetcher, 2s);
  ASSERT_TRUE(body) << body.error().ToString();
  EXPECT_EQ(*body, pac);
  EXPECT_TRUE(server.request().starts_with("GET /proxy.pac HTTP/1.1\r\n")) << server.request();
}

TEST_F(PacFetchTls, HttpsPacFromAnUntrustedServerIsRefused) {
  OneShotTlsServer server(*pki_, Reply("function FindProxyForURL(u, h) { return 'DIRECT'; }"));
  HttpPacFetcher fetcher;  // the lab root is in no default path
  auto body = fetcher.Fetch(server.Url("127.0.0.1"), 2s);
  ASSERT_FALSE(body);
  EXPECT_NE(body.error().message().find("certificate not trusted"), std::string::npos)
      << body.error().message();
  EXPECT_TRUE(server.request().empty()) << "the request went out before the server was trusted";
}

TEST_F(PacFetchTls, HttpsPacForAnotherNameIsRefused) {
  OneShotTlsServer server(*pki_, Reply("function FindProxyForURL(u, h) { return 'DIRECT'; }"));
  HttpPacFetcher fetcher({RootFile()});
  // localhost is 127.0.0.1, but the certificate names pac.test.example and 127.0.0.1 only.
  auto body = fetcher.Fetch(server.Url("localhost"), 2s);
  ASSERT_FALSE(body);
  EXPECT_NE(body.error().message().find("certificate not trusted"), std::string::npos)
      << body.error().message();
}

TEST(PacFetch, RefusesOtherSchemesAndMissingFiles) {
  HttpPacFetcher fetcher;
  EXPECT_FALSE(fetcher.Fetch("ftp://wpad/proxy.pac", 1s));
  auto missing = LoadPacSource("/nonexistent/orchard.pac", fetcher, 1s);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("/nonexistent/orchard.pac"), std::string::npos);
}

}  // namespace
}  // namespace orchard::proxy
