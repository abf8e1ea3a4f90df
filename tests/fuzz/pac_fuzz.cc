// PAC files' answers and the helper library orchard gives them: ParsePacAnswer on any string,
// each helper (shExpMatch, isInNet, dateRange...) called with any arguments, and
// FindProxyForURL on any URL and host with its answer parsed. Scripts of arbitrary JavaScript
// are duktape's to fuzz; orchard runs them in a killable child (pac_sandbox.h).
#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "base/clock.h"
#include "fuzz_input.h"
#include "proxy/pac_context.h"
#include "proxy/pac_result.h"
#include "support/fake_clock.h"
#include "support/fake_pac_resolver.h"

namespace {

using orchard::proxy::PacContext;

constexpr std::string_view kScript = R"(
function FindProxyForURL(url, host) {
  if (isPlainHostName(host) || dnsDomainIs(host, ".apple.com") ||
      localHostOrDomainIs(host, "www.apple.com") || shExpMatch(url, "http*://*.icloud.com/*"))
    return "DIRECT";
  var ip = dnsResolve(host);
  if (ip && isInNet(ip, "17.0.0.0", "255.0.0.0")) return "DIRECT";
  if (dnsDomainLevels(host) > 3 || weekdayRange("MON", "FRI") || timeRange(8, 18))
    return "PROXY " + host + ":8080; DIRECT";
  return "PROXY proxy.corp:3128; SOCKS5 " + url;
})";

struct Helper {
  std::string_view name;
  unsigned max_args;
};
constexpr Helper kHelpers[] = {
    {"isPlainHostName", 1}, {"dnsDomainIs", 2},    {"localHostOrDomainIs", 2},
    {"dnsDomainLevels", 1}, {"dnsResolve", 1},     {"dnsResolveEx", 1},
    {"isResolvable", 1},    {"isResolvableEx", 1}, {"myIpAddress", 0},
    {"myIpAddressEx", 0},   {"isInNet", 3},        {"shExpMatch", 2},
    {"weekdayRange", 3},    {"dateRange", 7},      {"timeRange", 7},
};

// A JavaScript literal for `piece`: a number when it reads as one, else a string whose every
// byte is a \u escape, so no input can end the literal.
std::string Literal(std::string_view piece, bool as_number) {
  if (as_number) {
    unsigned value = 0;
    for (char c : piece.substr(0, 6)) value = value * 31 + static_cast<unsigned char>(c);
    return std::to_string(static_cast<int>(value % 4000) - 100);
  }
  std::string out = "\"";
  for (unsigned char c : piece) out += fmt::format("\\u{:04x}", c);
  return out + "\"";
}

struct Fixture {
  orchard::testing::FakeClock clock{std::chrono::system_clock::time_point{}};
  orchard::testing::FakePacHostResolver resolver;
  std::unique_ptr<PacContext> context;
  Fixture() {
    resolver.table["apple.com"] = {"17.253.144.10"};
    resolver.table["corp"] = {"10.0.0.1", "fe80::1"};
    orchard::proxy::PacEnvironment env{&clock, &resolver, [](auto) { return 90; }};
    auto made = PacContext::Create(kScript, "fuzz.pac", env);
    if (!made) __builtin_trap();
    context = std::move(*made);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture* fixture = new Fixture();  // one heap for all inputs, as the sandbox reuses one
  orchard::fuzz::FuzzInput in(data, size);
  // Any moment from 1970 to 2106, so the date and time helpers see every field.
  uint32_t seconds = 0;
  for (unsigned i = 0; i < 4; ++i) seconds = seconds << 8 | in.Select(256);
  fixture->clock.Set(std::chrono::system_clock::time_point{std::chrono::seconds{seconds}});
  switch (in.Select(3)) {
    case 0:
      (void)orchard::proxy::ParsePacAnswer(in.Rest());
      break;
    case 1: {
      const Helper& helper = kHelpers[in.Select(std::size(kHelpers))];
      unsigned numbers = in.Select(256);  // bit i: argument i is a number
      unsigned count = in.Select(helper.max_args + 1);
      std::string call = std::string(helper.name) + "(";
      for (unsigned i = 0; i < count; ++i) {
        call += (i ? "," : "") + Literal(in.Next(), (numbers >> i) & 1);
      }
      (void)fixture->context->Evaluate(call + ")");
      break;
    }
    default: {
      std::string_view url = in.Next();
      auto answer = fixture->context->FindProxyForUrl(url, in.Rest());
      if (answer) (void)orchard::proxy::ParsePacAnswer(*answer);
    }
  }
  return 0;
}
