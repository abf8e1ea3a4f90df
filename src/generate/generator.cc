#include "generate/generator.h"

#include <array>
#include <utility>

#include "generate/renderers.h"

namespace orchard::generate {
namespace {

constexpr std::array<std::pair<Format, std::string_view>, 12> kNames = {{
    {Format::kHosts, "hosts"},
    {Format::kDomains, "domains"},
    {Format::kCidr, "cidr"},
    {Format::kCsv, "csv"},
    {Format::kJson, "json"},
    {Format::kPac, "pac"},
    {Format::kSquid, "squid"},
    {Format::kNftables, "nftables"},
    {Format::kIptables, "iptables"},
    {Format::kPf, "pf"},
    {Format::kPaloAltoEdl, "paloalto-edl"},
    {Format::kSslBypass, "ssl-bypass"},
}};

Result<void> Usage(std::string message) { return MakeError(ErrorCode::kUsage, std::move(message)); }

}  // namespace

std::string_view ToString(Format f) {
  for (const auto& [format, name] : kNames) {
    if (format == f) return name;
  }
  return "hosts";
}

std::optional<Format> FormatFromString(std::string_view s) {
  for (const auto& [format, name] : kNames) {
    if (name == s) return format;
  }
  return std::nullopt;
}

std::vector<std::string> FormatNames() {
  std::vector<std::string> out;
  for (const auto& [format, name] : kNames) out.emplace_back(name);
  return out;
}

bool TakesAddresses(Format f) {
  switch (f) {
    case Format::kCidr:
    case Format::kNftables:
    case Format::kIptables:
    case Format::kPf:
    case Format::kCsv:
    case Format::kJson:
      return true;
    default:
      return false;
  }
}

bool TakesCollapse(Format f) {
  switch (f) {
    case Format::kDomains:
    case Format::kPac:
    case Format::kSquid:
    case Format::kPaloAltoEdl:
    case Format::kSslBypass:
      return true;
    default:
      return false;
  }
}

Result<void> CheckFlags(const Flags& flags) {
  std::string format(ToString(flags.format));
  if (flags.only_failing && !flags.from) {
    return Usage(
        "--only-failing needs --from RESULTS.json: it keeps what a saved run found blocked");
  }
  if (flags.format == Format::kPac && flags.proxy.empty()) {
    return Usage("--format pac needs --proxy URL: where everything that is not Apple's goes");
  }
  if (flags.format != Format::kPac && !flags.proxy.empty()) {
    return Usage("--proxy applies only to --format pac");
  }
  if (flags.resolve && !TakesAddresses(flags.format)) {
    return Usage(
        "--resolve applies to the address formats (cidr, nftables, iptables, pf, csv, "
        "json), not " +
        format);
  }
  if (!flags.collapse.empty() && !TakesCollapse(flags.format)) {
    return Usage(
        "--collapse applies to the domain formats (domains, pac, squid, paloalto-edl, "
        "ssl-bypass), not " +
        format);
  }
  return {};
}

Result<std::vector<OutputFile>> Render(Format format, const Allowlist& list,
                                       const std::string& proxy) {
  auto one = [](std::string content) { return std::vector<OutputFile>{{"", std::move(content)}}; };
  switch (format) {
    case Format::kHosts:
      return one(RenderHosts(list));
    case Format::kDomains:
      return one(RenderDomains(list));
    case Format::kCidr:
      return one(RenderCidr(list));
    case Format::kCsv:
      return one(RenderCsv(list));
    case Format::kJson:
      return one(RenderJson(list));
    case Format::kPac: {
      auto pac = RenderPac(list, proxy);
      if (!pac) return tl::unexpected(pac.error());
      return one(std::move(*pac));
    }
    case Format::kSquid:
      return one(RenderSquid(list));
    case Format::kNftables:
      return one(RenderNftables(list));
    case Format::kIptables:
      return one(RenderIptables(list));
    case Format::kPf:
      return one(RenderPf(list));
    case Format::kPaloAltoEdl:
      return std::vector<OutputFile>{{"", RenderPaloAltoEdl(list)},
                                     {"-decryption-bypass", RenderPaloAltoDecryptionBypass(list)}};
    case Format::kSslBypass:
      return one(RenderSslBypass(list));
  }
  return MakeError(ErrorCode::kInternal, "unknown format");
}

std::filesystem::path SiblingPath(const std::filesystem::path& main, std::string_view suffix) {
  std::filesystem::path out = main;
  std::string name = main.stem().string() + std::string(suffix) + main.extension().string();
  out.replace_filename(name);
  return out;
}

}  // namespace orchard::generate
