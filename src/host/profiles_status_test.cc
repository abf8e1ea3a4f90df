// profiles status on the recorded outputs in testdata/profiles, and on broken input.
#include "host/profiles_status.h"

#include <gtest/gtest.h>

#include "support/host_testdata.h"

namespace orchard::host {
namespace {

using testing::Fixture;

TEST(ProfilesStatus, ReadsDepUserApproved) {
  auto m = ParseProfilesStatus(Fixture("profiles/dep_user_approved.txt"));
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_TRUE(m->dep);
  EXPECT_TRUE(m->enrolled);
  EXPECT_TRUE(m->user_approved);
  EXPECT_EQ(m->server, "https://MDMSERVER:8443/mdm/ServerURL");
}

TEST(ProfilesStatus, ReadsUnmanagedMac) {
  auto m = ParseProfilesStatus(Fixture("profiles/not_enrolled.txt"));
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_FALSE(m->dep);
  EXPECT_FALSE(m->enrolled);
  EXPECT_FALSE(m->user_approved);
  EXPECT_EQ(m->server, "");
}

TEST(ProfilesStatus, EnrolledWithoutApprovalIsNotUserApproved) {
  auto m = ParseProfilesStatus("Enrolled via DEP: No\nMDM enrollment: Yes\n");
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_TRUE(m->enrolled);
  EXPECT_FALSE(m->user_approved);
}

TEST(ProfilesStatus, TruncatedAndGarbageAreErrors) {
  auto cut = ParseProfilesStatus("Enrolled via DEP: Yes\n");
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().message(),
            "profiles status:2: no \"MDM enrollment\" line (output ends early?)");
  auto bad = ParseProfilesStatus("Enrolled via DEP: Maybe\nMDM enrollment: No\n");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message(),
            "profiles status:1: Enrolled via DEP: expected Yes or No, got \"Maybe\"");
  auto garbage = ParseProfilesStatus("profiles: unrecognized option\x01\n");
  EXPECT_FALSE(garbage);
}

}  // namespace
}  // namespace orchard::host
