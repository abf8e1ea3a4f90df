#pragma once

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "base/error.h"
#include "base/file.h"
#include "host/tool_runner.h"

namespace orchard::testing {

// A host::ToolRunner answering from files under a fixture folder:
// Answer("/usr/bin/sw_vers", {}, "sw_vers/sonoma.txt") makes that command print the file.
// Unknown commands are an error, as a missing tool would be.
class FixtureToolRunner final : public host::ToolRunner {
 public:
  explicit FixtureToolRunner(std::filesystem::path root) : root_(std::move(root)) {}
  // The file's content goes to stdout, or to stderr with `to_stderr` (how some tools report).
  void Answer(const std::string& command_line, const std::string& file, int exit_status = 0,
              bool to_stderr = false) {
    answers_[command_line] = Canned{file, exit_status, to_stderr};
  }
  Result<host::ToolOutput> Run(const std::string& program,
                               const std::vector<std::string>& args) override {
    std::string line = host::CommandLine(program, args);
    asked_.push_back(line);
    auto it = answers_.find(line);
    if (it == answers_.end())
      return MakeError(ErrorCode::kIo, fmt::format("cannot run {}: not found", line));
    auto content = ReadFile(root_ / it->second.file);
    if (!content) return tl::unexpected(content.error());
    host::ToolOutput output;
    output.exit_status = it->second.exit_status;
    (it->second.to_stderr ? output.err : output.out) = std::move(*content);
    return output;
  }
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

}  // namespace orchard::testing
