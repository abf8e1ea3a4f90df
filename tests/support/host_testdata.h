#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "base/file.h"

namespace orchard::testing {

// The content of testdata/<relative>; fails the test when it cannot be read.
inline std::string Fixture(std::string_view relative) {
  auto text = ReadFile(std::string(ORCHARD_HOST_TESTDATA) + "/" + std::string(relative));
  EXPECT_TRUE(text) << (text ? "" : text.error().message());
  return text ? *text : std::string();
}

}  // namespace orchard::testing
