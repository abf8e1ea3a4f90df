#include "cli/file_limit.h"

#include <gtest/gtest.h>

namespace orchard::cli {
namespace {

TEST(FileLimit, AsksForTheHardLimit) {
  EXPECT_EQ(FileLimitTarget(1024, 1048576, false), 1048576u);
  EXPECT_EQ(FileLimitTarget(4096, 4096, false), 4096u);
  EXPECT_EQ(FileLimitTarget(8192, 4096, false), 8192u);  // never lowers it
}

TEST(FileLimit, MacOsStopsAtOpenMax) {
  // macOS: hard limit RLIM_INFINITY, soft 256; setrlimit refuses anything above OPEN_MAX.
  EXPECT_EQ(FileLimitTarget(256, UINT64_MAX, true), 10240u);
  EXPECT_EQ(FileLimitTarget(256, 2048, true), 2048u);
}

TEST(FileLimit, CapsConcurrencyToWhatTheLimitCarries) {
  EXPECT_EQ(ConcurrencyWithin(512, 1048576), 512u);
  EXPECT_EQ(ConcurrencyWithin(512, 256), 256u - kReservedDescriptors);
  EXPECT_EQ(ConcurrencyWithin(512, 10), 1u);
  EXPECT_EQ(ConcurrencyWithin(1, 0), 1u);
}

}  // namespace
}  // namespace orchard::cli
