#include "generate/generator.h"

#include <fmt/format.h>

#include <utility>

#include "base/table.h"
#include "generate/renderers.h"

namespace orchard::generate {
namespace {

// A renderer of one file, as the table wants it.
template <std::string (*Fn)(const Allowlist&)>
Result<std::vector<OutputFile>> One(const Allowlist& list, const std::string&) {
  return std::vector<OutputFile>{{"", Fn(list)}};
}

Result<std::vector<OutputFile>> Pac(const Allowlist& list, const std::string& proxy) {
  auto pac = RenderPac(list, proxy);
  if (!pac) return tl::unexpected(pac.error());
  return std::vector<OutputFile>{{"", std::move(*pac)}};
}

Result<std::vector<OutputFile>> PaloAlto(const Allowlist& list, const std::string&) {
  return std::vector<OutputFile>{{"", RenderPaloAltoEdl(list)},
                                 {"-decryption-bypass", RenderPaloAltoDecryptionBypass(list)}};
}

//                 format, name, renderer, addresses, collapse, proxy, help
constexpr FormatSpec kFormats[] = {
    {Format::kHosts, "hosts", One<RenderHosts>, false, false, false,
     "every host pattern once, as the article writes it"},
    {Format::kDomains, "domains", One<RenderDomains>, false, true, false,
     "names and .domain suffixes, deduplicated"},
    {Format::kCidr, "cidr", One<RenderCidr>, true, false, false,
     "Apple's 17.0.0.0/8 and the catalog's other networks (--resolve: the hosts' addresses)"},
    {Format::kCsv, "csv", One<RenderCsv>, true, false, false,
     "one record per catalog row (RFC 4180, CRLF line endings)"},
    {Format::kJson, "json", One<RenderJson>, true, false, false, "one object per catalog row"},
    {Format::kPac, "pac", Pac, false, true, true,
     "a PAC file: Apple's hosts DIRECT, everything else to --proxy"},
    {Format::kSquid, "squid", One<RenderSquid>, false, true, false,
     "ACLs that allow Apple's hosts and splice them past ssl-bump"},
    {Format::kNftables, "nftables", One<RenderNftables>, true, false, false,
     "an nft -f script: chain orchard_apple with accept rules by transport and port"},
    {Format::kIptables, "iptables", One<RenderIptables>, true, false, false,
     "an iptables-restore --noflush file: chain ORCHARD-APPLE (IPv4)"},
    {Format::kPf, "pf", One<RenderPf>, true, false, false,
     "pf pass out quick rules by address family and transport"},
    {Format::kPaloAltoEdl, "paloalto-edl", PaloAlto, false, true, false,
     "PAN-OS external dynamic lists: FILE and FILE-decryption-bypass"},
    {Format::kSslBypass, "ssl-bypass", One<RenderSslBypass>, false, true, false,
     "the inspection exceptions WSS or Zscaler import: TLS hosts only"},
};

Result<void> Usage(std::string message) { return MakeError(ErrorCode::kUsage, std::move(message)); }

// The names of the formats `has` picks, "a, b, c".
template <class Pred>
std::string NamesWhere(Pred has) {
  std::string out;
  for (const FormatSpec& spec : kFormats) {
    if (!has(spec)) continue;
    if (!out.empty()) out += ", ";
    out += spec.name;
  }
  return out;
}

}  // namespace

std::span<const FormatSpec> Formats() { return kFormats; }

const FormatSpec& SpecOf(Format f) { return table::Of(Formats(), f); }

std::string_view ToString(Format f) { return SpecOf(f).name; }

std::optional<Format> FormatFromString(std::string_view s) {
  if (const FormatSpec* spec = table::Named(Formats(), s)) return spec->format;
  return std::nullopt;
}

std::vector<std::string> FormatNames() { return table::Names(Formats()); }

std::string FormatsHelp() { return table::Help(Formats(), 14); }

Result<void> CheckFlags(const Flags& flags) {
  const FormatSpec& spec = SpecOf(flags.format);
  if (flags.only_failing && !flags.from) {
    return Usage(
        "--only-failing needs --from RESULTS.json: it keeps what a saved run found blocked");
  }
  if (spec.needs_proxy && flags.proxy.empty()) {
    return Usage(
        fmt::format("--format {} needs --proxy URL: where everything that is not "
                    "Apple's goes",
                    spec.name));
  }
  if (!spec.needs_proxy && !flags.proxy.empty()) {
    return Usage(fmt::format("--proxy applies only to --format {}",
                             NamesWhere([](const FormatSpec& f) { return f.needs_proxy; })));
  }
  if (flags.resolve && !spec.takes_addresses) {
    return Usage(fmt::format("--resolve applies to the address formats ({}), not {}",
                             NamesWhere([](const FormatSpec& f) { return f.takes_addresses; }),
                             spec.name));
  }
  if (!flags.collapse.empty() && !spec.takes_collapse) {
    return Usage(fmt::format("--collapse applies to the domain formats ({}), not {}",
                             NamesWhere([](const FormatSpec& f) { return f.takes_collapse; }),
                             spec.name));
  }
  return {};
}

Result<std::vector<OutputFile>> Render(Format format, const Allowlist& list,
                                       const std::string& proxy) {
  return SpecOf(format).render(list, proxy);
}

std::filesystem::path SiblingPath(const std::filesystem::path& main, std::string_view suffix) {
  std::filesystem::path out = main;
  std::string name = main.stem().string() + std::string(suffix) + main.extension().string();
  out.replace_filename(name);
  return out;
}

}  // namespace orchard::generate
