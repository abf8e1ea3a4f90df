#include "base/file.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>

#include "support/temp_dir.h"
#if defined(__linux__)
#include <sys/sysmacros.h>  // makedev; macOS has it in sys/types.h
#endif
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

namespace orchard {
namespace {

TEST(File, WritesAtomicallyAndReadsBack) {
  const testing::TempDir temp;
  auto path = temp.path() / "out.txt";
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

// Makes a character device (major, minor) at `path`: false where that is not permitted (not
// root, or a container without CAP_MKNOD), and the test skips. The numbers are Linux's (1,3 is
// null, 1,7 full); elsewhere they name other devices, so no node is made there.
bool MakeDevice(const std::filesystem::path& path, unsigned major_number, unsigned minor_number) {
#if defined(__linux__)
  return ::mknod(path.c_str(), S_IFCHR | 0666, makedev(major_number, minor_number)) == 0;
#else
  (void)path, (void)major_number, (void)minor_number;
  errno = ENOTSUP;  // "Operation not supported": Linux device numbers
  return false;
#endif
}

TEST(File, WritesIntoACharacterDeviceWithoutReplacingIt) {
  const testing::TempDir temp;
  const auto& dir = temp.path();
  auto null = dir / "null";
  if (!MakeDevice(null, 1, 3)) GTEST_SKIP() << "mknod not permitted: " << std::strerror(errno);
  ASSERT_TRUE(WriteFileAtomically(null, "report\n"));
  struct stat st {};
  ASSERT_EQ(::lstat(null.c_str(), &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode)) << "the device was replaced by a file";
}

TEST(File, WriteIntoAFullDeviceFails) {
  const testing::TempDir temp;
  const auto& dir = temp.path();
  auto full = dir / "full";
  if (!MakeDevice(full, 1, 7)) GTEST_SKIP() << "mknod not permitted: " << std::strerror(errno);
  auto result = WriteFileAtomically(full, "report\n");
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message().find("full: write failed"), std::string::npos)
      << result.error().message();
  struct stat st {};
  ASSERT_EQ(::lstat(full.c_str(), &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
}

TEST(File, WritesIntoAFifoForItsReader) {
  const testing::TempDir temp;
  const auto& dir = temp.path();
  auto fifo = dir / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0) << std::strerror(errno);
  std::string received;
  std::thread reader([&] {
    std::ifstream in(fifo);
    received.assign(std::istreambuf_iterator<char>(in), {});
  });
  auto result = WriteFileAtomically(fifo, "through the pipe\n");
  reader.join();
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(received, "through the pipe\n");
  struct stat st {};
  ASSERT_EQ(::lstat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode)) << "the FIFO was replaced by a file";
}

TEST(File, FollowsASymlinkAndReplacesItsTarget) {
  const testing::TempDir temp;
  const auto& dir = temp.path();
  std::filesystem::create_directories(dir / "real");
  std::ofstream(dir / "real" / "report.txt") << "old\n";
  std::filesystem::create_symlink("real/report.txt", dir / "link");
  ASSERT_TRUE(WriteFileAtomically(dir / "link", "new\n"));
  EXPECT_TRUE(std::filesystem::is_symlink(dir / "link"));
  EXPECT_EQ(*ReadFile(dir / "real" / "report.txt"), "new\n");
  // A link to nothing yet: the file is created where it points.
  std::filesystem::create_symlink("real/later.txt", dir / "dangling");
  ASSERT_TRUE(WriteFileAtomically(dir / "dangling", "created\n"));
  EXPECT_TRUE(std::filesystem::is_symlink(dir / "dangling"));
  EXPECT_EQ(*ReadFile(dir / "real" / "later.txt"), "created\n");
}

TEST(File, RefusesADirectoryOrASocket) {
  const testing::TempDir temp;
  const auto& dir = temp.path();
  auto result = WriteFileAtomically(dir, "x");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().ExitCode(), 2);
  EXPECT_NE(result.error().message().find("is a directory"), std::string::npos);
  EXPECT_TRUE(std::filesystem::is_directory(dir));

  auto socket_path = dir / "sock";
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, socket_path.c_str(), sizeof addr.sun_path - 1);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  result = WriteFileAtomically(socket_path, "x");
  ::close(fd);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message().find("is a socket"), std::string::npos);
  EXPECT_TRUE(std::filesystem::is_socket(socket_path));
}

TEST(File, RefusesToReadPastTheLimit) {
  const testing::TempDir temp;
  const auto& dir = temp.path();
  std::ofstream(dir / "big") << std::string(100, 'x');
  auto read = ReadFile(dir / "big", 99);
  ASSERT_FALSE(read);
  EXPECT_NE(read.error().message().find("big: larger than"), std::string::npos);
  EXPECT_TRUE(ReadFile(dir / "big", 100));
  // An endless input (/dev/zero's numbers) ends at the limit instead of exhausting memory.
  if (MakeDevice(dir / "zero", 1, 5)) {
    read = ReadFile(dir / "zero", 1024 * 1024);
    ASSERT_FALSE(read);
    EXPECT_NE(read.error().message().find("larger than 1 MiB"), std::string::npos);
  }
}

TEST(Error, ExitCodes) {
  EXPECT_EQ(Error(ErrorCode::kCatalog, "x").ExitCode(), 2);
  EXPECT_EQ(Error(ErrorCode::kUsage, "x").ExitCode(), 2);
  EXPECT_EQ(Error(ErrorCode::kInternal, "x").ExitCode(), 3);
  EXPECT_EQ(Error(ErrorCode::kParse, "b").WithContext("a.toml:3").message(), "a.toml:3: b");
}

}  // namespace
}  // namespace orchard
