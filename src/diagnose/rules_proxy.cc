// What the web proxy does: asks for credentials, refuses hosts, or is the only way out.
#include <fmt/format.h>

#include "diagnose/rules.h"

namespace orchard::diagnose {
namespace {

std::vector<size_t> WithReason(const Context& ctx, std::initializer_list<probe::Reason> reasons) {
  std::vector<size_t> rows;
  for (size_t i : ctx.Open()) {
    for (probe::Reason reason : reasons) {
      if (ctx.results()[i].reason == reason) {
        rows.push_back(i);
        break;
      }
    }
  }
  return rows;
}

std::string ProxyOf(const Context& ctx, const std::vector<size_t>& rows) {
  for (size_t i : rows) {
    if (!ctx.results()[i].route.proxy.empty()) return ctx.results()[i].route.proxy;
  }
  return "the proxy";
}

}  // namespace

std::optional<Diagnosis> ProxyAuthRequired(Context& ctx) {
  std::vector<size_t> rows = WithReason(ctx, {probe::Reason::kProxyAuthRequired});
  if (rows.empty()) return std::nullopt;
  std::string proxy = ProxyOf(ctx, rows);
  Diagnosis d = ctx.Explain("proxy-auth-required", rows, Context::Scope::kSpecific);
  d.severity = Severity::kHigh;
  d.title = fmt::format("{} asks for credentials (407) for {}", proxy,
                        Plural(d.affected.size(), "Apple host", "Apple hosts"));
  d.explanation = fmt::format(
      "{} answers \"407 Proxy Authentication Required\" for {}. macOS system services (push "
      "notifications, certificate validation, software updates, MDM) connect without a user "
      "session and cannot answer the proxy's challenge, so they fail even when a browser works.",
      proxy, HostList(ctx, rows, 6));
  d.remedy = fmt::format(
      "Exempt Apple's hosts from proxy authentication on {} (an authentication bypass rule for "
      "*.apple.com, *.icloud.com, *.cdn-apple.com, *.mzstatic.com and 17.0.0.0/8), or let them "
      "go direct.",
      proxy);
  d.impact = 650 + static_cast<int>(rows.size());
  return d;
}

std::optional<Diagnosis> ProxyDenied(Context& ctx) {
  std::vector<size_t> rows =
      WithReason(ctx, {probe::Reason::kProxyDenied, probe::Reason::kHttpBlockPage});
  if (rows.empty()) return std::nullopt;
  Diagnosis d = ctx.Explain("proxy-denied", rows, Context::Scope::kSpecific);
  d.severity = Severity::kHigh;
  d.title = fmt::format("The proxy or web filter blocks {}",
                        Plural(d.affected.size(), "Apple host", "Apple hosts"));
  d.explanation = fmt::format(
      "Requests to {} got the proxy's own error or block page instead of Apple's answer: a URL "
      "filter category or a deny rule covers them.",
      HostList(ctx, rows, 6));
  d.remedy =
      "Allow these hosts in the proxy's URL filter (an allow rule ahead of category blocks), or "
      "send them direct: " +
      HostList(ctx, rows, 1000) + ".";
  d.impact = 550 + static_cast<int>(rows.size());
  return d;
}

std::optional<Diagnosis> ProxyRequired(Context& ctx) {
  std::vector<size_t> rows = WithReason(ctx, {probe::Reason::kProxyRequired});
  if (rows.empty()) return std::nullopt;
  Diagnosis d = ctx.Explain("proxy-required", rows, Context::Scope::kSpecific);
  bool cert_validation = false;
  for (size_t i : rows) cert_validation |= ctx.results()[i].category == "certificate-validation";
  d.severity = cert_validation ? Severity::kCritical : Severity::kHigh;
  d.title = fmt::format("Direct egress is blocked, but {} must go direct",
                        Plural(d.affected.size(), "host", "hosts"));
  d.explanation = fmt::format(
      "These hosts work through the proxy, but Apple lists them as not supporting proxies: "
      "devices connect to them directly, and the firewall blocks that. Hosts that do not "
      "support proxies: {}.",
      HostList(ctx, rows, 1000));
  if (cert_validation) {
    d.explanation +=
        " They include certificate-validation hosts, so macOS cannot validate certificates and "
        "System Extensions (Symantec Endpoint Protection) cannot be enabled.";
  }
  d.remedy = "Allow direct outbound connections from client machines to: ";
  for (size_t k = 0; k < d.affected.size(); ++k) {
    d.remedy += (k ? ", " : "") + d.affected[k];
  }
  d.remedy += " (or to Apple's 17.0.0.0/8), without HTTPS inspection.";
  d.impact = 560 + static_cast<int>(rows.size());
  return d;
}

}  // namespace orchard::diagnose
