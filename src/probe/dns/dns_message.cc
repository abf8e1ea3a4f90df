#include "probe/dns/dns_message.h"

#include <ares.h>

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include "base/strings.h"

namespace orchard::probe {
namespace {

constexpr size_t kHeaderSize = 12;
constexpr size_t kMaxChain = 16;

uint16_t Read16(std::span<const unsigned char> m, size_t at) {
  return static_cast<uint16_t>((m[at] << 8) | m[at + 1]);
}

// Expands the (possibly compressed) name at `at`; advances `at` past it.
std::optional<std::string> ReadName(std::span<const unsigned char> m, size_t& at) {
  char* name = nullptr;
  long consumed = 0;
  if (at >= m.size()) return std::nullopt;
  if (ares_expand_name(m.data() + at, m.data(), static_cast<int>(m.size()), &name, &consumed) !=
      ARES_SUCCESS) {
    return std::nullopt;
  }
  std::string out = CanonicalHostName(name);
  ares_free_string(name);
  at += static_cast<size_t>(consumed);
  return out;
}

struct Record {
  std::string owner;
  uint16_t type = 0;
  size_t rdata = 0;
  uint16_t rdlength = 0;
};

tl::unexpected<Error> Malformed(std::string_view what) {
  return MakeError(ErrorCode::kParse, "malformed DNS response: " + std::string(what));
}

}  // namespace

Result<DnsResponse> ParseDnsResponse(std::span<const unsigned char> m, std::string_view qname,
                                     uint16_t qtype) {
  if (m.size() < kHeaderSize) return Malformed("shorter than its header");
  DnsResponse out;
  out.rcode = m[3] & 0x0f;
  const uint16_t qdcount = Read16(m, 4);
  const uint16_t ancount = Read16(m, 6);
  size_t at = kHeaderSize;
  for (uint16_t i = 0; i < qdcount; ++i) {
    if (!ReadName(m, at) || at + 4 > m.size()) return Malformed("question cut short");
    at += 4;
  }
  std::vector<Record> records;
  for (uint16_t i = 0; i < ancount; ++i) {
    auto owner = ReadName(m, at);
    if (!owner || at + 10 > m.size()) return Malformed("answer record cut short");
    Record r{*owner, Read16(m, at), at + 10, Read16(m, at + 8)};
    at += 10;
    if (at + r.rdlength > m.size()) return Malformed("record data past the end");
    at += r.rdlength;
    records.push_back(std::move(r));
  }

  out.cname_chain.push_back(CanonicalHostName(qname));
  while (out.cname_chain.size() <= kMaxChain) {
    const std::string& current = out.cname_chain.back();
    auto it = std::find_if(records.begin(), records.end(), [&](const Record& r) {
      return r.type == kDnsTypeCname && r.owner == current;
    });
    if (it == records.end()) break;
    size_t rdata = it->rdata;
    auto target = ReadName(m, rdata);
    if (!target) return Malformed("CNAME target unreadable");
    if (std::find(out.cname_chain.begin(), out.cname_chain.end(), *target) !=
        out.cname_chain.end()) {
      break;  // a loop: report the chain up to it
    }
    out.cname_chain.push_back(std::move(*target));
  }

  for (const Record& r : records) {
    if (r.type != qtype) continue;
    if (std::find(out.cname_chain.begin(), out.cname_chain.end(), r.owner) ==
        out.cname_chain.end()) {
      continue;
    }
    if (qtype == kDnsTypeA && r.rdlength == 4) {
      std::array<unsigned char, 4> bytes;
      std::copy_n(m.begin() + static_cast<std::ptrdiff_t>(r.rdata), 4, bytes.begin());
      out.addresses.emplace_back(boost::asio::ip::address_v4(bytes));
    } else if (qtype == kDnsTypeAaaa && r.rdlength == 16) {
      std::array<unsigned char, 16> bytes;
      std::copy_n(m.begin() + static_cast<std::ptrdiff_t>(r.rdata), 16, bytes.begin());
      out.addresses.emplace_back(boost::asio::ip::address_v6(bytes));
    }
  }
  return out;
}

}  // namespace orchard::probe
