#include "proxy/pac_sandbox.h"

#include <gtest/gtest.h>

#include "support/fake_pac_resolver.h"

namespace orchard::proxy {
namespace {

using namespace std::chrono_literals;

TEST(PacSandbox, AnswersEachQueryInOrder) {
  testing::FakePacHostResolver resolver;
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

PacLimits Limits(std::chrono::milliseconds load, std::chrono::milliseconds call) {
  PacLimits limits;
  limits.load = load;
  limits.call = call;
  return limits;
}

// One URL that loops fails alone; the others are answered by a fresh child.
TEST(PacSandbox, EndlessLoopForOneUrlFailsThatUrlOnly) {
  auto r = RunPacSandboxed(
      "function FindProxyForURL(u, h) { if (h == 'loop') { while (true) {} } return 'DIRECT'; }",
      "loop.pac", {}, {{"https://a/", "a"}, {"https://loop/", "loop"}, {"https://b/", "b"}},
      Limits(1000ms, 200ms));
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ(*(*r)[0], "DIRECT");
  ASSERT_FALSE((*r)[1]);
  EXPECT_NE((*r)[1].error().message().find("did not answer within 200 ms"), std::string::npos)
      << (*r)[1].error().message();
  EXPECT_EQ(*(*r)[2], "DIRECT");
}

// 30 ms a call for 40 URLs is 1.2 s in all: more than the load budget, fine for each call.
TEST(PacSandbox, EachCallHasItsOwnBudget) {
  std::vector<PacQuery> queries;
  for (int i = 0; i < 40; ++i) queries.push_back({"https://h" + std::to_string(i) + "/", "h"});
  auto r = RunPacSandboxed(
      "function FindProxyForURL(u, h) { var end = Date.now() + 30; while (Date.now() < end) {} "
      "return 'PROXY p:1'; }",
      "slow.pac", {}, queries, Limits(500ms, 500ms));
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->size(), 40u);
  for (const auto& answer : *r) EXPECT_TRUE(answer && *answer == "PROXY p:1");
}

// Running out of memory for one URL fails that URL, as a runtime error or a timeout does.
TEST(PacSandbox, MemoryBombForOneUrlFailsThatUrlOnly) {
  PacLimits limits;
  limits.memory_limit = 16 * 1024 * 1024;
  auto r = RunPacSandboxed(
      "function FindProxyForURL(u, h) { if (h == 'bomb') { var a = []; "
      "while (true) a.push(new Array(1000).join('x') + a.length); } return 'DIRECT'; }",
      "bomb.pac", {}, {{"https://bomb/", "bomb"}, {"https://b/", "b"}}, limits);
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_FALSE((*r)[0]);
  EXPECT_EQ(*(*r)[1], "DIRECT");
}

TEST(PacSandbox, TheRunsDeadlineStopsEveryCallLeft) {
  PacLimits limits = Limits(3000ms, 3000ms);
  limits.deadline = std::chrono::steady_clock::now() + 300ms;
  auto start = std::chrono::steady_clock::now();
  auto r = RunPacSandboxed("function FindProxyForURL(u, h) { while (true) {} }", "loop.pac", {},
                           {{"https://a/", "a"}, {"https://b/", "b"}}, limits);
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->size(), 2u);
  for (const auto& answer : *r) {
    ASSERT_FALSE(answer);
    EXPECT_NE(answer.error().message().find("deadline"), std::string::npos)
        << answer.error().message();
  }
  EXPECT_LT(took, 2s);
}

TEST(PacSandbox, EndlessLoopAtTopLevelIsStopped) {
  auto r = RunPacSandboxed("for (;;) {}\nfunction FindProxyForURL(u, h) { return 'DIRECT'; }",
                           "top.pac", {}, {}, Limits(200ms, 200ms));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("top.pac"), std::string::npos);
  EXPECT_NE(r.error().message().find("within 200 ms"), std::string::npos) << r.error().message();
  PacLimits limits;
  limits.deadline = std::chrono::steady_clock::now() + 200ms;
  auto late = RunPacSandboxed("for (;;) {}\nfunction FindProxyForURL(u, h) { return 'D'; }",
                              "top.pac", {}, {}, limits);
  ASSERT_FALSE(late);
  EXPECT_NE(late.error().message().find("before the run's deadline"), std::string::npos)
      << late.error().message();
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
