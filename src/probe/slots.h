#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstddef>
#include <list>
#include <optional>

#include "probe/outcome.h"

namespace orchard::probe {

// At most `capacity` holders at once; the others wait, first come first served, until a slot
// frees or their deadline passes. For work that costs memory while in progress (a TLS handshake
// holds about 60 KB of OpenSSL state) where thousands of checks would otherwise all be midway at
// once. Single-threaded: use it on the thread that runs the io_context. The Slots must outlive
// every holder and waiter.
class Slots {
 public:
  explicit Slots(size_t capacity) : free_(capacity), capacity_(capacity) {}
  Slots(const Slots&) = delete;
  Slots& operator=(const Slots&) = delete;

  // One slot, given back when destroyed.
  class Slot {
   public:
    explicit Slot(Slots* owner) : owner_(owner) {}
    Slot(Slot&& other) noexcept : owner_(other.owner_) { other.owner_ = nullptr; }
    Slot& operator=(Slot&&) = delete;
    ~Slot() {
      if (owner_ != nullptr) owner_->Release();
    }

   private:
    Slots* owner_;
  };

  // A slot, or nothing when `deadline` passed (or the wait was cancelled) first.
  boost::asio::awaitable<std::optional<Slot>> Acquire(Deadline deadline);

  size_t capacity() const { return capacity_; }
  size_t in_use() const { return capacity_ - free_; }
  size_t waiting() const { return waiters_.size(); }

 private:
  struct Waiter {
    boost::asio::steady_timer* timer;
    bool granted = false;
  };
  void Release();

  size_t free_;
  size_t capacity_;
  std::list<Waiter> waiters_;
};

}  // namespace orchard::probe
