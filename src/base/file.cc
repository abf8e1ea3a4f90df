#include "base/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

namespace orchard {

Result<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return MakeError(ErrorCode::kIo, path.string() + ": cannot open: " + std::strerror(errno));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return MakeError(ErrorCode::kIo, path.string() + ": read failed");
  return buffer.str();
}

Result<void> WriteFileAtomically(const std::filesystem::path& path, std::string_view content) {
  if (path == "-") {
    std::cout.write(content.data(), static_cast<std::streamsize>(content.size()));
    std::cout.flush();
    if (!std::cout) return MakeError(ErrorCode::kIo, "stdout: write failed");
    return {};
  }
  std::filesystem::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  std::string tmpl = (dir / ("." + path.filename().string() + ".XXXXXX")).string();
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) {
    return MakeError(ErrorCode::kIo,
                     path.string() + ": cannot create temporary file: " + std::strerror(errno));
  }
  auto fail = [&](const char* what) {
    std::string message = path.string() + ": " + what + ": " + std::strerror(errno);
    ::close(fd);
    ::unlink(tmpl.c_str());
    return MakeError(ErrorCode::kIo, std::move(message));
  };
  size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("write failed");
    }
    written += static_cast<size_t>(n);
  }
  if (::fchmod(fd, 0644) != 0) return fail("chmod failed");
  if (::fsync(fd) != 0) return fail("fsync failed");
  if (::close(fd) != 0) {
    ::unlink(tmpl.c_str());
    return MakeError(ErrorCode::kIo, path.string() + ": close failed");
  }
  if (std::rename(tmpl.c_str(), path.c_str()) != 0) {
    std::string message = path.string() + ": rename failed: " + std::strerror(errno);
    ::unlink(tmpl.c_str());
    return MakeError(ErrorCode::kIo, std::move(message));
  }
  return {};
}

}  // namespace orchard
