#include "cli/saved_run.h"

#include "diagnose/diagnose.h"
#include "results/json_codec.h"

namespace orchard::cli {

Result<results::CheckDocument> ReadSavedRun(const std::string& path, bool rediagnose) {
  auto doc = results::ReadCheckDocument(path);
  if (!doc) return doc;
  if (doc->diagnoses.empty() || rediagnose) {
    diagnose::DiagnoseOptions options;
    options.host = doc->host ? &*doc->host : nullptr;
    doc->diagnoses = diagnose::Diagnose(doc->results, options);
  }
  return doc;
}

}  // namespace orchard::cli
