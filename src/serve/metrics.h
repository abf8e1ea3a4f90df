#pragma once

#include <cstdint>
#include <string>

#include "results/document.h"

// The Prometheus exposition of a run. Label values come from the catalog (category, host
// pattern, port, transport, check kind, route kind) and from stable codes (reason, diagnosis id,
// severity), so cardinality is bounded by the catalog; addresses and free text never become
// labels. The one exception the users asked for, the interceptor's name, is cut to 64 bytes.
namespace orchard::serve {

struct ExporterCounters {
  uint64_t runs_total = 0;
  double last_run_unix = 0;  // end of the run being exposed; 0 when no run finished yet
  double last_run_duration_seconds = 0;
};

// Renders `doc` (may be empty: no run yet) in the Prometheus text format 0.0.4.
std::string RenderMetrics(const results::CheckDocument& doc, const ExporterCounters& counters,
                          const std::string& version);

}  // namespace orchard::serve
