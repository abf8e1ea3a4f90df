#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace orchard::host {

// What a finished command left behind.
struct ToolOutput {
  int exit_status = 0;  // the exit code; 128 + signal when a signal ended it
  std::string out;
  std::string err;
};

// Runs Apple's (or any) command-line tools. Abstract so tests answer from recorded outputs.
class ToolRunner {
 public:
  virtual ~ToolRunner() = default;
  // Runs `program` (an absolute path) with `args`. An error means the command could not be run
  // at all (missing, not executable, killed at the deadline); a command that ran and exited
  // non-zero is a ToolOutput with that status.
  virtual Result<ToolOutput> Run(const std::string& program,
                                 const std::vector<std::string>& args) = 0;
};

// posix_spawn with stdout and stderr captured (each capped at 4 MiB) and stdin from /dev/null.
// A command still running after `deadline` is killed and reported as an error.
class ProcessToolRunner final : public ToolRunner {
 public:
  explicit ProcessToolRunner(std::chrono::milliseconds deadline = std::chrono::seconds(20))
      : deadline_(deadline) {}
  Result<ToolOutput> Run(const std::string& program, const std::vector<std::string>& args) override;

 private:
  std::chrono::milliseconds deadline_;
};

// "program arg1 arg2": how a command is named in messages and recorded (host_folder.cc).
std::string CommandLine(const std::string& program, const std::vector<std::string>& args);

}  // namespace orchard::host
