// Certificate-validation answers and trust inputs: OCSP responses (judged against our request),
// CRL bodies (DER, then PEM) and certificate files (--ca-file, the System keychain's PEM).
#include <cstdint>
#include <string>

#include "fuzz_input.h"
#include "probe/http/crl.h"
#include "probe/http/ocsp.h"
#include "probe/tls/tls_x509.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace orchard::probe;
  static const std::string* request =
      new std::string(BuildOcspRequest(DefaultOcspTarget()).value_or(""));
  orchard::fuzz::FuzzInput in(data, size);
  switch (in.Select(3)) {
    case 0:
      (void)DescribeOcspResponse(in.Rest(), *request);
      break;
    case 1:
      (void)ParseCrl(in.Rest());
      break;
    default:
      (void)ParseCertificates(in.Rest(), "fuzz.pem");
  }
  return 0;
}
