#pragma once

#include <vector>

#include "diagnose/diagnosis.h"
#include "host/host_facts.h"
#include "probe/result.h"

namespace orchard::diagnose {

struct DiagnoseOptions {
  // An NTP offset beyond this is a wrong clock: TLS certificates look expired or not yet valid.
  double clock_skew_ms = 60'000;
  // Fewer failing rows than this with no pass at all is not called a dark network (a run with
  // `--host` may select only a handful of rows).
  int dark_network_min_failures = 5;
  // What the machine itself reports (system extensions...), when it was read. Borrowed.
  const host::HostFacts* host = nullptr;
};

// Root causes for a run's results, highest impact first. Whole-network causes (a captive
// portal, no internet at all, a wrong clock) suppress the symptoms they explain, so a dark
// network gives one diagnosis, not one per row. Pure: no I/O, deterministic for equal input.
std::vector<Diagnosis> Diagnose(const std::vector<probe::CheckResult>& results,
                                const DiagnoseOptions& options);

}  // namespace orchard::diagnose
