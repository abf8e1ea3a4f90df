#include "probe/tcp.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cerrno>

#include "base/clock.h"
#include "probe/deadline.h"

namespace orchard::probe {
namespace asio = boost::asio;
using asio::ip::tcp;

std::string_view ToString(ConnectVerdict v) {
  switch (v) {
    case ConnectVerdict::kOpen:
      return "open";
    case ConnectVerdict::kRefused:
      return "refused";
    case ConnectVerdict::kFiltered:
      return "filtered";
    case ConnectVerdict::kUnreachable:
      return "unreachable";
    case ConnectVerdict::kBlockedLocally:
      return "blocked_locally";
  }
  return "filtered";
}

ConnectVerdict ClassifyConnectError(const boost::system::error_code& ec) {
  if (!ec) return ConnectVerdict::kOpen;
  if (ec.category() == boost::system::system_category() ||
      ec.category() == boost::system::generic_category()) {
    switch (ec.value()) {
      case ECONNREFUSED:
      case ECONNRESET:
        return ConnectVerdict::kRefused;
      case ETIMEDOUT:
      case ECANCELED:
        return ConnectVerdict::kFiltered;
      case EACCES:
      case EPERM:
        return ConnectVerdict::kBlockedLocally;
      case EHOSTUNREACH:
      case ENETUNREACH:
      case ENETDOWN:
      case EHOSTDOWN:
      case EADDRNOTAVAIL:
      case EAFNOSUPPORT:
        return ConnectVerdict::kUnreachable;
      default:
        break;
    }
  }
  return ConnectVerdict::kUnreachable;
}

Reason ReasonForFailedAttempts(const std::vector<AddressAttempt>& attempts) {
  auto any = [&](std::string_view outcome) {
    for (const auto& a : attempts) {
      if (a.outcome == outcome) return true;
    }
    return false;
  };
  if (any(ToString(ConnectVerdict::kBlockedLocally))) return Reason::kTcpBlockedLocally;
  if (any(ToString(ConnectVerdict::kRefused))) return Reason::kTcpRefused;
  if (any(ToString(ConnectVerdict::kFiltered)) || any("pending")) return Reason::kTcpTimeout;
  if (any(ToString(ConnectVerdict::kUnreachable))) return Reason::kTcpUnreachable;
  return Reason::kTcpTimeout;
}

std::string DescribeAttempts(const std::vector<AddressAttempt>& attempts) {
  std::string out;
  const size_t listed = std::min(attempts.size(), kMaxListedAttempts);
  for (size_t i = 0; i < listed; ++i) {
    const AddressAttempt& a = attempts[i];
    if (!out.empty()) out += ", ";
    if (a.address.find(':') != std::string::npos) {
      out += fmt::format("[{}]:{} {}", a.address, a.port, a.outcome);
    } else {
      out += fmt::format("{}:{} {}", a.address, a.port, a.outcome);
    }
  }
  if (listed == attempts.size()) return out;
  // The rest as counts per outcome, in the order each first appears: a name with thousands of
  // addresses must not make a detail line of tens of kilobytes (every address stays in the facts).
  std::vector<std::pair<std::string, size_t>> counts;
  for (size_t i = listed; i < attempts.size(); ++i) {
    auto it = std::find_if(counts.begin(), counts.end(),
                           [&](const auto& c) { return c.first == attempts[i].outcome; });
    if (it == counts.end()) {
      counts.emplace_back(attempts[i].outcome, 1);
    } else {
      ++it->second;
    }
  }
  out += fmt::format(" and {} more (", attempts.size() - listed);
  for (size_t i = 0; i < counts.size(); ++i) {
    out += fmt::format("{}{} {}", i ? ", " : "", counts[i].second, counts[i].first);
  }
  return out + ")";
}

size_t AttemptLog::Add(const tcp::endpoint& endpoint) {
  attempts_.push_back(
      AddressAttempt{endpoint.address().to_string(), endpoint.port(), "pending", 0});
  return attempts_.size() - 1;
}

void AttemptLog::Finish(size_t index, ConnectVerdict verdict, double ms) {
  attempts_[index].outcome = std::string(ToString(verdict));
  attempts_[index].ms = ms;
  ++finished_;
  changed_.cancel();
}

void AttemptLog::Offer(tcp::socket socket) {
  if (!open_ && !taken_) {
    open_.emplace(std::move(socket));
    return;
  }
  boost::system::error_code ignored;
  socket.close(ignored);
}

std::optional<tcp::socket> AttemptLog::TakeOpen() {
  taken_ = true;
  return std::exchange(open_, std::nullopt);
}

asio::awaitable<void> AttemptLog::WaitChange() {
  if (AllFinished()) co_return;
  changed_.expires_at(asio::steady_timer::time_point::max());
  co_await changed_.async_wait(asio::as_tuple(asio::use_awaitable));
}

asio::awaitable<void> AttemptLog::WaitAll() {
  while (!AllFinished()) co_await WaitChange();
}

asio::awaitable<void> ConnectAttempt(std::shared_ptr<AttemptLog> log, size_t index,
                                     tcp::endpoint endpoint, Deadline deadline) {
  const auto start = SteadyClock::now();
  ConnectVerdict verdict = ConnectVerdict::kFiltered;
  try {
    auto executor = co_await asio::this_coro::executor;
    tcp::socket socket(executor);
    boost::system::error_code ec;
    socket.open(endpoint.protocol(), ec);
    if (ec) {
      verdict = ClassifyConnectError(ec);
    } else {
      DeadlineWatch watch(executor, deadline, [&socket] {
        boost::system::error_code ignored;
        socket.cancel(ignored);
      });
      auto [connect_ec] =
          co_await socket.async_connect(endpoint, asio::as_tuple(asio::use_awaitable));
      verdict = !connect_ec || !watch.expired() ? ClassifyConnectError(connect_ec)
                                                : ConnectVerdict::kFiltered;
      if (verdict == ConnectVerdict::kOpen) log->Offer(std::move(socket));
    }
  } catch (...) {
    // Attempts run detached: nothing may escape. Only allocation failure can land here.
    verdict = ConnectVerdict::kFiltered;
  }
  log->Finish(index, verdict, MsSince(start));
}

asio::awaitable<Connection> DirectConnector::Connect(ConnectRequest request, Deadline deadline) {
  auto executor = co_await asio::this_coro::executor;
  const auto start = SteadyClock::now();
  Connection out;
  out.attempts = std::make_shared<AttemptLog>(executor);
  for (const auto& endpoint : request.endpoints) {
    size_t index = out.attempts->Add(endpoint);
    asio::co_spawn(executor, ConnectAttempt(out.attempts, index, endpoint, deadline),
                   asio::detached);
  }
  while (!out.attempts->HasOpen() && !out.attempts->AllFinished()) {
    co_await out.attempts->WaitChange();
  }
  out.connect_ms = MsSince(start);
  out.socket = out.attempts->TakeOpen();
  if (!out.socket) {
    out.failure = ReasonForFailedAttempts(out.attempts->attempts());
    out.detail =
        request.endpoints.empty()
            ? "no address to connect to"
            : fmt::format("cannot connect: {}", DescribeAttempts(out.attempts->attempts()));
  }
  co_return out;
}

}  // namespace orchard::probe
