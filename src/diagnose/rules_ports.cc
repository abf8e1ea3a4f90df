// The catch-all rules: ports blocked for every host that uses them, then single hosts.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

#include "diagnose/rules.h"

namespace orchard::diagnose {
namespace {

struct Family {
  std::string name;
  std::string ports;
  std::string breaks;
  std::string allow;
  Severity severity;
  int impact;
  std::vector<size_t> rows;
};

bool Worse(Severity a, Severity b) { return static_cast<int>(a) < static_cast<int>(b); }

}  // namespace

std::optional<Diagnosis> PortsBlocked(Context& ctx) {
  std::map<std::pair<std::string, uint16_t>, int> passes;
  for (const auto& r : ctx.results()) {
    if (r.status == probe::Status::kPass) ++passes[{r.transport, r.port}];
  }
  Family apns{"APNs",
              "TCP 5223, 2197",
              "Push notifications (APNs) use TCP 5223, and 2197 as the alternative: MDM "
              "commands, push notifications and FaceTime/iMessage arrive late or not at all.",
              "TCP 5223 and 2197 to 17.0.0.0/8 (*.push.apple.com)",
              Severity::kHigh,
              400,
              {}};
  Family ntp{"NTP",
             "UDP 123",
             "Devices set their clock from time.apple.com over UDP 123: without it the clock "
             "drifts, and a wrong clock breaks every TLS connection.",
             "UDP 123 to time.apple.com and time-macos.apple.com",
             Severity::kMedium,
             300,
             {}};
  Family quic{"QUIC",
              "UDP 443",
              "UDP 443 (QUIC) carries iCloud Private Relay and HTTP/3: they fall back to TCP, "
              "slower, and Private Relay may report that it cannot connect.",
              "UDP 443 to the iCloud Private Relay hosts",
              Severity::kLow,
              150,
              {}};
  Family ssh{"SSH",
             "TCP 22",
             "TCP 22 carries SFTP uploads (Apple School Manager roster uploads).",
             "TCP 22 to upload.appleschoolcontent.com",
             Severity::kLow,
             120,
             {}};
  std::map<uint16_t, Family> other;

  for (size_t i : ctx.Unexplained()) {
    const auto& r = ctx.results()[i];
    if (!IsConnectFailure(r.reason)) continue;
    if (r.transport == "tcp" && (r.port == 5223 || r.port == 2197)) {
      apns.rows.push_back(i);
    } else if (r.transport == "udp" && r.port == 123) {
      ntp.rows.push_back(i);
    } else if (r.transport == "udp" && r.port == 443) {
      quic.rows.push_back(i);
    } else if (r.transport == "tcp" && r.port == 22) {
      ssh.rows.push_back(i);
    } else if (r.transport == "tcp" && !passes.count({"tcp", r.port})) {
      auto [it, inserted] = other.try_emplace(r.port);
      if (inserted) {
        it->second = Family{fmt::format("TCP {}", r.port),
                            fmt::format("TCP {}", r.port),
                            fmt::format("TCP {} is blocked for every host that uses it.", r.port),
                            fmt::format("TCP {}", r.port),
                            Severity::kHigh,
                            350,
                            {}};
      }
      it->second.rows.push_back(i);
    }
  }
  std::vector<Family*> blocked;
  for (Family* f : {&apns, &ntp, &quic, &ssh}) {
    if (!f->rows.empty()) blocked.push_back(f);
  }
  bool any_pass = !passes.empty();
  for (auto& [port, f] : other) {
    if (f.rows.size() >= 2 && any_pass) blocked.push_back(&f);  // one host is not a port
  }
  if (blocked.empty()) return std::nullopt;
  std::stable_sort(blocked.begin(), blocked.end(),
                   [](const Family* a, const Family* b) { return a->impact > b->impact; });

  std::vector<size_t> rows;
  for (const Family* f : blocked) rows.insert(rows.end(), f->rows.begin(), f->rows.end());
  std::sort(rows.begin(), rows.end());
  Diagnosis d = ctx.Explain("ports-blocked", rows, Context::Scope::kSpecific);
  d.severity = Severity::kInfo;
  std::string names;
  for (const Family* f : blocked) {
    names += fmt::format("{}{} ({})", names.empty() ? "" : ", ", f->name, f->ports);
    d.explanation += (d.explanation.empty() ? "" : " ") + f->breaks;
    std::string allow = f->allow;
    if (f->name.rfind("TCP ", 0) == 0) allow += " to " + HostList(ctx, f->rows, 1000);
    d.remedy += (d.remedy.empty() ? "Allow outbound " : "; ") + allow;
    if (Worse(f->severity, d.severity)) d.severity = f->severity;
  }
  d.remedy += ".";
  d.title = "Ports blocked: " + names;
  d.impact = blocked.front()->impact + static_cast<int>(rows.size());
  return d;
}

std::optional<Diagnosis> PartialOutage(Context& ctx) {
  std::vector<size_t> rows = ctx.Unexplained();
  if (rows.empty()) return std::nullopt;
  size_t passed = 0;
  for (const auto& r : ctx.results()) passed += r.status == probe::Status::kPass;
  Diagnosis d = ctx.Explain("partial-outage", rows, Context::Scope::kSpecific);
  d.severity = Severity::kMedium;
  d.title = fmt::format("{} {} while the rest of the network works",
                        Plural(d.affected.size(), "target", "targets"),
                        d.affected.size() == 1 ? "fails" : "fail");
  d.explanation = fmt::format(
      "{} of {} checks passed, but {} did not ({}). Likely causes: a firewall rule for these "
      "hosts or ports, an outage on Apple's side, or a host Apple has retired.",
      passed, ctx.results().size(), HostList(ctx, rows, 8), ReasonCounts(ctx, rows));
  d.remedy = fmt::format(
      "Allow these through the firewall and proxy: {}. If one fails from every network, check "
      "it from an unrestricted network with `orchard check --host HOST` before changing rules.",
      fmt::join(d.affected, ", "));
  d.impact = 100 + static_cast<int>(rows.size());
  return d;
}

}  // namespace orchard::diagnose
