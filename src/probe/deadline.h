#pragma once

#include <algorithm>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <utility>

#include "probe/outcome.h"

namespace orchard::probe {

using SteadyClock = std::chrono::steady_clock;

// What is left of a deadline (zero once it has passed).
inline SteadyClock::duration Remaining(Deadline deadline) {
  return std::max(deadline - SteadyClock::now(), SteadyClock::duration::zero());
}

// Races a deadline against whatever the owner is waiting for: when the deadline passes first, it
// calls `on_expire` (typically cancelling a socket's pending operations). Destroying the watch
// disarms it; `on_expire` never runs after that, even when the timer's completion was already
// queued. Single-threaded: use it on the thread that runs the io_context.
class DeadlineWatch {
 public:
  DeadlineWatch(const boost::asio::any_io_executor& executor, Deadline deadline,
                std::function<void()> on_expire)
      : state_(std::make_shared<State>()), timer_(executor, deadline) {
    state_->on_expire = std::move(on_expire);
    timer_.async_wait([state = state_](const boost::system::error_code& ec) {
      if (ec || !state->on_expire) return;
      state->expired = true;
      auto call = std::move(state->on_expire);
      state->on_expire = nullptr;
      call();
    });
  }
  DeadlineWatch(const DeadlineWatch&) = delete;
  DeadlineWatch& operator=(const DeadlineWatch&) = delete;
  ~DeadlineWatch() { state_->on_expire = nullptr; }

  // True once the deadline passed while armed.
  bool expired() const { return state_->expired; }

 private:
  struct State {
    std::function<void()> on_expire;
    bool expired = false;
  };
  std::shared_ptr<State> state_;
  boost::asio::steady_timer timer_;
};

}  // namespace orchard::probe
