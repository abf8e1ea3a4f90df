#pragma once

#include <filesystem>
#include <optional>
#include <span>
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

// One generated file. Most formats make one; paloalto-edl also makes its decryption-bypass list.
struct OutputFile {
  std::string suffix;  // "" for the main file; inserted before the extension for the others
  std::string content;
};

// Renders a list; `proxy` is --proxy (pac's). Fails only on a bad --proxy for pac.
using AllowlistRenderer = Result<std::vector<OutputFile>> (*)(const Allowlist& list,
                                                              const std::string& proxy);

// One allowlist format: everything parsing, checking the flags, rendering and the help know.
struct FormatSpec {
  Format format;
  std::string_view name;  // what --format takes
  AllowlistRenderer render;
  bool takes_addresses;  // lists networks: takes --resolve's addresses
  bool takes_collapse;   // lists host names: honours --collapse
  bool needs_proxy;      // needs --proxy (and is the only kind that takes it)
  std::string_view help;
};

// Every allowlist format, in the order the help lists them (the table in generator.cc). Adding
// one: its renderer's file, an enumerator above and a row in that table.
std::span<const FormatSpec> Formats();
const FormatSpec& SpecOf(Format f);

std::string_view ToString(Format f);  // "hosts", ..., "paloalto-edl", "ssl-bypass"
std::optional<Format> FormatFromString(std::string_view s);
std::vector<std::string> FormatNames();  // "hosts", "domains", ...
// "Formats:" and a line for each, for the command's help.
std::string FormatsHelp();

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

// Renders a list in a format. Fails only on a bad --proxy for pac.
Result<std::vector<OutputFile>> Render(Format format, const Allowlist& list,
                                       const std::string& proxy);

// Where a secondary file goes beside `main`: ("edl.txt", "-decryption-bypass") ->
// "edl-decryption-bypass.txt".
std::filesystem::path SiblingPath(const std::filesystem::path& main, std::string_view suffix);

}  // namespace orchard::generate
