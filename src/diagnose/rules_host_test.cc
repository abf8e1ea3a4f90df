// Diagnoses that join what the Mac reports (host facts) with what the network did.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/file.h"
#include "diagnose/diagnose.h"
#include "host/configuration_profiles.h"
#include "host/profiles_status.h"
#include "host/system_extensions.h"
#include "support/check_results.h"
#include "support/pki.h"

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

// A recorded testdata/ file parsed by `parse`.
template <class Parse>
auto Recorded(const std::string& relative, Parse parse) {
  auto text = ReadFile(std::string(ORCHARD_HOST_TESTDATA) + "/" + relative);
  EXPECT_TRUE(text) << relative;
  auto parsed = parse(text ? *text : "");
  EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().message());
  return parsed ? *parsed : typename decltype(parsed)::value_type{};
}

// The two profiles a managed Mac published (a firewall and a passcode policy): no System
// Extensions, content filter or certificate payload among them.
std::vector<host::ConfigurationProfile> RecordedProfiles() {
  return Recorded("profiles/configuration_firewall_passcode.plist",
                  host::ParseConfigurationProfiles);
}

host::ConfigurationProfile ProfileWith(std::string name, std::string identifier,
                                       std::vector<std::string> payload_types) {
  host::ConfigurationProfile p;
  p.display_name = std::move(name);
  p.identifier = std::move(identifier);
  for (auto& type : payload_types) p.payloads.push_back({std::move(type), "", ""});
  return p;
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

// With the installed profiles read, the finding says why macOS asks: no profile carries a
// System Extensions payload at all (the recorded profiles), or one does and does not allow the
// team; and what stands in the way of pushing one (no MDM, or one without user approval).
TEST(ExtensionWaitingForUser, SaysWhetherAnInstalledProfileCarriesASystemExtensionsPayload) {
  host::HostFacts facts = SantaWaiting();
  facts.configuration_profiles = RecordedProfiles();
  DiagnoseOptions options;
  options.host = &facts;
  auto none = Diagnose(Healthy(), options);
  ASSERT_EQ(WithHostIds(none), std::vector<std::string>{"system-extension-waiting"});
  EXPECT_THAT(none[0].explanation,
              HasSubstr("none of the 2 configuration profiles installed on this Mac carries a "
                        "System Extensions payload (com.apple.system-extension-policy)"));
  EXPECT_THAT(none[0].remedy, HasSubstr("Push a configuration profile with a System Extensions "
                                        "payload (com.apple.system-extension-policy) that allows "
                                        "team ID EQHXZ8M8AV (com.google.santa.daemon)"));
  EXPECT_THAT(none[0].remedy, HasSubstr("from an MDM the Mac is enrolled in with user approval"));

  facts.configuration_profiles->push_back(
      ProfileWith("Security Tools", "com.example.sysext", {"com.apple.system-extension-policy"}));
  auto present = Diagnose(Healthy(), options);
  EXPECT_THAT(present[0].explanation,
              HasSubstr("and 'Security Tools' (com.example.sysext) carries a System "
                        "Extensions payload (com.apple.system-extension-policy) that evidently "
                        "does not allow it, or not its type of extension"));
  EXPECT_THAT(present[0].remedy,
              HasSubstr("Allow team ID EQHXZ8M8AV (com.google.santa.daemon) in the System "
                        "Extensions payload of 'Security Tools' (com.example.sysext)"));

  // The recorded unmanaged Mac: no MDM to push the payload from.
  facts.configuration_profiles = RecordedProfiles();
  facts.mdm = Recorded("profiles/not_enrolled.txt", host::ParseProfilesStatus);
  EXPECT_THAT(Diagnose(Healthy(), options)[0].remedy,
              HasSubstr("This Mac is not enrolled in an MDM: macOS accepts that payload only from "
                        "an MDM enrolled with user approval, so enrol it first."));
  facts.mdm->enrolled = true;
  EXPECT_THAT(Diagnose(Healthy(), options)[0].remedy,
              HasSubstr("This Mac's MDM enrolment is not user approved"));
}

// For SEP, of what Broadcom's KB lists, the finding names what no installed profile carries.
TEST(ExtensionWaitingForUser, SepNamesThePreApprovalsNoProfileCarries) {
  host::HostFacts facts;
  facts.system_extensions = std::vector<host::SystemExtension>{SepWaiting()};
  facts.configuration_profiles = RecordedProfiles();
  DiagnoseOptions options;
  options.host = &facts;
  EXPECT_THAT(Diagnose(Healthy(), options)[0].remedy,
              HasSubstr("no installed profile carries it yet: the network content filter "
                        "(com.apple.webcontent-filter), full disk access "
                        "(com.apple.TCC.configuration-profile-policy), notifications "
                        "(com.apple.notificationsettings)."));
  facts.configuration_profiles->push_back(
      ProfileWith("SEP", "com.example.sep",
                  {"com.apple.webcontent-filter", "com.apple.TCC.configuration-profile-policy"}));
  auto some = Diagnose(Healthy(), options)[0].remedy;
  EXPECT_THAT(some, HasSubstr("no installed profile carries it yet: notifications "
                              "(com.apple.notificationsettings)."));
  EXPECT_THAT(some, ::testing::Not(HasSubstr("webcontent-filter")));
  facts.configuration_profiles->back().payloads.push_back(
      {"com.apple.notificationsettings", "", ""});
  EXPECT_THAT(Diagnose(Healthy(), options)[0].remedy, ::testing::Not(HasSubstr("KB 176222")));
}

// An inspection CA an MDM profile put in the System keychain re-signs Apple's hosts: the finding
// says the inspection is the organisation's own.
TEST(TlsInterception, NamesAnInspectionCaTheKeychainHolds) {
  const testing::LabPki pki = testing::MakeLabPki("gateway.icloud.com");
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
  facts.system_keychain_pem = testing::CertPem(pki.genuine_root.cert.get()) +
                              testing::CertPem(pki.interceptor_ca.cert.get());
  DiagnoseOptions options;
  options.host = &facts;
  auto with_keychain = Diagnose(results, options);
  ASSERT_FALSE(with_keychain.empty());
  EXPECT_EQ(with_keychain[0].id, "tls-interception");
  EXPECT_THAT(with_keychain[0].explanation,
              HasSubstr("The inspection CA 'Acme Inspection CA (Acme Corp)' is in this Mac's "
                        "System keychain"));
  // The profiles were read: the one that installs certificates is named; with none, the CA
  // came from outside the MDM, which the finding says instead.
  facts.configuration_profiles = RecordedProfiles();
  facts.configuration_profiles->push_back(
      ProfileWith("Acme Certificates", "com.acme.certs", {"com.apple.security.root"}));
  EXPECT_THAT(Diagnose(results, options)[0].explanation,
              HasSubstr("where MDM profiles install certificates (here 'Acme Certificates' "
                        "(com.acme.certs) carry certificate payloads): the inspection is the "
                        "organisation's own"));
  facts.configuration_profiles = RecordedProfiles();
  auto outside = Diagnose(results, options)[0].explanation;
  EXPECT_THAT(outside, HasSubstr("but none of its 2 configuration profiles carries a certificate "
                                 "payload: it was added outside the MDM"));
  EXPECT_THAT(outside, ::testing::Not(HasSubstr("organisation's own")));
  facts.configuration_profiles.reset();
  // The keychain holds other CAs only: nothing is claimed about where the interceptor came from.
  facts.system_keychain_pem = testing::CertPem(pki.genuine_root.cert.get());
  EXPECT_THAT(Diagnose(results, options)[0].explanation,
              ::testing::Not(HasSubstr("System keychain")));
}

}  // namespace
}  // namespace orchard::diagnose
