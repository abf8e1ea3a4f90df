#include "cli/options.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>

namespace orchard::cli {

CLI::Option* AddRepeatable(CLI::App& app, const std::string& name, std::vector<std::string>& into,
                           const std::string& type, const std::string& help) {
  return app.add_option(name, into, help)
      ->type_name(type)
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

CLI::Option* AddFormatOption(CLI::App& app, std::string& into,
                             const std::vector<std::string>& names, const std::string& help) {
  return app.add_option("-f,--format", into, help)
      ->check(CLI::IsMember(names))
      ->type_name("FORMAT");
}

Error UnknownFormat(std::string_view name, const std::vector<std::string>& names) {
  return Error(ErrorCode::kUsage,
               fmt::format("unknown format '{}' (known: {})", name, fmt::join(names, ", ")));
}

namespace {
constexpr std::pair<ColorMode, std::string_view> kColorModes[] = {
    {ColorMode::kAuto, "auto"}, {ColorMode::kAlways, "always"}, {ColorMode::kNever, "never"}};
}  // namespace

CLI::Option* AddColorOption(CLI::App& app, std::string& into) {
  std::vector<std::string> names;
  for (const auto& [mode, name] : kColorModes) names.emplace_back(name);
  return app
      .add_option("--color", into,
                  "Colour in text output: auto (a terminal without NO_COLOR), always or never")
      ->check(CLI::IsMember(names))
      ->type_name("WHEN")
      ->default_val("auto");
}

CLI::Validator FiniteRange(double min, double max) {
  std::string range = fmt::format("[{} - {}]", min, max);
  return CLI::Validator(
      [min, max, range](std::string& input) -> std::string {
        double value = 0;
        if (!CLI::detail::lexical_cast(input, value) || !std::isfinite(value) || value < min ||
            value > max) {
          return "Value " + input + " not in range " + range;
        }
        return {};
      },
      range);
}

std::optional<ColorMode> ColorModeFromString(std::string_view text) {
  for (const auto& [mode, name] : kColorModes) {
    if (name == text) return mode;
  }
  return std::nullopt;
}

void SetFooter(CLI::App& app, std::initializer_list<Example> examples,
               std::initializer_list<ExitCode> exit_codes, std::string_view before) {
  std::string footer(before);
  if (!footer.empty()) footer += "\n";
  footer += "Examples:\n";
  for (const auto& e : examples) footer += fmt::format("  {}\n      {}\n", e.command, e.what);
  footer += "\nExit codes:\n";
  for (const auto& c : exit_codes) footer += fmt::format("  {}  {}\n", c.code, c.meaning);
  app.footer(footer);
}

}  // namespace orchard::cli
