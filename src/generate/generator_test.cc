#include "generate/generator.h"

#include <gtest/gtest.h>

#include <set>

#include "generate/header.h"
#include "generate/renderers.h"
#include "support/generate_catalog.h"

namespace orchard::generate {
namespace {

TEST(CommentText, NothingInItCanEndTheComment) {
  EXPECT_EQ(CommentText("mac\nx\r\x7f"), "mac x  ");
  // U+2028 / U+2029 end a line in JavaScript (PAC); other non-ASCII text stays.
  EXPECT_EQ(CommentText("mac\u2028FindProxyForURL = 1;\u2029é"), "mac FindProxyForURL = 1; é");
}

TEST(Generator, PacHeaderCannotInjectCodeThroughASavedRunsHostname) {
  auto list = testing::FixtureList();
  list.provenance.results =
      "run 1 on mac\u2028FindProxyForURL = function(){return \"PROXY evil:1\"};//";
  auto files = Render(Format::kPac, list, "http://proxy.corp.example:3128");
  ASSERT_TRUE(files) << files.error().ToString();
  const std::string& pac = (*files)[0].content;
  ASSERT_NE(pac.find("FindProxyForURL = function"), std::string::npos) << "header not written";
  EXPECT_EQ(pac.find("\xe2\x80\xa8"), std::string::npos);
}

TEST(Generator, EveryFormatHasOneRowThatNamesRendersAndHelpsIt) {
  Allowlist list;
  std::set<std::string_view> names;
  std::set<Format> formats;
  for (const FormatSpec& spec : Formats()) {
    EXPECT_TRUE(names.insert(spec.name).second) << "two formats named " << spec.name;
    EXPECT_TRUE(formats.insert(spec.format).second) << spec.name;
    auto f = FormatFromString(spec.name);
    ASSERT_TRUE(f) << spec.name;
    EXPECT_EQ(*f, spec.format);
    EXPECT_EQ(ToString(spec.format), spec.name);
    EXPECT_EQ(&SpecOf(spec.format), &spec);
    EXPECT_NE(FormatsHelp().find(std::string(spec.help)), std::string::npos) << spec.name;
    auto files = Render(spec.format, list, spec.needs_proxy ? "http://p.corp:3128" : "");
    ASSERT_TRUE(files) << spec.name << ": " << files.error().ToString();
    EXPECT_FALSE(files->empty()) << spec.name;
  }
  EXPECT_EQ(formats.size(), static_cast<size_t>(Format::kSslBypass) + 1)
      << "an enumerator has no row";
  EXPECT_EQ(FormatNames().size(), Formats().size());
  EXPECT_FALSE(FormatFromString("yaml"));
  EXPECT_FALSE(FormatFromString("PAC"));
}

TEST(Generator, FlagsThatDoNotFitAreUsageErrors) {
  auto flags = [](Format format, auto&& edit) {
    Flags f;
    f.format = format;
    edit(f);
    return f;
  };
  auto usage = [](Flags f) {
    auto r = CheckFlags(f);
    return !r && r.error().code() == ErrorCode::kUsage;
  };
  EXPECT_TRUE(usage(flags(Format::kHosts, [](Flags& f) { f.only_failing = true; })));
  EXPECT_TRUE(usage(flags(Format::kPac, [](Flags&) {})));
  EXPECT_TRUE(usage(flags(Format::kSquid, [](Flags& f) { f.proxy = "http://p:3128"; })));
  EXPECT_TRUE(usage(flags(Format::kSquid, [](Flags& f) { f.resolve = true; })));
  EXPECT_TRUE(usage(flags(Format::kNftables, [](Flags& f) { f.collapse = {"apple.com"}; })));
  // The messages name the formats that do take the flag, from the table.
  auto message = [](Flags f) { return CheckFlags(f).error().message(); };
  EXPECT_EQ(message(flags(Format::kSquid, [](Flags& f) { f.resolve = true; })),
            "--resolve applies to the address formats (cidr, csv, json, nftables, iptables, pf), "
            "not squid");
  EXPECT_EQ(message(flags(Format::kCidr, [](Flags& f) { f.collapse = {"apple.com"}; })),
            "--collapse applies to the domain formats (domains, pac, squid, paloalto-edl, "
            "ssl-bypass), not cidr");
  EXPECT_EQ(message(flags(Format::kHosts, [](Flags& f) { f.proxy = "http://p:3128"; })),
            "--proxy applies only to --format pac");
  EXPECT_TRUE(CheckFlags(flags(Format::kPac, [](Flags& f) { f.proxy = "http://p:3128"; })));
  EXPECT_TRUE(CheckFlags(flags(Format::kNftables, [](Flags& f) { f.resolve = true; })));
  EXPECT_TRUE(CheckFlags(flags(Format::kDomains, [](Flags& f) { f.collapse = {"apple.com"}; })));
  EXPECT_TRUE(CheckFlags(flags(Format::kCsv, [](Flags& f) { f.from = f.only_failing = true; })));
  auto pac = CheckFlags(flags(Format::kPac, [](Flags&) {}));
  ASSERT_FALSE(pac);
  EXPECT_NE(pac.error().message().find("--proxy"), std::string::npos);
}

TEST(Generator, PaloAltoWritesTwoLists) {
  auto files = Render(Format::kPaloAltoEdl, testing::FixtureList(), "");
  ASSERT_TRUE(files);
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[0].suffix, "");
  EXPECT_EQ((*files)[1].suffix, "-decryption-bypass");
  EXPECT_EQ(SiblingPath("out/apple-edl.txt", "-decryption-bypass"),
            std::filesystem::path("out/apple-edl-decryption-bypass.txt"));
  EXPECT_EQ(SiblingPath("edl", "-decryption-bypass"),
            std::filesystem::path("edl-decryption-bypass"));
}

TEST(Generator, EveryFormatRendersAnEmptyList) {
  Allowlist empty;
  for (const char* name : {"hosts", "domains", "cidr", "csv", "json", "pac", "squid", "nftables",
                           "iptables", "pf", "paloalto-edl", "ssl-bypass"}) {
    auto files = Render(*FormatFromString(name), empty, "http://proxy.example:3128");
    EXPECT_TRUE(files) << name;
  }
}

TEST(PacProxy, TurnsProxyUrlsIntoDirectives) {
  EXPECT_EQ(*PacProxyDirective("http://proxy.corp.example:3128"), "PROXY proxy.corp.example:3128");
  EXPECT_EQ(*PacProxyDirective("proxy.corp.example:8080"), "PROXY proxy.corp.example:8080");
  EXPECT_EQ(*PacProxyDirective("http://proxy.corp.example/"), "PROXY proxy.corp.example:80");
  EXPECT_EQ(*PacProxyDirective("HTTPS://secure.example:443"), "HTTPS secure.example:443");
  EXPECT_EQ(*PacProxyDirective("socks5://127.0.0.1:1080"), "SOCKS5 127.0.0.1:1080");
  EXPECT_EQ(*PacProxyDirective("http://[::1]:3128"), "PROXY [::1]:3128");
}

TEST(PacProxy, RejectsWhatCouldBreakThePac) {
  for (const char* bad : {"http://user:pass@proxy:3128", "ftp://proxy:21", "http://proxy:0",
                          "http://proxy:99999", "http://pro\"xy:80", "http://proxy:80/path",
                          "http://proxy\";alert(1);//:80", "http://[::1", "http://:80", ""}) {
    auto r = PacProxyDirective(bad);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_EQ(r.error().code(), ErrorCode::kUsage);
    }
  }
}

}  // namespace
}  // namespace orchard::generate
