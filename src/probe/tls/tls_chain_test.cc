#include "probe/tls/tls_chain.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/isolated_trust.h"
#include "support/pki.h"
#include "support/temp_dir.h"

namespace orchard::probe {
namespace {

using ::testing::HasSubstr;
using testing::LabPki;
using testing::MakeCert;
using testing::TempDir;
using testing::Utc;

constexpr char kHost[] = "gateway.icloud.example";

class TlsChain : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { pki_ = new LabPki(testing::MakeLabPki(kHost)); }
  static void TearDownTestSuite() { delete pki_; }

  TlsTrust Trust(std::vector<X509*> ca_files, std::vector<X509*> anchors) {
    return testing::IsolatedTrust(dir_, ca_files, anchors);
  }

  std::vector<X509*> GenuineChain(X509* leaf) {
    return {leaf, pki_->genuine_intermediate.cert.get()};
  }

  static LabPki* pki_;
  TempDir dir_;
  const std::chrono::system_clock::time_point now_ = Utc(2030, 6, 1);
};

LabPki* TlsChain::pki_ = nullptr;

TEST_F(TlsChain, GenuineRootAsTrustAnchorAndCaFileIsOk) {
  X509* root = pki_->genuine_root.cert.get();
  TlsTrust trust = Trust({root}, {root});
  ChainAnalysis a = AnalyzeChain(trust, GenuineChain(pki_->leaf.cert.get()), kHost, now_);
  EXPECT_EQ(a.status, Status::kPass);
  EXPECT_EQ(a.reason, Reason::kOk);
  EXPECT_TRUE(a.facts.platform_trusted);
  EXPECT_TRUE(a.facts.genuine_trusted);
  EXPECT_FALSE(a.facts.intercepted);
  EXPECT_EQ(a.facts.interceptor, "");
  EXPECT_EQ(a.facts.verify_error, "");
  EXPECT_EQ(a.facts.leaf_subject, std::string("CN=") + kHost + ",O=Orchard Lab");
  EXPECT_EQ(a.facts.leaf_issuer, "CN=Orchard Lab Server CA 1,O=Orchard Lab");
  EXPECT_EQ(a.facts.root_subject, "CN=Orchard Lab Root CA,O=Orchard Lab");
  EXPECT_EQ(a.facts.leaf_not_after, "2040-01-01T00:00:00Z");
  EXPECT_EQ(a.facts.leaf_not_after_unix, 2208988800);
  EXPECT_EQ(a.facts.chain.size(), 2u);
  EXPECT_THAT(a.detail, HasSubstr("Orchard Lab Root CA"));
}

TEST_F(TlsChain, GenuineButNotInTheOsStoreIsStillOk) {
  // Apple's push service chains to Apple Root CA, which is in no browser store.
  TlsTrust trust = Trust({}, {pki_->genuine_root.cert.get()});
  ChainAnalysis a = AnalyzeChain(trust, GenuineChain(pki_->leaf.cert.get()), kHost, now_);
  EXPECT_EQ(a.reason, Reason::kOk);
  EXPECT_FALSE(a.facts.platform_trusted);
  EXPECT_TRUE(a.facts.genuine_trusted);
  EXPECT_FALSE(a.facts.verify_error.empty());
  EXPECT_THAT(a.detail, HasSubstr("not in this machine's trust store"));
}

TEST_F(TlsChain, OsTrustedInterceptorIsIntercepted) {
  TlsTrust trust = Trust({pki_->interceptor_ca.cert.get()}, {pki_->genuine_root.cert.get()});
  ChainAnalysis a = AnalyzeChain(trust, {pki_->interceptor_leaf.cert.get()}, kHost, now_);
  EXPECT_EQ(a.status, Status::kFail);
  EXPECT_EQ(a.reason, Reason::kTlsIntercepted);
  EXPECT_TRUE(a.facts.platform_trusted);
  EXPECT_FALSE(a.facts.genuine_trusted);
  EXPECT_TRUE(a.facts.intercepted);
  EXPECT_EQ(a.facts.interceptor, "Acme Inspection CA (Acme Corp)");
  EXPECT_TRUE(a.facts.interceptor_os_trusted);
  EXPECT_EQ(a.facts.root_subject, "CN=Acme Inspection CA,O=Acme Corp");
  EXPECT_FALSE(a.facts.genuine_verify_error.empty());
  EXPECT_THAT(a.detail, HasSubstr("Acme Inspection CA"));
}

// mitmproxy re-signing a CIDR row reached by address: the machine trusts the chain, the name is
// what fails. The row must say that, as the interception finding does.
TEST_F(TlsChain, OsTrustedInterceptorWithTheWrongNameSaysTheNameFailed) {
  TlsTrust trust = Trust({pki_->interceptor_ca.cert.get()}, {pki_->genuine_root.cert.get()});
  ChainAnalysis a = AnalyzeChain(trust, {pki_->interceptor_leaf.cert.get()}, "17.1.2.3", now_);
  EXPECT_EQ(a.reason, Reason::kTlsIntercepted);
  EXPECT_TRUE(a.facts.interceptor_os_trusted);
  EXPECT_THAT(a.detail, HasSubstr("which this machine trusts, but not for this name"));
  EXPECT_THAT(a.detail, ::testing::Not(HasSubstr("neither")));
}

TEST_F(TlsChain, UntrustedInterceptorWithTheWrongNameSaysBoth) {
  TlsTrust trust = Trust({}, {pki_->genuine_root.cert.get()});
  ChainAnalysis a = AnalyzeChain(trust, {pki_->interceptor_leaf.cert.get()}, "17.1.2.3", now_);
  EXPECT_EQ(a.reason, Reason::kTlsUntrusted);
  EXPECT_THAT(a.detail, HasSubstr("neither this machine nor a genuine root trusts"));
  EXPECT_THAT(a.detail, HasSubstr("not for this name either"));
  ChainAnalysis right_name = AnalyzeChain(trust, {pki_->interceptor_leaf.cert.get()}, kHost, now_);
  EXPECT_THAT(right_name.detail, ::testing::Not(HasSubstr("this name")));
}

TEST_F(TlsChain, UntrustedInterceptorIsUntrusted) {
  TlsTrust trust = Trust({}, {pki_->genuine_root.cert.get()});
  ChainAnalysis a = AnalyzeChain(trust, {pki_->interceptor_leaf.cert.get()}, kHost, now_);
  EXPECT_EQ(a.reason, Reason::kTlsUntrusted);
  EXPECT_TRUE(a.facts.intercepted);
  EXPECT_EQ(a.facts.interceptor, "Acme Inspection CA (Acme Corp)");
  EXPECT_FALSE(a.facts.interceptor_os_trusted);
  EXPECT_EQ(a.facts.verify_error, "unable to get local issuer certificate");
  EXPECT_EQ(a.facts.root_subject, "CN=Acme Inspection CA,O=Acme Corp");
}

TEST_F(TlsChain, SameNameImpostorRootIsNotGenuine) {
  // An interceptor that copies the genuine root's name but not its key.
  auto key = testing::NewKey();
  testing::CertSpec spec{
      "Orchard Lab Root CA", "Orchard Lab", Utc(2020, 1, 1), Utc(2040, 1, 1), true, {}, {}, 1};
  auto impostor = MakeCert(spec, key.get(), nullptr, nullptr);
  testing::CertSpec leaf_spec{kHost, "", Utc(2020, 1, 1), Utc(2040, 1, 1), false, {kHost}, {}, 2};
  auto leaf_key = testing::NewKey();
  auto leaf = MakeCert(leaf_spec, leaf_key.get(), impostor.get(), key.get());

  TlsTrust trust = Trust({impostor.get()}, {pki_->genuine_root.cert.get()});
  ChainAnalysis a = AnalyzeChain(trust, {leaf.get(), impostor.get()}, kHost, now_);
  EXPECT_EQ(a.reason, Reason::kTlsIntercepted);
  EXPECT_FALSE(a.facts.genuine_trusted);
  EXPECT_EQ(a.facts.interceptor, "Orchard Lab Root CA (Orchard Lab)");
}

TEST_F(TlsChain, ReissuedRootWithTheSameKeyIsGenuine) {
  // The server sends a re-issued copy of the anchor (same key, another name) as its top.
  testing::Issued& root = pki_->genuine_root;
  testing::CertSpec spec{
      "Orchard Lab Root CA R2", "Orchard Lab", Utc(2020, 1, 1), Utc(2040, 1, 1), true, {}, {}, 42};
  auto reissued = MakeCert(spec, root.key.get(), nullptr, nullptr);
  testing::CertSpec leaf_spec{kHost, "", Utc(2020, 1, 1), Utc(2040, 1, 1), false, {kHost}, {}, 43};
  auto leaf_key = testing::NewKey();
  auto leaf = MakeCert(leaf_spec, leaf_key.get(), reissued.get(), root.key.get());

  TlsTrust trust = Trust({}, {root.cert.get()});
  ChainAnalysis a = AnalyzeChain(trust, {leaf.get(), reissued.get()}, kHost, now_);
  EXPECT_EQ(a.reason, Reason::kOk) << a.detail;
  EXPECT_TRUE(a.facts.genuine_trusted);
  EXPECT_FALSE(a.facts.intercepted);
}

TEST_F(TlsChain, ExpiredAndNotYetValidLeavesAreTimeInvalid) {
  X509* root = pki_->genuine_root.cert.get();
  TlsTrust trust = Trust({root}, {root});
  ChainAnalysis expired =
      AnalyzeChain(trust, GenuineChain(pki_->expired_leaf.cert.get()), kHost, now_);
  EXPECT_EQ(expired.reason, Reason::kTlsCertTimeInvalid);
  EXPECT_FALSE(expired.facts.intercepted);
  EXPECT_EQ(expired.facts.verify_error, "certificate has expired");
  EXPECT_THAT(expired.detail, HasSubstr("expired 2021-01-01T00:00:00Z"));
  EXPECT_THAT(expired.detail, HasSubstr("2030-06-01T00:00:00Z"));

  ChainAnalysis future =
      AnalyzeChain(trust, GenuineChain(pki_->future_leaf.cert.get()), kHost, now_);
  EXPECT_EQ(future.reason, Reason::kTlsCertTimeInvalid);
  EXPECT_THAT(future.detail, HasSubstr("not valid before 2039-01-01T00:00:00Z"));
}

TEST_F(TlsChain, ClockOutsideTheValidityMakesAGoodChainTimeInvalid) {
  X509* root = pki_->genuine_root.cert.get();
  TlsTrust trust = Trust({}, {root});
  auto chain = GenuineChain(pki_->leaf.cert.get());
  EXPECT_EQ(AnalyzeChain(trust, chain, kHost, Utc(2019, 6, 1)).reason, Reason::kTlsCertTimeInvalid);
  EXPECT_EQ(AnalyzeChain(trust, chain, kHost, Utc(2041, 6, 1)).reason, Reason::kTlsCertTimeInvalid);
  EXPECT_EQ(AnalyzeChain(trust, chain, kHost, Utc(2039, 12, 31)).reason, Reason::kOk);
}

TEST_F(TlsChain, OsTrustedInterceptorWithTheClockOffIsTimeInvalidAndStillNamed) {
  TlsTrust trust = Trust({pki_->interceptor_ca.cert.get()}, {pki_->genuine_root.cert.get()});
  ChainAnalysis a =
      AnalyzeChain(trust, {pki_->interceptor_leaf.cert.get()}, kHost, Utc(2045, 1, 1));
  EXPECT_EQ(a.reason, Reason::kTlsCertTimeInvalid);
  EXPECT_TRUE(a.facts.intercepted);
  EXPECT_EQ(a.facts.interceptor, "Acme Inspection CA (Acme Corp)");
}

TEST_F(TlsChain, GenuineCertificateForAnotherHostIsUntrustedNotIntercepted) {
  X509* root = pki_->genuine_root.cert.get();
  TlsTrust trust = Trust({root}, {root});
  ChainAnalysis a = AnalyzeChain(trust, GenuineChain(pki_->leaf.cert.get()), "other.example", now_);
  EXPECT_EQ(a.reason, Reason::kTlsUntrusted);
  EXPECT_FALSE(a.facts.intercepted);
  EXPECT_EQ(a.facts.verify_error, "hostname mismatch");
}

TEST_F(TlsChain, IpLiteralHostsAreCheckedAgainstIpAddresses) {
  X509* root = pki_->genuine_root.cert.get();
  TlsTrust trust = Trust({}, {root});
  auto chain = GenuineChain(pki_->leaf.cert.get());
  EXPECT_EQ(AnalyzeChain(trust, chain, "127.0.0.1", now_).reason, Reason::kOk);
  EXPECT_EQ(AnalyzeChain(trust, chain, "127.0.0.2", now_).reason, Reason::kTlsUntrusted);
}

TEST_F(TlsChain, AVerdictIsReusedOnlyForTheSameChainSecondAndKindOfName) {
  X509* root = pki_->genuine_root.cert.get();
  TlsTrust trust = Trust({root}, {root});
  auto chain = GenuineChain(pki_->leaf.cert.get());
  auto analyse = [&](std::string_view host, std::chrono::system_clock::time_point at) {
    return AnalyzeChain(trust, chain, host, at);
  };
  ASSERT_EQ(analyse(kHost, now_).reason, Reason::kOk);
  EXPECT_EQ(trust.verdicts().size(), 2u);  // the platform and the genuine verdict
  // The same second and a host the leaf covers: both verdicts come from the cache.
  EXPECT_EQ(analyse(kHost, now_ + std::chrono::milliseconds(900)).reason, Reason::kOk);
  EXPECT_EQ(trust.verdicts().size(), 2u);
  // A name the leaf does not cover, and addresses in and out of it, are verified afresh.
  ChainAnalysis other = analyse("other.example", now_);
  EXPECT_EQ(other.reason, Reason::kTlsUntrusted);
  EXPECT_EQ(other.facts.verify_error, "hostname mismatch");
  EXPECT_EQ(analyse("127.0.0.2", now_).facts.verify_error, "IP address mismatch");
  EXPECT_EQ(analyse("127.0.0.1", now_).reason, Reason::kOk);
  EXPECT_EQ(analyse("another.example", now_).facts.verify_error, "hostname mismatch");
  EXPECT_EQ(trust.verdicts().size(), 8u);
  // Another second, then years later: the clock is part of the verdict.
  EXPECT_EQ(analyse(kHost, now_ + std::chrono::seconds(1)).reason, Reason::kOk);
  EXPECT_EQ(analyse(kHost, Utc(2041, 1, 1)).reason, Reason::kTlsCertTimeInvalid);
  // Another chain for the same host is judged on its own.
  ChainAnalysis intercepted = AnalyzeChain(trust, {pki_->interceptor_leaf.cert.get()}, kHost, now_);
  EXPECT_EQ(intercepted.reason, Reason::kTlsUntrusted);
  EXPECT_TRUE(intercepted.facts.intercepted);
}

TEST_F(TlsChain, TheVerdictCacheStaysBounded) {
  VerdictCache cache;
  for (size_t i = 0; i <= VerdictCache::kCapacity; ++i) {
    Sha256 key{};
    key[0] = static_cast<uint8_t>(i);
    cache.Store(key, StoreVerdict{});
  }
  EXPECT_EQ(cache.size(), 1u);  // the full cache was dropped before the last one went in
}

TEST_F(TlsChain, MissingIntermediateIsNotTrusted) {
  X509* root = pki_->genuine_root.cert.get();
  TlsTrust trust = Trust({root}, {root});
  ChainAnalysis a = AnalyzeChain(trust, {pki_->leaf.cert.get()}, kHost, now_);
  EXPECT_EQ(a.reason, Reason::kTlsUntrusted);
  EXPECT_FALSE(a.facts.genuine_trusted);
}

TEST_F(TlsChain, EmptyChainIsAHandshakeFailure) {
  TlsTrust trust = Trust({}, {});
  EXPECT_EQ(AnalyzeChain(trust, {}, kHost, now_).reason, Reason::kTlsHandshakeFailed);
}

TEST_F(TlsChain, LongHostileChainsAreBoundedInTheFacts) {
  X509* root = pki_->genuine_root.cert.get();
  TlsTrust trust = Trust({}, {root});
  std::vector<X509*> chain(200, pki_->interceptor_ca.cert.get());
  chain.front() = pki_->interceptor_leaf.cert.get();
  ChainAnalysis a = AnalyzeChain(trust, chain, kHost, now_);
  EXPECT_EQ(a.reason, Reason::kTlsUntrusted);
  EXPECT_LE(a.facts.chain.size(), 16u);
}

}  // namespace
}  // namespace orchard::probe
