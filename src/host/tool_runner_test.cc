#include "host/tool_runner.h"

#include <gtest/gtest.h>

#include "support/fixture_tool_runner.h"

namespace orchard::host {
namespace {

TEST(ProcessToolRunner, CapturesStdoutStderrAndStatus) {
  ProcessToolRunner runner;
  auto out = runner.Run("/bin/sh", {"-c", "echo out; echo err >&2; exit 3"});
  ASSERT_TRUE(out) << out.error().message();
  EXPECT_EQ(out->out, "out\n");
  EXPECT_EQ(out->err, "err\n");
  EXPECT_EQ(out->exit_status, 3);
}

TEST(ProcessToolRunner, ReadsStdinAsEmpty) {
  ProcessToolRunner runner;
  auto out = runner.Run("/bin/cat", {});
  ASSERT_TRUE(out) << out.error().message();
  EXPECT_EQ(out->out, "");
  EXPECT_EQ(out->exit_status, 0);
}

TEST(ProcessToolRunner, MissingProgramIsAnError) {
  ProcessToolRunner runner;
  auto out = runner.Run("/nonexistent/sw_vers", {});
  ASSERT_FALSE(out);
  EXPECT_NE(out.error().message().find("cannot run /nonexistent/sw_vers"), std::string::npos)
      << out.error().message();
}

TEST(ProcessToolRunner, ASignalIsExitStatus128PlusIt) {
  ProcessToolRunner runner;
  auto out = runner.Run("/bin/sh", {"-c", "kill -TERM $$"});
  ASSERT_TRUE(out) << out.error().message();
  EXPECT_EQ(out->exit_status, 128 + 15);
}

// A deadline already spent kills the command at once: the kill path without waiting on a clock.
TEST(ProcessToolRunner, KillsACommandPastItsDeadline) {
  ProcessToolRunner runner(std::chrono::milliseconds(0));
  auto out = runner.Run("/bin/sleep", {"30"});
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().message(), "/bin/sleep 30 still running after 0 ms; killed");
}

TEST(FixtureToolRunner, AnswersFromFilesAndRefusesTheRest) {
  testing::FixtureToolRunner runner(ORCHARD_HOST_TESTDATA);
  runner.Answer("/usr/bin/profiles status -type enrollment", "profiles/not_enrolled.txt");
  runner.Answer("/usr/bin/security dump-trust-settings -d", "security/no_trust_settings.txt", 1,
                true);
  auto profiles = runner.Run("/usr/bin/profiles", {"status", "-type", "enrollment"});
  ASSERT_TRUE(profiles) << profiles.error().message();
  EXPECT_EQ(profiles->out, "Enrolled via DEP: No\nMDM enrollment: No\n");
  auto trust = runner.Run("/usr/bin/security", {"dump-trust-settings", "-d"});
  ASSERT_TRUE(trust);
  EXPECT_EQ(trust->exit_status, 1);
  EXPECT_EQ(trust->out, "");
  EXPECT_EQ(trust->err, "SecTrustSettingsCopyCertificates: No Trust Settings were found.\n");
  auto unknown = runner.Run("/usr/bin/sw_vers", {});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message(), "cannot run /usr/bin/sw_vers: not found");
  EXPECT_EQ(runner.asked().size(), 3u);
}

}  // namespace
}  // namespace orchard::host
