// The generated PAC run by orchard's own PAC engine (duktape, in its sandbox), held to the same
// sample table as the Node.js check.
#include <gtest/gtest.h>

#include "base/clock.h"
#include "generate/fixture_test_util.h"
#include "generate/renderers.h"
#include "pac_samples.h"
#include "proxy/pac_sandbox.h"
#include "proxy/pac_test_util.h"

namespace orchard::generate {
namespace {

std::vector<Result<std::string>> Evaluate(const std::string& pac,
                                          const std::vector<std::string>& urls) {
  FakeClock clock(std::chrono::sys_days{std::chrono::year{2026} / 11 / 27});
  proxy::FakePacHostResolver resolver;  // the PAC must not need DNS: nothing resolves
  proxy::PacEnvironment env;
  env.clock = &clock;
  env.resolver = &resolver;
  env.utc_offset_minutes = [](auto) { return 0; };
  std::vector<proxy::PacQuery> queries;
  for (const auto& u : urls) queries.push_back({u, testing::PacHost(u)});
  auto answers = proxy::RunPacSandboxed(pac, "orchard.pac", env, queries);
  EXPECT_TRUE(answers) << (answers ? "" : answers.error().message());
  return answers ? *answers : std::vector<Result<std::string>>{};
}

TEST(PacEngine, AppleHostsGoDirectAndTheRestToTheProxy) {
  auto pac = RenderPac(testing::FixtureList(), testing::kPacProxy);
  ASSERT_TRUE(pac);
  auto samples = testing::PacSamples();
  std::vector<std::string> urls;
  for (const auto& [url, answer] : samples) urls.push_back(url);
  auto answers = Evaluate(*pac, urls);
  ASSERT_EQ(answers.size(), urls.size());
  for (size_t i = 0; i < urls.size(); ++i) {
    ASSERT_TRUE(answers[i]) << urls[i] << ": " << answers[i].error().message();
    EXPECT_EQ(*answers[i], samples[urls[i]]) << urls[i];
  }
}

TEST(PacEngine, CollapsedParentAndEmptyList) {
  auto list = testing::FixtureList();
  list.collapse = {"apple.com"};
  auto pac = RenderPac(list, testing::kPacProxy);
  ASSERT_TRUE(pac);
  auto answers = Evaluate(*pac, {"https://apple.com/", "https://www.apple.com/"});
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers[0].value_or("error"), "DIRECT");
  EXPECT_EQ(answers[1].value_or("error"), "DIRECT");

  auto empty = RenderPac(Allowlist{}, testing::kPacProxy);
  ASSERT_TRUE(empty);
  auto rest = Evaluate(*empty, {"https://ocsp.apple.com/", "https://17.1.1.1/"});
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(rest[0].value_or("error"), "PROXY proxy.corp.example:3128");
  EXPECT_EQ(rest[1].value_or("error"), "DIRECT");  // Apple's block is always in the list
}

}  // namespace
}  // namespace orchard::generate
