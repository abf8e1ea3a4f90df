#include "cli/file_limit.h"

#include <sys/resource.h>

#include <algorithm>
#include <climits>

namespace orchard::cli {

namespace {
#if defined(__APPLE__)
constexpr bool kApple = true;
constexpr uint64_t kOpenMax = OPEN_MAX;
#else
constexpr bool kApple = false;
constexpr uint64_t kOpenMax = 10240;  // macOS's OPEN_MAX, for FileLimitTarget's tests
#endif
}  // namespace

uint64_t FileLimitTarget(uint64_t soft, uint64_t hard, bool apple) {
  uint64_t target = apple ? std::min(hard, kOpenMax) : hard;
  return std::max(soft, target);
}

size_t ConcurrencyWithin(size_t wanted, uint64_t limit) {
  uint64_t room = limit > kReservedDescriptors ? limit - kReservedDescriptors : 1;
  return static_cast<size_t>(std::max<uint64_t>(1, std::min<uint64_t>(wanted, room)));
}

uint64_t RaiseFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 256;  // POSIX's smallest OPEN_MAX
  rlim_t target = static_cast<rlim_t>(FileLimitTarget(limit.rlim_cur, limit.rlim_max, kApple));
  if (target > limit.rlim_cur) {
    rlimit raised = limit;
    raised.rlim_cur = target;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return limit.rlim_cur == RLIM_INFINITY ? UINT64_MAX : static_cast<uint64_t>(limit.rlim_cur);
}

}  // namespace orchard::cli
