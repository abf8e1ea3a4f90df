#pragma once

#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

// Reading a DNS response message (RFC 1035 section 4) for the parts a check reports.
namespace orchard::probe {

inline constexpr uint16_t kDnsTypeA = 1;
inline constexpr uint16_t kDnsTypeCname = 5;
inline constexpr uint16_t kDnsTypeAaaa = 28;

struct DnsResponse {
  int rcode = 0;
  // `qname` first, then each CNAME target in order; loops and chains past 16 links are cut.
  std::vector<std::string> cname_chain;
  // Addresses of type `qtype` owned by any name on the chain, in message order.
  std::vector<boost::asio::ip::address> addresses;
};

// Parses `message` as the answer to (`qname`, `qtype`). Names compare case-insensitively and
// without a trailing dot. A truncated or malformed message is a kParse error, never a crash.
Result<DnsResponse> ParseDnsResponse(std::span<const unsigned char> message, std::string_view qname,
                                     uint16_t qtype);

}  // namespace orchard::probe
