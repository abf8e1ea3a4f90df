// sw_vers, profiles status and security dump-trust-settings on every recorded output in
// testdata/ (see testdata/SOURCES.md), and on broken input.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <optional>

#include "host/profiles_status.h"
#include "host/scutil_dns.h"
#include "host/sw_vers.h"
#include "host/system_extensions.h"
#include "host/trust_settings.h"
#include "support/host_testdata.h"

namespace orchard::host {
namespace {

using testing::Fixture;

TEST(SwVers, ReadsHighSierraWithTabs) {
  auto v = ParseSwVers(Fixture("sw_vers/high_sierra_10_13.txt"));
  ASSERT_TRUE(v) << v.error().message();
  EXPECT_EQ(v->product_name, "Mac OS X");
  EXPECT_EQ(v->product_version, "10.13");
  EXPECT_EQ(v->build_version, "17A405");
  EXPECT_EQ(v->product_version_extra, "");
}

TEST(SwVers, ReadsCatalinaPastedWithSpaces) {
  auto v = ParseSwVers(Fixture("sw_vers/catalina_spaces.txt"));
  ASSERT_TRUE(v) << v.error().message();
  EXPECT_EQ(v->product_name, "Mac OS X");
  EXPECT_EQ(v->product_version, "10.15.5");
  EXPECT_EQ(v->build_version, "19F101");
}

TEST(SwVers, ReadsSonomaWithDoubleTabs) {
  auto v = ParseSwVers(Fixture("sw_vers/sonoma_14_0.txt"));
  ASSERT_TRUE(v) << v.error().message();
  EXPECT_EQ(v->product_name, "macOS");
  EXPECT_EQ(v->product_version, "14.0");
  EXPECT_EQ(v->build_version, "23A344");
}

TEST(SwVers, TruncatedOutputNamesWhatIsMissing) {
  auto v = ParseSwVers("ProductName:\tmacOS\nProductVersion:\t14.0\n");
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().message(), "sw_vers:3: no BuildVersion (output ends early?)");
  EXPECT_EQ(v.error().code(), ErrorCode::kParse);
}

TEST(SwVers, GarbageNamesItsLine) {
  auto v = ParseSwVers("ProductName:\tmacOS\n<html>oops</html>\n");
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().message(), "sw_vers:2: expected \"Key: value\", got \"<html>oops</html>\"");
  EXPECT_FALSE(ParseSwVers(""));
}

// The parsers trim with base Trim, so a vertical tab or form feed is white space as a space is
// (host's own Trim used to keep them, unlike every other parser's): no key or value ends in one,
// and a line of them is a blank line.
TEST(SwVers, VerticalTabAndFormFeedAreWhiteSpace) {
  auto v =
      ParseSwVers("ProductName:\tmacOS\v\nProductVersion:\t14.0\f\n\f\v\nBuildVersion: 23A344\n");
  ASSERT_TRUE(v) << v.error().message();
  EXPECT_EQ(v->product_name, "macOS");
  EXPECT_EQ(v->product_version, "14.0");
  EXPECT_EQ(v->build_version, "23A344");
}

TEST(ProfilesStatus, ReadsDepUserApproved) {
  auto m = ParseProfilesStatus(Fixture("profiles/dep_user_approved.txt"));
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_TRUE(m->dep);
  EXPECT_TRUE(m->enrolled);
  EXPECT_TRUE(m->user_approved);
  EXPECT_EQ(m->server, "https://MDMSERVER:8443/mdm/ServerURL");
}

TEST(ProfilesStatus, ReadsUnmanagedMac) {
  auto m = ParseProfilesStatus(Fixture("profiles/not_enrolled.txt"));
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_FALSE(m->dep);
  EXPECT_FALSE(m->enrolled);
  EXPECT_FALSE(m->user_approved);
  EXPECT_EQ(m->server, "");
}

TEST(ProfilesStatus, EnrolledWithoutApprovalIsNotUserApproved) {
  auto m = ParseProfilesStatus("Enrolled via DEP: No\nMDM enrollment: Yes\n");
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_TRUE(m->enrolled);
  EXPECT_FALSE(m->user_approved);
}

TEST(ProfilesStatus, TruncatedAndGarbageAreErrors) {
  auto cut = ParseProfilesStatus("Enrolled via DEP: Yes\n");
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().message(),
            "profiles status:2: no \"MDM enrollment\" line (output ends early?)");
  auto bad = ParseProfilesStatus("Enrolled via DEP: Maybe\nMDM enrollment: No\n");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message(),
            "profiles status:1: Enrolled via DEP: expected Yes or No, got \"Maybe\"");
  auto garbage = ParseProfilesStatus("profiles: unrecognized option\x01\n");
  EXPECT_FALSE(garbage);
}

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

namespace orchard::host {
namespace {

// Output cut at any byte (a tool killed mid-write, a pipe closed early) parses or fails with a
// parse error naming the tool; it never crashes, hangs or reads out of bounds (run under ASan).
TEST(HostParsers, EveryPrefixOfEveryFixtureParsesOrFailsCleanly) {
  struct Case {
    std::string_view folder, tool;
    std::function<std::optional<Error>(std::string_view)> parse;
  };
  auto wrap = [](auto parser) {
    return [parser](std::string_view text) -> std::optional<Error> {
      auto parsed = parser(text);
      if (parsed) return std::nullopt;
      return parsed.error();
    };
  };
  const Case cases[] = {
      {"sw_vers", "sw_vers:", wrap(ParseSwVers)},
      {"profiles", "profiles status:", wrap(ParseProfilesStatus)},
      {"security", "security dump-trust-settings:", wrap(ParseTrustSettings)},
      {"scutil_dns", "scutil --dns:", wrap(ParseScutilDns)},
      {"systemextensionsctl", "systemextensionsctl list:", wrap(ParseSystemExtensions)},
  };
  int files = 0;
  for (const Case& c : cases) {
    for (const auto& entry : std::filesystem::directory_iterator(
             std::filesystem::path(ORCHARD_HOST_TESTDATA) / c.folder)) {
      ++files;
      std::string text =
          testing::Fixture(std::string(c.folder) + "/" + entry.path().filename().string());
      for (size_t n = 0; n <= text.size(); ++n) {
        auto error = c.parse(std::string_view(text).substr(0, n));
        if (!error) continue;
        EXPECT_EQ(error->code(), ErrorCode::kParse) << entry.path() << " cut at " << n;
        EXPECT_TRUE(error->message().starts_with(c.tool))
            << entry.path() << " cut at " << n << ": " << error->message();
      }
    }
  }
  EXPECT_GE(files, 16);
}

}  // namespace
}  // namespace orchard::host
