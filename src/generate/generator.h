#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "generate/allowlist.h"

namespace orchard::generate {

enum class Format {
  kHosts,
  kDomains,
  kCidr,
  kCsv,
  kJson,
  kPac,
  kSquid,
  kNftables,
  kIptables,
  kPf,
  kPaloAltoEdl,
  kSslBypass,
};

std::string_view ToString(Format f);  // "hosts", ..., "paloalto-edl", "ssl-bypass"
std::optional<Format> FormatFromString(std::string_view s);
std::vector<std::string> FormatNames();  // "hosts", "domains", ...

// Formats that list networks and take --resolve's addresses.
bool TakesAddresses(Format f);
// Formats that list host names and honour --collapse.
bool TakesCollapse(Format f);

// The flags that shape a generated file, checked together so the CLI and tests agree.
struct Flags {
  Format format = Format::kHosts;
  std::string proxy;  // --proxy: where a PAC sends everything that is not Apple's
  bool resolve = false;
  std::vector<std::string> collapse;
  bool from = false;
  bool only_failing = false;
};

// A usage error (exit 2) when the flags do not fit together: --only-failing without --from,
// pac without --proxy (or --proxy for another format), --resolve or --collapse for a format
// that cannot use them.
Result<void> CheckFlags(const Flags& flags);

// One generated file. Most formats make one; paloalto-edl also makes its decryption-bypass list.
struct OutputFile {
  std::string suffix;  // "" for the main file; inserted before the extension for the others
  std::string content;
};

// Renders a list in a format. Fails only on a bad --proxy for pac.
Result<std::vector<OutputFile>> Render(Format format, const Allowlist& list,
                                       const std::string& proxy);

// Where a secondary file goes beside `main`: ("edl.txt", "-decryption-bypass") ->
// "edl-decryption-bypass.txt".
std::filesystem::path SiblingPath(const std::filesystem::path& main, std::string_view suffix);

}  // namespace orchard::generate
