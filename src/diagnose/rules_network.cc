// Whole-network causes: a captive portal, no internet at all, a wrong clock. Each explains
// every symptom it causes, so those rows reach no later rule.
#include <fmt/format.h>

#include <cmath>

#include "diagnose/rules.h"

namespace orchard::diagnose {
namespace {

std::string HumanDuration(double ms) {
  double s = std::fabs(ms) / 1000;
  if (s < 120) return fmt::format("{:.0f} s", s);
  if (s < 7200) return fmt::format("{:.0f} min", s / 60);
  if (s < 172800) return fmt::format("{:.1f} h", s / 3600);
  return fmt::format("{:.0f} days", s / 86400);
}

}  // namespace

std::optional<Diagnosis> CaptivePortal(Context& ctx) {
  std::vector<size_t> open = ctx.Open();
  const probe::CheckResult* portal = nullptr;
  for (size_t i : open) {
    if (ctx.results()[i].reason == probe::Reason::kCaptivePortal) {
      portal = &ctx.results()[i];
      break;
    }
  }
  if (!portal) return std::nullopt;
  std::string where;
  if (portal->http && !portal->http->location.empty()) {
    where = fmt::format(" (it redirects to {})", portal->http->location);
  }
  Diagnosis d = ctx.Explain("captive-portal", open, Context::Scope::kWholeNetwork);
  d.severity = Severity::kCritical;
  d.title = "A captive portal holds this network's traffic";
  d.explanation = fmt::format(
      "{} did not answer \"Success\": the network sends the device to a login or terms page "
      "instead{}. Until the portal lets this machine through, Apple's services fail; {} in this "
      "run failed or warned for that reason.",
      portal->host, where, Plural(open.size(), "check", "checks"));
  d.remedy =
      "Sign in to the portal (open any http:// page in a browser), or ask the network team to "
      "exempt this device and captive.apple.com from the portal, then run orchard again.";
  d.impact = 1100;
  return d;
}

std::optional<Diagnosis> DarkNetwork(Context& ctx) {
  std::vector<size_t> open = ctx.Open();
  for (const auto& r : ctx.results()) {
    if (r.status == probe::Status::kPass) return std::nullopt;
  }
  if (static_cast<int>(open.size()) < ctx.options().dark_network_min_failures) return std::nullopt;
  size_t dns = 0, dropped = 0, refused = 0;
  for (size_t i : open) {
    probe::Reason reason = ctx.results()[i].reason;
    if (IsDnsFailure(reason)) {
      ++dns;
    } else if (reason == probe::Reason::kTcpTimeout || reason == probe::Reason::kNtpTimeout ||
               reason == probe::Reason::kQuicNoReply) {
      ++dropped;
    } else if (IsConnectFailure(reason)) {
      ++refused;
    }
  }
  // Only DNS failed: the resolver is the root cause, and dns-failure says so more precisely.
  // But when the rows that needed no DNS (the 17.0.0.0/8 address rows) were tried and dropped
  // or refused too, nothing gets out at all: that is a dark network, whose DNS is one symptom.
  if (dns * 10 >= open.size() * 9 && dropped + refused == 0) return std::nullopt;
  if ((dns + dropped + refused) * 10 < open.size() * 9) return std::nullopt;

  Diagnosis d = ctx.Explain("dark-network", open, Context::Scope::kWholeNetwork);
  d.severity = Severity::kCritical;
  d.title = "No Apple service is reachable: this network has no way out to the internet";
  d.explanation = fmt::format(
      "All {} checks failed and none passed: {} could not be resolved, {} got no answer at all "
      "(packets dropped), {} were refused or unreachable. This is a dark or isolated network, or "
      "a firewall that denies everything by default. Nothing that needs Apple works here: "
      "certificate validation (so Symantec Endpoint Protection cannot enable its System "
      "Extension and apps fail their launch checks), MDM enrollment, push notifications, "
      "software updates.",
      open.size(), Plural(dns, "name", "names"), dropped, refused);
  d.remedy =
      "Allow outbound traffic to Apple: TCP 443 and 80 to 17.0.0.0/8 and to the hosts listed "
      "here, UDP 123 to time.apple.com, TCP 5223 to *.push.apple.com; hosts that do not support "
      "proxies must be reachable directly. `orchard allowlist` prints ready-made rules.";
  d.impact = 1000;
  return d;
}

std::optional<Diagnosis> ClockSkew(Context& ctx) {
  std::vector<size_t> open = ctx.Open();
  std::vector<size_t> rows;
  size_t cert_time = 0;
  bool reported_skew = false;
  for (size_t i : open) {
    probe::Reason reason = ctx.results()[i].reason;
    if (reason == probe::Reason::kClockSkew) reported_skew = true;
    if (reason == probe::Reason::kTlsCertTimeInvalid) ++cert_time;
    if (reason == probe::Reason::kClockSkew || reason == probe::Reason::kTlsCertTimeInvalid) {
      rows.push_back(i);
    }
  }
  std::optional<double> offset;
  std::string ntp_host;
  for (const auto& r : ctx.results()) {
    if (r.ntp && (!offset || std::fabs(r.ntp->offset_ms) > std::fabs(*offset))) {
      offset = r.ntp->offset_ms;
      ntp_host = r.target.empty() ? r.host : r.target;
    }
  }
  bool large_offset = offset && std::fabs(*offset) > ctx.options().clock_skew_ms;
  // One certificate out of its validity window is that server's problem; several at once, or
  // a measured offset, is this machine's clock.
  if (!reported_skew && !large_offset && cert_time < 2) return std::nullopt;
  if (rows.empty() && !large_offset) return std::nullopt;

  Diagnosis d = ctx.Explain("clock-skew", rows, Context::Scope::kWholeNetwork);
  d.severity = Severity::kCritical;
  if (offset && large_offset) {
    d.title = fmt::format("This machine's clock is {} {}", HumanDuration(*offset),
                          *offset > 0 ? "behind" : "ahead");
    d.explanation = fmt::format("{} says the local clock is off by {} ({:.0f} ms). ", ntp_host,
                                HumanDuration(*offset), *offset);
  } else {
    d.title = "This machine's clock looks wrong: certificates appear expired or not yet valid";
    d.explanation = offset ? fmt::format("NTP measured an offset of {:.0f} ms. ", *offset)
                           : "No NTP server answered, so the offset could not be measured. ";
  }
  d.explanation += fmt::format(
      "TLS checks a certificate's validity dates against this clock, so {} failed as "
      "\"expired\" or \"not yet valid\". Every TLS connection, certificate validation and "
      "System Extension activation depends on a correct clock.",
      Plural(cert_time, "TLS check", "TLS checks"));
  d.remedy =
      "Turn on \"Set time and date automatically\" (System Settings > General > Date & Time) "
      "with time.apple.com, allow UDP 123 to time.apple.com, or set the clock now with "
      "`sudo sntp -sS time.apple.com`.";
  d.impact = 900;
  return d;
}

}  // namespace orchard::diagnose
