#pragma once

#include <string>

#include "base/error.h"
#include "generate/allowlist.h"

// One renderer per format, each in its own file. Renderers read the list and never fail, except
// the PAC's check of its proxy.
namespace orchard::generate {

std::string RenderHosts(const Allowlist& list);
std::string RenderDomains(const Allowlist& list);
std::string RenderCidr(const Allowlist& list);
std::string RenderCsv(const Allowlist& list);
std::string RenderJson(const Allowlist& list);
Result<std::string> RenderPac(const Allowlist& list, const std::string& proxy);
std::string RenderSquid(const Allowlist& list);
std::string RenderNftables(const Allowlist& list);
std::string RenderIptables(const Allowlist& list);
std::string RenderPf(const Allowlist& list);
std::string RenderPaloAltoEdl(const Allowlist& list);
std::string RenderPaloAltoDecryptionBypass(const Allowlist& list);
std::string RenderSslBypass(const Allowlist& list);

// "PROXY proxy.corp:8080" from "http://proxy.corp:8080", "HTTPS ..." from https://, "SOCKS5 ..."
// from socks5://; a bare "host:port" is an HTTP proxy. Rejects credentials (a PAC cannot carry
// them) and anything that could break out of a JavaScript string.
Result<std::string> PacProxyDirective(const std::string& proxy);

}  // namespace orchard::generate
