#include "probe/check_flow.h"

#include <fmt/format.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>

#include "base/clock.h"
#include "probe/facts.h"
#include "probe/kinds.h"

namespace orchard::probe {
namespace asio = boost::asio;

namespace {

bool FamilyAllowed(const asio::ip::address& a, AddressFamilies families) {
  if (families == AddressFamilies::kIpv4Only) return a.is_v4();
  if (families == AddressFamilies::kIpv6Only) return a.is_v6();
  return true;
}

std::string_view FamilyFlag(AddressFamilies families) {
  return families == AddressFamilies::kIpv4Only ? "-4" : "-6";
}

}  // namespace

CheckFlow::CheckFlow(const ProbeSpec& spec, ProbeState& state, const EngineDeps& deps,
                     AddressFamilies families)
    : spec_(spec), state_(state), deps_(deps), families_(families) {
  CheckResult& r = state_.result;
  r.target = spec.target;
  r.port = spec.port;
  r.transport = std::string(catalog::ToString(spec.transport));
  r.check = spec.kind;
  r.status = Status::kFail;
  r.reason = Reason::kInternal;
}

asio::awaitable<void> CheckFlow::Run(Deadline deadline) {
  auto addresses = co_await Addresses(deadline);
  if (!addresses) co_return;
  if (spec_.kind == CheckKind::kDns) {
    Finish(Status::kPass, Reason::kOk,
           spec_.transport == catalog::Transport::kUdp
               ? fmt::format("{} resolves; UDP port {} has no probe of its own", spec_.target,
                             spec_.port)
               : fmt::format("{} resolves", spec_.target));
    co_return;
  }
  if (spec_.transport == catalog::Transport::kUdp) {
    co_await Udp(*addresses, deadline);
  } else {
    co_await Tcp(*addresses, deadline);
  }
}

asio::awaitable<CheckFlow::Lookup> CheckFlow::LookUp(const std::string& name, Deadline deadline) {
  CheckResult& r = state_.result;
  const auto start = SteadyClock::now();
  DnsAnswer answer = co_await deps_.resolver.Resolve(name, families_, deadline);
  r.timings.dns = MsSince(start);
  r.cname_chain = answer.cname_chain;
  r.resolver = answer.resolver;
  for (const auto& a : answer.addresses) r.resolved.push_back(a.to_string());
  DnsVerdict verdict = JudgeDns(name, answer);
  // Sinkholes only mean something for the catalog's own names, not a --connect-to address.
  if (verdict.reason == Reason::kDnsSinkhole && !spec_.connect_host.empty()) {
    verdict.reason = Reason::kOk;
  }
  if (verdict.reason != Reason::kOk) {
    if (!spec_.connect_host.empty())
      verdict.detail += " (from --connect-to " + spec_.connect_rule + ")";
    co_return Lookup{{}, verdict.reason, std::move(verdict.detail)};
  }
  co_return Lookup{std::move(answer.addresses), Reason::kOk, {}};
}

asio::awaitable<std::optional<std::vector<asio::ip::address>>> CheckFlow::Addresses(
    Deadline deadline) {
  const std::string& name = spec_.connect_host.empty() ? spec_.target : spec_.connect_host;
  std::vector<asio::ip::address> addresses;
  boost::system::error_code ec;
  auto literal = asio::ip::make_address(name, ec);
  if (!ec) {
    addresses.push_back(literal);
  } else if (spec_.transport == catalog::Transport::kTcp && spec_.kind != CheckKind::kDns &&
             deps_.connector.ResolvesRemotely(spec_.target, spec_.connect_port,
                                              spec_.direct_only)) {
    // The proxy resolves the name; a DIRECT fallback looks it up then (Tcp's request.resolve).
    co_return addresses;
  } else {
    phase_ = Phase::kDns;
    Lookup found = co_await LookUp(name, deadline);
    if (found.reason != Reason::kOk) {
      Finish(Status::kFail, found.reason, found.detail);
      co_return std::nullopt;
    }
    addresses = std::move(found.addresses);
  }
  std::erase_if(addresses, [&](const auto& a) { return !FamilyAllowed(a, families_); });
  if (addresses.empty()) {
    Finish(Status::kSkip, Reason::kOk,
           fmt::format("{} has no address of the family {} allows", name, FamilyFlag(families_)));
    co_return std::nullopt;
  }
  co_return addresses;
}

asio::awaitable<void> CheckFlow::Udp(const std::vector<asio::ip::address>& addresses,
                                     Deadline deadline) {
  if (!deps_.protocols.Supports(spec_.kind)) {
    Finish(Status::kSkip, Reason::kOk,
           fmt::format("this build has no {} probe", ToString(spec_.kind)));
    co_return;
  }
  std::vector<asio::ip::udp::endpoint> endpoints;
  for (const auto& a : addresses) endpoints.emplace_back(a, spec_.connect_port);
  phase_ = Phase::kProtocol;
  ProtocolOutcome outcome = co_await deps_.protocols.OverUdp(spec_, std::move(endpoints), deadline);
  Fold(outcome);
}

asio::awaitable<void> CheckFlow::Tcp(const std::vector<asio::ip::address>& addresses,
                                     Deadline deadline) {
  CheckResult& r = state_.result;
  ConnectRequest request{spec_.target, spec_.connect_port, {}, {}, spec_.direct_only};
  for (const auto& a : addresses) request.endpoints.emplace_back(a, spec_.connect_port);
  if (addresses.empty()) {
    // Left to a proxy (Addresses): should the connector fall back to DIRECT, it looks the name
    // up here, so the result still carries the DNS facts and verdict.
    request.resolve = [this](Deadline d) -> asio::awaitable<LateLookup> {
      const std::string& name = spec_.connect_host.empty() ? spec_.target : spec_.connect_host;
      Lookup found = co_await LookUp(name, d);
      LateLookup out{{}, found.reason, std::move(found.detail)};
      for (const auto& a : found.addresses) {
        if (FamilyAllowed(a, families_)) out.endpoints.emplace_back(a, spec_.connect_port);
      }
      if (found.reason == Reason::kOk && out.endpoints.empty()) {
        out.failure = Reason::kDnsNodata;
        out.detail =
            fmt::format("{} has no address of the family {} allows", name, FamilyFlag(families_));
      }
      co_return out;
    };
  }
  phase_ = Phase::kConnect;
  Connection connection = co_await deps_.connector.Connect(std::move(request), deadline);
  attempts_ = connection.attempts;
  r.route = connection.route;
  r.timings.connect = connection.connect_ms;
  if (!connection.socket) {
    if (attempts_) co_await attempts_->WaitAll();
    Finish(Status::kFail, connection.failure, connection.detail);
    co_return;
  }
  if (spec_.kind == CheckKind::kTcp || !deps_.protocols.Supports(spec_.kind)) {
    if (spec_.kind != CheckKind::kTcp) r.check = CheckKind::kTcp;
    Finish(Status::kPass, Reason::kOk,
           spec_.kind == CheckKind::kTcp
               ? "port open"
               : fmt::format("port open; this build has no {} probe", ToString(spec_.kind)));
  } else {
    co_await Protocol(*connection.socket, deadline);
  }
  boost::system::error_code ignored;
  connection.socket->close(ignored);
  // The verdict stands; the other addresses' attempts finish by the deadline at the latest.
  if (attempts_) co_await attempts_->WaitAll();
  RecordAttempts();
}

// Apart from Tcp so that its outcome lives in a frame only while the protocol runs: a check still
// connecting does not carry one (about 1 KB, times --concurrency).
asio::awaitable<void> CheckFlow::Protocol(asio::ip::tcp::socket& socket, Deadline deadline) {
  phase_ = Phase::kProtocol;
  Fold(co_await deps_.protocols.OverTcp(spec_, socket, state_.result.route, deadline));
}

void CheckFlow::Fold(const ProtocolOutcome& outcome) {
  CheckResult& r = state_.result;
  if (outcome.tls_ms) r.timings.tls = outcome.tls_ms;
  if (outcome.first_byte_ms) r.timings.first_byte = outcome.first_byte_ms;
  for (const FactsSpec& facts : Facts()) facts.fold(outcome, r);
  Finish(outcome.status, outcome.reason, outcome.detail);
}

void CheckFlow::Finish(Status status, Reason reason, std::string detail) {
  if (phase_ == Phase::kDone) return;
  phase_ = Phase::kDone;
  CheckResult& r = state_.result;
  r.status = status;
  r.reason = reason;
  r.detail = std::move(detail);
  r.timings.total = MsSince(state_.start);
  RecordAttempts();
}

void CheckFlow::RecordAttempts() {
  if (!attempts_) return;
  state_.result.addresses = attempts_->attempts();
  for (auto& a : state_.result.addresses) {
    if (a.outcome == "pending") a.outcome = std::string(ToString(ConnectVerdict::kFiltered));
  }
}

void CheckFlow::CutOff() {
  switch (phase_) {
    case Phase::kDone:
      RecordAttempts();
      return;
    case Phase::kStart:
    case Phase::kDns:
      Finish(Status::kFail, Reason::kDnsTimeout,
             fmt::format("no DNS answer for {} before the deadline", spec_.target));
      return;
    case Phase::kConnect:
      Finish(Status::kFail, Reason::kTcpTimeout,
             fmt::format("no connection to {} port {} before the deadline", spec_.target,
                         spec_.connect_port));
      return;
    case Phase::kProtocol:
      Finish(
          Status::kFail, TimeoutReason(spec_.kind),
          fmt::format("the {} exchange did not finish before the deadline", ToString(spec_.kind)));
      return;
  }
}

void CheckFlow::Internal(const std::string& what) {
  phase_ = Phase::kStart;  // let Finish overwrite whatever was there
  Finish(Status::kFail, Reason::kInternal, "internal error: " + what);
}

}  // namespace orchard::probe
