#pragma once

#include <chrono>
#include <filesystem>
#include <map>
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

// Answers from files under a fixture folder: Answer("/usr/bin/sw_vers", {}, "sw_vers/sonoma.txt")
// makes that command print the file. Unknown commands are an error, as a missing tool would be.
class FixtureToolRunner final : public ToolRunner {
 public:
  explicit FixtureToolRunner(std::filesystem::path root) : root_(std::move(root)) {}
  // The file's content goes to stdout, or to stderr with `to_stderr` (how some tools report).
  void Answer(const std::string& command_line, const std::string& file, int exit_status = 0,
              bool to_stderr = false);
  Result<ToolOutput> Run(const std::string& program, const std::vector<std::string>& args) override;
  // The command lines asked for, in order.
  const std::vector<std::string>& asked() const { return asked_; }

 private:
  struct Canned {
    std::string file;
    int exit_status;
    bool to_stderr;
  };
  std::filesystem::path root_;
  std::map<std::string, Canned> answers_;
  std::vector<std::string> asked_;
};

// "program arg1 arg2", the key FixtureToolRunner answers by.
std::string CommandLine(const std::string& program, const std::vector<std::string>& args);

}  // namespace orchard::host
