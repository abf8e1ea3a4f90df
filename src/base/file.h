#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "base/error.h"

namespace orchard {

// Inputs bigger than this are refused rather than read until memory runs out (/dev/zero given
// as a catalog). Far above any real catalog, results file, article or PAC (the largest real
// ones are a few megabytes).
inline constexpr size_t kMaxInputBytes = 64 * 1024 * 1024;

// Reads a whole file of at most `limit` bytes. The error names the path and the reason.
Result<std::string> ReadFile(const std::filesystem::path& path, size_t limit = kMaxInputBytes);

// Reads standard input to its end, at most `limit` bytes.
Result<std::string> ReadStdin(size_t limit = kMaxInputBytes);

// Writes `content` where `path` names, as a careful shell redirect would. "-" (or "") is
// stdout. A regular file, or nothing yet, is replaced atomically: a temporary file beside it,
// flushed and renamed over it, so readers see the old file or the whole new one, never half
// of it. A symlink is followed and the file it ends at is replaced that way (the link stays).
// A character device or a FIFO (/dev/stdout, a pipe) is written straight into, never replaced.
// Anything else (a directory, a socket, a block device) is refused. Every failed write (a full
// disk, /dev/full) is an error naming the path; nothing is left half-written in its place.
Result<void> WriteFileAtomically(const std::filesystem::path& path, std::string_view content);

}  // namespace orchard
