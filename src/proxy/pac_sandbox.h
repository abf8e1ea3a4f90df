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
  // Loading the script: its top-level code.
  std::chrono::milliseconds load{3000};
  // Each FindProxyForURL call, on its own: a slow PAC is slow per URL, not for the catalog.
  std::chrono::milliseconds call{1000};
  // Nothing is evaluated past this point (the run's --deadline).
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  size_t memory_limit = 64 * 1024 * 1024;
};

// Loads a PAC script and answers each query in a child process that is killed when a budget of
// `limits` runs out, so an endless loop or a memory bomb in a PAC file cannot hang or crash
// orchard (Debian's duktape has no execution-timeout hook). The environment's resolver and clock
// are used in the child (a copy, through fork), so their side effects are not seen here.
// The outer error: the script does not load (a syntax error, an exception, no time left).
// Each inner result: FindProxyForURL's answer for that query, or why there is none: its runtime
// error, its memory running out, its call budget or the deadline passing. A call that overruns
// fails alone; the queries after it are answered by a fresh child.
Result<std::vector<Result<std::string>>> RunPacSandboxed(std::string_view source,
                                                         const std::string& name,
                                                         const PacEnvironment& env,
                                                         const std::vector<PacQuery>& queries,
                                                         PacLimits limits = {});

}  // namespace orchard::proxy
