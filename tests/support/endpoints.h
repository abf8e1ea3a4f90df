#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "catalog/endpoint.h"

namespace orchard::testing {

// A catalog row "category/host" on `ports`: a wildcard for "*.", a CIDR when it has a "/", a
// name otherwise; every other field as catalog::Endpoint leaves it.
inline catalog::Endpoint MakeEndpoint(std::string category, std::string host,
                                      std::vector<uint16_t> ports,
                                      catalog::Transport transport = catalog::Transport::kTcp) {
  catalog::Endpoint e;
  e.category = std::move(category);
  e.host = std::move(host);
  e.id = e.category + "/" + e.host;
  e.ports = std::move(ports);
  e.transport = transport;
  if (e.host.starts_with("*.")) e.kind = catalog::HostKind::kWildcard;
  if (e.host.find('/') != std::string::npos) e.kind = catalog::HostKind::kCidr;
  return e;
}

}  // namespace orchard::testing
