#pragma once

#include <string>
#include <vector>

#include "base/clock.h"
#include "base/error.h"
#include "generate/allowlist.h"

namespace orchard::generate {

// Looks up a host name's current addresses. A seam so tests never touch real DNS.
class HostResolver {
 public:
  virtual ~HostResolver() = default;
  // The name's IPv4 and IPv6 addresses as numeric text, or an error saying why there are none
  // ("no such host"). Must not throw.
  virtual Result<std::vector<std::string>> Resolve(const std::string& name) = 0;
  // Whether Resolve may be called from several threads at once.
  virtual bool ThreadSafe() const { return false; }
};

// The system resolver (getaddrinfo): what the machine generating the config sees. Blocking, but
// thread-safe: ResolveHosts asks for many names at once, so a resolver that never answers costs
// one lookup's timeout, not one per name.
class SystemResolver final : public HostResolver {
 public:
  Result<std::vector<std::string>> Resolve(const std::string& name) override;
  bool ThreadSafe() const override { return true; }
};

// Resolves every host row once (a wildcard through its representative host; a wildcard without
// one is recorded as unresolvable) and stamps the list with the time. Failures are recorded in
// the list, not returned: the config still covers the rest. A thread-safe resolver is asked for
// up to `parallel` names at once (the built-in catalog has ~100, so one wave); the resolutions keep
// the rows' order either way.
void ResolveHosts(Allowlist& list, HostResolver& resolver, const Clock& clock,
                  size_t parallel = 128);

}  // namespace orchard::generate
