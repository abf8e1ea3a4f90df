#include "catalog/host_pattern.h"

#include <gtest/gtest.h>

namespace orchard::catalog {
namespace {

TEST(HostPattern, ClassifiesNamesWildcardsAndCidrs) {
  EXPECT_EQ(ClassifyHost("ocsp.apple.com").value(), HostKind::kName);
  EXPECT_EQ(ClassifyHost("*.push.apple.com").value(), HostKind::kWildcard);
  EXPECT_EQ(ClassifyHost("17.248.128.0/18").value(), HostKind::kCidr);
  EXPECT_EQ(ClassifyHost("17.0.0.1").value(), HostKind::kCidr);
}

TEST(HostPattern, RejectsBadCidrsWithTheReason) {
  auto prefix = ClassifyHost("17.0.0.0/33");
  ASSERT_FALSE(prefix);
  EXPECT_NE(prefix.error().message().find("prefix"), std::string::npos);
  auto host_bits = ClassifyHost("17.248.129.0/18");
  ASSERT_FALSE(host_bits);
  EXPECT_NE(host_bits.error().message().find("17.248.128.0/18"), std::string::npos);
  EXPECT_FALSE(ClassifyHost("17.256.0.0/8"));
  EXPECT_FALSE(ClassifyHost("17.0.0/8"));
  EXPECT_FALSE(ClassifyHost("017.0.0.0/8"));
  EXPECT_FALSE(ClassifyHost("17.0.0.0/"));
}

TEST(HostPattern, RejectsBadNames) {
  EXPECT_FALSE(ClassifyHost(""));
  EXPECT_FALSE(ClassifyHost("bad host.apple.com"));
  EXPECT_FALSE(ClassifyHost("*."));
  EXPECT_FALSE(ClassifyHost("a..apple.com"));
  EXPECT_FALSE(ClassifyHost("-x.apple.com"));
  EXPECT_FALSE(ClassifyHost("*.*.apple.com"));
}

TEST(HostPattern, FirstUsableAddress) {
  EXPECT_EQ(FirstUsableAddress(ParseIpv4Cidr("17.248.128.0/18").value()), "17.248.128.1");
  EXPECT_EQ(FirstUsableAddress(ParseIpv4Cidr("17.1.2.3/32").value()), "17.1.2.3");
  EXPECT_EQ(FirstUsableAddress(ParseIpv4Cidr("0.0.0.0/0").value()), "0.0.0.1");
}

}  // namespace
}  // namespace orchard::catalog
