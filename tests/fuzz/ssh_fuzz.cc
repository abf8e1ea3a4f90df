// What an SSH port sends first: the identification line, or anything else (another protocol,
// an endless line, control bytes), judged as received so far and at the peer's close.
#include <cstdint>
#include <string_view>

#include "probe/ssh/ssh.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view received(reinterpret_cast<const char*>(data), size);
  // As the check reads: a growing prefix, then the whole at EOF.
  for (size_t cut = 0; cut < received.size(); cut += 1 + received.size() / 8) {
    (void)orchard::probe::ParseSshBanner(received.substr(0, cut), false);
  }
  (void)orchard::probe::ParseSshBanner(received, false);
  (void)orchard::probe::ParseSshBanner(received, true);
  return 0;
}
