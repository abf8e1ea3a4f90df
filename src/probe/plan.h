#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/endpoint.h"
#include "probe/connect_to.h"
#include "probe/result.h"

// From catalog rows to the probes that run: one check per row and port, and one probe per
// distinct thing to reach (a host listed in two sections is probed once, reported twice).
namespace orchard::probe {

// One thing to reach, and how to check it once reached.
struct ProbeSpec {
  std::string target;  // the name or IP address probed
  bool target_is_address = false;
  uint16_t port = 0;
  catalog::Transport transport = catalog::Transport::kTcp;
  CheckKind kind = CheckKind::kTcp;
  std::string sni;     // TLS server name and HTTP Host; empty for an address with no known name
  std::string url;     // hints.url (OCSP responder, CRL path, hotspot page)
  std::string expect;  // hints.expect
  // The rows it stands for do not support proxies on this TCP port: the device goes direct.
  // Rows that share a target but not this fact are probed once per route they need.
  bool direct_only = false;
  // Where to connect instead, from a matching --connect-to (empty: the target itself).
  std::string connect_host;
  uint16_t connect_port = 0;  // always set: the rule's port or `port`
  std::string connect_rule;   // the rule's text, for details
};

// One row x port of the selected catalog, as the report shows it.
struct PlannedCheck {
  std::string row_id;
  std::string category;
  std::string host;  // the catalog's pattern
  uint16_t port = 0;
  std::string transport;
  std::string proxy_support;
  // Index into Plan::probes; empty when the row cannot be probed (see skip_detail).
  std::optional<size_t> probe;
  std::string skip_detail;
};

struct Plan {
  std::vector<ProbeSpec> probes;
  std::vector<PlannedCheck> checks;  // in catalog order
};

// What to run on a row's port, from the kinds table (kinds.cc): udp/123 ntp, udp/443 quic,
// tcp/22 ssh, tcp/443, 5223 and 2197 tls, tcp/80 per hints.http_check (ocsp, crl, captive, else
// http); other ports tcp (udp: dns).
CheckKind KindFor(const catalog::Endpoint& row, uint16_t port);

// Builds the plan. A wildcard row probes hints.representative_host, a CIDR row
// hints.representative_address (with hints.sni); rows lacking them are planned as skips. The
// first matching --connect-to rule sets where a probe connects.
Plan MakePlan(const std::vector<catalog::Endpoint>& rows,
              const std::vector<ConnectToRule>& connect_to);

}  // namespace orchard::probe
