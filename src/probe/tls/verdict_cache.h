#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "probe/tls/tls_x509.h"

// What verifying a chain found, and the verdicts already reached, so that the checks meeting the
// same certificates (the many hosts one CDN or wildcard certificate serves) verify them once a
// second rather than once a check: a verification is most of a TLS check's own CPU.
namespace orchard::probe {

// What verifying the sent chain against one set of anchors found. The verify callback records
// every error and keeps going, so a chain can be "anchored, but expired".
struct StoreVerdict {
  bool trusted = false;        // no error at all
  bool anchored = false;       // the chain reaches an anchor (no trust error; time/name aside)
  bool time_invalid = false;   // some certificate is outside its validity at the given time
  bool name_mismatch = false;  // the leaf does not cover the host
  std::string error;           // OpenSSL's words for the first error; "" when trusted
  std::string time_error;      // which certificate and when, for the first time error
  X509Ptr anchor;              // the top of the verified chain when anchored
};

// Verdicts by key: the SHA-256 of everything a verification depends on (the anchors, the
// verification second, whether the host is a name or an address and whether the leaf covers it,
// and every sent certificate's DER). Safe to use from several threads. Holds at most kCapacity
// verdicts and starts afresh when full, so servers sending a new chain each time (hostile ones,
// or a clock second ticking over) cost a little memory, never an unbounded amount.
class VerdictCache {
 public:
  static constexpr size_t kCapacity = 64;

  std::optional<StoreVerdict> Find(const Sha256& key) const;
  void Store(const Sha256& key, const StoreVerdict& verdict);
  size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::map<Sha256, StoreVerdict> verdicts_;
};

}  // namespace orchard::probe
