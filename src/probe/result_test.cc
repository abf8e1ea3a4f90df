#include "probe/result.h"

#include <gtest/gtest.h>

#include <set>

namespace orchard::probe {
namespace {

TEST(Result, EveryReasonHasAUniqueNameThatRoundTrips) {
  std::set<std::string_view> seen;
  for (int i = 0; i <= static_cast<int>(Reason::kInternal); ++i) {
    auto reason = static_cast<Reason>(i);
    std::string_view name = ToString(reason);
    EXPECT_NE(name, "unknown") << i;
    EXPECT_TRUE(seen.insert(name).second) << name;
    EXPECT_EQ(ReasonFromString(name), reason) << name;
  }
  EXPECT_FALSE(ReasonFromString("nope"));
}

TEST(Result, StatusAndCheckNamesRoundTrip) {
  for (auto s : {Status::kPass, Status::kFail, Status::kWarn, Status::kSkip}) {
    EXPECT_EQ(StatusFromString(ToString(s)), s);
  }
  for (int i = 0; i <= static_cast<int>(CheckKind::kQuic); ++i) {
    auto k = static_cast<CheckKind>(i);
    EXPECT_EQ(CheckKindFromString(ToString(k)), k);
  }
}

}  // namespace
}  // namespace orchard::probe
