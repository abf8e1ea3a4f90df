#include "cli/saved_run.h"

#include "diagnose/diagnose.h"
#include "results/json_codec.h"

namespace orchard::cli {

Result<results::CheckDocument> ReadSavedRun(const std::string& path, bool rediagnose) {
  auto doc = results::ReadCheckDocument(path);
  if (!doc) return doc;
  if (doc->diagnoses.empty() || rediagnose) {
    doc->diagnoses = diagnose::Diagnose(doc->results, {});
  }
  return doc;
}

}  // namespace orchard::cli
