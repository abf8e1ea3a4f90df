#include "generate/address.h"

#include <gtest/gtest.h>

namespace orchard::generate {
namespace {

TEST(Address, ParsesNetworksAndSingleAddresses) {
  auto block = ParsePrefix("17.0.0.0/8");
  ASSERT_TRUE(block);
  EXPECT_EQ(block->family, Family::kV4);
  EXPECT_EQ(block->length, 8);
  EXPECT_EQ(ToString(*block), "17.0.0.0/8");

  auto host = ParsePrefix("23.1.2.3");
  ASSERT_TRUE(host);
  EXPECT_TRUE(host->IsHost());
  EXPECT_EQ(ToString(*host), "23.1.2.3");

  auto v6 = ParsePrefix("2001:DB8::1/32");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->family, Family::kV6);
  EXPECT_EQ(ToString(*v6), "2001:db8::/32");
}

TEST(Address, ClearsHostBitsSoEqualNetworksCompareEqual) {
  EXPECT_EQ(*ParsePrefix("17.1.2.3/8"), *ParsePrefix("17.0.0.0/8"));
  EXPECT_EQ(ToString(*ParsePrefix("17.248.130.0/18")), "17.248.128.0/18");
}

TEST(Address, RejectsWhatIsNotAnAddress) {
  for (const char* bad : {"", "/8", "17.0.0.0/", "17.0.0.0/33", "17.0.0.0/-1", "17.0.0.0/8x",
                          "17.0.0", "apple.com", "::1/129", "1.2.3.4 ", "17.0.0.0/8/8"}) {
    EXPECT_FALSE(ParsePrefix(bad)) << bad;
  }
}

TEST(Address, ContainsChecksFamilyAndPrefix) {
  auto block = *ParsePrefix("17.0.0.0/8");
  EXPECT_TRUE(Contains(block, *ParsePrefix("17.248.128.0/18")));
  EXPECT_TRUE(Contains(block, *ParsePrefix("17.57.146.20")));
  EXPECT_TRUE(Contains(block, block));
  EXPECT_FALSE(Contains(block, *ParsePrefix("18.0.0.1")));
  EXPECT_FALSE(Contains(*ParsePrefix("17.248.128.0/18"), block));
  EXPECT_FALSE(Contains(*ParsePrefix("::/0"), *ParsePrefix("17.0.0.1")));
  EXPECT_TRUE(Contains(*ParsePrefix("2600:1400::/24"), *ParsePrefix("2600:1400::1")));
}

TEST(Address, OrdersByFamilyThenAddress) {
  EXPECT_LT(*ParsePrefix("17.0.0.0/8"), *ParsePrefix("23.0.0.1"));
  EXPECT_LT(*ParsePrefix("255.255.255.255"), *ParsePrefix("::1"));
}

}  // namespace
}  // namespace orchard::generate
