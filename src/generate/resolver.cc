#include "generate/resolver.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <set>
#include <system_error>
#include <thread>

#include "generate/address.h"

namespace orchard::generate {

Result<std::vector<std::string>> SystemResolver::Resolve(const std::string& name) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  int rc = ::getaddrinfo(name.c_str(), nullptr, &hints, &found);
  if (rc != 0) return MakeError(ErrorCode::kIo, ::gai_strerror(rc));
  std::vector<std::string> out;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    char host[NI_MAXHOST] = {};
    if (::getnameinfo(a->ai_addr, a->ai_addrlen, host, sizeof host, nullptr, 0, NI_NUMERICHOST) ==
            0 &&
        std::ranges::find(out, host) == out.end()) {
      out.emplace_back(host);
    }
  }
  ::freeaddrinfo(found);
  return out;
}

namespace {

// Keeps only well-formed numeric addresses: the answer goes into firewall configs.
void Record(Resolution& r, const Result<std::vector<std::string>>& answer) {
  if (!answer) {
    r.error = answer.error().message();
    return;
  }
  for (const auto& a : *answer) {
    auto p = ParsePrefix(a);
    if (p && p->IsHost() && a.find('/') == std::string::npos) r.addresses.push_back(a);
  }
  if (r.addresses.empty()) r.error = "no addresses";
}

}  // namespace

void ResolveHosts(Allowlist& list, HostResolver& resolver, const Clock& clock, size_t parallel) {
  auto now = std::chrono::floor<std::chrono::seconds>(clock.Now());
  list.provenance.resolved_at = fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now);
  std::set<std::string> done;
  std::vector<Resolution> resolutions;
  std::vector<size_t> pending;  // indexes into resolutions that need a lookup
  for (const auto& row : list.rows) {
    const auto& e = row.endpoint;
    if (e.kind == catalog::HostKind::kCidr || !done.insert(e.host).second) continue;
    Resolution r{e.host, e.host, {}, {}};
    if (e.kind == catalog::HostKind::kWildcard) {
      r.queried = e.hints.representative_host;
      if (r.queried.empty() || !IsSafeHostPattern(r.queried) || r.queried.starts_with("*.")) {
        r.queried.clear();
        r.error =
            "a wildcard has no addresses of its own and the catalog names no "
            "representative host";
      }
    }
    if (!r.queried.empty()) pending.push_back(resolutions.size());
    resolutions.push_back(std::move(r));
  }

  if (!resolver.ThreadSafe() || parallel <= 1 || pending.size() <= 1) {
    for (size_t i : pending) Record(resolutions[i], resolver.Resolve(resolutions[i].queried));
  } else {
    std::atomic<size_t> next{0};
    auto worker = [&] {
      for (size_t k = next++; k < pending.size(); k = next++) {
        Resolution& r = resolutions[pending[k]];
        Record(r, resolver.Resolve(r.queried));
      }
    };
    std::vector<std::thread> threads;
    for (size_t t = 0; t < std::min(parallel, pending.size()); ++t) {
      // Under a pids/tasks limit (containers, systemd TasksMax) a thread may not start: the
      // ones that did share the work, and with none this thread does it all.
      try {
        threads.emplace_back(worker);
      } catch (const std::system_error&) {
        break;
      }
    }
    if (threads.empty()) worker();
    for (auto& t : threads) t.join();
  }
  for (auto& r : resolutions) list.resolutions.push_back(std::move(r));
}

}  // namespace orchard::generate
