#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "base/cancel.h"
#include "probe/dns/dns.h"
#include "probe/plan.h"
#include "probe/protocol_runner.h"
#include "probe/result.h"
#include "probe/tcp.h"

// The probe engine: runs a plan's probes concurrently on one I/O thread, each under its own
// deadline, the whole run under one more, and reports one result per planned check.
namespace orchard::probe {

struct EngineOptions {
  // Probes in flight at once. The default runs the full catalog in one wave.
  size_t concurrency = 512;
  // Per check: every phase (resolve, connect, TLS, request) gets what is left of it.
  std::chrono::milliseconds timeout{5000};
  // For the whole run, from the start of RunPlan: checks still running are cut off at it and
  // reported as skip/deadline, as are checks that never started.
  std::optional<std::chrono::milliseconds> deadline;
  AddressFamilies families = AddressFamilies::kBoth;
  // How long past its deadline a check may take to wind down before the engine cuts it off.
  std::chrono::milliseconds grace{200};
  // Raised (from any thread): the run stops at once, its unfinished checks reported as cut
  // off. Null: nothing cancels. Not owned; must outlive RunPlan.
  CancelSignal* cancel = nullptr;
};

// The seams, owned by the caller; they must outlive RunPlan.
struct EngineDeps {
  Resolver& resolver;
  Connector& connector;
  ProtocolRunner& protocols;
};

// Called on the I/O thread after each check completes: (checks done, checks planned).
using ProgressFn = std::function<void(size_t, size_t)>;

// Runs `plan` to completion (or the run's deadline) on a private io_context and returns one
// result per plan.checks entry, in order. Never throws on network trouble; a probe that throws
// (a bug) is reported with reason "internal".
std::vector<CheckResult> RunPlan(const Plan& plan, const EngineOptions& options,
                                 const EngineDeps& deps, const ProgressFn& progress = {});

}  // namespace orchard::probe
