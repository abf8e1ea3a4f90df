// systemextensionsctl list on every recorded output in testdata/systemextensionsctl.
#include "host/system_extensions.h"

#include <gtest/gtest.h>

#include "support/host_testdata.h"

namespace orchard::host {
namespace {

using testing::Fixture;

TEST(SystemExtensions, ReadsNetworkExtensionAfterBlankLine) {
  auto exts = ParseSystemExtensions(Fixture("systemextensionsctl/lulu_network_extension.txt"));
  ASSERT_TRUE(exts) << exts.error().message();
  ASSERT_EQ(exts->size(), 1u);
  const SystemExtension& e = exts->front();
  EXPECT_EQ(e.category, "com.apple.system_extension.network_extension");
  EXPECT_TRUE(e.enabled);
  EXPECT_TRUE(e.active);
  EXPECT_EQ(e.team_id, "VBG97UB4TA");
  EXPECT_EQ(e.bundle_id, "com.objective-see.lulu.extension");
  EXPECT_EQ(e.version, "2.3.0/2.3.0");
  EXPECT_EQ(e.name, "Extension");
  EXPECT_EQ(e.state, "activated enabled");
  EXPECT_FALSE(e.WaitingForUser());
}

TEST(SystemExtensions, ReadsNameWithSpaces) {
  auto exts = ParseSystemExtensions(Fixture("systemextensionsctl/crescendo_endpoint_security.txt"));
  ASSERT_TRUE(exts) << exts.error().message();
  ASSERT_EQ(exts->size(), 1u);
  EXPECT_EQ(exts->front().category, "com.apple.system_extension.endpoint_security");
  EXPECT_EQ(exts->front().name, "Crescendo System Extension");
  EXPECT_EQ(exts->front().version, "1.0.4/35");
  EXPECT_EQ(exts->front().team_id, "AD94776VX5");
}

TEST(SystemExtensions, ReadsWaitingForUserFromTabExpandedColumns) {
  auto exts = ParseSystemExtensions(Fixture("systemextensionsctl/santa_waiting_for_user.txt"));
  ASSERT_TRUE(exts) << exts.error().message();
  ASSERT_EQ(exts->size(), 2u);
  const SystemExtension& waiting = (*exts)[0];
  EXPECT_FALSE(waiting.enabled);  // the "*" sits in the active column only
  EXPECT_TRUE(waiting.active);
  EXPECT_TRUE(waiting.WaitingForUser());
  EXPECT_EQ(waiting.state, "activated waiting for user");
  EXPECT_EQ(waiting.team_id, "EQHXZ8M8AV");
  EXPECT_EQ(waiting.bundle_id, "com.google.santa.daemon");
  EXPECT_EQ(waiting.version, "1.15/1.15");
  EXPECT_EQ(waiting.name, "santad");
  const SystemExtension& old = (*exts)[1];
  EXPECT_TRUE(old.enabled);
  EXPECT_TRUE(old.active);
  EXPECT_EQ(old.version, "1.13/1.13");
  EXPECT_EQ(old.state, "activated enabled");
}

TEST(SystemExtensions, ReadsNoExtensions) {
  auto exts = ParseSystemExtensions(Fixture("systemextensionsctl/none.txt"));
  ASSERT_TRUE(exts) << exts.error().message();
  EXPECT_TRUE(exts->empty());
}

TEST(SystemExtensions, ReadsThreeCategoriesWithSettingsHintsAndATerminatedRow) {
  auto exts =
      ParseSystemExtensions(Fixture("systemextensionsctl/three_categories_settings_hints.txt"));
  ASSERT_TRUE(exts) << exts.error().message();
  ASSERT_EQ(exts->size(), 6u);
  EXPECT_EQ((*exts)[1].category, "com.apple.system_extension.network_extension");
  EXPECT_EQ((*exts)[1].bundle_id, "io.tailscale.ipn.macsys.network-extension");
  EXPECT_EQ((*exts)[1].version, "1.102.2/101.102.2");
  EXPECT_EQ((*exts)[1].name, "Tailscale Network Extension");
  const SystemExtension& stale = (*exts)[3];
  EXPECT_EQ(stale.category, "com.apple.system_extension.endpoint_security");
  EXPECT_FALSE(stale.enabled);
  EXPECT_FALSE(stale.active);
  EXPECT_EQ(stale.team_id, "W5W395V82Y");
  EXPECT_EQ(stale.version, "10.8.0/370");
  EXPECT_EQ(stale.state, "terminated waiting to uninstall on reboot");
  EXPECT_TRUE((*exts)[2].enabled);
  EXPECT_EQ((*exts)[2].state, "activated enabled");
  EXPECT_EQ((*exts)[5].category, "com.apple.system_extension.driver_extension");
  EXPECT_EQ((*exts)[5].name, "org.pqrs.Karabiner-DriverKit-VirtualHIDDevice");
}

TEST(SystemExtensions, MissingRowIsCutShort) {
  std::string text = Fixture("systemextensionsctl/santa_waiting_for_user.txt");
  text = text.substr(0, text.rfind("*       *"));
  auto exts = ParseSystemExtensions(text);
  ASSERT_FALSE(exts);
  EXPECT_EQ(
      exts.error().message(),
      "systemextensionsctl list:5: the output declares 2 extension(s) but lists 1 (cut short?)");
}

TEST(SystemExtensions, RowCutMidLineIsAnError) {
  std::string text = Fixture("systemextensionsctl/lulu_network_extension.txt");
  text = text.substr(0, text.find("\tExtension\t"));
  auto exts = ParseSystemExtensions(text);
  ASSERT_FALSE(exts);
  EXPECT_EQ(exts.error().message(), "systemextensionsctl list:5: row does not end in a [state]");
}

TEST(SystemExtensions, GarbageIsAnError) {
  auto sip = ParseSystemExtensions(
      "At this time, this tool cannot be used if System Integrity Protection is enabled.\n");
  ASSERT_FALSE(sip);
  EXPECT_EQ(sip.error().message(),
            "systemextensionsctl list:1: expected \"N extension(s)\", got \"At this time, this "
            "tool cannot be used if System Integrity Protection is enabled.\"");
  auto no_header = ParseSystemExtensions("1 extension(s)\n--- cat\n*\t*\tT\tb (1)\tn\t[s]\n");
  ASSERT_FALSE(no_header);
  EXPECT_EQ(no_header.error().message(),
            "systemextensionsctl list:3: expected a \"--- category\" or column header, got "
            "\"*\t*\tT\tb (1)\tn\t[s]\"");
  EXPECT_FALSE(ParseSystemExtensions(""));
}

}  // namespace
}  // namespace orchard::host
