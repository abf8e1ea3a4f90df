#include "generate/address.h"

#include <arpa/inet.h>

#include <charconv>
#include <tuple>

namespace orchard::generate {
namespace {

int MaxLength(Family f) { return f == Family::kV4 ? 32 : 128; }

void ClearHostBits(Prefix& p) {
  int max = MaxLength(p.family);
  for (int bit = p.length; bit < max; ++bit) {
    p.bytes[bit / 8] &= static_cast<uint8_t>(~(0x80u >> (bit % 8)));
  }
}

}  // namespace

std::optional<Prefix> ParsePrefix(std::string_view text) {
  std::string_view address = text;
  std::optional<int> length;
  if (auto slash = text.find('/'); slash != std::string_view::npos) {
    address = text.substr(0, slash);
    std::string_view digits = text.substr(slash + 1);
    int value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) {
      return std::nullopt;
    }
    length = value;
  }
  if (address.empty() || address.size() > 45) return std::nullopt;
  std::string text_address(address);
  Prefix p;
  if (inet_pton(AF_INET, text_address.c_str(), p.bytes.data()) == 1) {
    p.family = Family::kV4;
  } else if (inet_pton(AF_INET6, text_address.c_str(), p.bytes.data()) == 1) {
    p.family = Family::kV6;
  } else {
    return std::nullopt;
  }
  int max = MaxLength(p.family);
  p.length = length.value_or(max);
  if (p.length < 0 || p.length > max) return std::nullopt;
  ClearHostBits(p);
  return p;
}

std::string ToString(const Prefix& p) {
  char buffer[INET6_ADDRSTRLEN] = {};
  inet_ntop(p.family == Family::kV4 ? AF_INET : AF_INET6, p.bytes.data(), buffer, sizeof buffer);
  std::string out(buffer);
  if (!p.IsHost()) out += "/" + std::to_string(p.length);
  return out;
}

bool Contains(const Prefix& outer, const Prefix& inner) {
  if (outer.family != inner.family || outer.length > inner.length) return false;
  Prefix masked = inner;
  masked.length = outer.length;
  ClearHostBits(masked);
  return masked.bytes == outer.bytes;
}

bool operator<(const Prefix& a, const Prefix& b) {
  return std::tie(a.family, a.bytes, a.length) < std::tie(b.family, b.bytes, b.length);
}

}  // namespace orchard::generate
