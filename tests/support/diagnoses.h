#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "diagnose/diagnosis.h"
#include "probe/result.h"

// Reading Diagnose's findings in the rule tests, which say `using namespace testing;` to have
// these, the matchers they read explanations with, and probe::Reason.
namespace orchard::testing {

using probe::Reason;
using ::testing::HasSubstr;
using ::testing::Not;

// The ids of `ds`, in order.
inline std::vector<std::string> Ids(const std::vector<diagnose::Diagnosis>& ds) {
  std::vector<std::string> ids;
  for (const auto& d : ds) ids.push_back(d.id);
  return ids;
}

// The single diagnosis with `id`, failing the test when there is not exactly one.
inline diagnose::Diagnosis Only(const std::vector<diagnose::Diagnosis>& ds, std::string_view id) {
  diagnose::Diagnosis found;
  int n = 0;
  for (const auto& d : ds) {
    if (d.id == id) {
      found = d;
      ++n;
    }
  }
  EXPECT_EQ(n, 1) << id;
  return found;
}

}  // namespace orchard::testing
