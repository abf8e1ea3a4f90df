#include "host/linux_sources.h"

#include <gtest/gtest.h>

namespace orchard::host {
namespace {

// Debian 12's /etc/os-release as shipped.
constexpr std::string_view kDebian12 = R"os(PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
)os";

TEST(OsRelease, ReadsDebian) {
  auto r = ParseOsRelease(kDebian12);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->name, "Debian GNU/Linux");
  EXPECT_EQ(r->version_id, "12");
  EXPECT_EQ(r->pretty_name, "Debian GNU/Linux 12 (bookworm)");
  EXPECT_EQ(r->build_id, "");
}

TEST(OsRelease, DefaultsNameAndSkipsComments) {
  auto r = ParseOsRelease("# comment\nBUILD_ID='rolling'\n");
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->name, "Linux");
  EXPECT_EQ(r->build_id, "rolling");
}

TEST(OsRelease, GarbageNamesItsLine) {
  auto r = ParseOsRelease("NAME=x\nthis is not a key\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "os-release:2: expected KEY=value, got \"this is not a key\"");
}

TEST(ResolvConf, ReadsServersAndLastSearch) {
  auto c = ParseResolvConf(
      "# generated\nnameserver 10.255.255.53\nnameserver ::1\ndomain old.example\n"
      "search corp.example lab.example\noptions ndots:2\n");
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(c->nameservers, (std::vector<std::string>{"10.255.255.53", "::1"}));
  EXPECT_EQ(c->search_domains, (std::vector<std::string>{"corp.example", "lab.example"}));
}

TEST(ResolvConf, NameserverWithoutAddressIsAnError) {
  auto c = ParseResolvConf("nameserver 10.0.0.1\nnameserver\n");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message(), "resolv.conf:2: nameserver needs exactly one address");
}

}  // namespace
}  // namespace orchard::host
