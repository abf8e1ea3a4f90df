#include "probe/engine.h"

#include <fmt/format.h>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <exception>
#include <memory>

#include "base/clock.h"
#include "probe/check_flow.h"
#include "probe/deadline.h"

namespace orchard::probe {
namespace asio = boost::asio;

namespace {

// One run of a plan. Owns the per-probe state the coroutines write into; the io_context is
// local to Execute and is destroyed (with every coroutine frame) before this object.
class Run {
 public:
  Run(const Plan& plan, const EngineOptions& options, const EngineDeps& deps,
      const ProgressFn& progress)
      : plan_(plan),
        options_(options),
        deps_(deps),
        progress_(progress),
        states_(plan.probes.size()),
        checks_per_probe_(plan.probes.size(), 0) {
    for (const auto& check : plan.checks) {
      if (check.probe) ++checks_per_probe_[*check.probe];
    }
  }

  std::vector<CheckResult> Execute() {
    start_ = SteadyClock::now();
    if (options_.deadline) run_deadline_ = start_ + *options_.deadline;
    for (const auto& check : plan_.checks) {
      if (!check.probe) ++done_;
    }
    {
      asio::io_context io(1);
      size_t workers = std::min(std::max<size_t>(options_.concurrency, 1), plan_.probes.size());
      cut_offs_.reserve(workers);
      for (size_t i = 0; i < workers; ++i) {
        auto& cut_off = *cut_offs_.emplace_back(std::make_unique<asio::cancellation_signal>());
        asio::co_spawn(io, Worker(cut_off),
                       asio::bind_cancellation_slot(cut_off.slot(), [](std::exception_ptr) {}));
      }
      CancelSignal::Scope stop_on_cancel(options_.cancel, [&io] { io.stop(); });
      if (run_deadline_) {
        // The hard stop: a check that ignores its deadline cannot hold the run past this.
        io.run_until(*run_deadline_ + 2 * options_.grace);
      } else {
        io.run();
      }
    }  // destroys unfinished coroutines: their checks stay skip/deadline
    return Collect();
  }

 private:
  // `cut_off` is bound to this worker's coroutine: emitting it cancels what its check awaits.
  asio::awaitable<void> Worker(asio::cancellation_signal& cut_off) {
    while (next_ < plan_.probes.size()) {
      size_t index = next_++;
      if (run_deadline_ && SteadyClock::now() >= *run_deadline_) continue;
      co_await Guarded(index, cut_off);
      // A check that was cut off leaves the coroutine cancelled; the next one starts afresh.
      co_await asio::this_coro::reset_cancellation_state();
      done_ += checks_per_probe_[index];
      if (progress_) progress_(done_, plan_.checks.size());
    }
  }

  // Runs one probe, cut off `grace` after its deadline if it overruns it: the watchdog then fails
  // the check as a timeout of its current phase and cancels what the flow awaits; whatever the
  // flow reports while unwinding no longer counts. A timer and a signal rather than a race of two
  // coroutines (`||`): that race cost about 2 KB a check in flight and a co_spawn each.
  asio::awaitable<void> Guarded(size_t index, asio::cancellation_signal& cut_off) {
    ProbeState& state = states_[index];
    state.started = true;
    state.start = SteadyClock::now();
    Deadline deadline = state.start + options_.timeout;
    state.bounded_by_run = run_deadline_ && *run_deadline_ <= deadline;
    if (state.bounded_by_run) deadline = *run_deadline_;
    CheckFlow flow(plan_.probes[index], state, deps_, options_.families);
    bool cut = false;
    asio::steady_timer watchdog(co_await asio::this_coro::executor, deadline + options_.grace);
    // Runs on this thread, so either before the flow ends (flow and `cut` alive) or after
    // state.finished was set (then it touches nothing else).
    watchdog.async_wait([&state, &flow, &cut, &cut_off](const boost::system::error_code& ec) {
      if (ec || state.finished) return;
      cut = true;
      flow.CutOff();
      cut_off.emit(asio::cancellation_type::terminal);
    });
    try {
      co_await flow.Run(deadline);
    } catch (const std::exception& e) {
      if (!cut) flow.Internal(e.what());
    } catch (...) {
      if (!cut) flow.Internal("unknown exception");
    }
    watchdog.cancel();
    // A phase that ran out of time in a check whose time the run's deadline shortened did so
    // by the deadline's doing, even a little early (c-ares rounds its try timeouts down to whole
    // milliseconds): the check never had its full timeout, so it did not fail.
    if (state.bounded_by_run && state.result.status == Status::kFail &&
        (IsTimeout(state.result.reason) ||
         SteadyClock::now() >= *run_deadline_ - std::chrono::milliseconds(5))) {
      state.result.status = Status::kSkip;
      state.result.reason = Reason::kDeadline;
      state.result.detail = "the run's deadline passed during the check: " + state.result.detail;
    }
    state.finished = true;
  }

  // The results, one per planned check. A probe's result moves into its last check (copies go
  // to the others), so a run of 10,000 checks does not hold every result twice.
  std::vector<CheckResult> Collect() {
    std::vector<CheckResult> out;
    out.reserve(plan_.checks.size());
    std::vector<size_t> uses_left = checks_per_probe_;
    for (const PlannedCheck& check : plan_.checks) {
      CheckResult r;
      if (check.probe) {
        ProbeState& state = states_[*check.probe];
        const ProbeSpec& spec = plan_.probes[*check.probe];
        if (state.finished) {
          r = --uses_left[*check.probe] == 0 ? std::move(state.result) : state.result;
        } else {
          r.target = spec.target;
          r.check = spec.kind;
          r.status = Status::kSkip;
          r.reason = Reason::kDeadline;
          r.detail = state.started ? "the run's deadline cut this check off"
                                   : "the run's deadline passed before this check started";
          r.timings.total = state.started ? MsSince(state.start) : 0;
        }
      } else {
        r.check = CheckKind::kDns;
        r.status = Status::kSkip;
        r.reason = Reason::kOk;
        r.detail = check.skip_detail;
      }
      r.row_id = check.row_id;
      r.category = check.category;
      r.host = check.host;
      r.port = check.port;
      r.transport = check.transport;
      r.proxy_support = check.proxy_support;
      out.push_back(std::move(r));
    }
    return out;
  }

  const Plan& plan_;
  const EngineOptions& options_;
  const EngineDeps& deps_;
  const ProgressFn& progress_;
  std::vector<ProbeState> states_;
  std::vector<size_t> checks_per_probe_;
  SteadyClock::time_point start_;
  std::optional<Deadline> run_deadline_;
  size_t next_ = 0;
  size_t done_ = 0;
  std::vector<std::unique_ptr<asio::cancellation_signal>> cut_offs_;  // one per worker
};

}  // namespace

std::vector<CheckResult> RunPlan(const Plan& plan, const EngineOptions& options,
                                 const EngineDeps& deps, const ProgressFn& progress) {
  Run run(plan, options, deps, progress);
  return run.Execute();
}

}  // namespace orchard::probe
