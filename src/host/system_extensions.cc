#include "host/system_extensions.h"

#include <fmt/format.h>

#include <optional>

#include "base/strings.h"
#include "host/text.h"

namespace orchard::host {
namespace {

constexpr std::string_view kTool = "systemextensionsctl list";

// Where the columns of a tab-expanded header start.
struct Columns {
  size_t enabled = 0, active = 0, team = 0;
};

std::string_view NextToken(std::string_view& rest) {
  rest = Trim(rest);
  auto end = rest.find_first_of(" \t");
  std::string_view token = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  return token;
}

// "TEAMID bundle.id (1.0/2) Some Name [state words]" into `ext`.
Result<void> ParseTail(const Line& line, std::string_view rest, SystemExtension& ext) {
  rest = Trim(rest);
  auto open = rest.rfind('[');
  if (rest.empty() || rest.back() != ']' || open == std::string_view::npos) {
    return LineError(kTool, line.number, "row does not end in a [state]");
  }
  ext.state = Trim(rest.substr(open + 1, rest.size() - open - 2));
  rest = rest.substr(0, open);
  ext.team_id = NextToken(rest);
  ext.bundle_id = NextToken(rest);
  std::string_view version = NextToken(rest);
  if (ext.team_id.empty() || ext.bundle_id.empty() || version.size() < 2 ||
      version.front() != '(' || version.back() != ')') {
    return LineError(kTool, line.number,
                     "expected \"teamID bundleID (version) name [state]\" in the row");
  }
  ext.version = version.substr(1, version.size() - 2);
  ext.name = Trim(rest);
  if (ext.state.empty()) return LineError(kTool, line.number, "empty [state]");
  return {};
}

bool Starred(std::string_view text) { return Trim(text) == "*"; }

}  // namespace

Result<std::vector<SystemExtension>> ParseSystemExtensions(std::string_view text) {
  std::vector<SystemExtension> extensions;
  std::optional<unsigned long> declared;
  std::string category;
  Columns columns;  // set by each header line
  bool have_columns = false;
  int last = 0;
  for (const Line& line : SplitLines(text)) {
    last = line.number;
    std::string_view body = Trim(line.text);
    if (body.empty()) continue;
    if (!declared) {
      constexpr std::string_view kSuffix = " extension(s)";
      if (body.ends_with(kSuffix))
        declared = ParseUnsigned(body.substr(0, body.size() - kSuffix.size()));
      if (!declared) {
        return LineError(kTool, line.number,
                         fmt::format("expected \"N extension(s)\", got \"{}\"", body));
      }
      continue;
    }
    if (body.starts_with("--- ")) {
      std::string_view rest = body.substr(4);
      category = NextToken(rest);
      have_columns = false;
      continue;
    }
    if (body.starts_with("enabled") && body.find("teamID") != std::string_view::npos) {
      if (category.empty())
        return LineError(kTool, line.number, "column header before any \"--- category\"");
      columns =
          Columns{line.text.find("enabled"), line.text.find("active"), line.text.find("teamID")};
      have_columns = true;
      if (columns.active == std::string_view::npos || columns.active < columns.enabled ||
          columns.team < columns.active) {
        return LineError(kTool, line.number, "column header lacks enabled/active/teamID");
      }
      continue;
    }
    if (!have_columns) {
      return LineError(
          kTool, line.number,
          fmt::format("expected a \"--- category\" or column header, got \"{}\"", body));
    }
    SystemExtension ext;
    ext.category = category;
    std::string_view tail;
    if (line.text.find('\t') != std::string_view::npos) {
      // enabled \t active \t teamID \t bundleID (version) \t name \t [state]
      auto first = line.text.find('\t');
      auto second = line.text.find('\t', first + 1);
      if (second == std::string_view::npos)
        return LineError(kTool, line.number, "row has fewer columns than the header");
      ext.enabled = Starred(line.text.substr(0, first));
      ext.active = Starred(line.text.substr(first + 1, second - first - 1));
      tail = line.text.substr(second + 1);
    } else {
      if (line.text.size() <= columns.team)
        return LineError(kTool, line.number, "row is shorter than the column header");
      ext.enabled = Starred(line.text.substr(columns.enabled, columns.active - columns.enabled));
      ext.active = Starred(line.text.substr(columns.active, columns.team - columns.active));
      tail = line.text.substr(columns.team);
    }
    auto parsed = ParseTail(line, tail, ext);
    if (!parsed) return tl::unexpected(parsed.error());
    extensions.push_back(std::move(ext));
  }
  if (!declared) return LineError(kTool, 1, "empty output (no \"N extension(s)\" line)");
  if (extensions.size() < *declared) {
    return LineError(kTool, last + 1,
                     fmt::format("the output declares {} extension(s) but lists {} (cut short?)",
                                 *declared, extensions.size()));
  }
  return extensions;
}

}  // namespace orchard::host
