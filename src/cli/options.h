#pragma once

#include <CLI/CLI.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.h"
#include "cli/terminal.h"

// Options that several subcommands share, so each reads and behaves the same everywhere.
namespace orchard::cli {

// A repeatable option taking one value per occurrence (`--profile sep --profile mdm`), so that
// `--profile sep HOST` never swallows a positional argument.
CLI::Option* AddRepeatable(CLI::App& app, const std::string& name, std::vector<std::string>& into,
                           const std::string& type, const std::string& help);

// -f/--format FORMAT, one of `names`: an unknown name is a usage error naming --format, and the
// names appear in the help, the man page and the completions.
CLI::Option* AddFormatOption(CLI::App& app, std::string& into,
                             const std::vector<std::string>& names, const std::string& help);

// The usage error for a FORMAT that names none of `names`: "unknown format 'yaml' (known: text,
// json, ...)". AddFormatOption already refuses such a name, so this is for the callers that map
// the name to their format with an XFromString and must still handle nullopt.
Error UnknownFormat(std::string_view name, const std::vector<std::string>& names);

// --color auto|always|never (default auto: colour only on a terminal without NO_COLOR).
CLI::Option* AddColorOption(CLI::App& app, std::string& into);
// The mode `text` names ("auto", "always", "never"); nullopt for any other text.
std::optional<ColorMode> ColorModeFromString(std::string_view text);

// A number from `min` to `max`; NaN and infinities are refused (CLI::Range lets NaN through,
// since every comparison with it is false). The message names the range.
CLI::Validator FiniteRange(double min, double max);

struct Example {
  std::string_view command;
  std::string_view what;
};
struct ExitCode {
  int code;
  std::string_view meaning;
};
// The end of a subcommand's help, which `orchard help SUB` and the man page show: its examples
// and its exit codes.
void SetFooter(CLI::App& app, std::initializer_list<Example> examples,
               std::initializer_list<ExitCode> exit_codes, std::string_view before = {});

}  // namespace orchard::cli
