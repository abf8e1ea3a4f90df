#include "catalog/diff.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "catalog/load.h"

namespace orchard::catalog {
namespace {

using ::testing::HasSubstr;

Endpoint* Find(Catalog& catalog, std::string_view id) {
  for (Endpoint& e : catalog.endpoints) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

TEST(CatalogDiff, IdenticalCatalogsDoNotDiffer) {
  Catalog builtin = LoadBuiltinCatalog().value();
  CatalogDiff diff = DiffCatalogs(builtin, builtin, {.compare_hints = true});
  EXPECT_TRUE(diff.empty());
  EXPECT_EQ(RenderDiff(diff, 106, 106), "no differences (106 rows)\n");
}

TEST(CatalogDiff, ReportsAddedRemovedAndChangedRows) {
  Catalog before = LoadBuiltinCatalog().value();
  Catalog after = before;
  Find(after, "mdm/gdmf.apple.com")->proxy = ProxySupport::kNo;
  Find(after, "mdm/gdmf.apple.com")->ports = {443, 80};
  after.endpoints.erase(after.endpoints.begin());  // certs.apple.com
  Endpoint added = after.endpoints.back();
  added.id = "additional-content/new.apple.com";
  added.host = "new.apple.com";
  added.description = "New content";
  after.endpoints.push_back(added);
  CatalogDiff diff = DiffCatalogs(before, after, {});
  ASSERT_EQ(diff.added.size(), 1u);
  ASSERT_EQ(diff.removed.size(), 1u);
  ASSERT_EQ(diff.changed.size(), 1u);
  std::string text = RenderDiff(diff, before.endpoints.size(), after.endpoints.size());
  EXPECT_THAT(text, HasSubstr("+ additional-content/new.apple.com  80, 443/tcp  New content"));
  EXPECT_THAT(text, HasSubstr("- certificate-validation/certs.apple.com  80, 443/tcp"));
  EXPECT_THAT(text, HasSubstr("~ mdm/gdmf.apple.com: ports: 443 -> 443, 80; proxy: yes -> no"));
  EXPECT_THAT(text, HasSubstr("1 added, 1 removed, 1 changed (106 rows before, 106 after)"));
}

TEST(CatalogDiff, HintsCountOnlyWhenAsked) {
  Catalog before = LoadBuiltinCatalog().value();
  Catalog after = before;
  Find(after, "mdm/*.push.apple.com")->hints.representative_host = "2-courier.push.apple.com";
  EXPECT_TRUE(DiffCatalogs(before, after, {}).empty());
  CatalogDiff diff = DiffCatalogs(before, after, {.compare_hints = true});
  ASSERT_EQ(diff.changed.size(), 1u);
  EXPECT_THAT(diff.changed[0].changes[0], HasSubstr("representative_host"));
}

}  // namespace
}  // namespace orchard::catalog
