#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Small host-matching helpers shared by NO_PROXY and the macOS exceptions list.
namespace orchard::proxy {

// An IPv4 or IPv6 address as 16 bytes (IPv4 in the first 4, `v6` false).
struct IpAddress {
  std::array<uint8_t, 16> bytes{};
  bool v6 = false;
};

// Parses a literal address; brackets around IPv6 are accepted. nullopt for anything else.
std::optional<IpAddress> ParseIp(std::string_view text);

// An address block. `bits` is the prefix length.
struct IpBlock {
  IpAddress base;
  int bits = 0;
};

// "10.0.0.0/8", "::1", "fe80::/10", "10.1.2.3" (a single address). macOS's short forms
// ("169.254/16", "10/8") are accepted when `allow_short` is set.
std::optional<IpBlock> ParseIpBlock(std::string_view text, bool allow_short = false);
bool InBlock(const IpAddress& address, const IpBlock& block);

// A host name as curl's NO_PROXY matching (lib/noproxy.c) compares it: trimmed, ASCII lower
// case, without one trailing dot. Only one, as curl: "a.com.." stays "a.com.", which no entry
// "a.com" covers; base's CanonicalHostName, for DNS names, drops every trailing dot.
std::string NormalizeHost(std::string_view host);

// True when `host` is `domain` or a subdomain of it (label boundary), case-insensitive.
// A leading "." or "*." on `domain` is ignored.
bool DomainMatches(std::string_view host, std::string_view domain);

// Shell-style glob with * and ?, case-insensitive.
bool GlobMatches(std::string_view text, std::string_view pattern);

}  // namespace orchard::proxy
