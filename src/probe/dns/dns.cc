#include "probe/dns/dns.h"

#include <fmt/format.h>

#include <utility>

namespace orchard::probe {

std::string_view ToString(DnsStatus s) {
  switch (s) {
    case DnsStatus::kOk:
      return "ok";
    case DnsStatus::kNxdomain:
      return "nxdomain";
    case DnsStatus::kNodata:
      return "nodata";
    case DnsStatus::kServfail:
      return "servfail";
    case DnsStatus::kRefused:
      return "refused";
    case DnsStatus::kTimeout:
      return "timeout";
    case DnsStatus::kError:
      return "error";
  }
  return "error";
}

bool IsSinkhole(const boost::asio::ip::address& address) {
  if (address.is_v4()) {
    auto v4 = address.to_v4();
    return v4.is_unspecified() || v4 == boost::asio::ip::address_v4::loopback();
  }
  auto v6 = address.to_v6();
  return v6.is_unspecified() || v6.is_loopback();
}

DnsAnswer CombineFamilies(DnsAnswer a, DnsAnswer aaaa) {
  DnsAnswer out;
  out.cname_chain =
      a.cname_chain.size() >= aaaa.cname_chain.size() ? a.cname_chain : aaaa.cname_chain;
  out.addresses = std::move(a.addresses);
  out.addresses.insert(out.addresses.end(), aaaa.addresses.begin(), aaaa.addresses.end());
  if (!out.addresses.empty()) {
    out.status = DnsStatus::kOk;
    return out;
  }
  auto failure = [](const DnsAnswer& x) {
    return x.status == DnsStatus::kOk ? DnsStatus::kNodata : x.status;
  };
  const DnsAnswer* telling = &aaaa;
  if (failure(a) == DnsStatus::kNxdomain) {
    telling = &a;
  } else if (failure(aaaa) != DnsStatus::kNxdomain && failure(a) != DnsStatus::kNodata) {
    telling = &a;
  }
  out.status = failure(*telling);
  out.detail = telling->detail;
  return out;
}

namespace {

std::string AddressList(const std::vector<boost::asio::ip::address>& addresses) {
  std::string out;
  for (const auto& a : addresses) {
    if (!out.empty()) out += ", ";
    out += a.to_string();
  }
  return out;
}

std::string WithDetail(std::string text, const std::string& detail) {
  if (!detail.empty()) text += " (" + detail + ")";
  return text;
}

}  // namespace

DnsVerdict JudgeDns(std::string_view name, const DnsAnswer& answer) {
  switch (answer.status) {
    case DnsStatus::kOk:
      break;
    case DnsStatus::kNxdomain:
      return {Reason::kDnsNxdomain,
              WithDetail(fmt::format("{} does not exist (NXDOMAIN)", name), answer.detail)};
    case DnsStatus::kNodata:
      return {Reason::kDnsNodata,
              WithDetail(fmt::format("{} has no address records (NODATA)", name), answer.detail)};
    case DnsStatus::kServfail:
      return {Reason::kDnsServfail,
              WithDetail(fmt::format("the resolver failed to look up {} (SERVFAIL)", name),
                         answer.detail)};
    case DnsStatus::kRefused:
      return {Reason::kDnsRefused,
              WithDetail(fmt::format("the resolver refused to look up {} (REFUSED)", name),
                         answer.detail)};
    case DnsStatus::kTimeout:
      return {
          Reason::kDnsTimeout,
          WithDetail(fmt::format("no DNS answer for {} before the deadline", name), answer.detail)};
    case DnsStatus::kError:
      return {Reason::kDnsServfail,
              WithDetail(fmt::format("the lookup of {} failed", name), answer.detail)};
  }
  std::vector<boost::asio::ip::address> sinkholes;
  for (const auto& a : answer.addresses) {
    if (IsSinkhole(a)) sinkholes.push_back(a);
  }
  if (!sinkholes.empty()) {
    return {Reason::kDnsSinkhole,
            fmt::format("{} resolves to {}: a DNS filter answers instead of Apple", name,
                        AddressList(sinkholes))};
  }
  return {Reason::kOk, fmt::format("{} resolves to {}", name, AddressList(answer.addresses))};
}

}  // namespace orchard::probe
