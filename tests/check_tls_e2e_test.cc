// End-to-end: `orchard check` against in-process TLS servers on 127.0.0.1, with a PKI made at
// test time: a "genuine" root (given with --trust-anchor), an inspection CA the machine trusts
// (--ca-file), a rogue CA nobody trusts. Every TLS verdict is read back from the JSON report.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "results/json_codec.h"
#include "support/check_fixture.h"
#include "support/orchard_run.h"
#include "support/pki.h"
#include "support/tls_server.h"

namespace orchard {
namespace {

using probe::Reason;
using probe::Status;
using testing::CertPem;
using testing::Issue;
using testing::Issued;
using testing::ServerMode;
using testing::ServerSpec;
using testing::TestTlsServer;
using testing::Utc;

// Valid 2020-2040 unless said otherwise; the binary judges time by the real clock.
struct Pki {
  Pki() {
    const auto from = Utc(2020, 1, 1);
    const auto to = Utc(2040, 1, 1);
    root = Issue({"Orchard E2E Root CA", "Orchard E2E", from, to, true, {}, {}, 1}, nullptr);
    intermediate =
        Issue({"Orchard E2E Server CA", "Orchard E2E", from, to, true, {}, {}, 2}, &root);
    genuine_leaf =
        Issue({"genuine.lab.test", "Orchard E2E", from, to, false, {"genuine.lab.test"}, {}, 3},
              &intermediate);
    expired_leaf = Issue({"expired.lab.test",
                          "Orchard E2E",
                          Utc(2020, 1, 1),
                          Utc(2021, 1, 1),
                          false,
                          {"expired.lab.test"},
                          {},
                          4},
                         &intermediate);
    interceptor_ca = Issue({"Acme Inspection CA", "Acme Corp", from, to, true, {}, {}, 5}, nullptr);
    intercepted_leaf =
        Issue({"intercepted.lab.test", "", from, to, false, {"intercepted.lab.test"}, {}, 6},
              &interceptor_ca);
    rogue_ca = Issue({"Hotel WiFi Portal CA", "Evil Wifi", from, to, true, {}, {}, 7}, nullptr);
    rogue_leaf = Issue({"untrusted.lab.test", "", from, to, false, {"untrusted.lab.test"}, {}, 8},
                       &rogue_ca);
  }
  Issued root, intermediate, genuine_leaf, expired_leaf;
  Issued interceptor_ca, intercepted_leaf;
  Issued rogue_ca, rogue_leaf;
};

class CheckTlsE2e : public testing::CheckFixture {
 protected:
  static void SetUpTestSuite() { pki_ = new Pki(); }
  static void TearDownTestSuite() { delete pki_; }

  void SetUp() override {
    std::ofstream(dir_ / "root.pem") << CertPem(pki_->root.cert.get());
    std::ofstream(dir_ / "interceptor.pem") << CertPem(pki_->interceptor_ca.cert.get());
  }

  static ServerSpec Serving(Issued& leaf, Issued* intermediate) {
    ServerSpec spec;
    spec.chain = {leaf.cert.get()};
    if (intermediate) spec.chain.push_back(intermediate->cert.get());
    spec.key = leaf.key.get();
    return spec;
  }

  // Runs check on `rows` (port 443 unless given) with --connect-to HOST::127.0.0.1:PORT for each
  // server, the servers answering meanwhile. `flags` are the trust flags under test.
  testing::BinaryOutcome Check(const std::vector<testing::CatalogRow>& rows,
                               const std::map<std::string, uint16_t>& ports,
                               std::vector<std::string> flags) {
    flags.insert(flags.begin(), {"--timeout", "1"});
    return RunCheck(rows, ports, flags);
  }

  std::string RootPem() const { return (dir_ / "root.pem").string(); }
  std::string InterceptorPem() const { return (dir_ / "interceptor.pem").string(); }

  static Pki* pki_;
};

Pki* CheckTlsE2e::pki_ = nullptr;

testing::CatalogRow Row(std::string host, std::vector<uint16_t> ports = {443}) {
  testing::CatalogRow row;
  row.host = std::move(host);
  row.ports = std::move(ports);
  return row;
}

TEST_F(CheckTlsE2e, EveryTlsVerdictInJson) {
  auto& io = servers_.io();
  TestTlsServer genuine(io, Serving(pki_->genuine_leaf, &pki_->intermediate));
  TestTlsServer expired(io, Serving(pki_->expired_leaf, &pki_->intermediate));
  TestTlsServer intercepted(io, Serving(pki_->intercepted_leaf, nullptr));
  TestTlsServer untrusted(io, Serving(pki_->rogue_leaf, nullptr));
  TestTlsServer garbage(io, ServerSpec{ServerMode::kGarbage});
  TestTlsServer closing(io, ServerSpec{ServerMode::kClose});
  TestTlsServer stalled(io, ServerSpec{ServerMode::kSilent});
  auto o = Check({Row("genuine.lab.test", {443, 5223}), Row("expired.lab.test"),
                  Row("intercepted.lab.test"), Row("untrusted.lab.test"), Row("garbage.lab.test"),
                  Row("closing.lab.test"), Row("stalled.lab.test")},
                 {{"genuine.lab.test", genuine.port()},
                  {"expired.lab.test", expired.port()},
                  {"intercepted.lab.test", intercepted.port()},
                  {"untrusted.lab.test", untrusted.port()},
                  {"garbage.lab.test", garbage.port()},
                  {"closing.lab.test", closing.port()},
                  {"stalled.lab.test", stalled.port()}},
                 {"--trust-anchor", RootPem(), "--ca-file", InterceptorPem()});
  EXPECT_EQ(o.exit_code, 1) << o.err;
  EXPECT_LT(o.took, std::chrono::seconds(4)) << "one wave, about one --timeout";
  auto by = ByTarget(o);
  ASSERT_EQ(by.size(), 8u) << o.out;

  for (const char* key : {"genuine.lab.test:443", "genuine.lab.test:5223"}) {
    const auto& r = by[key];
    EXPECT_EQ(r.check, probe::CheckKind::kTls) << key;
    EXPECT_EQ(r.status, Status::kPass) << key << ": " << r.detail;
    EXPECT_EQ(r.reason, Reason::kOk) << key;
    ASSERT_TRUE(r.tls) << key;
    EXPECT_TRUE(r.tls->genuine_trusted) << key;
    EXPECT_FALSE(r.tls->platform_trusted) << key << ": the e2e root is in no OS store";
    EXPECT_FALSE(r.tls->intercepted) << key;
    EXPECT_EQ(r.tls->genuine_verify_error, "") << key;
    EXPECT_EQ(r.tls->root_subject, "CN=Orchard E2E Root CA,O=Orchard E2E") << key;
    EXPECT_EQ(r.tls->chain.size(), 2u) << key;
    EXPECT_EQ(r.tls->version, "TLSv1.3") << key;
    EXPECT_FALSE(r.tls->cipher.empty()) << key;
    EXPECT_EQ(r.tls->leaf_not_after, "2040-01-01T00:00:00Z") << key;
    EXPECT_TRUE(r.timings.tls.has_value()) << key;
  }
  EXPECT_NE(by["genuine.lab.test:443"].tls->leaf_subject.find("genuine.lab.test"),
            std::string::npos);

  const auto& ic = by["intercepted.lab.test:443"];
  EXPECT_EQ(ic.status, Status::kFail) << ic.detail;
  EXPECT_EQ(ic.reason, Reason::kTlsIntercepted) << ic.detail;
  ASSERT_TRUE(ic.tls);
  EXPECT_TRUE(ic.tls->intercepted);
  EXPECT_EQ(ic.tls->interceptor, "Acme Inspection CA (Acme Corp)");
  EXPECT_TRUE(ic.tls->interceptor_os_trusted);
  EXPECT_TRUE(ic.tls->platform_trusted);
  EXPECT_FALSE(ic.tls->genuine_trusted);
  EXPECT_EQ(ic.tls->verify_error, "");
  EXPECT_EQ(ic.tls->genuine_verify_error, "unable to get local issuer certificate");
  EXPECT_NE(ic.detail.find("Acme Inspection CA"), std::string::npos) << ic.detail;

  const auto& ut = by["untrusted.lab.test:443"];
  EXPECT_EQ(ut.status, Status::kFail) << ut.detail;
  EXPECT_EQ(ut.reason, Reason::kTlsUntrusted) << ut.detail;
  ASSERT_TRUE(ut.tls);
  EXPECT_TRUE(ut.tls->intercepted);
  EXPECT_EQ(ut.tls->interceptor, "Hotel WiFi Portal CA (Evil Wifi)");
  EXPECT_FALSE(ut.tls->interceptor_os_trusted);
  EXPECT_FALSE(ut.tls->platform_trusted);
  EXPECT_FALSE(ut.tls->verify_error.empty());
  EXPECT_FALSE(ut.tls->genuine_verify_error.empty());

  const auto& ex = by["expired.lab.test:443"];
  EXPECT_EQ(ex.status, Status::kFail) << ex.detail;
  EXPECT_EQ(ex.reason, Reason::kTlsCertTimeInvalid) << ex.detail;
  EXPECT_NE(ex.detail.find("expired 2021-01-01"), std::string::npos) << ex.detail;
  ASSERT_TRUE(ex.tls);
  EXPECT_FALSE(ex.tls->intercepted) << "the expired leaf chains to the genuine root";
  EXPECT_EQ(ex.tls->genuine_verify_error, "certificate has expired");

  for (const char* key : {"garbage.lab.test:443", "closing.lab.test:443", "stalled.lab.test:443"}) {
    const auto& r = by[key];
    EXPECT_EQ(r.status, Status::kFail) << key;
    EXPECT_EQ(r.reason, Reason::kTlsHandshakeFailed) << key << ": " << r.detail;
    EXPECT_FALSE(r.detail.empty()) << key;
    ASSERT_EQ(r.addresses.size(), 1u) << key;
    EXPECT_EQ(r.addresses[0].outcome, "open") << key << ": TCP worked, TLS did not";
  }

  // The raw document carries the new field by name (readers other than ours see it too).
  auto raw = boost::json::parse(o.out);
  for (const auto& row : raw.at("results").as_array()) {
    if (row.at("target") == "intercepted.lab.test") {
      EXPECT_EQ(row.at("tls").at("genuine_verify_error"), "unable to get local issuer certificate");
    }
  }
}

// The trust flags decide the verdict: the same inspection server is tls_intercepted when its CA
// is trusted through --ca-file and tls_untrusted without; the same genuine server passes only
// with its root given as a --trust-anchor.
TEST_F(CheckTlsE2e, TrustFlagsDecideTheVerdict) {
  auto& io = servers_.io();
  TestTlsServer genuine(io, Serving(pki_->genuine_leaf, &pki_->intermediate));
  TestTlsServer intercepted(io, Serving(pki_->intercepted_leaf, nullptr));
  auto o = Check(
      {Row("genuine.lab.test"), Row("intercepted.lab.test")},
      {{"genuine.lab.test", genuine.port()}, {"intercepted.lab.test", intercepted.port()}}, {});
  EXPECT_EQ(o.exit_code, 1) << o.err;
  auto by = ByTarget(o);
  ASSERT_EQ(by.size(), 2u) << o.out;
  const auto& g = by["genuine.lab.test:443"];
  EXPECT_EQ(g.reason, Reason::kTlsUntrusted) << g.detail;
  ASSERT_TRUE(g.tls);
  EXPECT_TRUE(g.tls->intercepted) << "without its anchor the lab root is just another CA";
  EXPECT_FALSE(g.tls->genuine_trusted);
  const auto& i = by["intercepted.lab.test:443"];
  EXPECT_EQ(i.reason, Reason::kTlsUntrusted) << i.detail;
  ASSERT_TRUE(i.tls);
  EXPECT_EQ(i.tls->interceptor, "Acme Inspection CA (Acme Corp)");
  EXPECT_FALSE(i.tls->interceptor_os_trusted);
}

}  // namespace
}  // namespace orchard
