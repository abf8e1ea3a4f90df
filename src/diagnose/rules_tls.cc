// HTTPS inspection: a middlebox re-signs Apple's TLS with its own CA.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "diagnose/rules.h"

namespace orchard::diagnose {
namespace {

std::string InterceptorOf(const probe::CheckResult& r) {
  if (!r.tls) return "an unknown issuer";
  if (!r.tls->interceptor.empty()) return r.tls->interceptor;
  if (!r.tls->leaf_issuer.empty()) return r.tls->leaf_issuer;
  return "an unknown issuer";
}

// "*.apple.com" for "ocsp2.apple.com": the domain an inspection bypass rule names.
// Addresses and CIDR rows have no parent domain to bypass; they are listed as they are.
bool IsAddress(const std::string& host) {
  return host.find_first_not_of("0123456789./:abcdefABCDEF") == std::string::npos &&
         host.find_first_of("/:0123456789") != std::string::npos;
}

std::string BypassDomain(const std::string& host) {
  std::string h = host.rfind("*.", 0) == 0 ? host.substr(2) : host;
  size_t last = h.rfind('.');
  if (last == std::string::npos || last == 0) return h;
  size_t second = h.rfind('.', last - 1);
  return second == std::string::npos ? "*." + h : "*." + h.substr(second + 1);
}

}  // namespace

std::optional<Diagnosis> TlsInterception(Context& ctx) {
  std::vector<size_t> rows;
  std::vector<std::string> interceptors;
  bool all_trusted = true;
  bool cert_validation = false;
  std::string proxy;
  for (size_t i : ctx.Open()) {
    const auto& r = ctx.results()[i];
    bool intercepted = r.reason == probe::Reason::kTlsIntercepted ||
                       (r.tls && r.tls->intercepted) ||
                       (r.reason == probe::Reason::kTlsUntrusted && r.tls &&
                        !r.tls->genuine_trusted && !r.tls->leaf_issuer.empty());
    if (!intercepted) continue;
    rows.push_back(i);
    std::string who = InterceptorOf(r);
    if (std::find(interceptors.begin(), interceptors.end(), who) == interceptors.end()) {
      interceptors.push_back(who);
    }
    all_trusted &= r.tls && r.tls->interceptor_os_trusted;
    cert_validation |= r.category == "certificate-validation";
    if (r.route.kind == "proxy" && proxy.empty()) proxy = r.route.proxy;
  }
  if (rows.empty()) return std::nullopt;

  std::string names;
  for (size_t i = 0; i < interceptors.size() && i < 3; ++i) {
    names += fmt::format("{}'{}'", i == 0 ? "" : (i + 1 == interceptors.size() ? " and " : ", "),
                         interceptors[i]);
  }
  if (interceptors.size() > 3) names += fmt::format(" and {} more", interceptors.size() - 3);
  std::vector<std::string> domains;
  for (size_t i : rows) {
    if (IsAddress(ctx.results()[i].host)) continue;
    std::string domain = BypassDomain(ctx.results()[i].host);
    if (std::find(domains.begin(), domains.end(), domain) == domains.end()) {
      domains.push_back(domain);
    }
  }
  std::string domain_list;
  for (const auto& domain : domains) domain_list += (domain_list.empty() ? "" : ", ") + domain;

  Diagnosis d = ctx.Explain("tls-interception", rows, Context::Scope::kSpecific);
  d.severity = Severity::kCritical;
  d.title = fmt::format("HTTPS inspection by {} breaks {}", names,
                        Plural(d.affected.size(), "Apple host", "Apple hosts"));
  d.explanation = fmt::format(
      "TLS connections to {} are decrypted and re-signed by {}{}, which this machine {}. Apple's "
      "services pin their certificates or expect Apple's own CAs: any connection through HTTPS "
      "interception fails, even when the inspection CA is installed.",
      HostList(ctx, rows, 6), names, proxy.empty() ? "" : fmt::format(" (at the proxy {})", proxy),
      all_trusted ? "trusts" : "does not trust");
  d.explanation += InterceptorsFromKeychain(ctx, interceptors);
  if (cert_validation) {
    d.explanation +=
        " This includes certificate-validation hosts, so macOS cannot check certificates: "
        "System Extensions (Symantec Endpoint Protection) cannot be enabled.";
  }
  d.remedy = fmt::format(
      "Exempt these hosts from SSL/TLS inspection on the inspecting device (a decryption "
      "exclusion, SSL bypass or `ssl_bump splice` rule): {}.{}",
      HostList(ctx, rows, 1000),
      domain_list.empty() ? "" : fmt::format(" Bypassing {} covers them.", domain_list));
  d.impact = 700 + static_cast<int>(rows.size());
  return d;
}

}  // namespace orchard::diagnose
