#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "probe/http/http_answer.h"
#include "probe/result.h"
#include "proxy/proxy_url.h"

// The CONNECT exchange with an HTTP proxy, without sockets: the request, and what the proxy's
// answer means for the check.
namespace orchard::proxy {

// "CONNECT host:port HTTP/1.1" with Host and, when credentials are given, a Basic
// Proxy-Authorization header. IPv6 hosts are bracketed.
std::string BuildConnectRequest(std::string_view host, uint16_t port,
                                const std::optional<Credentials>& credentials);

// "Basic base64(user:password)".
std::string BasicAuthorization(const Credentials& credentials);

// Parses a status line and headers ending in an empty line. nullopt when malformed.
std::optional<probe::HttpAnswer> ParseProxyReplyHead(std::string_view head);

struct TunnelVerdict {
  probe::Reason reason = probe::Reason::kOk;  // kOk: the tunnel is open
  std::string detail;
};

// What a proxy's answer to CONNECT (or to a plain-HTTP request it refused) says: 2xx open; 407
// proxy_auth_required; a Squid ERR_CONNECT_FAIL / ERR_DNS_FAIL / timeout page is the proxy
// failing to reach the target (tcp_refused, tcp_timeout, tcp_unreachable, dns_nxdomain); any
// other refusal (403, block pages, 5xx) is proxy_denied. `proxy` ("host:port") and `target`
// name the parties in the detail.
TunnelVerdict JudgeConnectReply(const probe::HttpAnswer& answer, std::string_view proxy,
                                std::string_view target);

}  // namespace orchard::proxy
