// DNS answers as the resolver hands them to orchard: any message, parsed as the answer to a
// question whose name and type come from the input too (CNAME chains, loops, compression).
#include <cstdint>
#include <span>

#include "fuzz_input.h"
#include "probe/dns/dns_message.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  orchard::fuzz::FuzzInput in(data, size);
  constexpr uint16_t kTypes[] = {1, 28, 5, 255};  // A, AAAA, CNAME, ANY
  uint16_t qtype = kTypes[in.Select(std::size(kTypes))];
  std::string_view qname = in.Next();
  auto rest = in.Rest();
  std::span<const unsigned char> message(reinterpret_cast<const unsigned char*>(rest.data()),
                                         rest.size());
  (void)orchard::probe::ParseDnsResponse(message, qname, qtype);
  return 0;
}
