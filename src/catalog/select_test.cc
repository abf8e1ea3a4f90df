#include "catalog/select.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "catalog/load.h"

namespace orchard::catalog {
namespace {

using ::testing::HasSubstr;

Catalog BuiltinCopy() { return LoadBuiltinCatalog().value(); }

std::vector<std::string> Ids(const std::vector<Endpoint>& rows) {
  std::vector<std::string> ids;
  for (const Endpoint& e : rows) ids.push_back(e.id);
  return ids;
}

TEST(Select, EmptySelectionIsEveryRow) {
  Catalog catalog = BuiltinCopy();
  EXPECT_EQ(Select(catalog, {}).value().size(), catalog.endpoints.size());
  EXPECT_EQ(ProfileRows(catalog, "all").value().size(), catalog.endpoints.size());
}

TEST(Select, SepHasCertificateValidationNotarizationAndTime) {
  Catalog catalog = BuiltinCopy();
  auto sep = ProfileRows(catalog, "sep").value();
  size_t certificate_rows = 0;
  for (const Endpoint& e : catalog.endpoints) {
    if (e.category != "certificate-validation" && e.category != "notarization") continue;
    ++certificate_rows;
    EXPECT_THAT(Ids(sep), ::testing::Contains(e.id));
  }
  EXPECT_EQ(certificate_rows, 14u);
  EXPECT_THAT(Ids(sep), ::testing::Contains("device-setup/time.apple.com"));
  EXPECT_THAT(Ids(sep), ::testing::Contains("icloud/*.apple-cloudkit.com"));
  EXPECT_EQ(sep.size(), 17u);
}

TEST(Select, EveryNamedProfileExistsAndIsNotEmpty) {
  Catalog catalog = BuiltinCopy();
  for (std::string_view name : {"sep", "mdm", "setup", "updates", "app-store", "icloud", "all"}) {
    auto rows = ProfileRows(catalog, name);
    ASSERT_TRUE(rows) << name;
    EXPECT_FALSE(rows->empty()) << name;
  }
}

TEST(Select, IsAUnionInCatalogOrderWithoutRepeats) {
  Catalog catalog = BuiltinCopy();
  Selection selection;
  selection.categories = {"dns-resolution", "diagnostics"};
  selection.hosts = {"DOH.dns.apple.com", "certificate-validation/ocsp.apple.com",
                     "gdmf.apple.com"};
  EXPECT_THAT(
      Ids(Select(catalog, selection).value()),
      ::testing::ElementsAre("certificate-validation/ocsp.apple.com", "mdm/gdmf.apple.com",
                             "software-updates/gdmf.apple.com", "diagnostics/diagassets.apple.com",
                             "dns-resolution/doh.dns.apple.com"));
}

TEST(Select, UnknownNamesAreUsageErrorsThatNameThem) {
  Catalog catalog = BuiltinCopy();
  for (Selection selection :
       {Selection{{"nope"}, {}, {}}, Selection{{}, {"nope"}, {}}, Selection{{}, {}, {"nope"}}}) {
    auto rows = Select(catalog, selection);
    ASSERT_FALSE(rows);
    EXPECT_EQ(rows.error().code(), ErrorCode::kUsage);
    EXPECT_THAT(rows.error().message(), HasSubstr("'nope'"));
  }
}

}  // namespace
}  // namespace orchard::catalog
