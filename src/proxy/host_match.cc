#include "proxy/host_match.h"

#include <arpa/inet.h>

#include <charconv>
#include <vector>

#include "base/strings.h"

namespace orchard::proxy {

std::optional<IpAddress> ParseIp(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  if (text.empty() || text.size() > 64) return std::nullopt;
  std::string s(text);
  IpAddress address;
  if (inet_pton(AF_INET, s.c_str(), address.bytes.data()) == 1) return address;
  if (inet_pton(AF_INET6, s.c_str(), address.bytes.data()) == 1) {
    address.v6 = true;
    return address;
  }
  return std::nullopt;
}

namespace {

std::optional<int> ParseInt(std::string_view s, int max) {
  int value = 0;
  if (s.empty() || s.size() > 3) return std::nullopt;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || value < 0 || value > max) {
    return std::nullopt;
  }
  return value;
}

// "169.254" -> 169.254.0.0 (macOS writes blocks with the trailing zero octets left out).
std::optional<IpAddress> ParseShortIpv4(std::string_view text) {
  IpAddress address;
  int octet = 0;
  while (!text.empty()) {
    if (octet == 4) return std::nullopt;
    auto dot = text.find('.');
    auto value = ParseInt(text.substr(0, dot), 255);
    if (!value) return std::nullopt;
    address.bytes[octet++] = static_cast<uint8_t>(*value);
    if (dot == std::string_view::npos) break;
    text.remove_prefix(dot + 1);
    if (text.empty()) return std::nullopt;
  }
  if (octet == 0) return std::nullopt;
  return address;
}

}  // namespace

std::optional<IpBlock> ParseIpBlock(std::string_view text, bool allow_short) {
  text = Trim(text);
  auto slash = text.find('/');
  std::string_view base_text = text.substr(0, slash);
  std::optional<IpAddress> base = ParseIp(base_text);
  if (!base && allow_short && slash != std::string_view::npos) base = ParseShortIpv4(base_text);
  if (!base) return std::nullopt;
  int max_bits = base->v6 ? 128 : 32;
  IpBlock block{*base, max_bits};
  if (slash != std::string_view::npos) {
    auto bits = ParseInt(text.substr(slash + 1), max_bits);
    if (!bits) return std::nullopt;
    block.bits = *bits;
  }
  return block;
}

bool InBlock(const IpAddress& address, const IpBlock& block) {
  if (address.v6 != block.base.v6) return false;
  int bits = block.bits;
  for (size_t i = 0; bits > 0; ++i, bits -= 8) {
    uint8_t mask = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
    if ((address.bytes[i] & mask) != (block.base.bytes[i] & mask)) return false;
  }
  return true;
}

std::string NormalizeHost(std::string_view host) {
  host = Trim(host);
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  return AsciiLower(host);
}

bool DomainMatches(std::string_view host_in, std::string_view domain_in) {
  std::string host = NormalizeHost(host_in);
  std::string_view domain_view = Trim(domain_in);
  if (domain_view.starts_with("*.")) {
    domain_view.remove_prefix(2);
  } else if (domain_view.starts_with(".")) {
    domain_view.remove_prefix(1);
  }
  std::string domain = NormalizeHost(domain_view);
  if (domain.empty() || host.empty()) return false;
  if (host == domain) return true;
  return host.size() > domain.size() && host.ends_with(domain) &&
         host[host.size() - domain.size() - 1] == '.';
}

bool GlobMatches(std::string_view text, std::string_view pattern) {
  // Iterative glob with single-star backtracking: linear-ish, no recursion on hostile input.
  size_t t = 0, p = 0, star = std::string_view::npos, mark = 0;
  auto eq = [](char a, char b) { return AsciiLower(a) == AsciiLower(b); };
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || eq(pattern[p], text[t]))) {
      ++t;
      ++p;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace orchard::proxy
