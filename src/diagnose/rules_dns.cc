// DNS causes: names that do not resolve (through the default resolver, or through a per-domain
// one), and names a DNS filter answers with a sinkhole.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

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

// A DNS failure answered for by a per-domain (split DNS) resolver: SplitDnsFailure's, not
// DnsFailure's.
bool IsSplitDnsFailure(const probe::CheckResult& r) {
  return !r.resolver.empty() && IsDnsFailure(r.reason);
}

// "10.8.0.1" from a resolver label "10.8.0.1 (corp.example, utun3)".
std::string_view LabelAddress(std::string_view label) { return label.substr(0, label.find(' ')); }

}  // namespace

std::optional<Diagnosis> DnsSinkhole(Context& ctx) {
  std::vector<size_t> rows;
  for (size_t i : ctx.Open()) {
    if (ctx.results()[i].reason == probe::Reason::kDnsSinkhole) rows.push_back(i);
  }
  if (rows.empty()) return std::nullopt;
  const auto& first = ctx.results()[rows.front()];
  std::string answer = first.resolved.empty() ? "0.0.0.0" : first.resolved.front();
  Diagnosis d = ctx.Explain("dns-sinkhole", rows, Context::Scope::kSpecific);
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
  d.impact = 600 + static_cast<int>(rows.size());
  return d;
}

std::optional<Diagnosis> DnsFailure(Context& ctx) {
  // Names a per-domain resolver failed are SplitDnsFailure's: they say nothing about the
  // default resolver, so they count neither way here.
  std::vector<size_t> open;
  for (size_t i : ctx.Open()) {
    if (!IsSplitDnsFailure(ctx.results()[i])) open.push_back(i);
  }
  std::vector<size_t> rows;
  for (size_t i : open) {
    if (IsDnsFailure(ctx.results()[i].reason)) rows.push_back(i);
  }
  if (rows.empty()) return std::nullopt;
  bool any_pass = false;
  for (const auto& r : ctx.results()) any_pass |= r.status == probe::Status::kPass;
  bool total = !any_pass && rows.size() * 10 >= open.size() * 9 &&
               static_cast<int>(rows.size()) >= ctx.options().dark_network_min_failures;

  Diagnosis d = ctx.Explain("dns-failure", rows,
                            total ? Context::Scope::kWholeNetwork : Context::Scope::kSpecific);
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
    return d;
  }
  bool many = rows.size() * 2 >= ctx.results().size();
  d.severity = many || TouchesCertValidation(ctx, rows) ? Severity::kCritical : Severity::kHigh;
  d.title = d.affected.size() == 1
                ? "1 Apple host does not resolve"
                : fmt::format("{} Apple hosts do not resolve", d.affected.size());
  d.explanation = fmt::format("{}: {}.", HostList(ctx, rows, 6), RcodeStory(ctx, rows));
  d.remedy =
      "Make the resolver answer these names from the public DNS: remove local zones or "
      "conditional forwarders for Apple's domains and any filter rule that covers them. A "
      "wildcard row's representative host may also have been retired by Apple: check it from "
      "an unrestricted network before changing the DNS.";
  d.impact = 600 + static_cast<int>(rows.size());
  return d;
}

std::optional<Diagnosis> SplitDnsFailure(Context& ctx) {
  std::vector<size_t> rows;
  std::vector<std::string> resolvers;  // their labels, in row order, once each
  for (size_t i : ctx.Open()) {
    const probe::CheckResult& r = ctx.results()[i];
    if (!IsSplitDnsFailure(r)) continue;
    rows.push_back(i);
    if (std::find(resolvers.begin(), resolvers.end(), r.resolver) == resolvers.end())
      resolvers.push_back(r.resolver);
  }
  if (rows.empty()) return std::nullopt;
  // Whether the default resolver answered some name: then DNS as such works.
  bool default_answers = false;
  for (const auto& r : ctx.results()) default_answers |= r.resolver.empty() && !r.resolved.empty();

  Diagnosis d = ctx.Explain("split-dns-failure", rows, Context::Scope::kSpecific);
  d.severity = TouchesCertValidation(ctx, rows) ? Severity::kCritical : Severity::kHigh;
  std::string who = resolvers.size() == 1
                        ? "the split-DNS resolver " + resolvers.front()
                        : fmt::format("{} split-DNS resolvers ({})", resolvers.size(),
                                      fmt::join(resolvers, "; "));
  d.title = fmt::format("{} {} not resolve through {}",
                        Plural(d.affected.size(), "Apple host", "Apple hosts"),
                        d.affected.size() == 1 ? "does" : "do", who);
  d.explanation = fmt::format(
      "This machine sends the names in {} to {} (split DNS, as a VPN or a configuration profile "
      "sets it up; `scutil --dns` lists it as Supplemental). {}: {}.{}",
      resolvers.size() == 1 ? "that resolver's domain" : "each of those domains",
      resolvers.size() == 1 ? "it rather than to the default resolver" : "its own resolver",
      HostList(ctx, rows, 6), RcodeStory(ctx, rows),
      default_answers ? " Names outside the split domains went to the default resolver, which "
                        "answered: DNS itself works."
                      : "");
  d.remedy = fmt::format(
      "Check that the VPN (or the profile's DNS server) is connected and that {} answers these "
      "names (`dig @{} {}`), or take Apple's domains out of its split-DNS domains so the default "
      "resolver answers them.",
      resolvers.size() == 1 ? "it" : "each", LabelAddress(resolvers.front()),
      ctx.results()[rows.front()].target);
  d.impact = 600 + static_cast<int>(rows.size());
  return d;
}

}  // namespace orchard::diagnose
