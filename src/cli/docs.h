#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The command line as data, read off the CLI11 definitions, so that the man page and the shell
// completions are generated from the same options the parser accepts and cannot drift.
namespace orchard::cli {

struct OptionDoc {
  std::vector<std::string> names;    // "-f", "--format"; empty for a positional
  std::string positional;            // "FILE" for a positional argument
  std::string value;                 // what the option takes ("FILE", "SECONDS"); "" for a flag
  std::vector<std::string> choices;  // the accepted values when they are a fixed set
  std::string help;
  bool takes_file = false;  // complete file names for its value
};

struct CommandDoc {
  std::string path;  // "catalog list"; "" for orchard itself
  std::string description;
  std::string footer;  // examples and exit codes, as `orchard help` shows them
  std::vector<OptionDoc> options;
  std::vector<CommandDoc> subcommands;  // hidden subcommands are left out
};

// Walks `app` and its visible subcommands.
CommandDoc Describe(CLI::App& app);

// orchard(1) in roff (man(7) macros): every subcommand, option, example and exit code.
std::string RenderManPage(const CommandDoc& root, std::string_view version);

enum class Shell { kBash, kZsh, kFish };
// "bash", "zsh", "fish", and back.
std::vector<std::string> ShellNames();
std::optional<Shell> ShellFromString(std::string_view name);
// The completion script for `shell`: subcommands, options, option values and file names.
std::string RenderCompletion(const CommandDoc& root, Shell shell);

}  // namespace orchard::cli
