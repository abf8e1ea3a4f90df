#include "probe/dns/dns_domains.h"

#include "base/strings.h"

namespace orchard::probe {
std::optional<size_t> RouteFor(const std::vector<DomainRoute>& routes, std::string_view name) {
  const std::string n = CanonicalHostName(name);
  std::optional<size_t> best;
  size_t best_length = 0;
  for (size_t i = 0; i < routes.size(); ++i) {
    const std::string d = CanonicalHostName(routes[i].domain);
    if (d.empty()) continue;
    const bool covers =
        n == d || (n.size() > d.size() && n.ends_with(d) && n[n.size() - d.size() - 1] == '.');
    if (covers && d.size() > best_length) {
      best = i;
      best_length = d.size();
    }
  }
  return best;
}

boost::asio::awaitable<DnsAnswer> DomainResolver::Resolve(std::string name,
                                                          AddressFamilies families,
                                                          Deadline deadline) {
  const std::optional<size_t> route = RouteFor(routes_, name);
  if (!route) co_return co_await fallback_.Resolve(std::move(name), families, deadline);
  DnsAnswer answer =
      co_await routes_[*route].resolver->Resolve(std::move(name), families, deadline);
  answer.resolver = routes_[*route].label;
  co_return answer;
}

}  // namespace orchard::probe
