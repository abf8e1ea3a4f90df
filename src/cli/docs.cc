#include "cli/docs.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace orchard::cli {
namespace {

// CLI11 appends each validator's description to the type name: "TEXT:{json,text}" for a set of
// choices, "FLOAT:[0.01 - 3600]" for a range.
std::vector<std::string> ChoicesIn(const std::string& type_name) {
  std::vector<std::string> choices;
  auto open = type_name.find(":{");
  if (open == std::string::npos) return choices;
  auto close = type_name.find('}', open);
  if (close == std::string::npos) return choices;
  std::string list = type_name.substr(open + 2, close - open - 2);
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    if (comma > start) choices.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return choices;
}

OptionDoc DescribeOption(const CLI::Option& opt) {
  OptionDoc doc;
  doc.help = opt.get_description();
  std::string type = opt.get_type_name();
  doc.choices = ChoicesIn(type);
  if (!doc.choices.empty()) type = type.substr(0, type.find(":{"));
  if (opt.get_positional()) {
    doc.positional = opt.get_name(true);
    doc.value = type;
  } else {
    for (const auto& s : opt.get_snames()) doc.names.push_back("-" + s);
    for (const auto& l : opt.get_lnames()) doc.names.push_back("--" + l);
    if (opt.get_items_expected_max() > 0) doc.value = type.empty() ? "VALUE" : type;
  }
  // Files are what the definitions call FILE (or NAME.json).
  doc.takes_file = doc.choices.empty() && (doc.value.find("FILE") != std::string::npos ||
                                           doc.value.find(".json") != std::string::npos);
  return doc;
}

CommandDoc DescribeAt(CLI::App& app, const std::string& path) {
  CommandDoc doc;
  doc.path = path;
  doc.description = app.get_description();
  doc.footer = app.get_footer();
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_group().empty()) continue;  // hidden
    doc.options.push_back(DescribeOption(*opt));
  }
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    if (sub->get_group().empty()) continue;  // hidden
    doc.subcommands.push_back(
        DescribeAt(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name()));
  }
  return doc;
}

}  // namespace

CommandDoc Describe(CLI::App& app) { return DescribeAt(app, ""); }

namespace {
constexpr std::pair<Shell, std::string_view> kShells[] = {
    {Shell::kBash, "bash"}, {Shell::kZsh, "zsh"}, {Shell::kFish, "fish"}};
}  // namespace

std::vector<std::string> ShellNames() {
  std::vector<std::string> names;
  for (const auto& [shell, name] : kShells) names.emplace_back(name);
  return names;
}

std::optional<Shell> ShellFromString(std::string_view name) {
  for (const auto& [shell, n] : kShells) {
    if (n == name) return shell;
  }
  return std::nullopt;
}

}  // namespace orchard::cli
