#include "proxy/pac_sandbox.h"

#include <gtest/gtest.h>

#include "proxy/pac_test_util.h"

namespace orchard::proxy {
namespace {

using namespace std::chrono_literals;

TEST(PacSandbox, AnswersEachQueryInOrder) {
  FakePacHostResolver resolver;
  resolver.table["in.corp"] = {"10.0.0.5"};
  PacEnvironment env;
  env.resolver = &resolver;
  auto r = RunPacSandboxed(
      "function FindProxyForURL(url, host) {\n"
      "  if (isInNet(host, '10.0.0.0', '255.0.0.0')) return 'DIRECT';\n"
      "  if (host == 'boom') throw new Error('nope');\n"
      "  return 'PROXY p:1';\n"
      "}\n",
      "s.pac", env,
      {{"https://in.corp/", "in.corp"}, {"https://boom/", "boom"}, {"http://x/", "x"}});
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ(*(*r)[0], "DIRECT");
  ASSERT_FALSE((*r)[1]);
  EXPECT_NE((*r)[1].error().message().find("s.pac:3: Error: nope"), std::string::npos)
      << (*r)[1].error().message();
  EXPECT_EQ(*(*r)[2], "PROXY p:1");
}

TEST(PacSandbox, EndlessLoopInFindProxyIsStopped) {
  auto start = std::chrono::steady_clock::now();
  auto r = RunPacSandboxed("function FindProxyForURL(u, h) { while (true) {} }", "loop.pac", {},
                           {{"https://a/", "a"}}, PacLimits{200ms});
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("did not finish within 200 ms"), std::string::npos)
      << r.error().message();
  EXPECT_LT(took, 5s);
}

TEST(PacSandbox, EndlessLoopAtTopLevelIsStopped) {
  auto r = RunPacSandboxed("for (;;) {}\nfunction FindProxyForURL(u, h) { return 'DIRECT'; }",
                           "top.pac", {}, {}, PacLimits{200ms});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("top.pac"), std::string::npos);
}

TEST(PacSandbox, LoadErrorIsTheOuterError) {
  auto r =
      RunPacSandboxed("function FindProxyForURL(u, h) {", "syn.pac", {}, {{"https://a/", "a"}});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("syn.pac"), std::string::npos);
  EXPECT_NE(r.error().message().find("SyntaxError"), std::string::npos) << r.error().message();
}

TEST(PacSandbox, LargeAnswersArriveWhole) {
  // 220 KB per answer: more than a pipe holds, so the parent must read while the child writes.
  auto r = RunPacSandboxed(
      "function FindProxyForURL(u, h) { var a = []; for (var i = 0; i < 20000; i++) "
      "a.push('PROXY p:1; '); return a.join(''); }",
      "big.pac", {}, {{"https://a/", "a"}, {"https://b/", "b"}});
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[1]->size(), 20000u * 11);
}

}  // namespace
}  // namespace orchard::proxy
