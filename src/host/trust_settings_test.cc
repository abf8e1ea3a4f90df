// security dump-trust-settings on the recorded outputs in testdata/security, and on broken
// input.
#include "host/trust_settings.h"

#include <gtest/gtest.h>

#include "support/host_testdata.h"

namespace orchard::host {
namespace {

using testing::Fixture;

TEST(TrustSettings, ReadsAdminRootWithTenSettings) {
  auto certs = ParseTrustSettings(Fixture("security/admin_example_root.txt"));
  ASSERT_TRUE(certs) << certs.error().message();
  ASSERT_EQ(certs->size(), 1u);
  const TrustedCert& c = certs->front();
  EXPECT_EQ(c.name, "Example Root CA");
  EXPECT_EQ(c.trust_settings, 10);
  // Setting 9 has no Policy OID: nine policies, ten results.
  ASSERT_EQ(c.policies.size(), 9u);
  EXPECT_EQ(c.policies[0], "SSL");
  EXPECT_EQ(c.policies[7], "Unknown OID length 9, value { 2C 72 48 86 D7 63 62 01 14  }");
  EXPECT_EQ(c.policies[8], "Apple X509 Basic");
  ASSERT_EQ(c.results.size(), 10u);
  EXPECT_EQ(c.results[9], "kSecTrustSettingsResultTrustRoot");
}

TEST(TrustSettings, ReadsMdmRootWithNoSettings) {
  auto certs = ParseTrustSettings(Fixture("security/admin_simplemdm.txt"));
  ASSERT_TRUE(certs) << certs.error().message();
  ASSERT_EQ(certs->size(), 1u);
  EXPECT_EQ(certs->front().name, "SimpleMDM");
  EXPECT_EQ(certs->front().trust_settings, 0);
  EXPECT_TRUE(certs->front().policies.empty());
}

TEST(TrustSettings, ReadsSevenSystemRoots) {
  auto certs = ParseTrustSettings(Fixture("security/system_seven_roots.txt"));
  ASSERT_TRUE(certs) << certs.error().message();
  ASSERT_EQ(certs->size(), 7u);
  EXPECT_EQ((*certs)[0].name, "Go Daddy Root Certificate Authority - G2");
  EXPECT_EQ((*certs)[6].name, "Trustwave Global ECC P384 Certification Authority");
}

TEST(TrustSettings, NoTrustSettingsIsAnEmptyList) {
  std::string text = Fixture("security/no_trust_settings.txt");
  EXPECT_TRUE(SaysNoTrustSettings(text));
  auto certs = ParseTrustSettings(text);
  ASSERT_TRUE(certs) << certs.error().message();
  EXPECT_TRUE(certs->empty());
}

TEST(TrustSettings, MissingCertificateIsCutShort) {
  std::string text = Fixture("security/system_seven_roots.txt");
  text = text.substr(0, text.find("Cert 6:"));
  auto certs = ParseTrustSettings(text);
  ASSERT_FALSE(certs);
  EXPECT_EQ(certs.error().message(),
            "security dump-trust-settings:14: declares 7 trusted cert(s) but lists 6 (cut short?)");
}

TEST(TrustSettings, MissingSettingIsCutShort) {
  std::string text = Fixture("security/admin_example_root.txt");
  text = text.substr(0, text.find("   Trust Setting 9:"));
  auto certs = ParseTrustSettings(text);
  ASSERT_FALSE(certs);
  EXPECT_EQ(certs.error().message(),
            "security dump-trust-settings:40: \"Example Root CA\" declares 10 trust setting(s) but "
            "lists 9 (cut short?)");
}

TEST(TrustSettings, GarbageNamesItsLine) {
  auto certs = ParseTrustSettings("Number of trusted certs = 1\nCert zero: x\n");
  ASSERT_FALSE(certs);
  EXPECT_EQ(certs.error().message(),
            "security dump-trust-settings:2: expected \"Cert 0: NAME\", got \"Cert zero: x\"");
  EXPECT_FALSE(ParseTrustSettings("security: SecKeychainSearchCopyNext: The specified item"));
  EXPECT_FALSE(ParseTrustSettings(""));
}

}  // namespace
}  // namespace orchard::host
