#include "catalog/validate.h"

#include <fmt/format.h>

#include <map>
#include <set>
#include <string>

namespace orchard::catalog {
namespace {

tl::unexpected<Error> Fail(std::string_view origin, std::string_view problem) {
  if (origin.empty()) return MakeError(ErrorCode::kCatalog, std::string(problem));
  return MakeError(ErrorCode::kCatalog, fmt::format("{}: {}", origin, problem));
}

bool IsKebab(std::string_view id) {
  if (id.empty() || id.front() == '-' || id.back() == '-') return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

Result<void> CheckCategories(Catalog& catalog) {
  std::vector<Category> unique;
  std::map<std::string, size_t> index;
  for (Category& category : catalog.categories) {
    if (!IsKebab(category.id)) {
      return Fail(category.origin,
                  fmt::format("category id '{}' must be kebab-case (a-z, 0-9, -)", category.id));
    }
    auto [it, inserted] = index.emplace(category.id, unique.size());
    if (inserted) {
      unique.push_back(std::move(category));
      continue;
    }
    const Category& first = unique[it->second];
    if (first.section != category.section) {
      return Fail(category.origin,
                  fmt::format("category '{}' redefined with heading '{}' (was '{}' at {})",
                              category.id, category.section, first.section, first.origin));
    }
  }
  catalog.categories = std::move(unique);
  return {};
}

Result<void> CheckRows(Catalog& catalog) {
  std::map<std::string, std::string> sections;
  for (const Category& category : catalog.categories) sections[category.id] = category.section;
  std::map<std::string, std::string> ids;  // id -> origin
  for (Endpoint& e : catalog.endpoints) {
    auto section = sections.find(e.category);
    if (section == sections.end()) {
      return Fail(e.origin,
                  fmt::format("row '{}' names unknown category '{}'", e.host, e.category));
    }
    e.section = section->second;
    if (e.id.empty()) continue;
    auto [it, inserted] = ids.emplace(e.id, e.origin);
    if (!inserted) {
      return Fail(e.origin,
                  fmt::format("duplicate row id '{}' (first defined at {})", e.id, it->second));
    }
  }
  // The next "#N" to try for each base, so a host listed many times costs one lookup a row.
  std::map<std::string, int> next_suffix;
  for (Endpoint& e : catalog.endpoints) {
    if (!e.id.empty()) continue;
    std::string base = e.category + "/" + e.host;
    std::string id = base;
    int& n = next_suffix.try_emplace(base, 2).first->second;
    for (; ids.contains(id); ++n) id = fmt::format("{}#{}", base, n);
    ids.emplace(id, e.origin);
    e.id = id;
  }
  return {};
}

Result<void> CheckProfiles(const Catalog& catalog) {
  std::set<std::string> categories, rows;
  for (const Category& category : catalog.categories) categories.insert(category.id);
  for (const Endpoint& e : catalog.endpoints) {
    rows.insert(e.id);
    rows.insert(e.host);
  }
  std::map<std::string, std::string> names;
  for (const Profile& profile : catalog.profiles) {
    auto [it, inserted] = names.emplace(profile.name, profile.origin);
    if (!inserted) {
      return Fail(profile.origin, fmt::format("duplicate profile '{}' (first defined at {})",
                                              profile.name, it->second));
    }
    for (const std::string& category : profile.categories) {
      if (category != "*" && !categories.contains(category)) {
        return Fail(profile.origin, fmt::format("profile '{}' names unknown category '{}'",
                                                profile.name, category));
      }
    }
    for (const std::string& row : profile.rows) {
      if (!rows.contains(row)) {
        return Fail(profile.origin,
                    fmt::format("profile '{}' names unknown row '{}'", profile.name, row));
      }
    }
  }
  return {};
}

}  // namespace

Result<void> ValidateCatalog(Catalog& catalog) {
  if (auto ok = CheckCategories(catalog); !ok) return ok;
  if (auto ok = CheckRows(catalog); !ok) return ok;
  return CheckProfiles(catalog);
}

}  // namespace orchard::catalog
