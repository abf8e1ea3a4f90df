#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace orchard::catalog {

enum class Transport { kTcp, kUdp };
enum class HostKind { kName, kWildcard, kCidr };
// The article's "Supports proxies" column: "Yes", "—", or a note (the APNs row).
enum class ProxySupport { kYes, kNo, kNote };

std::string_view ToString(Transport t);     // "tcp", "udp"
std::string_view ToString(HostKind k);      // "name", "wildcard", "cidr"
std::string_view ToString(ProxySupport p);  // "yes", "no", "note"
std::optional<Transport> TransportFromString(std::string_view s);
std::optional<ProxySupport> ProxySupportFromString(std::string_view s);

// Whether a row is reached through proxies on `port`: "yes" always; "no" never; "note" (APNs)
// only on 443, its documented proxy fallback.
bool SupportsProxy(ProxySupport p, uint16_t port);

// How to probe a row beyond reaching its port. Everything is optional; the probe engine
// derives a sensible default check from port and transport when a hint is absent.
struct ProbeHints {
  // A real host that stands for a wildcard row ("1-courier.push.apple.com" for
  // "*.push.apple.com").
  std::string representative_host;
  // An address that stands for a CIDR row, and the TLS name to send to it.
  std::string representative_address;
  std::string sni;
  // The application check for plain-HTTP ports: "ocsp", "crl", "captive", "http".
  std::string http_check;
  // The URL path (or full URL) that check requests: the OCSP responder, a real CRL path, the
  // hotspot page.
  std::string url;
  // What a genuine answer looks like ("Success" for the hotspot page, "application/pkix-crl").
  std::string expect;
};

// One row of Apple's article (a host listed in two sections is two rows).
struct Endpoint {
  std::string id;    // stable and unique: "<category>/<host>"
  std::string host;  // as in the article: a name, "*.domain", or an IPv4 CIDR
  HostKind kind = HostKind::kName;
  std::vector<uint16_t> ports;
  Transport transport = Transport::kTcp;
  std::string protocol;  // the article's word: "TCP", "UDP", "SSH"
  std::vector<std::string> os;
  std::string description;
  ProxySupport proxy = ProxySupport::kNo;
  std::string proxy_note;  // the note's text when proxy == kNote
  std::string section;     // the article's heading
  std::string category;    // kebab-case id ("certificate-validation")
  ProbeHints hints;
  std::string origin;  // "file:line" where the row was defined, for messages
};

// A named set of categories and/or row ids ("sep", "mdm", "all").
struct Profile {
  std::string name;
  std::string description;
  std::vector<std::string> categories;  // category ids; "*" means every category
  std::vector<std::string> rows;        // row ids or host patterns
  std::string origin;                   // "file:line", for messages
};

// A section of the article: its stable id and its heading.
struct Category {
  std::string id;       // kebab-case ("certificate-validation")
  std::string section;  // the article's heading ("Certificate validation")
  std::string origin;   // "file:line", for messages
};

struct CatalogInfo {
  std::string source;              // the article's title
  std::string url;                 // where the article lives
  std::string date;                // the article's date, or the date it was imported (ISO 8601)
  std::vector<std::string> notes;  // the article's firewall facts
};

struct Catalog {
  CatalogInfo info;
  std::vector<Category> categories;  // in article order
  std::vector<Endpoint> endpoints;   // in article order
  std::vector<Profile> profiles;
};

}  // namespace orchard::catalog
