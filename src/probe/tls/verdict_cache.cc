#include "probe/tls/verdict_cache.h"

namespace orchard::probe {
namespace {

StoreVerdict Copy(const StoreVerdict& v) {
  StoreVerdict copy{v.trusted, v.anchored,   v.time_invalid, v.name_mismatch,
                    v.error,   v.time_error, nullptr};
  if (v.anchor) copy.anchor = ShareCert(v.anchor.get());
  return copy;
}

}  // namespace

std::optional<StoreVerdict> VerdictCache::Find(const Sha256& key) const {
  std::lock_guard lock(mutex_);
  auto it = verdicts_.find(key);
  if (it == verdicts_.end()) return std::nullopt;
  return Copy(it->second);
}

void VerdictCache::Store(const Sha256& key, const StoreVerdict& verdict) {
  std::lock_guard lock(mutex_);
  if (verdicts_.size() >= kCapacity) verdicts_.clear();
  verdicts_.insert_or_assign(key, Copy(verdict));
}

size_t VerdictCache::size() const {
  std::lock_guard lock(mutex_);
  return verdicts_.size();
}

}  // namespace orchard::probe
