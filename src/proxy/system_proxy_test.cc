#include "proxy/system_proxy.h"

#include <gtest/gtest.h>

namespace orchard::proxy {
namespace {

// What a Mac with an exceptions list and "Exclude simple hostnames" holds (the parser and its
// recorded outputs are tested in src/host/scutil_proxy_test.cc).
host::SystemProxySettings WithExceptions() {
  host::SystemProxySettings s;
  s.https = host::SystemProxyServer{"proxy.example.com", 8443};
  s.exceptions = {"*.local", "169.254/16", "corp.example"};
  s.exclude_simple_hostnames = true;
  return s;
}

TEST(SystemProxy, Exceptions) {
  host::SystemProxySettings s = WithExceptions();
  EXPECT_EQ(MatchSystemException(s, "printer.local"), "*.local");
  EXPECT_EQ(MatchSystemException(s, "169.254.10.20"), "169.254/16");
  EXPECT_EQ(MatchSystemException(s, "corp.example"), "corp.example");
  EXPECT_EQ(MatchSystemException(s, "wiki.corp.example"), "corp.example");
  EXPECT_EQ(MatchSystemException(s, "intranet"), "ExcludeSimpleHostnames");
  EXPECT_FALSE(MatchSystemException(s, "gateway.icloud.com"));
  EXPECT_FALSE(MatchSystemException(s, "169.255.0.1"));
  s.exclude_simple_hostnames = false;
  EXPECT_FALSE(MatchSystemException(s, "intranet"));
}

TEST(SystemProxy, RecordedSourceAnswersWhatItWasGiven) {
  RecordedSystemProxySource none(std::nullopt);
  auto a = none.Settings();
  ASSERT_TRUE(a);
  EXPECT_FALSE(a->has_value());
  EXPECT_FALSE(none.DhcpWpadOption());
  RecordedSystemProxySource mac(WithExceptions());
  auto b = mac.Settings();
  ASSERT_TRUE(b && b->has_value());
  EXPECT_EQ((*b)->https->port, 8443);
}

}  // namespace
}  // namespace orchard::proxy
