#include "base/x509.h"

#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "support/pki.h"

namespace orchard::x509 {
namespace {

using NamePtr = std::unique_ptr<X509_NAME, Deleter<X509_NAME, X509_NAME_free>>;
using TimePtr = std::unique_ptr<ASN1_TIME, Deleter<ASN1_TIME, ASN1_TIME_free>>;

// A name from (field, UTF-8 value) pairs, in the order given (RFC 2253 prints them reversed).
NamePtr Name(const std::vector<std::pair<std::string, std::string>>& fields) {
  NamePtr name(X509_NAME_new());
  for (const auto& [field, value] : fields) {
    X509_NAME_add_entry_by_txt(name.get(), field.c_str(), MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0);
  }
  return name;
}

// A self-signed certificate for CN=`common_name`, as PEM; "TRUSTED CERTIFICATE" when `trusted`.
std::string Certificate(const std::string& common_name, bool trusted = false) {
  const testing::Issued cert = testing::SelfSignedWithSubject({{"CN", common_name}});
  return trusted ? testing::TrustedCertPem(cert.cert.get()) : testing::CertPem(cert.cert.get());
}

std::vector<std::string> CommonNames(const PemCertificates& pem) {
  std::vector<std::string> names;
  for (const X509Ptr& cert : pem.certificates) {
    names.push_back(NameField(X509_get_subject_name(cert.get()), NID_commonName));
  }
  return names;
}

TEST(X509, ReadOnlyBioAndBioText) {
  BioPtr in = ReadOnlyBio("hello");
  ASSERT_TRUE(in);
  char buf[8] = {};
  EXPECT_EQ(BIO_read(in.get(), buf, sizeof buf), 5);
  BioPtr out(BIO_new(BIO_s_mem()));
  EXPECT_EQ(BioText(out.get()), "");
  BIO_write(out.get(), "a\0b", 3);
  EXPECT_EQ(BioText(out.get()), std::string("a\0b", 3));
}

TEST(X509, ReadsEveryCertificateBlockAndSkipsTheRest) {
  const std::string text = "a note\n" + Certificate("one") +
                           testing::KeyPem(testing::NewKey().get()) + "between\n" +
                           Certificate("two") + "trailing text\n";
  PemCertificates pem = ReadPemCertificates(text, PemBlocks::kCertificate);
  EXPECT_EQ(pem.problem, "");
  EXPECT_EQ(CommonNames(pem), (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(ERR_peek_error(), 0u);
}

TEST(X509, TrustedCertificateBlocksOnlyWhenAsked) {
  const std::string text = Certificate("plain") + Certificate("trusted", /*trusted=*/true);
  ASSERT_NE(text.find("-----BEGIN TRUSTED CERTIFICATE-----"), std::string::npos);
  EXPECT_EQ(CommonNames(ReadPemCertificates(text, PemBlocks::kCertificate)),
            (std::vector<std::string>{"plain"}));
  EXPECT_EQ(CommonNames(ReadPemCertificates(text, PemBlocks::kAlsoTrustedCertificate)),
            (std::vector<std::string>{"plain", "trusted"}));
}

TEST(X509, ABrokenBlockStopsTheReadingWithItsReason) {
  const std::string text = Certificate("kept") +
                           "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n" +
                           Certificate("after");
  PemCertificates pem = ReadPemCertificates(text, PemBlocks::kCertificate);
  EXPECT_EQ(CommonNames(pem), (std::vector<std::string>{"kept"}));
  EXPECT_NE(pem.problem, "");
  EXPECT_EQ(ERR_peek_error(), 0u);
}

TEST(X509, NoBlockIsNoCertificateAndNoProblem) {
  for (std::string_view text : {"", "just text\n", "\x30\x82\x01\x00"}) {
    PemCertificates pem = ReadPemCertificates(text, PemBlocks::kAlsoTrustedCertificate);
    EXPECT_TRUE(pem.certificates.empty());
    EXPECT_EQ(pem.problem, "") << text;
  }
}

TEST(X509, NameLineIsRfc2253OrderWithUtf8Kept) {
  NamePtr name = Name({{"C", "FR"},
                       {"O", "Soci\xC3\xA9t\xC3\xA9 G\xC3\xA9n\xC3\xA9rale"},
                       {"OU", "Inspection, Paris"},
                       {"CN", "Proxy CA"}});
  EXPECT_EQ(
      NameLine(name.get()),
      "CN=Proxy CA,OU=Inspection\\, Paris,O=Soci\xC3\xA9t\xC3\xA9 G\xC3\xA9n\xC3\xA9rale,C=FR");
  EXPECT_EQ(NameLine(nullptr), "");
  EXPECT_EQ(NameLine(Name({}).get()), "");
}

TEST(X509, NameFieldIsTheFirstValueAsUtf8) {
  NamePtr name = Name({{"O", "Soci\xC3\xA9t\xC3\xA9"}, {"CN", "first"}, {"CN", "second"}});
  EXPECT_EQ(NameField(name.get(), NID_organizationName), "Soci\xC3\xA9t\xC3\xA9");
  EXPECT_EQ(NameField(name.get(), NID_commonName), "first");
  EXPECT_EQ(NameField(name.get(), NID_countryName), "");
  EXPECT_EQ(NameField(nullptr, NID_commonName), "");
}

TEST(X509, TimeOfReadsUtcAndGeneralizedTime) {
  using std::chrono::sys_days;
  TimePtr time(ASN1_TIME_new());
  ASSERT_EQ(ASN1_TIME_set_string(time.get(), "311110123456Z"), 1);  // UTCTime
  EXPECT_EQ(TimeOf(time.get()), sys_days{std::chrono::year{2031} / 11 / 10} +
                                    std::chrono::hours(12) + std::chrono::minutes(34) +
                                    std::chrono::seconds(56));
  ASSERT_EQ(ASN1_TIME_set_string(time.get(), "20610101000000Z"), 1);  // GeneralizedTime
  EXPECT_EQ(TimeOf(time.get()), sys_days{std::chrono::year{2061} / 1 / 1});
  ASSERT_EQ(ASN1_TIME_set_string(time.get(), "99991231235959Z"), 1);  // RFC 5280: no expiry
  EXPECT_EQ(TimeOf(time.get()),
            sys_days{std::chrono::year{10000} / 1 / 1} - std::chrono::seconds(1));
  EXPECT_EQ(TimeOf(nullptr), std::nullopt);
  ASN1_STRING_set(time.get(), "not a time", -1);
  EXPECT_EQ(TimeOf(time.get()), std::nullopt);
  EXPECT_EQ(ERR_peek_error(), 0u);
}

}  // namespace
}  // namespace orchard::x509
