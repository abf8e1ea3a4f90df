#include "proxy/pac_result.h"

#include <gtest/gtest.h>

namespace orchard::proxy {
namespace {

std::string Show(std::string_view answer) {
  auto r = ParsePacAnswer(answer);
  if (!r) return "error: " + r.error().message();
  std::string out;
  for (const auto& c : *r) out += (out.empty() ? "" : " | ") + c.ToString();
  return out;
}

TEST(PacAnswer, OrderedChoices) {
  EXPECT_EQ(Show("PROXY a:8080; PROXY b:3128; DIRECT"), "PROXY a:8080 | PROXY b:3128 | DIRECT");
}

TEST(PacAnswer, CaseSpacesAndEmptyEntries) {
  EXPECT_EQ(Show("  proxy   a:8080 ;; direct ;"), "PROXY a:8080 | DIRECT");
}

TEST(PacAnswer, EmptyMeansDirect) { EXPECT_EQ(Show(""), "DIRECT"); }

TEST(PacAnswer, DefaultPorts) {
  EXPECT_EQ(Show("PROXY a"), "PROXY a:80");
  EXPECT_EQ(Show("HTTPS h"), "HTTPS h:443");
  EXPECT_EQ(Show("SOCKS s"), "SOCKS s:1080");
}

TEST(PacAnswer, OtherKindsAreKeptButUnsupported) {
  auto r = ParsePacAnswer("HTTPS h:443; SOCKS5 s:1080; SOCKS4 t:1; SOCKS u:2; PROXY p:1");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 5u);
  EXPECT_FALSE((*r)[0].Supported());
  EXPECT_FALSE((*r)[1].Supported());
  EXPECT_EQ((*r)[1].kind, PacChoice::Kind::kSocks5);
  EXPECT_EQ((*r)[2].kind, PacChoice::Kind::kSocks4);
  EXPECT_TRUE((*r)[4].Supported());
}

TEST(PacAnswer, Ipv6Proxy) { EXPECT_EQ(Show("PROXY [::1]:3128"), "PROXY [::1]:3128"); }

TEST(PacAnswer, Errors) {
  EXPECT_NE(Show("GOPHER g:70").find("unknown keyword"), std::string::npos);
  EXPECT_NE(Show("PROXY").find("without host:port"), std::string::npos);
  EXPECT_NE(Show("PROXY a:0").find("bad port"), std::string::npos);
  EXPECT_NE(Show("PROXY a:70000").find("bad port"), std::string::npos);
  EXPECT_NE(Show("PROXY a:").find("bad port"), std::string::npos);
  EXPECT_NE(Show("PROXY ::1:80").find("brackets"), std::string::npos);
  EXPECT_NE(Show("DIRECT x:1").find("no address"), std::string::npos);
}

}  // namespace
}  // namespace orchard::proxy
