#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "probe/dns/dns.h"

namespace orchard::probe {

// "ADDRESS[:PORT]" (an IPv6 address with a port in brackets: "[::1]:5353") normalised to the
// form c-ares takes ("127.0.0.1:53", "[::1]:5353"). Port defaults to 53.
Result<std::string> ParseResolverAddress(std::string_view text);

// The real resolver: c-ares driven by the Asio loop of the calling coroutine (sockets watched
// through ARES_OPT_SOCK_STATE_CB, one timer from ares_timeout). Each Resolve uses its own
// channel, so lookups never share state and a deadline cancels exactly one lookup. Queries A
// and/or AAAA without search domains; c-ares's retry timeouts are slices of what is left.
class CaresResolver final : public Resolver {
 public:
  // `servers` as ParseResolverAddress returns them; empty means the system's configuration.
  static Result<std::unique_ptr<CaresResolver>> Create(std::vector<std::string> servers);

  boost::asio::awaitable<DnsAnswer> Resolve(std::string name, AddressFamilies families,
                                            Deadline deadline) override;

 private:
  explicit CaresResolver(std::string servers_csv) : servers_csv_(std::move(servers_csv)) {}
  std::string servers_csv_;
};

}  // namespace orchard::probe
