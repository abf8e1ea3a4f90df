#include "proxy/pac_fetch.h"

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <memory>

#include "support/loopback_listener.h"
#include "support/pki.h"
#include "support/temp_dir.h"

namespace orchard::proxy {
namespace {

using namespace std::chrono_literals;

TEST(PacFetch, GetsTheBodyOf200) {
  std::string pac = "function FindProxyForURL(u, h) { return 'DIRECT'; }";
  testing::OneShotServer server(
      "HTTP/1.1 200 OK\r\nContent-Type: application/x-ns-proxy-autoconfig\r\n"
      "Content-Length: " +
      std::to_string(pac.size()) + "\r\n\r\n" + pac);
  HttpPacFetcher fetcher;
  auto body = LoadPacSource(server.HttpUrl("/wpad/proxy.pac?v=1"), fetcher, 2s);
  ASSERT_TRUE(body) << body.error().ToString();
  EXPECT_EQ(*body, pac);
  EXPECT_TRUE(server.request().starts_with("GET /wpad/proxy.pac?v=1 HTTP/1.1\r\n"))
      << server.request();
}

TEST(PacFetch, Non200IsAnError) {
  testing::OneShotServer server("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
  HttpPacFetcher fetcher;
  auto body = fetcher.Fetch(server.HttpUrl("/proxy.pac"), 2s);
  ASSERT_FALSE(body);
  EXPECT_NE(body.error().message().find("HTTP 404"), std::string::npos) << body.error().message();
}

TEST(PacFetch, SilentServerTimesOut) {
  testing::OneShotServer server("", 700ms);
  HttpPacFetcher fetcher;
  auto start = std::chrono::steady_clock::now();
  auto body = fetcher.Fetch(server.HttpUrl("/proxy.pac"), 200ms);
  ASSERT_FALSE(body);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 650ms);
}

// A one-connection loopback HTTPS server presenting the lab PKI's leaf (for pac.test.example
// and 127.0.0.1) with its intermediate, answering `reply`.
class OneShotTlsServer {
 public:
  OneShotTlsServer(const testing::LabPki& pki, std::string reply)
      : ctx_(Context(pki)), server_(std::move(reply), {}, ctx_.get()) {}
  std::string Url(const std::string& host) const {
    return "https://" + host + ":" + std::to_string(server_.port()) + "/proxy.pac";
  }
  const std::string& request() const { return server_.request(); }

 private:
  struct CtxFree {
    void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
  };
  static SSL_CTX* Context(const testing::LabPki& pki) {
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_use_certificate(ctx, pki.leaf.cert.get());
    SSL_CTX_use_PrivateKey(ctx, pki.leaf.key.get());
    SSL_CTX_add1_chain_cert(ctx, pki.genuine_intermediate.cert.get());
    return ctx;
  }
  std::unique_ptr<SSL_CTX, CtxFree> ctx_;
  testing::OneShotServer server_;  // after ctx_: stops before the context is freed
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
