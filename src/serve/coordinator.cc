#include "serve/coordinator.h"

#include <algorithm>
#include <exception>

namespace orchard::serve {

RunCoordinator::RunCoordinator(RunFn run, std::chrono::steady_clock::duration min_interval)
    : run_(std::move(run)), min_interval_(min_interval) {
  worker_ = std::thread([this] { WorkerLoop(); });
}

RunCoordinator::~RunCoordinator() { Stop(); }

void RunCoordinator::Request(const std::string& scope, bool fresh, Waiter done) {
  SnapshotPtr cached;
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      cached = nullptr;
    } else {
      auto it = latest_.find(scope);
      bool in_flight = running_ && in_flight_ == scope;
      bool recent =
          it != latest_.end() &&
          (!fresh || std::chrono::steady_clock::now() - it->second->finished < min_interval_);
      if (recent && !in_flight) {
        cached = it->second;
      } else {
        waiters_[scope].push_back(std::move(done));
        if (!in_flight && std::find(queue_.begin(), queue_.end(), scope) == queue_.end()) {
          queue_.push_back(scope);
          cv_.notify_one();
        }
        return;
      }
    }
  }
  done(std::move(cached));
}

SnapshotPtr RunCoordinator::Latest(const std::string& scope) const {
  std::lock_guard lock(mu_);
  auto it = latest_.find(scope);
  return it == latest_.end() ? nullptr : it->second;
}

uint64_t RunCoordinator::runs_total() const {
  std::lock_guard lock(mu_);
  return runs_total_;
}

uint64_t RunCoordinator::runs_started() const { return runs_total(); }

int RunCoordinator::max_concurrent_runs() const {
  std::lock_guard lock(mu_);
  return max_concurrent_;
}

void RunCoordinator::WorkerLoop() {
  for (;;) {
    std::string scope;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      scope = queue_.front();
      queue_.pop_front();
      in_flight_ = scope;
      running_ = true;
      max_concurrent_ = std::max(max_concurrent_, ++concurrent_);
    }
    auto started = std::chrono::steady_clock::now();
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->scope = scope;
    try {
      snapshot->doc = run_(scope);
    } catch (const std::exception&) {
      // A bug in the run: keep serving the previous snapshot rather than dying.
    }
    snapshot->finished = std::chrono::steady_clock::now();
    snapshot->finished_unix =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    snapshot->duration_seconds =
        std::chrono::duration<double>(snapshot->finished - started).count();
    std::vector<Waiter> to_notify;
    {
      std::lock_guard lock(mu_);
      --concurrent_;
      running_ = false;
      in_flight_.clear();
      snapshot->run_number = ++runs_total_;
      latest_[scope] = snapshot;
      auto it = waiters_.find(scope);
      if (it != waiters_.end()) {
        to_notify = std::move(it->second);
        waiters_.erase(it);
      }
    }
    for (auto& w : to_notify) w(snapshot);
  }
}

void RunCoordinator::Shutdown() {
  std::map<std::string, std::vector<Waiter>> pending;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    pending = std::move(waiters_);
    waiters_.clear();
    queue_.clear();
  }
  cv_.notify_all();
  for (auto& [scope, list] : pending) {
    for (auto& w : list) w(nullptr);
  }
}

void RunCoordinator::Stop() {
  Shutdown();
  if (worker_.joinable() && worker_.get_id() != std::this_thread::get_id()) worker_.join();
}

}  // namespace orchard::serve
