// squid: ACLs that let Apple's hosts through and splice their TLS (pass it through untouched:
// Apple's pinned clients drop any connection that is bumped). Meant to be included near the top
// of squid.conf, before the site's own http_access deny and ssl_bump rules.
#include <algorithm>
#include <set>

#include "generate/destinations.h"
#include "generate/header.h"
#include "generate/names.h"
#include "generate/renderers.h"

namespace orchard::generate {
namespace {

std::string NameEntry(const NameRule& rule) { return (rule.subdomains ? "." : "") + rule.domain; }

}  // namespace

std::string RenderSquid(const Allowlist& list) {
  std::string out = CommentHeader(list.provenance, "# ");
  out += "# Include this before your own http_access and ssl_bump rules: the first matching\n";
  out += "# rule wins. Apple's services fail when their TLS is bumped, so their connections are\n";
  out += "# spliced: at step 1 by the CONNECT name, after peeking at the TLS SNI otherwise.\n";

  std::vector<std::string> direct_only;
  std::set<uint16_t> tcp_ports;
  for (const auto& row : list.rows) {
    const auto& e = row.endpoint;
    if (e.transport == catalog::Transport::kTcp) tcp_ports.insert(e.ports.begin(), e.ports.end());
    if (e.proxy == catalog::ProxySupport::kNo && e.kind != catalog::HostKind::kCidr &&
        std::ranges::find(direct_only, e.host) == direct_only.end()) {
      direct_only.push_back(e.host);
    }
    if (e.proxy == catalog::ProxySupport::kNote) {
      out += "# " + CommentText(e.host) + ": " + CommentText(e.proxy_note) + "\n";
    }
  }
  out += WrappedComment("# ",
                        "The article says these do not support proxies: devices reach them "
                        "directly, so the firewall must allow them as well:",
                        direct_only);
  out += "\n";

  auto names = NameRules(list, {.tls_only = false, .suffix_covers_apex = true});
  auto sni = NameRules(list, {.tls_only = true, .suffix_covers_apex = true});
  for (const auto& r : names) out += "acl orchard_apple_hosts dstdomain " + NameEntry(r) + "\n";
  for (const auto& r : sni) out += "acl orchard_apple_tls ssl::server_name " + NameEntry(r) + "\n";

  Allowlist networks_only;
  networks_only.rows = list.rows;
  for (const auto& d : PlanAddresses(networks_only).destinations) {
    out += "acl orchard_apple_nets dst " + ToString(d.prefix) + "\n";
  }
  if (!tcp_ports.empty()) {
    out += "acl orchard_apple_ports port " + JoinPorts(tcp_ports, " ") + "\n";
  }
  if (!sni.empty()) out += "acl orchard_step1 at_step SslBump1\n";
  out += "\n";

  if (!tcp_ports.empty()) {
    if (!names.empty()) out += "http_access allow orchard_apple_hosts orchard_apple_ports\n";
    out += "http_access allow orchard_apple_nets orchard_apple_ports\n";
  }
  if (!sni.empty()) {
    out += "ssl_bump splice orchard_apple_tls\n";
    out += "ssl_bump peek orchard_step1\n";
  }
  return out;
}

}  // namespace orchard::generate
