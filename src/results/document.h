#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "diagnose/diagnosis.h"
#include "host/host_facts.h"
#include "probe/result.h"

namespace orchard::results {

inline constexpr char kCheckSchema[] = "orchard/check-v1";

// Where and how a run happened: the "catalog" and top-level facts of the check-v1 document.
struct RunInfo {
  std::string schema = kCheckSchema;
  std::string orchard_version;
  std::string run_id;
  std::string started_at;  // ISO 8601 UTC
  std::string hostname;
  // --label KEY=VALUE: who the machine is beyond its host name (site, fleet, ...). Keys are
  // label names (results/labels.h); sorted, so every encoding of a run is the same.
  std::map<std::string, std::string> labels;
  std::string catalog_source;
  std::string catalog_date;
  std::vector<std::string> profiles;
  double duration_ms = 0;
  // How connections were routed ("direct", "--proxy http://proxy:3128", "--pac FILE", ...) and
  // what the routing set-up noticed (PAC entries skipped, PAC errors).
  std::string routing;
  std::vector<std::string> notes;
};

struct Summary {
  int total = 0;
  int passed = 0;
  int failed = 0;
  int warned = 0;
  int skipped = 0;
  double duration_ms = 0;
};

// A whole run: what `orchard check --format json` writes and `explain`, `diff`,
// `allowlist --from` and `serve` read.
struct CheckDocument {
  RunInfo run;
  std::vector<probe::CheckResult> results;
  std::vector<diagnose::Diagnosis> diagnoses;
  // The machine's facts when check read them (macOS, or --host-facts DIR): the "host" object.
  // Decoded back too, so explain's reports and its re-diagnosis see the same Mac; the
  // keychain's certificates themselves are not in the JSON.
  std::optional<host::HostFacts> host;
};

// Counts the results by status; duration comes from run.duration_ms.
Summary Summarize(const CheckDocument& doc);

}  // namespace orchard::results
