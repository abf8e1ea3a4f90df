#include "base/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace orchard {
namespace {

namespace fs = std::filesystem;

tl::unexpected<Error> IoError(const fs::path& path, std::string_view what) {
  return MakeError(ErrorCode::kIo, path.string() + ": " + std::string(what));
}

tl::unexpected<Error> ErrnoError(const fs::path& path, std::string_view what, int err) {
  return IoError(path, std::string(what) + ": " + std::strerror(err));
}

// Writes all of `content` to `fd`, retrying short writes; false with errno set on failure.
bool WriteAll(int fd, std::string_view content) {
  size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    written += static_cast<size_t>(n);
  }
  return true;
}

// Follows `path` through symlinks to the name it finally stands for, which may not exist yet
// (a dangling link is followed to where its target would be created).
Result<fs::path> FollowLinks(fs::path path) {
  for (int hops = 0; hops < 40; ++hops) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(path, ec))) return path;
    fs::path target = fs::read_symlink(path, ec);
    if (ec) return IoError(path, "cannot read symlink: " + ec.message());
    path = target.is_absolute() ? target : path.parent_path() / target;
  }
  return IoError(path, "too many levels of symbolic links");
}

std::string_view KindOf(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file";
}

Result<void> WriteStdout(std::string_view content) {
  std::cout.flush();
  if (!WriteAll(STDOUT_FILENO, content)) return ErrnoError("stdout", "write failed", errno);
  return {};
}

// A character device or FIFO: written into as it is; replacing it would break the machine
// (/dev/null) or the reader (a pipe).
Result<void> WriteInto(const fs::path& path, std::string_view content) {
  int fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return ErrnoError(path, "cannot open", errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !(S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
    ::close(fd);
    return IoError(path, "changed while it was being opened; not written");
  }
  bool ok = WriteAll(fd, content);
  int err = errno;
  if (::close(fd) != 0 && ok) return ErrnoError(path, "close failed", errno);
  if (!ok) return ErrnoError(path, "write failed", err);
  return {};
}

// A regular file or nothing yet: a temporary file beside it, renamed over it.
Result<void> ReplaceAtomically(const fs::path& path, std::string_view content) {
  fs::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  std::string tmpl = (dir / ("." + path.filename().string() + ".XXXXXX")).string();
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) return ErrnoError(path, "cannot create temporary file", errno);
  auto fail = [&](const char* what) {
    auto error = ErrnoError(path, what, errno);
    ::close(fd);
    ::unlink(tmpl.c_str());
    return error;
  };
  if (!WriteAll(fd, content)) return fail("write failed");
  if (::fchmod(fd, 0644) != 0) return fail("chmod failed");
  if (::fsync(fd) != 0) return fail("fsync failed");
  if (::close(fd) != 0) {
    auto error = ErrnoError(path, "close failed", errno);
    ::unlink(tmpl.c_str());
    return error;
  }
  // rename() would replace a device or FIFO put there since the caller looked.
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    ::unlink(tmpl.c_str());
    return IoError(path, "is no longer a regular file; not replaced");
  }
  if (std::rename(tmpl.c_str(), path.c_str()) != 0) {
    auto error = ErrnoError(path, "rename failed", errno);
    ::unlink(tmpl.c_str());
    return error;
  }
  return {};
}

// Reads `fd` to its end, refusing more than `limit` bytes; `name` is for messages.
Result<std::string> ReadAll(int fd, const fs::path& name, size_t limit) {
  std::string data;
  char buffer[64 * 1024];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoError(name, "read failed", errno);
    if (n == 0) return data;
    if (data.size() + static_cast<size_t>(n) > limit) {
      return IoError(name, "larger than " + std::to_string(limit / (1024 * 1024)) +
                               " MiB; refusing to read it (is it the right file?)");
    }
    data.append(buffer, static_cast<size_t>(n));
  }
}

}  // namespace

Result<std::string> ReadFile(const fs::path& path, size_t limit) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoError(path, "cannot open", errno);
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return IoError(path, "is a directory");
  }
  auto data = ReadAll(fd, path, limit);
  ::close(fd);
  return data;
}

Result<std::string> ReadStdin(size_t limit) { return ReadAll(STDIN_FILENO, "stdin", limit); }

Result<void> WriteFileAtomically(const fs::path& path, std::string_view content) {
  if (path.empty() || path == "-") return WriteStdout(content);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) return ErrnoError(path, "cannot write", errno);
    auto target = FollowLinks(path);  // nothing there, or a link to nothing
    if (!target) return tl::unexpected(target.error());
    return ReplaceAtomically(*target, content);
  }
  if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) return WriteInto(path, content);
  if (!S_ISREG(st.st_mode)) {
    return IoError(path, "is " + std::string(KindOf(st.st_mode)) + "; -o needs a file name");
  }
  auto target = FollowLinks(path);
  if (!target) return tl::unexpected(target.error());
  return ReplaceAtomically(*target, content);
}

}  // namespace orchard
