// The generated PAC run by orchard's own PAC engine (duktape, in its sandbox), held to the same
// sample table as the Node.js check.
#include <gtest/gtest.h>

#include "generate/renderers.h"
#include "pac_engine_check.h"
#include "pac_samples.h"
#include "support/generate_catalog.h"

namespace orchard::generate {
namespace {

std::vector<Result<std::string>> Evaluate(const std::string& pac,
                                          const std::vector<std::string>& urls) {
  return testing::EvaluatePacInEngine(pac, urls);
}

TEST(PacEngine, AppleHostsGoDirectAndTheRestToTheProxy) {
  auto pac = RenderPac(orchard::testing::FixtureList(), testing::kPacProxy);
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
  auto list = orchard::testing::FixtureList();
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
