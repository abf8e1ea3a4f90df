#include "catalog/select.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "base/strings.h"

namespace orchard::catalog {
namespace {

const Profile* FindProfile(const Catalog& catalog, std::string_view name) {
  for (const Profile& profile : catalog.profiles) {
    if (profile.name == name) return &profile;
  }
  return nullptr;
}

bool InProfile(const Profile& profile, const Endpoint& e) {
  for (const std::string& category : profile.categories) {
    if (category == "*" || category == e.category) return true;
  }
  for (const std::string& row : profile.rows) {
    if (row == e.id || row == e.host) return true;
  }
  return false;
}

bool MatchesHost(std::string_view wanted, const Endpoint& e) {
  return wanted == e.id || EqualsIgnoreCase(wanted, e.host);
}

tl::unexpected<Error> Unknown(std::string_view what, std::string_view name,
                              const std::vector<std::string>& known) {
  return MakeError(ErrorCode::kUsage,
                   fmt::format("unknown {} '{}' (known: {})", what, name, fmt::join(known, ", ")));
}

// Marks rows matching `predicate`; false when none did.
template <class Predicate>
bool Mark(const Catalog& catalog, std::vector<bool>& chosen, Predicate predicate) {
  bool any = false;
  for (size_t i = 0; i < catalog.endpoints.size(); ++i) {
    if (predicate(catalog.endpoints[i])) chosen[i] = any = true;
  }
  return any;
}

}  // namespace

Result<std::vector<Endpoint>> Select(const Catalog& catalog, const Selection& selection) {
  std::vector<bool> chosen(catalog.endpoints.size(), selection.empty());
  for (const std::string& name : selection.profiles) {
    const Profile* profile = FindProfile(catalog, name);
    if (profile == nullptr && name != "all") {
      std::vector<std::string> known;
      for (const Profile& p : catalog.profiles) known.push_back(p.name);
      return Unknown("profile", name, known);
    }
    Mark(catalog, chosen,
         [&](const Endpoint& e) { return profile == nullptr || InProfile(*profile, e); });
  }
  for (const std::string& name : selection.categories) {
    std::vector<std::string> known;
    for (const Category& c : catalog.categories) known.push_back(c.id);
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      return Unknown("category", name, known);
    }
    Mark(catalog, chosen, [&](const Endpoint& e) { return e.category == name; });
  }
  for (const std::string& host : selection.hosts) {
    if (!Mark(catalog, chosen, [&](const Endpoint& e) { return MatchesHost(host, e); })) {
      return MakeError(ErrorCode::kUsage,
                       fmt::format("unknown host '{}': no catalog row has that host pattern or "
                                   "id (see `orchard catalog list`)",
                                   host));
    }
  }
  std::vector<Endpoint> out;
  for (size_t i = 0; i < catalog.endpoints.size(); ++i) {
    if (chosen[i]) out.push_back(catalog.endpoints[i]);
  }
  return out;
}

Result<std::vector<Endpoint>> ProfileRows(const Catalog& catalog, std::string_view profile) {
  Selection selection;
  selection.profiles.emplace_back(profile);
  return Select(catalog, selection);
}

}  // namespace orchard::catalog
