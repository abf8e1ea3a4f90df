#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "base/error.h"

namespace orchard {

// Reads a whole file. The error names the path and the reason.
Result<std::string> ReadFile(const std::filesystem::path& path);

// Writes `content` to a temporary file beside `path`, flushes it and renames it over `path`, so
// readers see either the old file or the whole new one, never half of it. "-" means stdout.
Result<void> WriteFileAtomically(const std::filesystem::path& path, std::string_view content);

}  // namespace orchard
