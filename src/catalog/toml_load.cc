#include "catalog/toml_load.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "catalog/host_pattern.h"
#include "catalog/toml_shape.h"
#include "catalog/validate.h"

namespace orchard::catalog {
namespace {

// Reads typed values out of toml++ tables, turning every problem into "origin:line: problem".
class Reader {
 public:
  explicit Reader(std::string_view origin) : origin_(origin) {}

  std::string Where(const toml::node& node) const {
    return fmt::format("{}:{}", origin_, node.source().begin.line);
  }

  tl::unexpected<Error> Fail(const toml::node& node, std::string_view problem) const {
    return MakeError(ErrorCode::kCatalog, fmt::format("{}: {}", Where(node), problem));
  }

  Result<void> OnlyKeys(const toml::table& table, std::string_view what,
                        std::initializer_list<std::string_view> allowed) const {
    for (auto&& [key, value] : table) {
      bool known = false;
      for (std::string_view name : allowed) known = known || key.str() == name;
      if (!known) return Fail(value, fmt::format("unknown key '{}' in {}", key.str(), what));
    }
    return {};
  }

  Result<std::string> String(const toml::table& table, std::string_view key, bool required) const {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
      if (required) return Fail(table, fmt::format("missing '{}'", key));
      return std::string();
    }
    const auto* value = node->as_string();
    if (value == nullptr) return Fail(*node, fmt::format("'{}' must be a string", key));
    return value->get();
  }

  Result<std::vector<std::string>> Strings(const toml::table& table, std::string_view key) const {
    std::vector<std::string> out;
    const toml::node* node = table.get(key);
    if (node == nullptr) return out;
    const auto* array = node->as_array();
    if (array == nullptr) return Fail(*node, fmt::format("'{}' must be an array of strings", key));
    for (const toml::node& item : *array) {
      const auto* value = item.as_string();
      if (value == nullptr) {
        return Fail(item, fmt::format("'{}' must be an array of strings", key));
      }
      out.push_back(value->get());
    }
    return out;
  }

  Result<std::vector<uint16_t>> Ports(const toml::table& table) const {
    const toml::node* node = table.get("ports");
    if (node == nullptr) return Fail(table, "missing 'ports'");
    const auto* array = node->as_array();
    if (array == nullptr || array->empty()) {
      return Fail(*node, "'ports' must be a non-empty array of integers");
    }
    std::vector<uint16_t> ports;
    for (const toml::node& item : *array) {
      const auto* value = item.as_integer();
      if (value == nullptr) return Fail(item, "'ports' must be a non-empty array of integers");
      int64_t port = value->get();
      if (port < 1 || port > 65535) {
        return Fail(item, fmt::format("port {} out of range (1-65535)", port));
      }
      ports.push_back(static_cast<uint16_t>(port));
    }
    return ports;
  }

  // An array of tables ([[endpoint]]) or nothing.
  Result<std::vector<const toml::table*>> Tables(const toml::table& root,
                                                 std::string_view key) const {
    std::vector<const toml::table*> out;
    const toml::node* node = root.get(key);
    if (node == nullptr) return out;
    const auto* array = node->as_array();
    if (array == nullptr) return Fail(*node, fmt::format("'{}' must be written [[{}]]", key, key));
    for (const toml::node& item : *array) {
      const auto* table = item.as_table();
      if (table == nullptr) return Fail(item, fmt::format("'{}' must be written [[{}]]", key, key));
      out.push_back(table);
    }
    return out;
  }

 private:
  std::string_view origin_;
};

Result<CatalogInfo> ParseInfo(const Reader& r, const toml::table& t) {
  if (auto ok = r.OnlyKeys(t, "[catalog]", {"source", "url", "date", "notes"}); !ok) {
    return tl::unexpected(ok.error());
  }
  CatalogInfo info;
  auto source = r.String(t, "source", false);
  auto url = r.String(t, "url", false);
  auto date = r.String(t, "date", false);
  auto notes = r.Strings(t, "notes");
  if (!source) return tl::unexpected(source.error());
  if (!url) return tl::unexpected(url.error());
  if (!date) return tl::unexpected(date.error());
  if (!notes) return tl::unexpected(notes.error());
  return CatalogInfo{*source, *url, *date, *notes};
}

Result<Category> ParseCategory(const Reader& r, const toml::table& t) {
  if (auto ok = r.OnlyKeys(t, "[[category]]", {"id", "section"}); !ok) {
    return tl::unexpected(ok.error());
  }
  auto id = r.String(t, "id", true);
  if (!id) return tl::unexpected(id.error());
  auto section = r.String(t, "section", true);
  if (!section) return tl::unexpected(section.error());
  if (id->empty()) return r.Fail(t, "empty category id");
  return Category{*id, *section, r.Where(t)};
}

Result<Profile> ParseProfile(const Reader& r, const toml::table& t) {
  if (auto ok = r.OnlyKeys(t, "[[profile]]", {"name", "description", "categories", "rows"}); !ok) {
    return tl::unexpected(ok.error());
  }
  Profile profile;
  auto name = r.String(t, "name", true);
  if (!name) return tl::unexpected(name.error());
  if (name->empty()) return r.Fail(t, "empty profile name");
  auto description = r.String(t, "description", false);
  if (!description) return tl::unexpected(description.error());
  auto categories = r.Strings(t, "categories");
  if (!categories) return tl::unexpected(categories.error());
  auto rows = r.Strings(t, "rows");
  if (!rows) return tl::unexpected(rows.error());
  return Profile{*name, *description, *categories, *rows, r.Where(t)};
}

Result<ProbeHints> ParseHints(const Reader& r, const toml::node& node) {
  const auto* t = node.as_table();
  if (t == nullptr) return r.Fail(node, "'hints' must be a table");
  if (auto ok = r.OnlyKeys(
          *t, "hints",
          {"representative_host", "representative_address", "sni", "http_check", "url", "expect"});
      !ok) {
    return tl::unexpected(ok.error());
  }
  ProbeHints hints;
  std::pair<std::string_view, std::string*> fields[] = {
      {"representative_host", &hints.representative_host},
      {"representative_address", &hints.representative_address},
      {"sni", &hints.sni},
      {"http_check", &hints.http_check},
      {"url", &hints.url},
      {"expect", &hints.expect}};
  for (auto& [key, out] : fields) {
    auto value = r.String(*t, key, false);
    if (!value) return tl::unexpected(value.error());
    *out = *value;
  }
  const std::string& check = hints.http_check;
  if (!check.empty() && check != "ocsp" && check != "crl" && check != "captive" &&
      check != "http") {
    return r.Fail(
        *t->get("http_check"),
        fmt::format("unknown http_check '{}' (expected ocsp, crl, captive or http)", check));
  }
  if (!hints.representative_host.empty() && !IsValidHostName(hints.representative_host)) {
    return r.Fail(*t->get("representative_host"),
                  fmt::format("bad representative_host '{}'", hints.representative_host));
  }
  if (!hints.representative_address.empty() && !ParseIpv4(hints.representative_address)) {
    return r.Fail(*t->get("representative_address"),
                  fmt::format("bad representative_address '{}'", hints.representative_address));
  }
  return hints;
}

Result<Endpoint> ParseEndpoint(const Reader& r, const toml::table& t) {
  if (auto ok = r.OnlyKeys(t, "[[endpoint]]",
                           {"id", "category", "host", "ports", "transport", "protocol", "os",
                            "description", "proxy", "proxy_note", "hints"});
      !ok) {
    return tl::unexpected(ok.error());
  }
  Endpoint e;
  e.origin = r.Where(t);
  std::pair<std::string_view, std::string*> strings[] = {{"id", &e.id},
                                                         {"protocol", &e.protocol},
                                                         {"description", &e.description},
                                                         {"proxy_note", &e.proxy_note}};
  for (auto& [key, out] : strings) {
    auto value = r.String(t, key, false);
    if (!value) return tl::unexpected(value.error());
    *out = *value;
  }
  auto category = r.String(t, "category", true);
  if (!category) return tl::unexpected(category.error());
  e.category = *category;
  auto host = r.String(t, "host", true);
  if (!host) return tl::unexpected(host.error());
  e.host = *host;
  auto kind = ClassifyHost(e.host);
  if (!kind) return r.Fail(*t.get("host"), kind.error().message());
  e.kind = *kind;
  auto ports = r.Ports(t);
  if (!ports) return tl::unexpected(ports.error());
  e.ports = *ports;
  auto transport = r.String(t, "transport", true);
  if (!transport) return tl::unexpected(transport.error());
  auto parsed_transport = TransportFromString(*transport);
  if (!parsed_transport) {
    return r.Fail(*t.get("transport"),
                  fmt::format("unknown transport '{}' (expected tcp or udp)", *transport));
  }
  e.transport = *parsed_transport;
  if (e.protocol.empty()) e.protocol = e.transport == Transport::kUdp ? "UDP" : "TCP";
  auto os = r.Strings(t, "os");
  if (!os) return tl::unexpected(os.error());
  e.os = *os;
  auto proxy = r.String(t, "proxy", true);
  if (!proxy) return tl::unexpected(proxy.error());
  auto parsed_proxy = ProxySupportFromString(*proxy);
  if (!parsed_proxy) {
    return r.Fail(*t.get("proxy"),
                  fmt::format("unknown proxy '{}' (expected yes, no or note)", *proxy));
  }
  e.proxy = *parsed_proxy;
  if (e.proxy == ProxySupport::kNote && e.proxy_note.empty()) {
    return r.Fail(t, "proxy = \"note\" needs a proxy_note");
  }
  if (const toml::node* hints = t.get("hints")) {
    auto parsed = ParseHints(r, *hints);
    if (!parsed) return tl::unexpected(parsed.error());
    e.hints = *parsed;
  }
  return e;
}

Result<Catalog> ParseRoot(const Reader& r, const toml::table& root) {
  if (auto ok = r.OnlyKeys(root, "the catalog", {"catalog", "category", "profile", "endpoint"});
      !ok) {
    return tl::unexpected(ok.error());
  }
  Catalog catalog;
  if (const toml::node* info = root.get("catalog")) {
    if (!info->is_table()) return r.Fail(*info, "'catalog' must be a table");
    auto parsed = ParseInfo(r, *info->as_table());
    if (!parsed) return tl::unexpected(parsed.error());
    catalog.info = *parsed;
  }
  auto categories = r.Tables(root, "category");
  if (!categories) return tl::unexpected(categories.error());
  for (const toml::table* t : *categories) {
    auto category = ParseCategory(r, *t);
    if (!category) return tl::unexpected(category.error());
    catalog.categories.push_back(std::move(*category));
  }
  auto profiles = r.Tables(root, "profile");
  if (!profiles) return tl::unexpected(profiles.error());
  for (const toml::table* t : *profiles) {
    auto profile = ParseProfile(r, *t);
    if (!profile) return tl::unexpected(profile.error());
    catalog.profiles.push_back(std::move(*profile));
  }
  auto endpoints = r.Tables(root, "endpoint");
  if (!endpoints) return tl::unexpected(endpoints.error());
  for (const toml::table* t : *endpoints) {
    auto endpoint = ParseEndpoint(r, *t);
    if (!endpoint) return tl::unexpected(endpoint.error());
    catalog.endpoints.push_back(std::move(*endpoint));
  }
  return catalog;
}

}  // namespace

Result<Catalog> ParseCatalogFile(std::string_view text, std::string_view origin) {
  if (auto shape = CheckTomlDepth(text, origin); !shape) return tl::unexpected(shape.error());
  toml::table root;
  try {
    root = toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    return MakeError(ErrorCode::kCatalog, fmt::format("{}:{}: TOML syntax error: {}", origin,
                                                      e.source().begin.line, e.description()));
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kCatalog, fmt::format("{}: cannot parse: {}", origin, e.what()));
  }
  return ParseRoot(Reader(origin), root);
}

Result<Catalog> ParseCatalogToml(std::string_view text, std::string_view origin) {
  auto catalog = ParseCatalogFile(text, origin);
  if (!catalog) return catalog;
  if (auto ok = ValidateCatalog(*catalog); !ok) return tl::unexpected(ok.error());
  return catalog;
}

}  // namespace orchard::catalog
