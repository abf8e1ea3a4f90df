#pragma once

#include <cstddef>
#include <cstdint>

// How many checks can be in flight given the open-file limit. Each check holds a socket (and
// c-ares one more for its lookups), so a --concurrency the limit cannot carry would fail checks
// with EMFILE half-way; orchard raises the limit as far as the system lets it and caps the rest.
namespace orchard::cli {

// Descriptors kept aside for everything that is not a check's socket: stdio, trust stores,
// c-ares, the PAC fetch, the serve listener and its clients.
inline constexpr uint64_t kReservedDescriptors = 64;

// The soft limit to ask for: the hard limit, but on macOS no more than OPEN_MAX (10240), since
// macOS reports RLIM_INFINITY as the hard limit and refuses any soft limit above OPEN_MAX.
uint64_t FileLimitTarget(uint64_t soft, uint64_t hard, bool apple);

// The checks that fit in `limit` descriptors: `wanted`, or fewer, never below 1.
size_t ConcurrencyWithin(size_t wanted, uint64_t limit);

// Raises this process's soft RLIMIT_NOFILE to FileLimitTarget and returns the limit in force.
uint64_t RaiseFileLimit();

}  // namespace orchard::cli
