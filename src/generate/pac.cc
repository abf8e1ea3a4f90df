// pac: a proxy auto-config file that sends Apple's hosts DIRECT (Apple: no inspection, and some
// hosts do not support proxies at all) and everything else to the proxy given with --proxy.
// Plain ES5 so every PAC engine runs it (browsers, macOS, duktape, pacparser).
#include <algorithm>
#include <charconv>

#include "base/strings.h"
#include "generate/address.h"
#include "generate/destinations.h"
#include "generate/header.h"
#include "generate/names.h"
#include "generate/renderers.h"

namespace orchard::generate {
namespace {

bool ValidPort(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && value > 0 && value < 65536;
}

std::string Netmask(int length) {
  std::string out;
  for (int octet = 0; octet < 4; ++octet) {
    int bits = std::clamp(length - octet * 8, 0, 8);
    int value = bits == 0 ? 0 : (0xff << (8 - bits)) & 0xff;
    out += (octet ? "." : "") + std::to_string(value);
  }
  return out;
}

// The IPv4 networks a PAC can test a literal address against: Apple's block and the catalog's
// CIDR rows outside it (isInNet speaks IPv4 only).
std::vector<Prefix> DirectNetworks(const Allowlist& list) {
  Allowlist networks_only;
  networks_only.rows = list.rows;
  std::vector<Prefix> out;
  for (const auto& d : PlanAddresses(networks_only).destinations) {
    if (d.prefix.family == Family::kV4) out.push_back(d.prefix);
  }
  return out;
}

}  // namespace

Result<std::string> PacProxyDirective(const std::string& proxy) {
  auto bad = [&](std::string_view why) {
    return MakeError(ErrorCode::kUsage, "--proxy '" + proxy + "': " + std::string(why));
  };
  std::string_view rest = proxy;
  std::string keyword = "PROXY";
  int default_port = 80;
  if (auto scheme = rest.find("://"); scheme != std::string_view::npos) {
    std::string s = AsciiLower(rest.substr(0, scheme));
    rest.remove_prefix(scheme + 3);
    if (s == "http") {
    } else if (s == "https") {
      keyword = "HTTPS", default_port = 443;
    } else if (s == "socks5" || s == "socks5h" || s == "socks") {
      keyword = "SOCKS5", default_port = 1080;
    } else if (s == "socks4" || s == "socks4a") {
      keyword = "SOCKS", default_port = 1080;
    } else {
      return bad("expected http://, https://, socks4:// or socks5://");
    }
  }
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.find('@') != std::string_view::npos) {
    return bad("a PAC file cannot carry credentials; the client asks for them");
  }
  if (rest.find_first_of("/?#") != std::string_view::npos) return bad("expected host[:port]");
  std::string_view host = rest;
  std::string_view port;
  if (rest.starts_with("[")) {
    auto close = rest.find(']');
    if (close == std::string_view::npos) return bad("unclosed [ in an IPv6 address");
    host = rest.substr(0, close + 1);
    auto p = ParsePrefix(rest.substr(1, close - 1));
    if (!p || p->family != Family::kV6 ||
        rest.substr(1, close - 1).find('/') != std::string::npos) {
      return bad("not an IPv6 address");
    }
    std::string_view after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("expected host[:port]");
      port = after.substr(1);
    }
  } else if (auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
    if (!IsSafeHostPattern(host) || host.starts_with("*.")) return bad("not a host name");
  } else if (!IsSafeHostPattern(host) || host.starts_with("*.")) {
    return bad("not a host name");
  }
  if (host.empty()) return bad("no host");
  if (!port.empty() && !ValidPort(port)) return bad("port must be 1-65535");
  std::string out = keyword + " " + std::string(host) + ":";
  out += port.empty() ? std::to_string(default_port) : std::string(port);
  return out;
}

Result<std::string> RenderPac(const Allowlist& list, const std::string& proxy) {
  auto directive = PacProxyDirective(proxy);
  if (!directive) return tl::unexpected(directive.error());

  auto rules = NameRules(list, {.tls_only = false, .suffix_covers_apex = false});
  std::string out = CommentHeader(list.provenance, "// ");
  out += "// Apple's hosts go DIRECT: Apple's services fail through HTTPS inspection, and hosts\n";
  out +=
      "// marked \"no\" under \"supports proxies\" must reach Apple without a proxy. Everything\n";
  out += "// else goes to " + CommentText(*directive) + ".\n\n";

  out += "var ORCHARD_DIRECT_HOSTS = {\n";
  for (const auto& r : rules) {
    if (!r.subdomains) out += "  \"" + r.domain + "\": true,\n";
  }
  out += "};\n\n// Every name under these domains.\nvar ORCHARD_DIRECT_DOMAINS = [\n";
  for (const auto& r : rules) {
    if (r.subdomains) out += "  \"." + r.domain + "\",\n";
  }
  out += "];\n\n// Literal IPv4 addresses in these networks (tested without a DNS lookup).\n";
  out += "var ORCHARD_DIRECT_NETS = [\n";
  for (const auto& p : DirectNetworks(list)) {
    Prefix base = p;
    base.length = 32;
    out += "  [\"" + ToString(base) + "\", \"" + Netmask(p.length) + "\"],\n";
  }
  out += "];\n\n";
  out += "function FindProxyForURL(url, host) {\n";
  out += "  var h = host.toLowerCase();\n";
  out += "  if (h.charAt(h.length - 1) == \".\") h = h.substring(0, h.length - 1);\n";
  out += "  if (ORCHARD_DIRECT_HOSTS.hasOwnProperty(h)) return \"DIRECT\";\n";
  out += "  for (var i = 0; i < ORCHARD_DIRECT_DOMAINS.length; i++) {\n";
  out += "    if (dnsDomainIs(h, ORCHARD_DIRECT_DOMAINS[i])) return \"DIRECT\";\n";
  out += "  }\n";
  out += "  if (/^[0-9]{1,3}(\\.[0-9]{1,3}){3}$/.test(h)) {\n";
  out += "    for (var j = 0; j < ORCHARD_DIRECT_NETS.length; j++) {\n";
  out +=
      "      if (isInNet(h, ORCHARD_DIRECT_NETS[j][0], ORCHARD_DIRECT_NETS[j][1])) "
      "return \"DIRECT\";\n";
  out += "    }\n";
  out += "  }\n";
  out += "  return \"" + *directive + "\";\n";
  out += "}\n";
  return out;
}

}  // namespace orchard::generate
