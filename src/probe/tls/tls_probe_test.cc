#include "probe/tls/tls_probe.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <optional>

#include "support/fake_clock.h"
#include "support/isolated_trust.h"
#include "support/pki.h"
#include "support/temp_dir.h"
#include "support/tls_server.h"

// Real TLS on loopback: an in-test server (support/tls_server.h) and the probe on one io_context.
namespace orchard::probe {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using ::testing::AnyOf;
using ::testing::HasSubstr;
using testing::LabPki;
using testing::ServerMode;
using testing::ServerSpec;
using testing::TempDir;
using testing::TestTlsServer;
using testing::Utc;

constexpr char kHost[] = "gateway.icloud.example";
constexpr auto kTimeout = std::chrono::seconds(5);

template <class T>
std::optional<T> RunTask(asio::io_context& io, asio::awaitable<T> task) {
  std::optional<T> result;
  asio::co_spawn(io, std::move(task), [&](std::exception_ptr error, T value) {
    if (!error) result = std::move(value);
    io.stop();
  });
  io.restart();
  io.run();
  return result;
}

asio::awaitable<ProtocolOutcome> ConnectAndProbe(uint16_t port, std::string sni, Deadline deadline,
                                                 const TlsTrust& trust, const Clock& clock) {
  tcp::socket socket(co_await asio::this_coro::executor);
  auto [ec] = co_await socket.async_connect({asio::ip::make_address("127.0.0.1"), port},
                                            asio::as_tuple(asio::use_awaitable));
  if (ec) co_return Failed(Reason::kInternal, "test connect: " + ec.message());
  co_return co_await ProbeTls(socket, std::move(sni), deadline, trust, clock);
}

class TlsProbe : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { pki_ = new LabPki(testing::MakeLabPki(kHost)); }
  static void TearDownTestSuite() { delete pki_; }

  TlsTrust Trust(std::vector<X509*> ca_files, std::vector<X509*> anchors) {
    return testing::IsolatedTrust(dir_, ca_files, anchors);
  }

  ServerSpec Serving(testing::Issued& leaf, bool with_intermediate = true) {
    ServerSpec spec;
    spec.chain = {leaf.cert.get()};
    if (with_intermediate) spec.chain.push_back(pki_->genuine_intermediate.cert.get());
    spec.key = leaf.key.get();
    return spec;
  }

  ProtocolOutcome Probe(const TestTlsServer& server, const TlsTrust& trust, std::string sni = kHost,
                        std::chrono::steady_clock::duration timeout = kTimeout) {
    auto outcome =
        RunTask(io_, ConnectAndProbe(server.port(), std::move(sni),
                                     std::chrono::steady_clock::now() + timeout, trust, clock_));
    EXPECT_TRUE(outcome.has_value());
    return outcome.value_or(Failed(Reason::kInternal, "probe threw"));
  }

  static LabPki* pki_;
  asio::io_context io_;
  testing::FakeClock clock_{Utc(2030, 6, 1)};
  TempDir dir_;
};

LabPki* TlsProbe::pki_ = nullptr;

TEST_F(TlsProbe, GenuineChainIsOkWithFacts) {
  TestTlsServer server(io_, Serving(pki_->leaf));
  X509* root = pki_->genuine_root.cert.get();
  TlsTrust trust = Trust({root}, {root});
  ProtocolOutcome out = Probe(server, trust);
  EXPECT_EQ(out.status, Status::kPass) << out.detail;
  EXPECT_EQ(out.reason, Reason::kOk);
  ASSERT_TRUE(out.tls.has_value());
  EXPECT_EQ(out.tls->version, "TLSv1.3");
  EXPECT_FALSE(out.tls->cipher.empty());
  EXPECT_TRUE(out.tls->platform_trusted);
  EXPECT_TRUE(out.tls->genuine_trusted);
  EXPECT_EQ(out.tls->chain.size(), 2u);
  EXPECT_EQ(out.tls->root_subject, "CN=Orchard Lab Root CA,O=Orchard Lab");
  EXPECT_TRUE(out.tls_ms.has_value());
  EXPECT_EQ(server.last_sni(), kHost);
}

TEST_F(TlsProbe, TrustAnchorAloneIsOkAndTls12Works) {
  ServerSpec spec = Serving(pki_->leaf);
  spec.tls12_only = true;
  TestTlsServer server(io_, spec);
  TlsTrust trust = Trust({}, {pki_->genuine_root.cert.get()});
  ProtocolOutcome out = Probe(server, trust);
  EXPECT_EQ(out.reason, Reason::kOk) << out.detail;
  ASSERT_TRUE(out.tls.has_value());
  EXPECT_EQ(out.tls->version, "TLSv1.2");
  EXPECT_FALSE(out.tls->platform_trusted);
}

TEST_F(TlsProbe, IpLiteralSendsNoSniAndChecksTheAddress) {
  TestTlsServer server(io_, Serving(pki_->leaf));
  TlsTrust trust = Trust({}, {pki_->genuine_root.cert.get()});
  ProtocolOutcome out = Probe(server, trust, "127.0.0.1");
  EXPECT_EQ(out.reason, Reason::kOk) << out.detail;
  EXPECT_EQ(server.last_sni(), "");
}

TEST_F(TlsProbe, LocallyTrustedInterceptorIsIntercepted) {
  TestTlsServer server(io_, Serving(pki_->interceptor_leaf, false));
  TlsTrust trust = Trust({pki_->interceptor_ca.cert.get()}, {pki_->genuine_root.cert.get()});
  ProtocolOutcome out = Probe(server, trust);
  EXPECT_EQ(out.status, Status::kFail);
  EXPECT_EQ(out.reason, Reason::kTlsIntercepted) << out.detail;
  ASSERT_TRUE(out.tls.has_value());
  EXPECT_TRUE(out.tls->intercepted);
  EXPECT_EQ(out.tls->interceptor, "Acme Inspection CA (Acme Corp)");
  EXPECT_TRUE(out.tls->interceptor_os_trusted);
  EXPECT_THAT(out.detail, HasSubstr("Acme Inspection CA"));
}

TEST_F(TlsProbe, InterceptorNobodyTrustsIsUntrusted) {
  TestTlsServer server(io_, Serving(pki_->interceptor_leaf, false));
  TlsTrust trust = Trust({}, {pki_->genuine_root.cert.get()});
  ProtocolOutcome out = Probe(server, trust);
  EXPECT_EQ(out.reason, Reason::kTlsUntrusted) << out.detail;
  ASSERT_TRUE(out.tls.has_value());
  EXPECT_EQ(out.tls->interceptor, "Acme Inspection CA (Acme Corp)");
  EXPECT_FALSE(out.tls->interceptor_os_trusted);
  EXPECT_EQ(out.tls->verify_error, "unable to get local issuer certificate");
}

TEST_F(TlsProbe, CertificateTimeIsJudgedByTheClockSeam) {
  TestTlsServer server(io_, Serving(pki_->leaf));
  X509* root = pki_->genuine_root.cert.get();
  TlsTrust trust = Trust({root}, {root});
  clock_.Set(Utc(2041, 1, 1));
  EXPECT_EQ(Probe(server, trust).reason, Reason::kTlsCertTimeInvalid);
  clock_.Set(Utc(2019, 1, 1));
  EXPECT_EQ(Probe(server, trust).reason, Reason::kTlsCertTimeInvalid);
  clock_.Set(Utc(2030, 6, 1));
  EXPECT_EQ(Probe(server, trust).reason, Reason::kOk);
}

TEST_F(TlsProbe, ExpiredAndNotYetValidLeavesAreTimeInvalid) {
  X509* root = pki_->genuine_root.cert.get();
  TlsTrust trust = Trust({root}, {root});
  TestTlsServer expired(io_, Serving(pki_->expired_leaf));
  ProtocolOutcome out = Probe(expired, trust);
  EXPECT_EQ(out.reason, Reason::kTlsCertTimeInvalid) << out.detail;
  EXPECT_THAT(out.detail, HasSubstr("expired 2021-01-01"));
  TestTlsServer future(io_, Serving(pki_->future_leaf));
  out = Probe(future, trust);
  EXPECT_EQ(out.reason, Reason::kTlsCertTimeInvalid) << out.detail;
  EXPECT_THAT(out.detail, HasSubstr("not valid before 2039-01-01"));
}

TEST_F(TlsProbe, GarbageInsteadOfTlsIsAHandshakeFailureInOpenSslWords) {
  TestTlsServer server(io_, ServerSpec{ServerMode::kGarbage});
  TlsTrust trust = Trust({}, {});
  ProtocolOutcome out = Probe(server, trust);
  EXPECT_EQ(out.reason, Reason::kTlsHandshakeFailed);
  EXPECT_THAT(out.detail, HasSubstr("wrong version number"));
  EXPECT_FALSE(out.tls.has_value());
}

TEST_F(TlsProbe, ServerClosingIsAHandshakeFailure) {
  TestTlsServer server(io_, ServerSpec{ServerMode::kClose});
  TlsTrust trust = Trust({}, {});
  ProtocolOutcome out = Probe(server, trust);
  EXPECT_EQ(out.reason, Reason::kTlsHandshakeFailed);
  EXPECT_THAT(out.detail, AnyOf(HasSubstr("closed"), HasSubstr("reset")));
}

TEST_F(TlsProbe, SilentServerIsCutOffAtTheDeadline) {
  TestTlsServer server(io_, ServerSpec{ServerMode::kSilent});
  TlsTrust trust = Trust({}, {});
  auto start = std::chrono::steady_clock::now();
  ProtocolOutcome out = Probe(server, trust, kHost, std::chrono::milliseconds(300));
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(out.reason, Reason::kTlsHandshakeFailed);
  EXPECT_THAT(out.detail, HasSubstr("deadline"));
  EXPECT_GE(elapsed, std::chrono::milliseconds(290));
  EXPECT_LT(elapsed, std::chrono::seconds(3));  // bounded, not a speed claim
}

TEST_F(TlsProbe, PastDeadlineFailsWithoutWaiting) {
  TestTlsServer server(io_, ServerSpec{ServerMode::kSilent});
  TlsTrust trust = Trust({}, {});
  ProtocolOutcome out = Probe(server, trust, kHost, std::chrono::milliseconds(-1));
  EXPECT_EQ(out.reason, Reason::kTlsHandshakeFailed);
  EXPECT_THAT(out.detail, HasSubstr("no time left"));
}

TEST_F(TlsProbe, HugeChainIsHandledWithoutCrashing) {
  ServerSpec spec = Serving(pki_->interceptor_leaf, false);
  for (int i = 0; i < 300; ++i) spec.chain.push_back(pki_->interceptor_ca.cert.get());
  TestTlsServer server(io_, spec);
  TlsTrust trust = Trust({}, {pki_->genuine_root.cert.get()});
  ProtocolOutcome out = Probe(server, trust);
  EXPECT_THAT(out.reason, AnyOf(Reason::kTlsUntrusted, Reason::kTlsHandshakeFailed)) << out.detail;
  if (out.tls) EXPECT_LE(out.tls->chain.size(), 16u);
}

}  // namespace
}  // namespace orchard::probe
