// `profiles -C -o stdout-xml` on the recorded output in testdata/profiles (see
// testdata/SOURCES.md), and the XML property list reader under it on broken input.
#include "host/configuration_profiles.h"

#include <gtest/gtest.h>

#include <string>

#include "host/plist_xml.h"
#include "support/host_testdata.h"

namespace orchard::host {
namespace {

using testing::Fixture;

TEST(ConfigurationProfiles, ReadsTheRecordedFirewallAndPasscodeProfiles) {
  auto profiles =
      ParseConfigurationProfiles(Fixture("profiles/configuration_firewall_passcode.plist"));
  ASSERT_TRUE(profiles) << profiles.error().message();
  ASSERT_EQ(profiles->size(), 2u);
  const ConfigurationProfile& firewall = (*profiles)[0];
  EXPECT_EQ(firewall.identifier, "com.company.mdm.com.apple.security.firewall");
  EXPECT_EQ(firewall.display_name, "Firewall");
  EXPECT_EQ(firewall.organization, "Company");
  EXPECT_EQ(firewall.verification_state, "verified");
  EXPECT_EQ(firewall.install_date, "2023-03-31 01:14:38 +0000");
  ASSERT_EQ(firewall.payloads.size(), 1u);
  EXPECT_EQ(firewall.payloads[0].type, "com.apple.security.firewall");
  EXPECT_EQ(firewall.payloads[0].identifier, "com.apple.security.firewall");
  EXPECT_EQ(firewall.payloads[0].display_name, "Firewall");
  EXPECT_TRUE(firewall.Carries("com.apple.security.firewall"));
  EXPECT_FALSE(firewall.Carries("com.apple.system-extension-policy"));
  const ConfigurationProfile& passcode = (*profiles)[1];
  EXPECT_EQ(passcode.identifier, "com.company.profiles.PasswordPolicy");
  ASSERT_EQ(passcode.payloads.size(), 1u);
  EXPECT_EQ(passcode.payloads[0].type, "com.apple.mobiledevice.passwordpolicy");
  EXPECT_EQ(passcode.payloads[0].display_name, "Passcode");
}

// What the recorded output says is cut off or changed: each error names the line.
TEST(ConfigurationProfiles, BrokenListsNameTheirLine) {
  const std::string recorded = Fixture("profiles/configuration_firewall_passcode.plist");
  auto cut = ParseConfigurationProfiles(recorded.substr(0, recorded.find("<key>ProfileType")));
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().code(), ErrorCode::kParse);
  EXPECT_EQ(cut.error().message(), "profiles -C:40: the output ends inside <dict> (cut short?)");

  std::string no_type = recorded;
  no_type.replace(no_type.find("<key>PayloadType</key>"), 22, "<key>PayloadKind</key>");
  auto typeless = ParseConfigurationProfiles(no_type);
  ASSERT_FALSE(typeless);
  EXPECT_EQ(typeless.error().message(), "profiles -C:18: a <dict> without PayloadType");

  std::string numbered = recorded;
  numbered.replace(numbered.find("<string>Firewall</string>"), 25, "<integer>7</integer>");
  auto wrong = ParseConfigurationProfiles(numbered);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().message(), "profiles -C:11: ProfileDisplayName is not a <string>");
}

// A message printed instead of the list (a tool that wants root, an old macOS) is quoted.
TEST(ConfigurationProfiles, TextThatIsNotAPropertyListIsQuoted) {
  auto profiles = ParseConfigurationProfiles("profiles: verbose mode ON\n");
  ASSERT_FALSE(profiles);
  EXPECT_EQ(profiles.error().message(),
            "profiles -C:1: expected an XML property list, got \"profiles: verbose mode ON\"");
  EXPECT_FALSE(ParseConfigurationProfiles(""));
  EXPECT_FALSE(ParseConfigurationProfiles("<plist version=\"1.0\"><array/></plist>"));
}

// A list with no "_computerlevel" array lists no computer-level profile.
TEST(ConfigurationProfiles, NoComputerLevelArrayIsNoProfile) {
  auto profiles = ParseConfigurationProfiles("<plist version=\"1.0\"><dict/></plist>\n");
  ASSERT_TRUE(profiles) << profiles.error().message();
  EXPECT_TRUE(profiles->empty());
}

TEST(PlistXml, ReadsScalarsEntitiesAndEmptyElements) {
  auto v = ParsePlistXml(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
      "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
      "<plist version=\"1.0\">\n<dict>\n"
      "\t<!-- a comment -->\n"
      "\t<key>a &amp; b</key>\n\t<string>&lt;x&gt; &quot;&apos; &#233;&#x2713;</string>\n"
      "\t<key>n</key>\n\t<integer>-3</integer>\n"
      "\t<key>yes</key>\n\t<true/>\n"
      "\t<key>empty</key>\n\t<string/>\n"
      "\t<key>list</key>\n\t<array>\n\t\t<false/>\n\t\t<real>1.5</real>\n\t</array>\n"
      "</dict>\n</plist>\n",
      "test");
  ASSERT_TRUE(v) << v.error().message();
  ASSERT_EQ(v->type, PlistValue::Type::kDict);
  ASSERT_EQ(v->keys.size(), 5u);
  ASSERT_NE(v->Find("a & b"), nullptr);
  EXPECT_EQ(v->Find("a & b")->text, "<x> \"' \xc3\xa9\xe2\x9c\x93");
  EXPECT_EQ(v->Find("a & b")->line, 7);
  EXPECT_EQ(v->Find("n")->type, PlistValue::Type::kInteger);
  EXPECT_EQ(v->Find("n")->text, "-3");
  EXPECT_EQ(v->Find("yes")->type, PlistValue::Type::kTrue);
  EXPECT_EQ(v->Find("empty")->text, "");
  const PlistValue* list = v->Find("list");
  ASSERT_NE(list, nullptr);
  ASSERT_EQ(list->items.size(), 2u);
  EXPECT_EQ(list->items[0].type, PlistValue::Type::kFalse);
  EXPECT_EQ(list->items[1].text, "1.5");
  EXPECT_EQ(v->Find("missing"), nullptr);
  EXPECT_EQ(list->Find("yes"), nullptr);
}

TEST(PlistXml, RefusesWhatIsNotAPlistAndSaysWhere) {
  struct Case {
    std::string_view text;
    std::string_view error;
  };
  for (const Case& c : {
           Case{"<plist>\n<dict>\n<key>a</key>\n</dict>\n</plist>",
                "t:4: expected a value, got \"</dict>\""},
           Case{"<plist><dict><string>x</string></dict></plist>",
                "t:1: expected <key> in a <dict>, got \"<string>x</string></dict></plist>\""},
           Case{"<plist><string>a &nbsp; b</string></plist>",
                "t:1: unknown entity &nbsp; in <string>"},
           Case{"<plist><string>a & b</string></plist>", "t:1: a bare '&' in <string>"},
           Case{"<plist><string>&#0;</string></plist>", "t:1: unknown entity &#0; in <string>"},
           Case{"<plist><string><![CDATA[x]]></string></plist>",
                "t:1: CDATA is not supported in a plist"},
           Case{"<plist><dict></array></plist>", "t:1: expected </dict>, got </array>"},
           Case{"<plist><foo/></plist>", "t:1: unknown element <foo>"},
           Case{"<plist><key>k</key></plist>", "t:1: a <key> outside a <dict>"},
           Case{"<plist><true>yes</true></plist>", "t:1: <true> holds text"},
           Case{"<plist><string>x</string></plist>trailing", "t:1: text after </plist>"},
           Case{"<plist><string>x", "t:1: the output ends inside <string> (cut short?)"},
           Case{"<plist><string x=\"1\">x</string></plist>",
                "t:1: expected a value, got \"<string x=\"1\">x</string></plist>\""},
           Case{"<!DOCTYPE plist [<!ENTITY a \"b\">]><plist/>",
                "t:1: a DOCTYPE with an internal subset is not a plist"},
           Case{"<plist/>", "t:1: expected <plist>"},
           Case{"<!-- never closed", "t:1: unterminated comment"},
       }) {
    auto v = ParsePlistXml(c.text, "t");
    ASSERT_FALSE(v) << c.text;
    EXPECT_EQ(v.error().message(), c.error) << c.text;
  }
}

// Nesting is bounded: a hostile or corrupt list fails cleanly instead of exhausting the stack.
TEST(PlistXml, DeepNestingIsAnErrorNotACrash) {
  std::string deep = "<plist>";
  for (int i = 0; i < 100000; ++i) deep += "<array>";
  auto v = ParsePlistXml(deep, "t");
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().message(), "t:1: nested deeper than 64 levels");
  std::string fine = "<plist>";
  for (int i = 0; i < 64; ++i) fine += "<array>";
  for (int i = 0; i < 64; ++i) fine += "</array>";
  EXPECT_TRUE(ParsePlistXml(fine + "</plist>", "t"));
}

}  // namespace
}  // namespace orchard::host
