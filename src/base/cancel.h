#pragma once

#include <functional>
#include <mutex>
#include <utility>

namespace orchard {

// A flag one thread raises to stop what another thread is doing (serve's SIGTERM stopping the
// run in flight). The working side says what stopping means for it (e.g. io_context::stop)
// through a Scope, for as long as it works. The flag stays raised: work that begins after
// Cancel stops at once. Thread-safe.
class CancelSignal {
 public:
  // Raises the flag and runs the registered stop, if any, on the calling thread.
  void Cancel() {
    std::lock_guard lock(mu_);
    cancelled_ = true;
    if (stop_) stop_();
  }

  bool cancelled() const {
    std::lock_guard lock(mu_);
    return cancelled_;
  }

  // Registers `stop` while it lives, running it at once if the flag is already up. `signal`
  // may be null (nothing can cancel). `stop` must be safe to call from another thread.
  class Scope {
   public:
    Scope(CancelSignal* signal, std::function<void()> stop) : signal_(signal) {
      if (!signal_) return;
      std::lock_guard lock(signal_->mu_);
      signal_->stop_ = std::move(stop);
      if (signal_->cancelled_) signal_->stop_();
    }
    ~Scope() {
      if (!signal_) return;
      std::lock_guard lock(signal_->mu_);
      signal_->stop_ = nullptr;
    }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    CancelSignal* signal_;
  };

 private:
  mutable std::mutex mu_;
  bool cancelled_ = false;
  std::function<void()> stop_;
};

}  // namespace orchard
