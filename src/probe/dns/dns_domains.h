#pragma once

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "probe/dns/dns.h"

// Split DNS as macOS does it: a name in a domain that a per-domain ("supplemental") resolver
// answers for goes to that resolver; every other name to the default one.
namespace orchard::probe {

struct DomainRoute {
  std::string domain;                  // "corp.example": the domain and every name under it
  std::unique_ptr<Resolver> resolver;  // owned
  std::string label;                   // what the answer says answered: "10.0.0.53 (corp.example)"
};

// The index of the route whose domain is `name` or its nearest parent (the longest match; names
// compare without case and without a trailing dot), or nullopt for the default resolver.
std::optional<size_t> RouteFor(const std::vector<DomainRoute>& routes, std::string_view name);

class DomainResolver final : public Resolver {
 public:
  // `fallback` (borrowed) answers every name no route covers.
  DomainResolver(Resolver& fallback, std::vector<DomainRoute> routes)
      : fallback_(fallback), routes_(std::move(routes)) {}

  // Resolves through the chosen resolver; a routed answer names its resolver (DnsAnswer::
  // resolver), a default one is left as the fallback set it.
  boost::asio::awaitable<DnsAnswer> Resolve(std::string name, AddressFamilies families,
                                            Deadline deadline) override;

 private:
  Resolver& fallback_;
  std::vector<DomainRoute> routes_;
};

}  // namespace orchard::probe
