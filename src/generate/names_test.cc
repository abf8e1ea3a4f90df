#include "generate/names.h"

#include <gtest/gtest.h>

#include "support/generate_catalog.h"

namespace orchard::generate {
namespace {

std::vector<std::string> Show(const std::vector<NameRule>& rules) {
  std::vector<std::string> out;
  for (const auto& r : rules) out.push_back((r.subdomains ? "*." : "") + r.domain);
  return out;
}

TEST(Names, FoldsNamesUnderWildcardsAndDeduplicates) {
  auto rules = NameRules(testing::FixtureList(), {});
  EXPECT_EQ(Show(rules), (std::vector<std::string>{
                             "gdmf.apple.com",  // listed in two sections, once here
                             "ocsp.apple.com", "ocsp2.apple.com", "*.push.apple.com",
                             "time.apple.com", "valid.apple.com", "upload.appleschoolcontent.com",
                             "*.cdn-apple.com",  // appleid.cdn-apple.com folded in
                             "crl3.digicert.com",
                             "*.icloud.com",  // setup. and mask.icloud.com folded in
                         }));
}

TEST(Names, TlsOnlyKeepsHostsWithATlsPort) {
  auto rules = NameRules(testing::FixtureList(), {.tls_only = true});
  EXPECT_EQ(Show(rules),
            (std::vector<std::string>{"gdmf.apple.com", "ocsp2.apple.com", "*.push.apple.com",
                                      "valid.apple.com", "*.cdn-apple.com", "*.icloud.com"}));
}

TEST(Names, CollapseFoldsEverythingUnderTheParent) {
  auto list = testing::FixtureList();
  list.collapse = {"apple.com"};
  EXPECT_EQ(Show(NameRules(list, {.suffix_covers_apex = true})),
            (std::vector<std::string>{"*.apple.com", "upload.appleschoolcontent.com",
                                      "*.cdn-apple.com", "crl3.digicert.com", "*.icloud.com"}));
  // Where "*.domain" does not match the domain itself, the parent is listed as a name too.
  EXPECT_EQ(Show(NameRules(list, {.suffix_covers_apex = false}))[1], "apple.com");
}

TEST(Names, CollapseIgnoresParentsNothingIsUnder) {
  auto list = testing::FixtureList();
  list.collapse = {"example.org", "le.com"};  // "le.com" is a suffix of names but no parent
  EXPECT_EQ(NameRules(list, {}), NameRules(testing::FixtureList(), {}));
}

TEST(Names, ApexFoldsOnlyWhereTheNotationCoversIt) {
  Allowlist list;
  list.rows = *RowsFromEndpoints(
      {testing::EndpointRow("x", "*.push.apple.com", {443}, catalog::ProxySupport::kNo, "w"),
       testing::EndpointRow("x", "push.apple.com", {443}, catalog::ProxySupport::kNo, "n"),
       testing::EndpointRow("x", "*.a.push.apple.com", {443}, catalog::ProxySupport::kNo,
                            "inner")});
  EXPECT_EQ(Show(NameRules(list, {.suffix_covers_apex = true})),
            (std::vector<std::string>{"*.push.apple.com"}));
  EXPECT_EQ(Show(NameRules(list, {.suffix_covers_apex = false})),
            (std::vector<std::string>{"*.push.apple.com", "push.apple.com"}));
}

}  // namespace
}  // namespace orchard::generate
