#include "catalog/load.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "catalog/host_pattern.h"
#include "support/temp_dir.h"

namespace orchard::catalog {
namespace {

using ::testing::HasSubstr;

const Catalog& Builtin() {
  static const Catalog catalog = [] {
    auto loaded = LoadBuiltinCatalog();
    if (!loaded) ADD_FAILURE() << loaded.error().message();
    return loaded ? *loaded : Catalog{};
  }();
  return catalog;
}

const Endpoint* Find(std::string_view id) {
  for (const Endpoint& e : Builtin().endpoints) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

TEST(BuiltinCatalog, HoldsEveryRowOfTheArticle) {
  const Catalog& catalog = Builtin();
  EXPECT_EQ(catalog.endpoints.size(), 106u);
  EXPECT_EQ(catalog.categories.size(), 18u);
  std::set<std::string> hosts, ids, categories;
  for (const Endpoint& e : catalog.endpoints) {
    hosts.insert(e.host);
    ids.insert(e.id);
    categories.insert(e.category);
    EXPECT_EQ(e.id, e.category + "/" + e.host) << "ids follow <category>/<host>";
    EXPECT_FALSE(e.section.empty()) << e.id;
  }
  EXPECT_EQ(hosts.size(), 100u);
  EXPECT_EQ(ids.size(), 106u);
  EXPECT_EQ(categories.size(), 18u);
  EXPECT_FALSE(catalog.info.source.empty());
  EXPECT_FALSE(catalog.info.date.empty());
  bool block_note = false;
  for (const std::string& note : catalog.info.notes) {
    block_note = block_note || note.find("17.0.0.0/8") != std::string::npos;
  }
  EXPECT_TRUE(block_note);
}

TEST(BuiltinCatalog, KeepsBothFactsForAHostInTwoSections) {
  const Endpoint* mdm = Find("mdm/gdmf.apple.com");
  const Endpoint* updates = Find("software-updates/gdmf.apple.com");
  ASSERT_TRUE(mdm && updates);
  EXPECT_EQ(mdm->proxy, ProxySupport::kYes);
  EXPECT_EQ(updates->proxy, ProxySupport::kNo);
}

TEST(BuiltinCatalog, FixesTheArticlesQuirks) {
  // "Yes"/"—" that slid into the Description column.
  for (auto [id, proxy] : std::initializer_list<std::pair<std::string_view, ProxySupport>>{
           {"device-setup/gs.apple.com", ProxySupport::kYes},
           {"device-setup/humb.apple.com", ProxySupport::kYes},
           {"device-setup/static.ips.apple.com", ProxySupport::kYes},
           {"device-setup/tbsc.apple.com", ProxySupport::kYes},
           {"software-updates/xp.apple.com", ProxySupport::kYes},
           {"software-updates/ns.itunes.apple.com", ProxySupport::kYes},
           {"app-store/itunes.apple.com", ProxySupport::kYes},
           {"mdm/deviceservices-external.apple.com", ProxySupport::kNo}}) {
    const Endpoint* e = Find(id);
    ASSERT_NE(e, nullptr) << id;
    EXPECT_EQ(e->description, "") << id;
    EXPECT_EQ(e->proxy, proxy) << id;
  }
  // Rows broken across lines.
  EXPECT_EQ(Find("content-caching-server/suconfig.apple.com")->description, "Configuration");
  EXPECT_EQ(Find("feedback-assistant/fba.apple.com")->proxy, ProxySupport::kYes);
  EXPECT_EQ(Find("feedback-assistant/cssubmissions.apple.com")->description,
            "Used by Feedback Assistant to upload files");
  // The APNs note in the proxy column.
  const Endpoint* push = Find("mdm/*.push.apple.com");
  EXPECT_EQ(push->proxy, ProxySupport::kNote);
  EXPECT_EQ(push->proxy_note, "Learn more about APNs and proxies.");
  EXPECT_EQ(push->ports, (std::vector<uint16_t>{443, 80, 5223, 2197}));
  // SSH and UDP rows.
  EXPECT_EQ(Find("school-business-manager/upload.appleschoolcontent.com")->protocol, "SSH");
  EXPECT_EQ(Find("icloud/mask.icloud.com")->transport, Transport::kUdp);
  EXPECT_EQ(Find("device-setup/time.apple.com")->transport, Transport::kUdp);
}

TEST(BuiltinCatalog, EveryWildcardCidrAndPlainHttpRowHasAProbeHint) {
  for (const Endpoint& e : Builtin().endpoints) {
    if (e.kind == HostKind::kWildcard) {
      const std::string& rep = e.hints.representative_host;
      EXPECT_TRUE(rep.ends_with(e.host.substr(1)) || rep == e.host.substr(2)) << e.id;
    }
    if (e.kind == HostKind::kCidr) {
      auto cidr = ParseIpv4Cidr(e.host);
      ASSERT_TRUE(cidr);
      EXPECT_EQ(e.hints.representative_address, FirstUsableAddress(*cidr)) << e.id;
      EXPECT_FALSE(e.hints.sni.empty()) << e.id;
    }
    bool port80 = std::find(e.ports.begin(), e.ports.end(), 80) != e.ports.end();
    EXPECT_EQ(port80, !e.hints.http_check.empty()) << e.id;
    if (e.host.starts_with("ocsp.")) {
      EXPECT_EQ(e.hints.http_check, "ocsp") << e.id;
      EXPECT_TRUE(e.hints.url.starts_with("http://" + e.host)) << e.id;
    }
    if (e.host.starts_with("crl")) {
      EXPECT_EQ(e.hints.http_check, "crl") << e.id;
      EXPECT_TRUE(e.hints.url.starts_with("http://" + e.host + "/")) << e.id;
      EXPECT_TRUE(e.hints.url.ends_with(".crl")) << e.id;
    }
  }
  const Endpoint* captive = Find("device-setup/captive.apple.com");
  EXPECT_EQ(captive->hints.http_check, "captive");
  EXPECT_EQ(captive->hints.url, "http://captive.apple.com/hotspot-detect.html");
  EXPECT_EQ(captive->hints.expect, "Success");
  EXPECT_EQ(Find("certificate-validation/ocsp2.apple.com")->ports, std::vector<uint16_t>{443});
  EXPECT_EQ(Find("mdm/*.push.apple.com")->hints.representative_host, "1-courier.push.apple.com");
}

class LoadCatalogTest : public ::testing::Test {
 protected:
  std::string Write(std::string_view name, std::string_view text) {
    auto path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }
  testing::TempDir temp_;
  const std::filesystem::path dir_ = temp_.path();
};

constexpr std::string_view kExtra = R"([[category]]
id = "lab"
section = "Lab hosts"

[[endpoint]]
category = "lab"
host = "mirror.example.test"
ports = [443]
transport = "tcp"
proxy = "yes"

[[endpoint]]
category = "certificate-validation"
host = "ocsp.example.test"
ports = [80]
transport = "tcp"
proxy = "no"

[[profile]]
name = "mine"
categories = ["lab"]
rows = ["certificate-validation/ocsp.apple.com", "time.apple.com"]
)";

TEST_F(LoadCatalogTest, FilesAddRowsCategoriesAndProfilesToTheBuiltin) {
  auto catalog = LoadCatalog({{Write("extra.toml", kExtra)}, false});
  ASSERT_TRUE(catalog) << catalog.error().message();
  EXPECT_EQ(catalog->endpoints.size(), 108u);
  EXPECT_EQ(catalog->endpoints.back().id, "certificate-validation/ocsp.example.test");
  EXPECT_EQ(catalog->endpoints.back().section, "Certificate validation");
  EXPECT_EQ(catalog->profiles.back().name, "mine");
}

TEST_F(LoadCatalogTest, NoBuiltinLeavesTheEmbeddedCatalogOut) {
  std::string own(kExtra);
  own.replace(own.find("[[endpoint]]\ncategory = \"certificate"), std::string::npos, "");
  auto catalog = LoadCatalog({{Write("own.toml", own)}, true});
  ASSERT_TRUE(catalog) << catalog.error().message();
  EXPECT_EQ(catalog->endpoints.size(), 1u);
  auto refers_to_builtin = LoadCatalog({{Write("extra.toml", kExtra)}, true});
  ASSERT_FALSE(refers_to_builtin);
  EXPECT_THAT(refers_to_builtin.error().message(), HasSubstr("unknown category"));
  auto nothing = LoadCatalog({{}, true});
  ASSERT_FALSE(nothing);
  EXPECT_EQ(nothing.error().code(), ErrorCode::kUsage);
}

TEST_F(LoadCatalogTest, ErrorsNameTheFileAndLineAndLoadNothing) {
  std::string path = Write("dup.toml", std::string(kExtra) + R"(
[[endpoint]]
id = "certificate-validation/ocsp.apple.com"
category = "certificate-validation"
host = "ocsp.apple.com"
ports = [80]
transport = "tcp"
proxy = "no"
)");
  auto catalog = LoadCatalog({{path}, false});
  ASSERT_FALSE(catalog);
  EXPECT_THAT(catalog.error().message(),
              HasSubstr(path + ":24: duplicate row id 'certificate-validation/ocsp.apple.com' "
                               "(first defined at apple.toml:"));
  EXPECT_EQ(catalog.error().ExitCode(), 2);
}

TEST_F(LoadCatalogTest, MissingFileIsAnError) {
  auto catalog = LoadCatalog({{(dir_ / "absent.toml").string()}, false});
  ASSERT_FALSE(catalog);
  EXPECT_THAT(catalog.error().message(), HasSubstr("absent.toml"));
}

}  // namespace
}  // namespace orchard::catalog
