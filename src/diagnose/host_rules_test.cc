// Diagnoses that join what the Mac reports (host facts) with what the network did.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/file.h"
#include "diagnose/diagnose.h"
#include "diagnose/test_results.h"
#include "host/system_extensions.h"
#include "probe/tls_testing.h"

namespace orchard::diagnose {
namespace {

using ::testing::HasSubstr;
using namespace testing;
using probe::Reason;

// santa waiting for the user, as systemextensionsctl printed it (src/host/testdata, with its
// source in SOURCES.md).
host::HostFacts SantaWaiting() {
  auto text = ReadFile(std::string(ORCHARD_HOST_TESTDATA) +
                       "/systemextensionsctl/santa_waiting_for_user.txt");
  EXPECT_TRUE(text);
  auto parsed = host::ParseSystemExtensions(text ? *text : "");
  EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().message());
  host::HostFacts facts;
  facts.platform = host::Platform::kMacOS;
  facts.system_extensions = parsed ? *parsed : std::vector<host::SystemExtension>{};
  return facts;
}

host::SystemExtension SepWaiting() {
  host::SystemExtension sep;
  sep.category = "com.apple.system_extension.network_extension";
  sep.team_id = "9PTGMPNXZ2";
  sep.bundle_id = "com.symantec.mes.systemextension";
  sep.name = "Symantec System Extension";
  sep.state = "activated waiting for user";
  return sep;
}

std::vector<std::string> WithHostIds(const std::vector<Diagnosis>& ds) {
  std::vector<std::string> ids;
  for (const auto& d : ds) ids.push_back(d.id);
  return ids;
}

TEST(ExtensionWaitingForUser, ARecordedWaitingExtensionNeedsAPolicyForItsTeam) {
  host::HostFacts facts = SantaWaiting();
  DiagnoseOptions options;
  options.host = &facts;
  auto ds = Diagnose(Healthy(), options);
  ASSERT_EQ(WithHostIds(ds), std::vector<std::string>{"system-extension-waiting"});
  EXPECT_EQ(ds[0].severity, Severity::kHigh);
  EXPECT_THAT(ds[0].title, HasSubstr("santad (com.google.santa.daemon)"));
  EXPECT_THAT(ds[0].remedy, HasSubstr("EQHXZ8M8AV"));
  EXPECT_THAT(ds[0].remedy, HasSubstr("com.apple.system-extension-policy"));
  // Without the Mac's facts nothing is said about it.
  EXPECT_TRUE(Diagnose(Healthy(), {}).empty());
}

TEST(ExtensionWaitingForUser, SepWaitingIsCriticalAndNamesWhatElseToPreApprove) {
  host::HostFacts facts;
  facts.system_extensions = std::vector<host::SystemExtension>{SepWaiting()};
  DiagnoseOptions options;
  options.host = &facts;
  auto ds = Diagnose(Healthy(), options);
  ASSERT_EQ(WithHostIds(ds), std::vector<std::string>{"system-extension-waiting"});
  EXPECT_EQ(ds[0].severity, Severity::kCritical);
  EXPECT_THAT(ds[0].remedy, HasSubstr("9PTGMPNXZ2"));
  EXPECT_THAT(ds[0].remedy, HasSubstr("KB 176222"));
}

TEST(ExtensionWaitingForUser, BlockedValidationSaysTheExtensionCannotActivate) {
  host::HostFacts facts;
  auto sep = SepWaiting();
  sep.state = "activated waiting for user";
  facts.system_extensions = std::vector<host::SystemExtension>{sep};
  DiagnoseOptions options;
  options.host = &facts;
  auto results = Healthy();
  results.push_back(Fail("certificate-validation", "ocsp.apple.com", 80, Reason::kTcpTimeout));
  auto ds = Diagnose(results, options);
  ASSERT_EQ(WithHostIds(ds),
            (std::vector<std::string>{"system-extension-waiting", "cert-validation-blocked"}));
  EXPECT_THAT(ds[1].explanation,
              HasSubstr("On this Mac Symantec System Extension (com.symantec.mes.systemextension) "
                        "is \"activated waiting for user\""));
  // All enabled: nothing extra is said.
  facts.system_extensions->front().state = "activated enabled";
  auto fine = Diagnose(results, options);
  ASSERT_EQ(WithHostIds(fine), std::vector<std::string>{"cert-validation-blocked"});
  EXPECT_THAT(fine[0].explanation, ::testing::Not(HasSubstr("On this Mac")));
}

// An inspection CA an MDM profile put in the System keychain re-signs Apple's hosts: the finding
// says the inspection is the organisation's own.
TEST(TlsInterception, NamesAnInspectionCaTheKeychainHolds) {
  const probe::testing::LabPki pki = probe::testing::MakeLabPki("gateway.icloud.com");
  auto results = Healthy();
  auto r = Fail("icloud", "gateway.icloud.com", 443, Reason::kTlsIntercepted);
  probe::TlsFacts tls;
  tls.intercepted = true;
  tls.interceptor = "Acme Inspection CA (Acme Corp)";  // DisplayName of the CA's subject
  tls.interceptor_os_trusted = true;
  r.tls = tls;
  results.push_back(r);
  host::HostFacts facts;
  facts.platform = host::Platform::kMacOS;
  facts.system_keychain_pem = probe::testing::CertPem(pki.genuine_root.cert.get()) +
                              probe::testing::CertPem(pki.interceptor_ca.cert.get());
  DiagnoseOptions options;
  options.host = &facts;
  auto with_keychain = Diagnose(results, options);
  ASSERT_FALSE(with_keychain.empty());
  EXPECT_EQ(with_keychain[0].id, "tls-interception");
  EXPECT_THAT(with_keychain[0].explanation,
              HasSubstr("The inspection CA 'Acme Inspection CA (Acme Corp)' is in this Mac's "
                        "System keychain"));
  // The keychain holds other CAs only: nothing is claimed about where the interceptor came from.
  facts.system_keychain_pem = probe::testing::CertPem(pki.genuine_root.cert.get());
  EXPECT_THAT(Diagnose(results, options)[0].explanation,
              ::testing::Not(HasSubstr("System keychain")));
}

}  // namespace
}  // namespace orchard::diagnose
