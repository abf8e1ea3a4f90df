#include "probe/tls/tls_trust.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/x509v3.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "probe/tls/tls_roots.h"
#include "support/pki.h"
#include "support/temp_dir.h"

namespace orchard::probe {
namespace {

using testing::CertPem;
using ::testing::HasSubstr;
using testing::MakeCert;
using testing::NewKey;
using testing::TempDir;
using testing::Utc;

TlsTrustConfig Hermetic() {
  TlsTrustConfig config;
  config.system_store = false;
  config.embedded_genuine = false;
  return config;
}

testing::CertSpec RootSpec(std::string cn, long serial) {
  return {std::move(cn), "Orchard Lab", Utc(2020, 1, 1), Utc(2040, 1, 1), true, {}, {}, serial};
}

// RFC 3339 wants four digits of year (strftime's %Y gives "999"), and a certificate may run to
// 9999 (RFC 5280's "no expiry"), past the nanosecond system clock's 2262.
TEST(Iso8601, IsUtcWithAFourDigitYear) {
  using std::chrono::sys_days, std::chrono::year;
  EXPECT_EQ(Iso8601(sys_days{year{2031} / 11 / 10}), "2031-11-10T00:00:00Z");
  EXPECT_EQ(Iso8601(sys_days{year{2031} / 11 / 10} + std::chrono::seconds(45296)),
            "2031-11-10T12:34:56Z");
  EXPECT_EQ(Iso8601(sys_days{year{999} / 1 / 2}), "0999-01-02T00:00:00Z");
  EXPECT_EQ(Iso8601(sys_days{year{10000} / 1 / 1} - std::chrono::seconds(1)),
            "9999-12-31T23:59:59Z");
}

// SPKI SHA-256 of each embedded root, computed with the openssl CLI
// (`openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | sha256sum`), not with the
// code under test.
const std::map<std::string, std::string> kExpectedSpki = {
    {"CN=Apple Root CA", "eb4993efa9b089e593418aa893f8e93a7374d810e52fcbe01e7f1d7e92a6d024"},
    {"CN=Apple Root CA - G2", "674039e472561963c8cb00d21a97a90a18bb8a1c4c317ac67e382a652bb573c0"},
    {"CN=Apple Root CA - G3", "9b219d0fbff36a5fb32090571906bceea68617c833a3f61b81e962a8e64db8af"},
    {"CN=DigiCert Global Root CA",
     "aff988906dde12955d9bebbf928fdcc31cce328d5b9384f21c8941ca26e20391"},
    {"CN=DigiCert Global Root G2",
     "8bb593a93be1d0e8a822bb887c547890c3e706aad2dab76254f97fb36b82fc26"},
    {"CN=DigiCert Global Root G3",
     "b94c198300cec5c057ad0727b70bbe91816992256439a7b32f4598119dda9c97"},
    {"CN=DigiCert High Assurance EV Root CA",
     "5a889647220e54d6bd8a16817224520bb5c78e58984bd570506388b9de0f075f"},
    {"CN=Entrust Root Certification Authority - EC1",
     "fea2b7d645fba73d753c1ec9a7870c40e1f7b0c561e927b985bf711866e36f22"},
    {"CN=Entrust Root Certification Authority - G2",
     "76ee8590374c715437bbca6bba6028eadde2dc6dbbb8c3f610e851f11d1ab7f5"},
    {"CN=Entrust Root Certification Authority - G4",
     "36d7c79f3d089a0ff79972d90923dea5ca76b4ccbaf7c2751cb152e9494f52d0"},
};

// Whether the RFC 2253 line `subject` holds exactly the attribute `cn` ("CN=...").
bool HasCommonName(const std::string& subject, const std::string& cn) {
  std::string padded = "," + subject + ",";
  return padded.find("," + cn + ",") != std::string::npos;
}

TEST(TlsTrust, EmbeddedGenuineSetHoldsTheExpectedRootsBySubjectAndKey) {
  TlsTrustConfig config = Hermetic();
  config.embedded_genuine = true;
  auto trust = TlsTrust::Create(config);
  ASSERT_TRUE(trust) << trust.error().ToString();
  ASSERT_EQ(trust->genuine_roots().size(), kExpectedSpki.size());
  for (const auto& [subject, spki] : kExpectedSpki) {
    int found = 0;
    for (const GenuineRoot& root : trust->genuine_roots()) {
      if (HasCommonName(root.subject, subject)) {
        ++found;
        EXPECT_EQ(ToHex(root.spki), spki) << subject;
        EXPECT_THAT(root.origin, HasSubstr("embedded:"));
      }
    }
    EXPECT_EQ(found, 1) << subject;
  }
}

TEST(TlsTrust, EmbeddedRootsAreSelfSignedCertificates) {
  ASSERT_EQ(EmbeddedGenuineRoots().size(), kExpectedSpki.size());
  for (const EmbeddedRoot& root : EmbeddedGenuineRoots()) {
    auto certs = ParseCertificates(root.pem, root.file);
    ASSERT_TRUE(certs) << certs.error().ToString();
    ASSERT_EQ(certs->size(), 1u) << root.file;
    X509* cert = certs->front().get();
    EXPECT_EQ(X509_check_issued(cert, cert), X509_V_OK) << root.file;
  }
}

TEST(TlsTrust, AChainGetsTheEmbeddedRootsItNamesAsIssuersAndEveryTrustAnchor) {
  auto g3 = ParseCertificates(EmbeddedGenuineRoots()[0].pem, "root");
  ASSERT_TRUE(g3) << g3.error().ToString();
  X509* named_root = g3->front().get();
  auto key = NewKey();
  auto other_key = NewKey();
  // Issued under the embedded root's name (the signature does not matter for the lookup).
  auto under_root = MakeCert(RootSpec("Intermediate", 3), key.get(), named_root, other_key.get());
  auto anchor = MakeCert(RootSpec("Lab Anchor", 4), other_key.get(), nullptr, nullptr);
  auto stranger = MakeCert(RootSpec("Stranger", 5), key.get(), anchor.get(), other_key.get());

  TempDir dir;
  TlsTrustConfig config = Hermetic();
  config.embedded_genuine = true;
  config.trust_anchor_files = {dir.Write("anchor.pem", CertPem(anchor.get()))};
  auto trust = TlsTrust::Create(config);
  ASSERT_TRUE(trust) << trust.error().ToString();

  auto for_stranger = trust->GenuineIssuersOf({stranger.get()});
  ASSERT_EQ(for_stranger.size(), 1u);  // the --trust-anchor only: no embedded root is named
  EXPECT_EQ(X509_cmp(for_stranger[0].get(), anchor.get()), 0);
  auto for_intermediate = trust->GenuineIssuersOf({stranger.get(), under_root.get()});
  ASSERT_EQ(for_intermediate.size(), 2u);
  EXPECT_EQ(X509_cmp(for_intermediate[1].get(), named_root), 0);
  // Decoded once, then shared.
  EXPECT_EQ(trust->GenuineIssuersOf({under_root.get()}).back().get(),
            trust->GenuineIssuersOf({under_root.get()}).back().get());
}

TEST(TlsTrust, SpkiMatchingFollowsTheKeyNotTheName) {
  auto key = NewKey();
  auto root = MakeCert(RootSpec("Lab Root", 1), key.get(), nullptr, nullptr);
  // The same key re-issued under another name and serial: still genuine.
  auto reissued = MakeCert(RootSpec("Lab Root (2031 re-issue)", 9), key.get(), nullptr, nullptr);
  // The same name with another key: an impostor.
  auto other_key = NewKey();
  auto impostor = MakeCert(RootSpec("Lab Root", 1), other_key.get(), nullptr, nullptr);

  TempDir dir;
  TlsTrustConfig config = Hermetic();
  config.trust_anchor_files = {dir.Write("anchor.pem", CertPem(root.get()))};
  auto trust = TlsTrust::Create(config);
  ASSERT_TRUE(trust) << trust.error().ToString();
  EXPECT_TRUE(trust->IsGenuineKey(root.get()));
  EXPECT_TRUE(trust->IsGenuineKey(reissued.get()));
  EXPECT_FALSE(trust->IsGenuineKey(impostor.get()));
  EXPECT_EQ(SpkiSha256(root.get()), SpkiSha256(reissued.get()));
  EXPECT_NE(SpkiSha256(root.get()), SpkiSha256(impostor.get()));
}

TEST(TlsTrust, TrustAnchorsAndCaFilesAcceptPemBundlesAndDer) {
  auto key_a = NewKey();
  auto key_b = NewKey();
  auto a = MakeCert(RootSpec("Anchor A", 1), key_a.get(), nullptr, nullptr);
  auto b = MakeCert(RootSpec("Anchor B", 2), key_b.get(), nullptr, nullptr);
  unsigned char* der = nullptr;
  int der_len = i2d_X509(b.get(), &der);
  std::string der_text(reinterpret_cast<char*>(der), static_cast<size_t>(der_len));
  OPENSSL_free(der);

  TempDir dir;
  TlsTrustConfig config = Hermetic();
  config.trust_anchor_files = {
      dir.Write("bundle.pem", "# a comment\n" + CertPem(a.get()) + CertPem(b.get())),
      dir.Write("b.cer", der_text)};
  config.ca_files = {dir.Write("ca.pem", CertPem(a.get()))};
  auto trust = TlsTrust::Create(config);
  ASSERT_TRUE(trust) << trust.error().ToString();
  EXPECT_EQ(trust->genuine_roots().size(), 3u);  // a, b, and b again from the DER file
  EXPECT_TRUE(trust->IsGenuineKey(a.get()));
  EXPECT_TRUE(trust->IsGenuineKey(b.get()));
}

// Whether `leaf` chains to an anchor of `store` (names and purpose not checked).
bool Chains(X509_STORE* store, X509* leaf) {
  X509_STORE_CTX* ctx = X509_STORE_CTX_new();
  X509_STORE_CTX_init(ctx, store, leaf, nullptr);
  X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx),
                             std::chrono::system_clock::to_time_t(Utc(2030, 1, 1)));
  bool ok = X509_verify_cert(ctx) == 1;
  X509_STORE_CTX_free(ctx);
  return ok;
}

// What the System keychain holds is trusted as --ca-file is: in the platform store only.
TEST(TlsTrust, CaPemsJoinThePlatformStoreLikeCaFiles) {
  auto root_key = NewKey();
  auto leaf_key = NewKey();
  auto root = MakeCert(RootSpec("Keychain Inspection CA", 1), root_key.get(), nullptr, nullptr);
  testing::CertSpec leaf_spec{
      "gdmf.apple.com", "", Utc(2020, 1, 1), Utc(2040, 1, 1), false, {"gdmf.apple.com"}, {}, 2};
  auto leaf = MakeCert(leaf_spec, leaf_key.get(), root.get(), root_key.get());

  auto without = TlsTrust::Create(Hermetic());
  ASSERT_TRUE(without) << without.error().ToString();
  EXPECT_FALSE(Chains(without->platform_store(), leaf.get()));

  TlsTrustConfig config = Hermetic();
  config.ca_pems = {{"System keychain", "-----junk before-----\n" + CertPem(root.get())}};
  auto with = TlsTrust::Create(config);
  ASSERT_TRUE(with) << with.error().ToString();
  EXPECT_TRUE(Chains(with->platform_store(), leaf.get()));
  EXPECT_FALSE(Chains(with->genuine_store(), leaf.get()));
  EXPECT_FALSE(with->IsGenuineKey(root.get()));

  config.ca_pems = {{"System keychain", "not a certificate"}};
  auto broken = TlsTrust::Create(config);
  ASSERT_FALSE(broken);
  EXPECT_THAT(broken.error().message(), HasSubstr("System keychain"));
}

// Sets an environment variable for one scope and puts the old value back.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value != nullptr) {
      setenv(name, value, 1);
    } else {
      unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// The system store is read from OpenSSL's hashed folder when it has one (roots read on demand),
// and from the bundle SSL_CERT_FILE names when that is another file.
TEST(TlsTrust, SystemStoreReadsTheHashedFolderOrTheNamedBundle) {
  auto root_key = NewKey();
  auto leaf_key = NewKey();
  auto root = MakeCert(RootSpec("Folder Root CA", 1), root_key.get(), nullptr, nullptr);
  auto other = MakeCert(RootSpec("Bundle Root CA", 3), root_key.get(), nullptr, nullptr);
  testing::CertSpec leaf_spec{
      "gdmf.apple.com", "", Utc(2020, 1, 1), Utc(2040, 1, 1), false, {"gdmf.apple.com"}, {}, 2};
  auto leaf = MakeCert(leaf_spec, leaf_key.get(), root.get(), root_key.get());
  TempDir dir;
  TlsTrustConfig config = Hermetic();
  config.system_store = true;

  // A hashed folder holding the root, no SSL_CERT_FILE: the root is found when the chain asks.
  std::filesystem::create_directory(dir.path() / "hashed");
  dir.Write(fmt::format("hashed/{:08x}.0", X509_subject_name_hash(root.get())),
            CertPem(root.get()));
  {
    ScopedEnv folder(X509_get_default_cert_dir_env(), (dir.path() / "hashed").c_str());
    ScopedEnv file(X509_get_default_cert_file_env(), nullptr);
    auto trust = TlsTrust::Create(config);
    ASSERT_TRUE(trust) << trust.error().ToString();
    EXPECT_TRUE(Chains(trust->platform_store(), leaf.get()));
  }
  // SSL_CERT_FILE naming another bundle is read even beside a hashed folder; a folder
  // without hashed names is not taken for one.
  const std::string bundle = dir.Write("bundle.pem", CertPem(other.get()) + CertPem(root.get()));
  std::filesystem::create_directory(dir.path() / "plain");
  dir.Write("plain/unrelated.pem", CertPem(other.get()));
  for (const char* folder_name : {"hashed-empty", "plain"}) {
    std::filesystem::create_directories(dir.path() / "hashed-empty");
    ScopedEnv folder(X509_get_default_cert_dir_env(), (dir.path() / folder_name).c_str());
    ScopedEnv file(X509_get_default_cert_file_env(), bundle.c_str());
    auto trust = TlsTrust::Create(config);
    ASSERT_TRUE(trust) << trust.error().ToString();
    EXPECT_TRUE(Chains(trust->platform_store(), leaf.get())) << folder_name;
  }
  // Neither: nothing trusts the leaf.
  {
    ScopedEnv folder(X509_get_default_cert_dir_env(), (dir.path() / "plain").c_str());
    ScopedEnv file(X509_get_default_cert_file_env(), (dir.path() / "missing.pem").c_str());
    auto trust = TlsTrust::Create(config);
    ASSERT_TRUE(trust) << trust.error().ToString();
    EXPECT_FALSE(Chains(trust->platform_store(), leaf.get()));
  }
}

TEST(TlsTrust, UnreadableFileIsAnErrorNamingTheFlagAndPath) {
  auto trust = TlsTrust::Create({"/nonexistent/orchard/ca.pem"}, {});
  ASSERT_FALSE(trust);
  EXPECT_THAT(trust.error().message(), HasSubstr("--ca-file"));
  EXPECT_THAT(trust.error().message(), HasSubstr("/nonexistent/orchard/ca.pem"));

  trust = TlsTrust::Create({}, {"/nonexistent/orchard/anchor.pem"});
  ASSERT_FALSE(trust);
  EXPECT_THAT(trust.error().message(), HasSubstr("--trust-anchor"));
}

TEST(TlsTrust, GarbageFilesAreParseErrors) {
  TempDir dir;
  std::string garbage = dir.Write("garbage.pem", "this is not a certificate\n");
  auto trust = TlsTrust::Create({garbage}, {});
  ASSERT_FALSE(trust);
  EXPECT_EQ(trust.error().code(), ErrorCode::kParse);
  EXPECT_THAT(trust.error().message(), HasSubstr("garbage.pem"));

  std::string broken = dir.Write(
      "broken.pem", "-----BEGIN CERTIFICATE-----\nMIIB!!notbase64\n-----END CERTIFICATE-----\n");
  trust = TlsTrust::Create({}, {broken});
  ASSERT_FALSE(trust);
  EXPECT_EQ(trust.error().code(), ErrorCode::kParse);
  EXPECT_THAT(trust.error().message(), HasSubstr("broken.pem"));

  std::string empty = dir.Write("empty.pem", "");
  EXPECT_FALSE(TlsTrust::Create({empty}, {}));
}

TEST(TlsTrust, DefaultCreateLoadsTheEmbeddedSet) {
  auto trust = TlsTrust::Create({}, {});
  ASSERT_TRUE(trust) << trust.error().ToString();
  EXPECT_EQ(trust->genuine_roots().size(), kExpectedSpki.size());
  EXPECT_NE(trust->platform_store(), nullptr);
}

}  // namespace
}  // namespace orchard::probe
