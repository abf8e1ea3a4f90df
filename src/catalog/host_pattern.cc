#include "catalog/host_pattern.h"

#include <fmt/format.h>

#include <charconv>

namespace orchard::catalog {
namespace {

std::optional<uint32_t> ParseDecimal(std::string_view text, uint32_t max) {
  if (text.empty() || text.size() > 3 || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  uint32_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value > max) return std::nullopt;
  return value;
}

bool IsLabelChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

bool LooksNumeric(std::string_view host) {
  return host.find_first_not_of("0123456789./") == std::string_view::npos;
}

}  // namespace

std::optional<uint32_t> ParseIpv4(std::string_view text) {
  uint32_t address = 0;
  for (int i = 0; i < 4; ++i) {
    size_t dot = text.find('.');
    if ((i < 3) != (dot != std::string_view::npos)) return std::nullopt;
    auto octet = ParseDecimal(text.substr(0, dot), 255);
    if (!octet) return std::nullopt;
    address = (address << 8) | *octet;
    text = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  }
  return address;
}

std::string FormatIpv4(uint32_t a) {
  return fmt::format("{}.{}.{}.{}", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
}

Result<Ipv4Cidr> ParseIpv4Cidr(std::string_view text) {
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    auto single = ParseIpv4(text);
    if (!single) {
      return MakeError(ErrorCode::kCatalog, fmt::format("bad address '{}'", text));
    }
    return Ipv4Cidr{*single, 32};
  }
  auto address = ParseIpv4(text.substr(0, slash));
  if (!address) {
    return MakeError(ErrorCode::kCatalog, fmt::format("bad CIDR '{}': '{}' is not an IPv4 address",
                                                      text, text.substr(0, slash)));
  }
  auto prefix = ParseDecimal(text.substr(slash + 1), 32);
  if (!prefix) {
    return MakeError(ErrorCode::kCatalog,
                     fmt::format("bad CIDR '{}': prefix must be a number from 0 to 32", text));
  }
  uint32_t mask = *prefix == 0 ? 0 : ~uint32_t{0} << (32 - *prefix);
  if ((*address & ~mask) != 0) {
    return MakeError(ErrorCode::kCatalog,
                     fmt::format("bad CIDR '{}': host bits set (the network is {}/{})", text,
                                 FormatIpv4(*address & mask), *prefix));
  }
  return Ipv4Cidr{*address, static_cast<int>(*prefix)};
}

std::string FirstUsableAddress(const Ipv4Cidr& cidr) {
  return FormatIpv4(cidr.prefix >= 31 ? cidr.network : cidr.network + 1);
}

bool IsValidHostName(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  size_t start = 0;
  while (start <= name.size()) {
    size_t dot = name.find('.', start);
    std::string_view label = name.substr(start, dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!IsLabelChar(c)) return false;
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return true;
}

Result<HostKind> ClassifyHost(std::string_view host) {
  if (host.empty()) return MakeError(ErrorCode::kCatalog, "empty host");
  if (host.find('/') != std::string_view::npos || LooksNumeric(host)) {
    auto cidr = ParseIpv4Cidr(host);
    if (!cidr) return tl::unexpected(cidr.error());
    return HostKind::kCidr;
  }
  if (host.starts_with("*.")) {
    if (!IsValidHostName(host.substr(2))) {
      return MakeError(ErrorCode::kCatalog, fmt::format("bad wildcard '{}'", host));
    }
    return HostKind::kWildcard;
  }
  if (!IsValidHostName(host)) {
    return MakeError(ErrorCode::kCatalog, fmt::format("bad host name '{}'", host));
  }
  return HostKind::kName;
}

}  // namespace orchard::catalog
