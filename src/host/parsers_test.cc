// Every host parser (sw_vers, profiles status, security dump-trust-settings, scutil --dns,
// systemextensionsctl) on every prefix of every recorded output in testdata/.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <optional>

#include "host/profiles_status.h"
#include "host/scutil_dns.h"
#include "host/sw_vers.h"
#include "host/system_extensions.h"
#include "host/trust_settings.h"
#include "support/host_testdata.h"

namespace orchard::host {
namespace {

// Output cut at any byte (a tool killed mid-write, a pipe closed early) parses or fails with a
// parse error naming the tool; it never crashes, hangs or reads out of bounds (run under ASan).
TEST(HostParsers, EveryPrefixOfEveryFixtureParsesOrFailsCleanly) {
  struct Case {
    std::string_view folder, tool;
    std::function<std::optional<Error>(std::string_view)> parse;
  };
  auto wrap = [](auto parser) {
    return [parser](std::string_view text) -> std::optional<Error> {
      auto parsed = parser(text);
      if (parsed) return std::nullopt;
      return parsed.error();
    };
  };
  const Case cases[] = {
      {"sw_vers", "sw_vers:", wrap(ParseSwVers)},
      {"profiles", "profiles status:", wrap(ParseProfilesStatus)},
      {"security", "security dump-trust-settings:", wrap(ParseTrustSettings)},
      {"scutil_dns", "scutil --dns:", wrap(ParseScutilDns)},
      {"systemextensionsctl", "systemextensionsctl list:", wrap(ParseSystemExtensions)},
  };
  int files = 0;
  for (const Case& c : cases) {
    for (const auto& entry : std::filesystem::directory_iterator(
             std::filesystem::path(ORCHARD_HOST_TESTDATA) / c.folder)) {
      ++files;
      std::string text =
          testing::Fixture(std::string(c.folder) + "/" + entry.path().filename().string());
      for (size_t n = 0; n <= text.size(); ++n) {
        auto error = c.parse(std::string_view(text).substr(0, n));
        if (!error) continue;
        EXPECT_EQ(error->code(), ErrorCode::kParse) << entry.path() << " cut at " << n;
        EXPECT_TRUE(error->message().starts_with(c.tool))
            << entry.path() << " cut at " << n << ": " << error->message();
      }
    }
  }
  EXPECT_GE(files, 16);
}

}  // namespace
}  // namespace orchard::host
