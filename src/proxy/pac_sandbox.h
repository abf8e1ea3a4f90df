#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "proxy/pac_host.h"

namespace orchard::proxy {

struct PacQuery {
  std::string url;   // "https://gateway.icloud.com/"
  std::string host;  // "gateway.icloud.com"
};

struct PacLimits {
  // For loading the script and answering every query together.
  std::chrono::milliseconds timeout{3000};
  size_t memory_limit = 64 * 1024 * 1024;
};

// Loads a PAC script and answers each query in a child process that is killed when `limits`
// run out, so an endless loop or a memory bomb in a PAC file cannot hang or crash orchard
// (Debian's duktape has no execution-timeout hook). The environment's resolver and clock are
// used in the child (a copy, through fork), so their side effects are not seen here.
// The outer error: the script does not load, or the evaluation ran out of time or crashed.
// Each inner result: FindProxyForURL's answer for that query, or its runtime error.
Result<std::vector<Result<std::string>>> RunPacSandboxed(std::string_view source,
                                                         const std::string& name,
                                                         const PacEnvironment& env,
                                                         const std::vector<PacQuery>& queries,
                                                         PacLimits limits = {});

}  // namespace orchard::proxy
