#include "host/linux_sources.h"

#include <fmt/format.h>

#include "base/strings.h"
#include "host/text.h"

namespace orchard::host {

Result<OsRelease> ParseOsRelease(std::string_view text) {
  OsRelease release;
  for (const Line& line : SplitLines(text)) {
    std::string_view body = Trim(line.text);
    if (body.empty() || body.front() == '#') continue;
    auto kv = SplitKeyValue(body, '=');
    if (!kv || kv->first.empty()) {
      return LineError("os-release", line.number,
                       fmt::format("expected KEY=value, got \"{}\"", body));
    }
    auto [key, value] = *kv;
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    if (key == "NAME") release.name = value;
    if (key == "VERSION_ID") release.version_id = value;
    if (key == "BUILD_ID") release.build_id = value;
    if (key == "PRETTY_NAME") release.pretty_name = value;
  }
  if (release.name.empty()) release.name = "Linux";
  return release;
}

Result<ResolvConf> ParseResolvConf(std::string_view text) {
  ResolvConf conf;
  for (const Line& line : SplitLines(text)) {
    std::string_view body = Trim(line.text);
    if (body.empty() || body.front() == '#' || body.front() == ';') continue;
    auto space = body.find_first_of(" \t");
    std::string_view directive = body.substr(0, space);
    std::string_view rest =
        space == std::string_view::npos ? std::string_view() : Trim(body.substr(space));
    if (directive == "nameserver") {
      if (rest.empty() || rest.find_first_of(" \t") != std::string_view::npos) {
        return LineError("resolv.conf", line.number, "nameserver needs exactly one address");
      }
      conf.nameservers.emplace_back(rest);
    } else if (directive == "search" || directive == "domain") {
      // The last search/domain line wins, as in the resolver.
      conf.search_domains.clear();
      while (!rest.empty()) {
        auto end = rest.find_first_of(" \t");
        conf.search_domains.emplace_back(rest.substr(0, end));
        rest = end == std::string_view::npos ? std::string_view() : Trim(rest.substr(end));
      }
    }
  }
  return conf;
}

}  // namespace orchard::host
