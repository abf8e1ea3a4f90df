#include "probe/plan.h"

#include <boost/asio/ip/address.hpp>
#include <map>
#include <tuple>

#include "base/strings.h"

namespace orchard::probe {
namespace {

bool IsAddress(const std::string& text) {
  boost::system::error_code ec;
  boost::asio::ip::make_address(text, ec);
  return !ec;
}

using ProbeKey = std::tuple<std::string, uint16_t, catalog::Transport, CheckKind, std::string,
                            std::string, std::string, std::string, uint16_t, bool>;

ProbeKey KeyOf(const ProbeSpec& p) {
  return {p.target, p.port,   p.transport,    p.kind,         p.sni,
          p.url,    p.expect, p.connect_host, p.connect_port, p.direct_only};
}

}  // namespace

Plan MakePlan(const std::vector<catalog::Endpoint>& rows,
              const std::vector<ConnectToRule>& connect_to) {
  Plan plan;
  std::map<ProbeKey, size_t> seen;
  for (const catalog::Endpoint& row : rows) {
    std::string target;
    std::string sni;
    std::string missing;
    switch (row.kind) {
      case catalog::HostKind::kName:
        target = row.host;
        sni = row.hints.sni.empty() ? row.host : row.hints.sni;
        break;
      case catalog::HostKind::kWildcard:
        target = row.hints.representative_host;
        sni = row.hints.sni.empty() ? target : row.hints.sni;
        missing = "the catalog names no representative host for this wildcard";
        break;
      case catalog::HostKind::kCidr:
        target = row.hints.representative_address;
        sni = row.hints.sni;
        missing = "the catalog names no representative address for this range";
        break;
    }
    target = AsciiLower(target);
    sni = AsciiLower(sni);
    for (uint16_t port : row.ports) {
      PlannedCheck check{row.id,
                         row.category,
                         row.host,
                         port,
                         std::string(ToString(row.transport)),
                         std::string(ToString(row.proxy)),
                         std::nullopt,
                         ""};
      if (target.empty()) {
        check.skip_detail = missing;
        plan.checks.push_back(std::move(check));
        continue;
      }
      ProbeSpec spec;
      spec.target = target;
      spec.target_is_address = IsAddress(target);
      spec.port = port;
      spec.transport = row.transport;
      spec.kind = KindFor(row, port);
      spec.sni = sni;
      spec.url = row.hints.url;
      spec.expect = row.hints.expect;
      spec.direct_only =
          row.transport == catalog::Transport::kTcp && !catalog::SupportsProxy(row.proxy, port);
      spec.connect_port = port;
      for (const ConnectToRule& rule : connect_to) {
        if (!Matches(rule, row.host, target, port)) continue;
        spec.connect_host = rule.address;
        spec.connect_port = rule.to_port.value_or(port);
        spec.connect_rule = rule.text;
        break;
      }
      auto [it, inserted] = seen.emplace(KeyOf(spec), plan.probes.size());
      if (inserted) plan.probes.push_back(std::move(spec));
      check.probe = it->second;
      plan.checks.push_back(std::move(check));
    }
  }
  return plan;
}

}  // namespace orchard::probe
