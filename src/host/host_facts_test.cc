#include "host/host_facts.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/fixture_tool_runner.h"
#include "support/temp_dir.h"

namespace orchard::host {
namespace {

// A Mac answering every tool from testdata/.
testing::FixtureToolRunner MacWith(const std::string& extensions, const std::string& dns,
                                   const std::string& trust, bool trust_on_stderr = false) {
  testing::FixtureToolRunner runner(ORCHARD_HOST_TESTDATA);
  runner.Answer("/usr/bin/sw_vers", "sw_vers/sonoma_14_0.txt");
  runner.Answer("/usr/sbin/scutil --dns", dns);
  runner.Answer("/usr/sbin/scutil --proxy", "scutil_proxy/pac_wpad_dat.txt");
  runner.Answer("/usr/bin/systemextensionsctl list", extensions);
  runner.Answer("/usr/bin/profiles status -type enrollment", "profiles/dep_user_approved.txt");
  runner.Answer("/usr/bin/profiles -C -o stdout-xml",
                "profiles/configuration_firewall_passcode.plist");
  runner.Answer("/usr/bin/security dump-trust-settings -d", trust, trust_on_stderr ? 1 : 0,
                trust_on_stderr);
  runner.Answer("/usr/bin/security find-certificate -a -p /Library/Keychains/System.keychain",
                "security/system_keychain_two_roots.pem");
  return runner;
}

HostEnvironment Mac() {
  HostEnvironment env;
  env.platform = Platform::kMacOS;
  env.os_release = "/nonexistent/os-release";  // never read on a Mac
  env.resolv_conf = "/nonexistent/resolv.conf";
  return env;
}

TEST(CollectHostFacts, MacWithVpnWaitingExtensionAndInspectionRoot) {
  auto runner =
      MacWith("systemextensionsctl/santa_waiting_for_user.txt",
              "scutil_dns/tunnelblick_scoped_utun.txt", "security/admin_example_root.txt");
  HostFacts facts = CollectHostFacts(runner, Mac());
  EXPECT_TRUE(facts.problems.empty()) << facts.problems.front();
  EXPECT_EQ(facts.platform, Platform::kMacOS);
  EXPECT_EQ(facts.os.name, "macOS");
  EXPECT_EQ(facts.os.version, "14.0");
  EXPECT_EQ(facts.os.build, "23A344");
  // The seven mdns resolvers have no nameserver and are left out; the VPN's is scoped.
  ASSERT_EQ(facts.resolvers.size(), 1u);
  EXPECT_EQ(facts.resolvers[0].interface, "utun0");
  EXPECT_TRUE(facts.resolvers[0].scoped);
  EXPECT_EQ(facts.resolvers[0].search_domains, (std::vector<std::string>{"openvpn"}));
  ASSERT_TRUE(facts.system_extensions);
  ASSERT_EQ(facts.system_extensions->size(), 2u);
  EXPECT_TRUE((*facts.system_extensions)[0].WaitingForUser());
  ASSERT_TRUE(facts.mdm);
  EXPECT_TRUE(facts.mdm->user_approved);
  ASSERT_TRUE(facts.configuration_profiles);
  ASSERT_EQ(facts.configuration_profiles->size(), 2u);
  EXPECT_TRUE(facts.configuration_profiles->front().Carries("com.apple.security.firewall"));
  EXPECT_EQ(HostSummary(facts),
            "macOS 14.0 (23A344), MDM enrolled, 2 configuration profiles, 2 system extensions");
  ASSERT_TRUE(facts.admin_trusted_certs);
  ASSERT_EQ(facts.admin_trusted_certs->size(), 1u);
  EXPECT_EQ(facts.admin_trusted_certs->front().name, "Example Root CA");
  ASSERT_TRUE(facts.system_keychain_pem);
  EXPECT_TRUE(facts.system_keychain_pem->starts_with("-----BEGIN CERTIFICATE-----\n"));
  ASSERT_TRUE(facts.system_proxy);
  EXPECT_EQ(facts.system_proxy->pac_url, "http://wpad.company.com/wpad.dat");
  EXPECT_FALSE(facts.proxy_environment);  // the environment is Linux's proxy fact
  EXPECT_FALSE(facts.local_ca_certificates);
}

TEST(CollectHostFacts, MacWithEmptyAdminDomainAndNoExtensions) {
  auto runner = MacWith("systemextensionsctl/none.txt", "scutil_dns/supplemental_ppp0.txt",
                        "security/no_trust_settings.txt", /*trust_on_stderr=*/true);
  HostFacts facts = CollectHostFacts(runner, Mac());
  EXPECT_TRUE(facts.problems.empty()) << facts.problems.front();
  ASSERT_TRUE(facts.admin_trusted_certs);  // known to be empty, not unknown
  EXPECT_TRUE(facts.admin_trusted_certs->empty());
  ASSERT_TRUE(facts.system_extensions);
  EXPECT_TRUE(facts.system_extensions->empty());
  ASSERT_EQ(facts.resolvers.size(), 2u);
  EXPECT_TRUE(facts.resolvers[0].supplemental);
  EXPECT_EQ(facts.resolvers[0].interface, "ppp0");
  EXPECT_FALSE(facts.resolvers[1].supplemental);
}

TEST(CollectHostFacts, MacToolFailuresAreProblemsNotGuesses) {
  testing::FixtureToolRunner runner(ORCHARD_HOST_TESTDATA);
  runner.Answer("/usr/bin/sw_vers", "sw_vers/sonoma_14_0.txt");
  runner.Answer("/usr/bin/systemextensionsctl list", "profiles/not_enrolled.txt");  // wrong output
  runner.Answer("/usr/bin/profiles status -type enrollment", "profiles/not_enrolled.txt", 1);
  runner.Answer("/usr/bin/profiles -C -o stdout-xml", "profiles/not_enrolled.txt");  // not XML
  runner.Answer("/usr/bin/security dump-trust-settings -d", "security/admin_simplemdm.txt");
  HostFacts facts = CollectHostFacts(runner, Mac());
  EXPECT_EQ(facts.os.version, "14.0");
  EXPECT_FALSE(facts.configuration_profiles);
  EXPECT_FALSE(facts.system_extensions);
  EXPECT_FALSE(facts.mdm);
  ASSERT_TRUE(facts.admin_trusted_certs);
  EXPECT_EQ(facts.admin_trusted_certs->front().name, "SimpleMDM");
  EXPECT_EQ(
      facts.problems,
      (std::vector<std::string>{
          "cannot run /usr/sbin/scutil --dns: not found",
          "cannot run /usr/sbin/scutil --proxy: not found",
          "systemextensionsctl list:1: expected \"N extension(s)\", got \"Enrolled via DEP: No\"",
          "/usr/bin/profiles status -type enrollment: exit 1",
          "profiles -C:1: expected an XML property list, got \"Enrolled via DEP: No\"",
          "cannot run /usr/bin/security find-certificate -a -p /Library/Keychains/System.keychain: "
          "not found"}));
  EXPECT_FALSE(facts.system_keychain_pem);
}

class LinuxFacts : public ::testing::Test {
 protected:
  void SetUp() override {
    env_.platform = Platform::kLinux;
    env_.os_release = dir_ / "os-release";
    env_.resolv_conf = dir_ / "resolv.conf";
    env_.local_ca_dir = dir_ / "ca-certificates";  // missing unless a test writes it
    env_.proxy_variables.clear();
  }
  void Write(const std::filesystem::path& path, std::string_view text) {
    std::ofstream(path) << text;
  }
  testing::TempDir temp_;
  const std::filesystem::path dir_ = temp_.path();
  HostEnvironment env_;
};

TEST_F(LinuxFacts, ReadsOsAndResolverAndClaimsNoMacFacts) {
  Write(env_.os_release, "NAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\n");
  Write(env_.resolv_conf, "search lab.example\nnameserver 10.255.255.53\n");
  testing::FixtureToolRunner runner(ORCHARD_HOST_TESTDATA);
  HostFacts facts = CollectHostFacts(runner, env_);
  EXPECT_TRUE(facts.problems.empty()) << facts.problems.front();
  EXPECT_TRUE(runner.asked().empty());  // no Apple tool is run on Linux
  EXPECT_EQ(facts.platform, Platform::kLinux);
  EXPECT_EQ(facts.os.name, "Debian GNU/Linux");
  EXPECT_EQ(facts.os.version, "12");
  ASSERT_EQ(facts.resolvers.size(), 1u);
  EXPECT_EQ(facts.resolvers[0].nameservers, (std::vector<std::string>{"10.255.255.53"}));
  EXPECT_EQ(facts.resolvers[0].search_domains, (std::vector<std::string>{"lab.example"}));
  EXPECT_FALSE(facts.system_extensions);
  EXPECT_FALSE(facts.mdm);
  EXPECT_FALSE(facts.admin_trusted_certs);
  EXPECT_FALSE(facts.system_proxy);
  ASSERT_TRUE(facts.proxy_environment);  // known: none set
  EXPECT_TRUE(facts.proxy_environment->empty());
  ASSERT_TRUE(facts.local_ca_certificates);  // known: the folder does not exist, none added
  EXPECT_TRUE(facts.local_ca_certificates->empty());
}

TEST_F(LinuxFacts, ProxyEnvironmentAndLocalCas) {
  Write(env_.os_release, "NAME=Debian\n");
  Write(env_.resolv_conf, "nameserver 10.255.255.53\n");
  env_.proxy_variables = {{"ALL_PROXY", "socks5://u:p@127.0.0.9:1080"},
                          {"https_proxy", "http://proxy.corp:3128"}};
  std::filesystem::create_directories(env_.local_ca_dir);
  std::filesystem::copy_file(
      std::string(ORCHARD_HOST_TESTDATA) + "/security/system_keychain_two_roots.pem",
      env_.local_ca_dir / "inspection.crt");
  Write(env_.local_ca_dir / "broken.crt", "not a certificate\n");
  testing::FixtureToolRunner runner(ORCHARD_HOST_TESTDATA);
  HostFacts facts = CollectHostFacts(runner, env_);
  ASSERT_TRUE(facts.proxy_environment);
  ASSERT_EQ(facts.proxy_environment->size(), 2u);
  EXPECT_EQ((*facts.proxy_environment)[0].name, "https_proxy");  // kProxyVariables' order
  EXPECT_EQ((*facts.proxy_environment)[1].name, "ALL_PROXY");
  EXPECT_EQ((*facts.proxy_environment)[1].value, "socks5://***@127.0.0.9:1080");
  ASSERT_TRUE(facts.local_ca_certificates);
  ASSERT_EQ(facts.local_ca_certificates->size(), 2u);
  EXPECT_EQ((*facts.local_ca_certificates)[0].file, "inspection.crt");
  EXPECT_EQ(facts.problems,
            std::vector<std::string>{"ca-certificates/broken.crt: holds no PEM certificate"});
}

TEST_F(LinuxFacts, UnreadableFilesAreProblems) {
  Write(env_.os_release, "NAME=x\nnot a key\n");
  testing::FixtureToolRunner runner(ORCHARD_HOST_TESTDATA);
  HostFacts facts = CollectHostFacts(runner, env_);
  ASSERT_EQ(facts.problems.size(), 2u);
  EXPECT_EQ(facts.problems[0],
            env_.os_release.string() + ": os-release:2: expected KEY=value, got \"not a key\"");
  EXPECT_NE(facts.problems[1].find(env_.resolv_conf.string()), std::string::npos)
      << facts.problems[1];
  EXPECT_TRUE(facts.resolvers.empty());
}

}  // namespace
}  // namespace orchard::host
