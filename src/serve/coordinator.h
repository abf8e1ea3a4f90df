#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "results/document.h"

// Runs checks one at a time on a worker thread and shares each run with everyone who asked for
// it while it was in flight: a hundred concurrent scrapes cost one run, and memory holds only
// the latest result per scope.
namespace orchard::serve {

// A finished run and what was rendered from it.
struct Snapshot {
  std::string scope;  // "profile=sep", "category=mdm", "host=ocsp.apple.com", or "" (default)
  results::CheckDocument doc;
  std::chrono::steady_clock::time_point finished;
  double finished_unix = 0;
  double duration_seconds = 0;
  uint64_t run_number = 0;  // runs_total after this one
};

// Snapshots are shared between the cache and the responses being written: two real owners.
using SnapshotPtr = std::shared_ptr<const Snapshot>;

class RunCoordinator {
 public:
  // Runs the checks for `scope` and returns the document. Called on the worker thread only,
  // never concurrently. Must not throw (the coordinator reports an internal error if it does).
  using RunFn = std::function<results::CheckDocument(const std::string& scope)>;
  using Waiter = std::function<void(SnapshotPtr)>;  // nullptr: shutting down

  // `min_interval`: an on-demand request for a scope that finished less than this ago is
  // answered from that run instead of starting a new one (the rate limit).
  RunCoordinator(RunFn run, std::chrono::steady_clock::duration min_interval);
  ~RunCoordinator();
  RunCoordinator(const RunCoordinator&) = delete;
  RunCoordinator& operator=(const RunCoordinator&) = delete;

  // Asks for a run of `scope`; `done` is called (on the worker thread, or inline when cached)
  // with the snapshot. `fresh` false lets the latest cached snapshot answer regardless of age.
  void Request(const std::string& scope, bool fresh, Waiter done);

  // Asio-friendly form: completes on `executor` with the snapshot (nullptr on shutdown).
  template <class Token>
  auto AsyncRequest(const std::string& scope, boost::asio::any_io_executor executor,
                    Token&& token) {
    return boost::asio::async_initiate<Token, void(SnapshotPtr)>(
        [this, scope, executor](auto handler) {
          auto shared = std::make_shared<decltype(handler)>(std::move(handler));
          Request(scope, true, [executor, shared](SnapshotPtr snap) {
            boost::asio::post(executor, [shared, snap]() mutable { (*shared)(std::move(snap)); });
          });
        },
        token);
  }

  // The latest snapshot for `scope`, or nullptr. Thread-safe.
  SnapshotPtr Latest(const std::string& scope) const;

  uint64_t runs_total() const;
  uint64_t runs_started() const;  // for tests: how many runs were executed
  int max_concurrent_runs() const;

  // Fails every waiter with nullptr and refuses new requests; does not block. The run in
  // flight, if any, still finishes on the worker.
  void Shutdown();
  // Shutdown, then waits for the run in flight and joins the worker.
  void Stop();

 private:
  void WorkerLoop();

  RunFn run_;
  std::chrono::steady_clock::duration min_interval_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;                       // scopes waiting to run, unique
  std::map<std::string, std::vector<Waiter>> waiters_;  // per scope, queued or in flight
  std::string in_flight_;
  bool running_ = false;
  bool stopping_ = false;
  std::map<std::string, SnapshotPtr> latest_;
  uint64_t runs_total_ = 0;
  int concurrent_ = 0;
  int max_concurrent_ = 0;
  std::thread worker_;
};

}  // namespace orchard::serve
