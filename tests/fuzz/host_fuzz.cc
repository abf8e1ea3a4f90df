// The outputs of the tools orchard reads a Mac through (sw_vers, scutil --dns,
// scutil --proxy, systemextensionsctl list, profiles status, profiles -C -o stdout-xml and the
// XML property list reader under it, security dump-trust-settings) and
// Linux's os-release, resolv.conf and the recorded proxy environment. A recorded folder from
// another machine (--host-facts) is input like any other.
#include <cstdint>

#include "fuzz_input.h"
#include "host/configuration_profiles.h"
#include "host/linux_sources.h"
#include "host/profiles_status.h"
#include "host/proxy_environment.h"
#include "host/scutil_dns.h"
#include "host/scutil_proxy.h"
#include "host/sw_vers.h"
#include "host/system_extensions.h"
#include "host/trust_settings.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace orchard::host;
  orchard::fuzz::FuzzInput in(data, size);
  switch (in.Select(10)) {
    case 0:
      (void)ParseSwVers(in.Rest());
      break;
    case 1:
      (void)ParseScutilDns(in.Rest());
      break;
    case 2:
      (void)ParseSystemExtensions(in.Rest());
      break;
    case 3:
      (void)ParseProfilesStatus(in.Rest());
      break;
    case 4:
      (void)ParseTrustSettings(in.Rest());
      break;
    case 5:
      (void)ParseOsRelease(in.Rest());
      break;
    case 6:
      (void)ParseResolvConf(in.Rest());
      break;
    case 7:
      (void)ParseScutilProxy(in.Rest());
      break;
    case 8:
      (void)ParseProxyEnvironment(in.Rest());
      break;
    default:
      (void)ParseConfigurationProfiles(in.Rest());
  }
  return 0;
}
