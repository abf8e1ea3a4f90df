#include "base/file.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace orchard {
namespace {

std::filesystem::path TempDir() {
  auto dir =
      std::filesystem::temp_directory_path() / ("orchard_file_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(File, WritesAtomicallyAndReadsBack) {
  auto path = TempDir() / "out.txt";
  ASSERT_TRUE(WriteFileAtomically(path, "hello\n"));
  auto read = ReadFile(path);
  ASSERT_TRUE(read);
  EXPECT_EQ(*read, "hello\n");
  // Nothing but the target is left in the folder.
  int entries = 0;
  for (auto& e : std::filesystem::directory_iterator(path.parent_path())) {
    (void)e;
    ++entries;
  }
  EXPECT_EQ(entries, 1);
  std::filesystem::remove_all(path.parent_path());
}

TEST(File, ReportsMissingFileWithPath) {
  auto read = ReadFile("/nonexistent/orchard/file.toml");
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code(), ErrorCode::kIo);
  EXPECT_NE(read.error().message().find("/nonexistent/orchard/file.toml"), std::string::npos);
}

TEST(File, WriteIntoMissingDirectoryFailsCleanly) {
  auto result = WriteFileAtomically("/nonexistent/orchard/out.json", "{}");
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message().find("out.json"), std::string::npos);
}

TEST(Error, ExitCodes) {
  EXPECT_EQ(Error(ErrorCode::kCatalog, "x").ExitCode(), 2);
  EXPECT_EQ(Error(ErrorCode::kUsage, "x").ExitCode(), 2);
  EXPECT_EQ(Error(ErrorCode::kInternal, "x").ExitCode(), 3);
  EXPECT_EQ(Error(ErrorCode::kParse, "b").WithContext("a.toml:3").message(), "a.toml:3: b");
}

}  // namespace
}  // namespace orchard
