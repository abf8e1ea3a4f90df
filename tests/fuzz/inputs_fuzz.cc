// What users and their machines hand orchard as settings: proxy URLs and credentials (--proxy,
// https_proxy), no_proxy lists, --connect-to rules matched against targets, --dns servers,
// --label pairs, and macOS's `scutil --proxy` dictionary with its exception list.
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_input.h"
#include "host/scutil_proxy.h"
#include "probe/connect_to.h"
#include "probe/dns/dns_cares.h"
#include "proxy/environment.h"
#include "proxy/proxy_url.h"
#include "proxy/system_proxy.h"
#include "results/labels.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace orchard;
  fuzz::FuzzInput in(data, size);
  switch (in.Select(6)) {
    case 0:
      (void)proxy::ParseProxyUrl(in.Rest(), "--proxy");
      (void)proxy::ParseCredentials(in.Rest());
      break;
    case 1: {
      proxy::Environment env{{"https_proxy", std::string(in.Next())},
                             {"no_proxy", std::string(in.Next())}};
      (void)proxy::ProxyFromEnvironment(env, "https", in.Rest());
      break;
    }
    case 2: {
      std::string_view rule_text = in.Next();
      std::string_view row_host = in.Next();
      uint16_t port = static_cast<uint16_t>(in.Select(256) << 8 | in.Select(256));
      if (auto rule = probe::ParseConnectTo(rule_text)) {
        (void)probe::Matches(*rule, row_host, in.Rest(), port);
      }
      (void)probe::CidrContains(row_host, in.Rest());
      break;
    }
    case 3:
      (void)probe::ParseResolverAddress(in.Rest());
      break;
    case 4: {
      std::vector<std::string> items;
      for (int i = 0; i < 4 && !in.Rest().empty(); ++i) items.emplace_back(in.Next());
      (void)results::ParseLabels(items);
      break;
    }
    default: {
      std::string_view host = in.Next();
      if (auto settings = host::ParseScutilProxy(in.Rest())) {
        (void)proxy::MatchSystemException(*settings, host);
      }
    }
  }
  return 0;
}
