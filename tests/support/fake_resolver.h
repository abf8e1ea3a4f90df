#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <map>
#include <string>

#include "probe/dns/dns.h"

namespace orchard::testing {

// A resolver that answers from a table. Names missing from it never answer: the lookup waits
// for its deadline and ends as a timeout, as a silent DNS server would.
class FakeResolver final : public probe::Resolver {
 public:
  void Set(const std::string& name, probe::DnsAnswer answer) { answers_[name] = std::move(answer); }
  void SetAddresses(const std::string& name, std::vector<std::string> addresses) {
    probe::DnsAnswer answer;
    answer.status = probe::DnsStatus::kOk;
    answer.cname_chain = {name};
    for (const auto& a : addresses) answer.addresses.push_back(boost::asio::ip::make_address(a));
    answers_[name] = std::move(answer);
  }
  // Silent names give up this long before their deadline, as c-ares does when it rounds its
  // try timeouts down.
  void SetEarlyTimeout(std::chrono::milliseconds early) { early_timeout_ = early; }
  int calls(const std::string& name) const {
    auto it = calls_.find(name);
    return it == calls_.end() ? 0 : it->second;
  }

  boost::asio::awaitable<probe::DnsAnswer> Resolve(std::string name,
                                                   probe::AddressFamilies families,
                                                   probe::Deadline deadline) override {
    ++calls_[name];
    last_families_ = families;
    auto it = answers_.find(name);
    if (it != answers_.end()) co_return it->second;
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor,
                                    deadline - early_timeout_);
    co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    co_return probe::DnsAnswer{};  // kTimeout
  }

  probe::AddressFamilies last_families() const { return last_families_; }

 private:
  std::map<std::string, probe::DnsAnswer> answers_;
  std::map<std::string, int> calls_;
  probe::AddressFamilies last_families_ = probe::AddressFamilies::kBoth;
  std::chrono::milliseconds early_timeout_{0};
};

}  // namespace orchard::testing
