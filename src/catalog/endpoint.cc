#include "catalog/endpoint.h"

namespace orchard::catalog {

std::string_view ToString(Transport t) { return t == Transport::kTcp ? "tcp" : "udp"; }

std::string_view ToString(HostKind k) {
  switch (k) {
    case HostKind::kName:
      return "name";
    case HostKind::kWildcard:
      return "wildcard";
    case HostKind::kCidr:
      return "cidr";
  }
  return "name";
}

std::string_view ToString(ProxySupport p) {
  switch (p) {
    case ProxySupport::kYes:
      return "yes";
    case ProxySupport::kNo:
      return "no";
    case ProxySupport::kNote:
      return "note";
  }
  return "no";
}

std::optional<Transport> TransportFromString(std::string_view s) {
  if (s == "tcp") return Transport::kTcp;
  if (s == "udp") return Transport::kUdp;
  return std::nullopt;
}

bool SupportsProxy(ProxySupport p, uint16_t port) {
  switch (p) {
    case ProxySupport::kYes:
      return true;
    case ProxySupport::kNote:
      return port == 443;
    case ProxySupport::kNo:
      return false;
  }
  return false;
}

std::optional<ProxySupport> ProxySupportFromString(std::string_view s) {
  if (s == "yes") return ProxySupport::kYes;
  if (s == "no") return ProxySupport::kNo;
  if (s == "note") return ProxySupport::kNote;
  return std::nullopt;
}

}  // namespace orchard::catalog
