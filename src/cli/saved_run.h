#pragma once

#include <string>

#include "base/error.h"
#include "results/document.h"

namespace orchard::cli {

// A saved run (check-v1 JSON; "-" is standard input) as explain and diff read it: diagnosed by
// this orchard's rules when the file carries no diagnoses, or always when `rediagnose` asks, so
// an old file is judged as a run today would be.
Result<results::CheckDocument> ReadSavedRun(const std::string& path, bool rediagnose = false);

}  // namespace orchard::cli
