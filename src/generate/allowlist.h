#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "catalog/endpoint.h"
#include "results/document.h"

namespace orchard::generate {

// What a saved run found for one port of a row (--from).
struct Finding {
  uint16_t port = 0;
  std::string transport;  // "tcp" or "udp"
  std::string status;     // "fail", "warn", ...
  std::string reason;     // the stable reason code ("tcp_timeout")
};

// One catalog row on the list. With --only-failing its ports are narrowed to those a saved run
// found blocked.
struct AllowRow {
  catalog::Endpoint endpoint;
  std::vector<Finding> findings;  // empty unless the list came from a saved run
};

// Where a list came from: what the comment header of every output says.
struct Provenance {
  std::string command;  // the command line that made it
  std::string catalog_source;
  std::string catalog_date;
  std::string selection;    // "profile sep", "every row", ...
  std::string results;      // "run.json (failing checks only)"; empty without --from
  std::string resolved_at;  // ISO 8601 UTC; empty without --resolve
};

// One host name's addresses when the list was generated (--resolve).
struct Resolution {
  std::string host;                    // the catalog's pattern: a name or "*.domain"
  std::string queried;                 // the name looked up (a wildcard's representative host)
  std::vector<std::string> addresses;  // numeric IPv4/IPv6 text
  std::string error;                   // why the name did not resolve; empty on success
};

// Everything a format renders. Built once, rendered by any format; renderers never fail on it.
struct Allowlist {
  Provenance provenance;
  std::vector<AllowRow> rows;
  std::vector<std::string> collapse;    // --collapse parents, normalised ("apple.com")
  std::vector<Resolution> resolutions;  // empty unless --resolve ran
};

// Rows for every endpoint given (a catalog selection). Rejects host patterns no config file
// could hold safely (they come from files the user passed).
Result<std::vector<AllowRow>> RowsFromEndpoints(const std::vector<catalog::Endpoint>& endpoints);

// Rows for what a saved run checked. `known` are the catalog rows the run's row ids are looked up
// in; a checked row missing from them is rebuilt from the result when `keep_unknown`, dropped
// otherwise (the user narrowed the selection with --profile/--category). With `only_failing`,
// only rows with a blocked check stay, with only the blocked ports.
Result<std::vector<AllowRow>> RowsFromResults(const results::CheckDocument& doc,
                                              const std::vector<catalog::Endpoint>& known,
                                              bool only_failing, bool keep_unknown);

// True when a check shows the network in the way: a failure, or a proxy-required warning
// (the device goes direct and direct egress is blocked).
bool IsBlocked(const probe::CheckResult& result);

// "apple.com" from "apple.com", ".apple.com" or "*.apple.com"; rejects anything that is not a
// host name with at least two labels (collapsing under "com" would allow half the internet).
Result<std::string> NormaliseCollapse(std::string_view domain);

// Why a row is needed, in the article's words: its description, or its section when the
// article left the description empty.
std::string Reason(const catalog::Endpoint& endpoint);

// What a saved run found blocked for a row: "80/tcp tcp_timeout; 443/tcp tls_intercepted".
std::string BlockedText(const AllowRow& row);

// True for a DNS name or "*." wildcard made of letters, digits, '-', '_' and dots.
bool IsSafeHostPattern(std::string_view host);

}  // namespace orchard::generate
