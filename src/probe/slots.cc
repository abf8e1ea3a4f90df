#include "probe/slots.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>

namespace orchard::probe {
namespace asio = boost::asio;
using SteadyClock = std::chrono::steady_clock;

asio::awaitable<std::optional<Slots::Slot>> Slots::Acquire(Deadline deadline) {
  if (free_ > 0 && waiters_.empty()) {
    --free_;
    co_return Slot(this);
  }
  asio::steady_timer timer(co_await asio::this_coro::executor, deadline);
  auto me = waiters_.insert(waiters_.end(), Waiter{&timer});
  // Whatever ends the wait, the waiter leaves the queue; a slot granted to a waiter that is
  // destroyed without resuming (the run's hard stop) goes back to the pool.
  struct Leave {
    Slots* slots;
    std::list<Waiter>::iterator it;
    bool taken = false;
    ~Leave() {
      const bool granted = it->granted;
      slots->waiters_.erase(it);
      if (granted && !taken) slots->Release();
    }
  } leave{this, me};
  co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  // A slot granted as the deadline passed goes to the next in line: this waiter has no time left
  // to use it.
  if (!me->granted || SteadyClock::now() >= deadline) co_return std::nullopt;
  leave.taken = true;
  co_return Slot(this);
}

void Slots::Release() {
  for (Waiter& waiter : waiters_) {
    if (waiter.granted) continue;
    waiter.granted = true;
    waiter.timer->cancel();  // wakes it; it finds itself granted
    return;
  }
  ++free_;
}

}  // namespace orchard::probe
