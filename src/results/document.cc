#include "results/document.h"

namespace orchard::results {

Summary Summarize(const CheckDocument& doc) {
  Summary summary;
  summary.total = static_cast<int>(doc.results.size());
  for (const auto& result : doc.results) {
    switch (result.status) {
      case probe::Status::kPass:
        ++summary.passed;
        break;
      case probe::Status::kFail:
        ++summary.failed;
        break;
      case probe::Status::kWarn:
        ++summary.warned;
        break;
      case probe::Status::kSkip:
        ++summary.skipped;
        break;
    }
  }
  summary.duration_ms = doc.run.duration_ms;
  return summary;
}

}  // namespace orchard::results
