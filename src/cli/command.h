#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <memory>
#include <string_view>

#include "base/error.h"

namespace orchard::cli {

// A subcommand: it registers its options on construction (binding them to its own members)
// and runs when the user chose it. Run returns the process exit code:
// 0 success, 1 a check failed / something differs, 2 usage or input error, 3 internal error.
class Command {
 public:
  virtual ~Command() = default;
  virtual int Run() = 0;
};

// Says `error` on stderr as "orchard COMMAND: message" and returns its exit code (2 for usage
// and input errors, 3 for internal ones).
int Fail(std::string_view command, const Error& error);

// When RunApp began: where the user's wait for a subcommand started.
std::chrono::steady_clock::time_point AppStartTime();

// One factory per subcommand; each lives in its own <name>_command.cc.
std::unique_ptr<Command> MakeCheckCommand(CLI::App& parent);
std::unique_ptr<Command> MakeCatalogCommand(CLI::App& parent);
std::unique_ptr<Command> MakeExplainCommand(CLI::App& parent);
std::unique_ptr<Command> MakeDiffCommand(CLI::App& parent);
std::unique_ptr<Command> MakeAllowlistCommand(CLI::App& parent);
std::unique_ptr<Command> MakeServeCommand(CLI::App& parent);
std::unique_ptr<Command> MakeHostCommand(CLI::App& parent);
// help, completion and the hidden man: they read the whole command line, so `root` is orchard.
std::unique_ptr<Command> MakeHelpCommand(CLI::App& root);
std::unique_ptr<Command> MakeCompletionCommand(CLI::App& root);
std::unique_ptr<Command> MakeManCommand(CLI::App& root);

}  // namespace orchard::cli
