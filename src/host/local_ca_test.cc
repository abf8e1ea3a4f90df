#include "host/local_ca.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/pki.h"
#include "support/temp_dir.h"

namespace orchard::host {
namespace {

namespace fs = std::filesystem;

class LocalCa : public ::testing::Test {
 protected:
  // Two real roots (Apple Root CA - G3, DigiCert Global Root G2) as one PEM file.
  void CopyRoots(const fs::path& to) {
    fs::create_directories(to.parent_path());
    fs::copy_file(std::string(ORCHARD_HOST_TESTDATA) + "/security/system_keychain_two_roots.pem",
                  to);
  }
  orchard::testing::TempDir temp_;
  const fs::path dir_ = temp_.path() / "ca";  // made by the tests that want it
};

TEST_F(LocalCa, AMissingFolderMeansNoneAdded) {
  auto folder = ReadLocalCaFolder(dir_ / "nope");
  ASSERT_TRUE(folder) << folder.error().message();
  EXPECT_TRUE(folder->certificates.empty());
  EXPECT_TRUE(folder->files.empty());
  EXPECT_TRUE(folder->problems.empty());
}

TEST_F(LocalCa, AnEmptyFolder) {
  fs::create_directories(dir_);
  auto folder = ReadLocalCaFolder(dir_);
  ASSERT_TRUE(folder);
  EXPECT_TRUE(folder->certificates.empty());
  EXPECT_TRUE(folder->problems.empty());
}

TEST_F(LocalCa, EachCertificateOfEachCrtFile) {
  CopyRoots(dir_ / "zscaler/roots.crt");
  CopyRoots(dir_ / "a.crt");
  auto folder = ReadLocalCaFolder(dir_);
  ASSERT_TRUE(folder) << folder.error().message();
  ASSERT_EQ(folder->certificates.size(), 4u);
  EXPECT_EQ(folder->certificates[0].file, "a.crt");  // path order
  EXPECT_EQ(folder->certificates[0].subject, "Apple Root CA - G3");
  EXPECT_EQ(folder->certificates[1].subject, "DigiCert Global Root G2");
  EXPECT_EQ(folder->certificates[2].file, "zscaler/roots.crt");
  ASSERT_EQ(folder->files.size(), 2u);
  EXPECT_EQ(folder->files[1].file, "zscaler/roots.crt");
  EXPECT_EQ(folder->files[1].pem, folder->files[0].pem);
  EXPECT_TRUE(folder->problems.empty()) << folder->problems.front();
}

// update-ca-certificates installs only *.crt files, and a file that is not PEM breaks nothing
// here: each is a problem naming it, never a guess.
TEST_F(LocalCa, FilesUpdateCaCertificatesWouldNotInstall) {
  CopyRoots(dir_ / "corp.pem");
  fs::create_directories(dir_);
  std::ofstream(dir_ / "notes.crt") << "this is not a certificate\n";
  std::ofstream(dir_ / "binary.crt") << std::string("\x30\x82\x01\x00\xff\x00", 6);
  auto folder = ReadLocalCaFolder(dir_);
  ASSERT_TRUE(folder) << folder.error().message();
  EXPECT_TRUE(folder->certificates.empty());
  EXPECT_EQ(folder->problems,
            (std::vector<std::string>{
                "ca-certificates/binary.crt: holds no PEM certificate",
                "ca-certificates/corp.pem: not named *.crt, so update-ca-certificates leaves it "
                "out",
                "ca-certificates/notes.crt: holds no PEM certificate"}));
  ASSERT_EQ(folder->files.size(), 3u);
  for (const LocalCaFile& f : folder->files) EXPECT_EQ(f.pem, "") << f.file;
}

// A certificate whose subject has no common name (made here: no fixture root lacks one).
std::string SelfSignedWithoutCommonName(const std::string& organization = "Corp") {
  return orchard::testing::CertPem(
      orchard::testing::SelfSignedWithSubject({{"O", organization}, {"OU", "Inspection"}})
          .cert.get());
}

TEST_F(LocalCa, ASubjectWithoutCommonNameIsShownWhole) {
  fs::create_directories(dir_);
  std::ofstream(dir_ / "corp.crt") << SelfSignedWithoutCommonName();
  auto folder = ReadLocalCaFolder(dir_);
  ASSERT_TRUE(folder);
  ASSERT_EQ(folder->certificates.size(), 1u);
  EXPECT_EQ(folder->certificates[0].subject, "OU=Inspection,O=Corp");
}

// The whole subject is for a person to read, as the common name is: UTF-8 stays UTF-8 (RFC 2253
// would write "Soci\C3\A9t\C3\A9"), the same line the TLS checks show for a name.
TEST_F(LocalCa, ASubjectShownWholeKeepsItsUtf8) {
  fs::create_directories(dir_);
  std::ofstream(dir_ / "corp.crt") << SelfSignedWithoutCommonName("Soci\xC3\xA9t\xC3\xA9");
  auto folder = ReadLocalCaFolder(dir_);
  ASSERT_TRUE(folder);
  ASSERT_EQ(folder->certificates.size(), 1u);
  EXPECT_EQ(folder->certificates[0].subject, "OU=Inspection,O=Soci\xC3\xA9t\xC3\xA9");
}

}  // namespace
}  // namespace orchard::host
