#include "probe/connect_to.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace orchard::probe {
namespace {

using ::testing::HasSubstr;

std::string Refusal(std::string_view text) {
  auto rule = ParseConnectTo(text);
  if (rule) return "(accepted)";
  EXPECT_EQ(rule.error().code(), ErrorCode::kUsage);
  return rule.error().message();
}

TEST(ConnectTo, AcceptsEveryDocumentedForm) {
  for (std::string_view text :
       {":::", "::127.0.0.1:9", "::[::1]:", "ocsp.apple.com:80:127.0.0.1:8080",
        "OCSP.apple.com:80::", "*.push.apple.com::127.0.0.3:", "17.0.0.0/8:443:127.0.0.2:",
        "[2620:149::/32]::[::1]:9443",
        "gs.apple.com::lab.test:", "[2620:149::1]:443::", "17.1.2.3:443::"}) {
    auto rule = ParseConnectTo(text);
    EXPECT_TRUE(rule) << text << ": " << rule.error().message();
  }
}

// Each of these used to be accepted and then matched nothing, or carried garbage into a
// connection: the admin saw checks go where the rule did not send them, with no word why.
TEST(ConnectTo, RefusesRulesThatCouldNeverMatchOrConnect) {
  EXPECT_THAT(Refusal("*::127.0.0.1:"), HasSubstr("'*' goes only at the start"));
  EXPECT_THAT(Refusal("a.*.apple.com::127.0.0.1:"), HasSubstr("'*' goes only at the start"));
  EXPECT_THAT(Refusal("*.::127.0.0.1:"), HasSubstr("'*' goes only at the start"));
  EXPECT_THAT(Refusal("x.test::127.0.0.1\n:"), HasSubstr("bad ADDRESS"));
  EXPECT_THAT(Refusal("x.test\n::127.0.0.1:"), HasSubstr("bad HOST"));
  EXPECT_THAT(Refusal("[zz]::127.0.0.1:"), HasSubstr("holds no IPv6 address"));
  EXPECT_THAT(Refusal("x.test::[zz]:"), HasSubstr("bad ADDRESS"));
  EXPECT_THAT(Refusal("x.test::[127.0.0.1]:"), HasSubstr("bad ADDRESS"));
  EXPECT_THAT(Refusal("17.0.0.1/8::127.0.0.1:"),
              HasSubstr("host bits set (the network is 17.0.0.0/8)"));
  EXPECT_THAT(Refusal("[2620:149::1/32]::127.0.0.1:"), HasSubstr("host bits set"));
  EXPECT_THAT(Refusal("17.0.0.0/33::127.0.0.1:"), HasSubstr("bad CIDR"));
  EXPECT_THAT(Refusal("x..test::127.0.0.1:"), HasSubstr("bad HOST"));
}

}  // namespace
}  // namespace orchard::probe
