// DNS causes: names that do not resolve, and names a DNS filter answers with a sinkhole.
#include <fmt/format.h>

#include "diagnose/rules.h"

namespace orchard::diagnose {
namespace {

bool TouchesCertValidation(const Context& ctx, const std::vector<size_t>& rows) {
  for (size_t i : rows) {
    if (ctx.results()[i].category == "certificate-validation") return true;
  }
  return false;
}

std::string RcodeStory(const Context& ctx, const std::vector<size_t>& rows) {
  size_t nx = 0, servfail = 0, refused = 0, timeout = 0, nodata = 0;
  for (size_t i : rows) {
    switch (ctx.results()[i].reason) {
      case probe::Reason::kDnsNxdomain:
        ++nx;
        break;
      case probe::Reason::kDnsServfail:
        ++servfail;
        break;
      case probe::Reason::kDnsRefused:
        ++refused;
        break;
      case probe::Reason::kDnsTimeout:
        ++timeout;
        break;
      default:
        ++nodata;
        break;
    }
  }
  std::string out;
  auto add = [&](size_t n, std::string_view what) {
    if (n) out += fmt::format("{}{} {}", out.empty() ? "" : "; ", n, what);
  };
  add(nx,
      "answered NXDOMAIN (the resolver claims the name does not exist: a local zone, "
      "split-horizon DNS or a filter)");
  add(servfail,
      "answered SERVFAIL (the resolver could not resolve them: broken forwarding or "
      "DNSSEC validation)");
  add(refused, "answered REFUSED (the resolver's policy will not answer them)");
  add(timeout, "got no answer before the deadline (the resolver or the path to it is down)");
  add(nodata, "have no address records (NODATA)");
  return out;
}

}  // namespace

std::optional<Diagnosis> DnsSinkhole(Context& ctx) {
  std::vector<size_t> rows;
  for (size_t i : ctx.Open()) {
    if (ctx.results()[i].reason == probe::Reason::kDnsSinkhole) rows.push_back(i);
  }
  if (rows.empty()) return std::nullopt;
  const auto& first = ctx.results()[rows.front()];
  std::string answer = first.resolved.empty() ? "0.0.0.0" : first.resolved.front();
  Diagnosis d;
  d.id = "dns-sinkhole";
  d.severity = TouchesCertValidation(ctx, rows) ? Severity::kCritical : Severity::kHigh;
  d.title = fmt::format("A DNS filter blocks {} (it answers {})",
                        Plural(ctx.Affected(rows).size(), "Apple host", "Apple hosts"), answer);
  d.explanation = fmt::format(
      "The resolver answers a non-routable address ({}) for {}: a DNS filter (an RPZ, Cisco "
      "Umbrella, Pi-hole, a security agent) has these names on a block list, so the device "
      "connects to nothing.",
      answer, HostList(ctx, rows, 6));
  d.remedy =
      "Allow these names, and the CNAME targets they resolve through, in the DNS filter's policy "
      "(Apple's domains apple.com, icloud.com, mzstatic.com, cdn-apple.com and aaplimg.com are "
      "safe to allow as a whole).";
  d.affected = ctx.Affected(rows);
  d.impact = 600 + static_cast<int>(rows.size());
  ctx.Claim(rows);
  return d;
}

std::optional<Diagnosis> DnsFailure(Context& ctx) {
  std::vector<size_t> open = ctx.Open();
  std::vector<size_t> rows;
  for (size_t i : open) {
    if (IsDnsFailure(ctx.results()[i].reason)) rows.push_back(i);
  }
  if (rows.empty()) return std::nullopt;
  bool any_pass = false;
  for (const auto& r : ctx.results()) any_pass |= r.status == probe::Status::kPass;
  bool total = !any_pass && rows.size() * 10 >= open.size() * 9 &&
               static_cast<int>(rows.size()) >= ctx.options().dark_network_min_failures;

  Diagnosis d;
  d.id = "dns-failure";
  d.affected = ctx.Affected(rows);
  if (total) {
    d.severity = Severity::kCritical;
    d.title = "DNS does not work: no Apple host could be resolved";
    d.explanation = fmt::format(
        "None of the {} names resolved: {}. Without DNS nothing else could be tried, so this "
        "run cannot tell whether the firewall would let the connections through.",
        d.affected.size(), RcodeStory(ctx, rows));
    d.remedy =
        "Check which DNS servers this machine uses (`scutil --dns` on macOS, /etc/resolv.conf "
        "on Linux) and that they resolve internet names, or forward them to a resolver that "
        "does; compare with `orchard check --resolver ADDRESS`.";
    d.impact = 1000;
    ctx.ClaimWholeNetwork(rows);
    return d;
  }
  bool many = rows.size() * 2 >= ctx.results().size();
  d.severity = many || TouchesCertValidation(ctx, rows) ? Severity::kCritical : Severity::kHigh;
  d.title =
      fmt::format("{} do not resolve", Plural(d.affected.size(), "Apple host", "Apple hosts"));
  d.explanation = fmt::format("{}: {}.", HostList(ctx, rows, 6), RcodeStory(ctx, rows));
  d.remedy =
      "Make the resolver answer these names from the public DNS: remove local zones or "
      "conditional forwarders for Apple's domains and any filter rule that covers them. A "
      "wildcard row's representative host may also have been retired by Apple: check it from "
      "an unrestricted network before changing the DNS.";
  d.impact = 600 + static_cast<int>(rows.size());
  ctx.Claim(rows);
  return d;
}

}  // namespace orchard::diagnose
