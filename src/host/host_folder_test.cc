#include "host/host_folder.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "base/file.h"
#include "support/fixture_tool_runner.h"
#include "support/temp_dir.h"

namespace orchard::host {
namespace {

class HostFolder : public ::testing::Test {
 protected:
  void Write(const std::string& name, std::string_view text) {
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / name) << text;
  }
  std::string Read(const std::string& name) {
    auto text = ReadFile(dir_ / name);
    return text ? *text : "<" + text.error().message() + ">";
  }
  testing::TempDir temp_;
  const std::filesystem::path dir_ = temp_.path() / "host";  // made by the first Write
};

// A Mac answering every tool from testdata/; the empty admin trust domain as the tool says it.
testing::FixtureToolRunner RecordedMac() {
  testing::FixtureToolRunner runner(ORCHARD_HOST_TESTDATA);
  runner.Answer("/usr/bin/sw_vers", "sw_vers/sonoma_14_0.txt");
  runner.Answer("/usr/sbin/scutil --dns", "scutil_dns/supplemental_ppp0.txt");
  runner.Answer("/usr/sbin/scutil --proxy", "scutil_proxy/anyproxy_http_https_socks.txt");
  runner.Answer("/usr/bin/systemextensionsctl list",
                "systemextensionsctl/santa_waiting_for_user.txt");
  runner.Answer("/usr/bin/profiles status -type enrollment", "profiles/dep_user_approved.txt");
  runner.Answer("/usr/bin/profiles -C -o stdout-xml",
                "profiles/configuration_firewall_passcode.plist");
  runner.Answer("/usr/bin/security dump-trust-settings -d", "security/no_trust_settings.txt", 1,
                /*to_stderr=*/true);
  runner.Answer("/usr/bin/security find-certificate -a -p /Library/Keychains/System.keychain",
                "security/system_keychain_two_roots.pem");
  return runner;
}

HostEnvironment SavingMac() {
  HostEnvironment env;
  env.platform = Platform::kMacOS;
  return env;
}

TEST_F(HostFolder, SavedMacOutputsReplayToTheSameFacts) {
  auto runner = RecordedMac();
  auto saved = CollectAndSaveHostFacts(runner, SavingMac(), dir_);
  ASSERT_TRUE(saved) << saved.error().message();
  EXPECT_TRUE(saved->problems.empty()) << saved->problems.front();
  EXPECT_EQ(Read("platform"), "macos\n");
  EXPECT_EQ(Read("sw_vers.txt"),
            *ReadFile(std::string(ORCHARD_HOST_TESTDATA) + "/sw_vers/sonoma_14_0.txt"));
  // The empty admin domain failed with its message on stderr: the message is what is kept.
  EXPECT_EQ(Read("security-dump-trust-settings-d.txt"),
            "SecTrustSettingsCopyCertificates: No Trust Settings were found.\n");

  auto loaded = LoadHostFacts(dir_);
  ASSERT_TRUE(loaded) << loaded.error().message();
  EXPECT_TRUE(loaded->problems.empty()) << loaded->problems.front();
  EXPECT_EQ(loaded->platform, Platform::kMacOS);
  EXPECT_EQ(loaded->os.version, "14.0");
  EXPECT_EQ(loaded->os.build, "23A344");
  ASSERT_EQ(loaded->resolvers.size(), saved->resolvers.size());
  EXPECT_EQ(loaded->resolvers[0].interface, "ppp0");
  ASSERT_TRUE(loaded->system_extensions);
  ASSERT_EQ(loaded->system_extensions->size(), 2u);
  EXPECT_EQ((*loaded->system_extensions)[0].state, "activated waiting for user");
  ASSERT_TRUE(loaded->mdm);
  EXPECT_TRUE(loaded->mdm->enrolled);
  EXPECT_EQ(Read("profiles-C-o-stdout-xml.plist"),
            *ReadFile(std::string(ORCHARD_HOST_TESTDATA) +
                      "/profiles/configuration_firewall_passcode.plist"));
  ASSERT_TRUE(loaded->configuration_profiles);
  ASSERT_EQ(loaded->configuration_profiles->size(), 2u);
  EXPECT_EQ(loaded->configuration_profiles->back().payloads.front().type,
            "com.apple.mobiledevice.passwordpolicy");
  ASSERT_TRUE(loaded->admin_trusted_certs);  // known empty, not unknown
  EXPECT_TRUE(loaded->admin_trusted_certs->empty());
  EXPECT_EQ(loaded->system_keychain_pem, saved->system_keychain_pem);
  EXPECT_EQ(Read("security-find-certificate-system.pem"), *saved->system_keychain_pem);
  EXPECT_EQ(Read("scutil--proxy.txt"), *ReadFile(std::string(ORCHARD_HOST_TESTDATA) +
                                                 "/scutil_proxy/anyproxy_http_https_socks.txt"));
  ASSERT_TRUE(loaded->system_proxy);
  ASSERT_TRUE(loaded->system_proxy->https);
  EXPECT_EQ(loaded->system_proxy->https->port, 8888);
  EXPECT_EQ(loaded->system_proxy->exceptions, saved->system_proxy->exceptions);
  EXPECT_FALSE(loaded->proxy_environment);  // Linux facts: never claimed for a Mac
  EXPECT_FALSE(loaded->local_ca_certificates);
}

// A PAC URL carrying credentials: neither the saved output nor the facts keep them.
TEST_F(HostFolder, ProxyCredentialsNeverReachTheFolder) {
  std::filesystem::create_directories(dir_ / "fixtures/scutil_proxy");
  auto pac = ReadFile(std::string(ORCHARD_HOST_TESTDATA) + "/scutil_proxy/pac_wpad_dat.txt");
  ASSERT_TRUE(pac);
  std::string with_password = *pac;
  with_password.replace(with_password.find("http://") + 7, 0, "alice:s3cret@");
  std::ofstream(dir_ / "fixtures/scutil_proxy/pac.txt") << with_password;
  testing::FixtureToolRunner runner(dir_ / "fixtures");
  runner.Answer("/usr/sbin/scutil --proxy", "scutil_proxy/pac.txt");
  auto saved = CollectAndSaveHostFacts(runner, SavingMac(), dir_ / "saved");
  ASSERT_TRUE(saved) << saved.error().message();
  ASSERT_TRUE(saved->system_proxy);
  EXPECT_EQ(saved->system_proxy->pac_url, "http://***@wpad.company.com/wpad.dat");
  const std::string kept = Read("saved/scutil--proxy.txt");
  EXPECT_EQ(kept.find("s3cret"), std::string::npos) << kept;
  EXPECT_NE(kept.find("ProxyAutoConfigURLString : http://***@wpad.company.com/wpad.dat"),
            std::string::npos)
      << kept;
  auto loaded = LoadHostFacts(dir_ / "saved");
  ASSERT_TRUE(loaded && loaded->system_proxy);
  EXPECT_EQ(loaded->system_proxy->pac_url, "http://***@wpad.company.com/wpad.dat");
}

TEST_F(HostFolder, AFailedToolLeavesNoFile) {
  testing::FixtureToolRunner runner(ORCHARD_HOST_TESTDATA);
  runner.Answer("/usr/bin/profiles status -type enrollment", "profiles/not_enrolled.txt", 1);
  auto saved = CollectAndSaveHostFacts(runner, SavingMac(), dir_);
  ASSERT_TRUE(saved) << saved.error().message();
  EXPECT_FALSE(std::filesystem::exists(dir_ / "profiles-status-enrollment.txt"));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "sw_vers.txt"));
}

TEST_F(HostFolder, MissingFilesAreAbsentFactsNotErrors) {
  Write("sw_vers.txt", "ProductName:\tmacOS\nProductVersion:\t14.4\nBuildVersion:\t23E214\n");
  auto facts = LoadHostFacts(dir_);  // no platform file: a Mac's folder
  ASSERT_TRUE(facts) << facts.error().message();
  EXPECT_EQ(facts->platform, Platform::kMacOS);
  EXPECT_EQ(facts->os.version, "14.4");
  EXPECT_TRUE(facts->resolvers.empty());
  EXPECT_FALSE(facts->system_extensions);
  EXPECT_FALSE(facts->mdm);
  EXPECT_FALSE(facts->admin_trusted_certs);
  EXPECT_FALSE(facts->system_proxy);
  EXPECT_FALSE(facts->configuration_profiles);  // a folder saved before orchard read profiles
  ASSERT_EQ(facts->problems.size(), 7u);
  EXPECT_EQ(facts->problems[0], "/usr/sbin/scutil --dns: not recorded (" +
                                    (dir_ / "scutil--dns.txt").string() + " missing)");
}

TEST_F(HostFolder, AFolderThatDoesNotExistIsAUsageError) {
  auto facts = LoadHostFacts(dir_ / "nope");
  ASSERT_FALSE(facts);
  EXPECT_EQ(facts.error().code(), ErrorCode::kUsage);
  EXPECT_EQ(facts.error().message(),
            "--host-facts " + (dir_ / "nope").string() + ": no such folder");
}

TEST_F(HostFolder, AnUnknownPlatformIsAUsageError) {
  Write("platform", "windows\n");
  auto facts = LoadHostFacts(dir_);
  ASSERT_FALSE(facts);
  EXPECT_EQ(facts.error().code(), ErrorCode::kUsage);
  EXPECT_NE(facts.error().message().find("platform says \"windows\""), std::string::npos)
      << facts.error().message();
}

TEST_F(HostFolder, LinuxFilesAreCopiedAndReadBack) {
  std::filesystem::path src = dir_ / "etc";
  std::filesystem::create_directories(src);
  std::ofstream(src / "os-release") << "NAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\n";
  std::ofstream(src / "resolv.conf") << "nameserver 127.0.0.53\n";
  std::filesystem::create_directories(src / "ca/corp");
  std::filesystem::copy_file(
      std::string(ORCHARD_HOST_TESTDATA) + "/security/system_keychain_two_roots.pem",
      src / "ca/corp/roots.crt");
  std::ofstream(src / "ca/corp/roots.crt", std::ios::app)
      << "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
  std::ofstream(src / "ca/readme.txt") << "not a certificate\n";
  HostEnvironment env;
  env.platform = Platform::kLinux;
  env.os_release = src / "os-release";
  env.resolv_conf = src / "resolv.conf";
  env.local_ca_dir = src / "ca";
  env.proxy_variables = {{"https_proxy", "http://alice:s3cret@proxy.corp:3128"},
                         {"NO_PROXY", ".corp,localhost"},
                         {"http_proxy", ""},
                         {"PATH", "/usr/bin"}};
  testing::FixtureToolRunner runner(ORCHARD_HOST_TESTDATA);
  std::filesystem::path out = dir_ / "saved";
  auto saved = CollectAndSaveHostFacts(runner, env, out);
  ASSERT_TRUE(saved) << saved.error().message();
  std::filesystem::remove_all(src);  // the folder stands alone
  EXPECT_EQ(Read("saved/proxy-environment"),
            "https_proxy=http://***@proxy.corp:3128\nNO_PROXY=.corp,localhost\n");
  // Only the certificates are kept: never the key left beside them, nor the text file.
  const std::string kept = Read("saved/ca-certificates/corp/roots.crt");
  EXPECT_EQ(kept.find("PRIVATE KEY"), std::string::npos) << kept;
  EXPECT_TRUE(kept.starts_with("-----BEGIN CERTIFICATE-----\n")) << kept;
  EXPECT_EQ(Read("saved/ca-certificates/readme.txt"), "");
  auto loaded = LoadHostFacts(out);
  ASSERT_TRUE(loaded) << loaded.error().message();
  EXPECT_EQ(loaded->problems, saved->problems);
  EXPECT_EQ(loaded->problems,
            std::vector<std::string>{
                "ca-certificates/readme.txt: not named *.crt, so update-ca-certificates leaves "
                "it out"});
  EXPECT_EQ(loaded->platform, Platform::kLinux);
  EXPECT_EQ(loaded->os.name, "Debian GNU/Linux");
  ASSERT_EQ(loaded->resolvers.size(), 1u);
  EXPECT_EQ(loaded->resolvers[0].nameservers, (std::vector<std::string>{"127.0.0.53"}));
  ASSERT_TRUE(loaded->proxy_environment);
  ASSERT_EQ(loaded->proxy_environment->size(), 2u);
  EXPECT_EQ((*loaded->proxy_environment)[0].name, "https_proxy");
  EXPECT_EQ((*loaded->proxy_environment)[0].value, "http://***@proxy.corp:3128");
  ASSERT_TRUE(loaded->local_ca_certificates);
  ASSERT_EQ(loaded->local_ca_certificates->size(), 2u);
  EXPECT_EQ((*loaded->local_ca_certificates)[0].subject, "Apple Root CA - G3");
  EXPECT_EQ((*loaded->local_ca_certificates)[0].file, "corp/roots.crt");
  EXPECT_EQ((*loaded->local_ca_certificates)[1].subject, "DigiCert Global Root G2");
  EXPECT_FALSE(loaded->system_proxy);
}

// A Linux folder saved before these facts were kept: each is absent and said to be.
TEST_F(HostFolder, ALinuxFolderWithoutProxyOrCaFilesSaysSo) {
  Write("platform", "linux\n");
  Write("os-release", "NAME=Debian\n");
  Write("resolv.conf", "nameserver 127.0.0.53\n");
  auto facts = LoadHostFacts(dir_);
  ASSERT_TRUE(facts) << facts.error().message();
  EXPECT_FALSE(facts->proxy_environment);
  EXPECT_FALSE(facts->local_ca_certificates);
  EXPECT_EQ(facts->problems, (std::vector<std::string>{"proxy-environment: not recorded",
                                                       "ca-certificates: not recorded"}));
  Write("proxy-environment", "https_proxy=http://p:3128\nnot a variable\n");
  facts = LoadHostFacts(dir_);
  ASSERT_TRUE(facts);
  EXPECT_FALSE(facts->proxy_environment);
  EXPECT_EQ(facts->problems.front(),
            "proxy-environment:2: expected NAME=value with a proxy variable's name");
}

TEST(ReplayToolRunner, RefusesCommandsOutsideTheTable) {
  ReplayToolRunner runner("/nonexistent");
  auto out = runner.Run("/bin/ls", {"-l"});
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().message(), "cannot run /bin/ls -l: not found");
}

}  // namespace
}  // namespace orchard::host
