#include "base/clock.h"

#include <gtest/gtest.h>

namespace orchard {
namespace {

TEST(Clock, MsSinceCountsMillisecondsOnTheSteadyClock) {
  const auto start = std::chrono::steady_clock::now() - std::chrono::milliseconds(250);
  const double ms = MsSince(start);
  EXPECT_GE(ms, 250.0);
  EXPECT_LT(ms, 60'000.0);  // milliseconds, not microseconds or nanoseconds
  EXPECT_LT(MsSince(std::chrono::steady_clock::now() + std::chrono::seconds(1)), 0.0);
}

}  // namespace
}  // namespace orchard
