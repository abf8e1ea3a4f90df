#pragma once

#include <string>

namespace orchard::cli {

// The project version from CMake's project() and the commit it was built from ("unknown"
// outside a git clone), generated at build time by cmake/git_commit.cmake.
extern const char kVersion[];
extern const char kGitCommit[];

// What `orchard --version` prints: the version and commit on the first line, then the versions
// of the libraries in use (OpenSSL and c-ares as loaded at run time, Boost as compiled in).
std::string VersionText();

}  // namespace orchard::cli
