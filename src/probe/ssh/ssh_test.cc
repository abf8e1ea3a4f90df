#include "probe/ssh/ssh.h"

#include <gtest/gtest.h>

#include <string>

namespace orchard::probe {
namespace {

TEST(SshBanner, FindsTheIdentificationLine) {
  auto r = ParseSshBanner("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n", false);
  EXPECT_EQ(r.state, SshBannerState::kBanner);
  EXPECT_EQ(r.text, "SSH-2.0-OpenSSH_9.2p1 Debian-2");
  EXPECT_EQ(ParseSshBanner("SSH-1.99-Cisco-1.25\n", false).state, SshBannerState::kBanner);
}

TEST(SshBanner, SkipsGreetingLinesBeforeTheBanner) {
  auto r = ParseSshBanner("Welcome to the jump host\r\nSSH-2.0-dropbear\r\n", false);
  EXPECT_EQ(r.state, SshBannerState::kBanner);
  EXPECT_EQ(r.text, "SSH-2.0-dropbear");
}

TEST(SshBanner, WaitsForACompleteLine) {
  EXPECT_EQ(ParseSshBanner("", false).state, SshBannerState::kNeedMore);
  EXPECT_EQ(ParseSshBanner("SSH-2.0-Open", false).state, SshBannerState::kNeedMore);
  // The peer closed after a complete-looking line without a newline: still a banner.
  EXPECT_EQ(ParseSshBanner("SSH-2.0-OpenSSH", true).state, SshBannerState::kBanner);
}

TEST(SshBanner, RejectsOtherProtocolsAndOldVersions) {
  EXPECT_EQ(ParseSshBanner("HTTP/1.1 400 Bad Request\r\n", false).state, SshBannerState::kBad);
  EXPECT_EQ(ParseSshBanner("SSH-1.5-old\r\n", false).state, SshBannerState::kBad);
  EXPECT_EQ(ParseSshBanner("", true).state, SshBannerState::kBad);
  EXPECT_EQ(ParseSshBanner("hello\n", true).state, SshBannerState::kBad);
}

TEST(SshBanner, BoundsEndlessLinesAndPreambles) {
  EXPECT_EQ(ParseSshBanner(std::string(300, 'A'), false).state, SshBannerState::kBad);
  EXPECT_EQ(ParseSshBanner("SSH-2.0-" + std::string(300, 'x') + "\r\n", false).state,
            SshBannerState::kBad);
  std::string lines;
  while (lines.size() < kSshMaxPreamble + 10) lines += "noise\n";
  EXPECT_EQ(ParseSshBanner(lines, false).state, SshBannerState::kBad);
}

TEST(SshBanner, EscapesControlBytesInExcerpts) {
  auto r = ParseSshBanner(std::string("\x01\x02garbage\n", 10), true);
  EXPECT_EQ(r.state, SshBannerState::kBad);
  EXPECT_EQ(r.text, "\\x01\\x02garbage\\n");
}

}  // namespace
}  // namespace orchard::probe
