#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "base/error.h"
#include "proxy/pac_host.h"

namespace orchard::proxy {

// One PAC script loaded into its own duktape heap with the helper library. Runs in the calling
// thread with no time bound: Debian's duktape is built without an execution-timeout hook, so
// untrusted scripts go through RunPacSandboxed (pac_sandbox.h), which runs this in a child
// process it can kill. Memory is bounded here by a counting allocator. Not thread-safe.
class PacContext {
 public:
  static constexpr size_t kDefaultMemoryLimit = 64 * 1024 * 1024;

  // Loads the helpers, then runs `source` (named `name` in messages: "proxy.pac:3: ...").
  // Errors: syntax or top-level runtime errors with their line, or no FindProxyForURL function.
  static Result<std::unique_ptr<PacContext>> Create(std::string_view source, std::string name,
                                                    PacEnvironment env,
                                                    size_t memory_limit = kDefaultMemoryLimit);
  ~PacContext();
  PacContext(const PacContext&) = delete;
  PacContext& operator=(const PacContext&) = delete;

  // Calls FindProxyForURL(url, host). The answer must be a string; anything else, or an
  // exception, is an error with the script's line.
  Result<std::string> FindProxyForUrl(std::string_view url, std::string_view host);

  // Evaluates an expression in the script's global scope and returns String(result). For tests
  // and diagnostics.
  Result<std::string> Evaluate(std::string_view expression);

  struct Impl;

 private:
  explicit PacContext(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace orchard::proxy
