#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/address.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "probe/outcome.h"
#include "probe/result.h"

// Name resolution as a check sees it: the answer's rcode, the CNAME chain and the addresses.
namespace orchard::probe {

enum class AddressFamilies { kBoth, kIpv4Only, kIpv6Only };

// What one lookup ended with. kOk means at least one address came back.
enum class DnsStatus { kOk, kNxdomain, kNodata, kServfail, kRefused, kTimeout, kError };

std::string_view ToString(DnsStatus s);  // "ok", "nxdomain", "nodata", ...

struct DnsAnswer {
  DnsStatus status = DnsStatus::kTimeout;
  std::vector<std::string> cname_chain;  // the queried name first, each CNAME target after
  std::vector<boost::asio::ip::address> addresses;  // A answers first, then AAAA
  std::string detail;  // the resolver's words when something failed ("no answer from 10.0.0.1")
  // Which resolver answered when it was not the default one: a per-domain (split DNS) resolver,
  // "10.8.0.1 (corp.example, utun3)". Empty for the default resolver.
  std::string resolver;
};

// The resolver seam: the real one is c-ares on the Asio loop (dns_cares.h), tests use fakes.
// Resolve never throws and returns by `deadline`; it runs on the calling coroutine's executor.
class Resolver {
 public:
  virtual ~Resolver() = default;
  virtual boost::asio::awaitable<DnsAnswer> Resolve(std::string name, AddressFamilies families,
                                                    Deadline deadline) = 0;
};

// The answers DNS filters hand out instead of the real address.
bool IsSinkhole(const boost::asio::ip::address& address);

// Folds the A and AAAA lookups of one name into one answer: addresses from both; when neither
// produced an address, the more telling failure (NXDOMAIN, then the A lookup's unless it was
// NODATA, then the AAAA lookup's).
DnsAnswer CombineFamilies(DnsAnswer a, DnsAnswer aaaa);

// The check-level verdict for an answer: ok, a dns_* reason, or dns_sinkhole when any address is
// a sinkhole. `detail` is one line for people.
struct DnsVerdict {
  Reason reason = Reason::kOk;
  std::string detail;
};
DnsVerdict JudgeDns(std::string_view name, const DnsAnswer& answer);

}  // namespace orchard::probe
