#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.h"

namespace orchard::probe {

// One --connect-to HOST:PORT:ADDRESS:PORT rule, as in curl: a target matching HOST and PORT
// connects to ADDRESS:PORT instead, keeping its name for SNI and Host. Empty HOST or PORT match
// anything; empty ADDRESS or PORT keep the target's own. HOST may be a name, a catalog pattern
// ("*.push.apple.com") or a CIDR ("17.0.0.0/8"); IPv6 addresses go in brackets.
struct ConnectToRule {
  std::string host;
  std::optional<uint16_t> port;
  std::string address;  // name or IP literal (without brackets); empty = the target itself
  std::optional<uint16_t> to_port;
  std::string text;  // as given, for details
};

Result<ConnectToRule> ParseConnectTo(std::string_view text);

// Whether `rule` applies to a check of catalog host pattern `row_host` probing `target` on
// `port`. Names compare case-insensitively; a wildcard rule matches the same pattern in the
// catalog or any name under its domain; a CIDR rule matches the same CIDR in the catalog or a
// target address inside it.
bool Matches(const ConnectToRule& rule, std::string_view row_host, std::string_view target,
             uint16_t port);

// Whether `address` (an IP literal) lies in `cidr` ("17.0.0.0/8", "2620:149::/32"). False for
// anything that does not parse.
bool CidrContains(std::string_view cidr, std::string_view address);

}  // namespace orchard::probe
