#pragma once

#include <string>
#include <vector>

#include "base/error.h"
#include "catalog/endpoint.h"

namespace orchard::catalog {

// Which rows a command works on (--profile, --category, --host; each repeatable).
struct Selection {
  std::vector<std::string> profiles;
  std::vector<std::string> categories;
  std::vector<std::string> hosts;  // host patterns ("*.push.apple.com") or row ids

  bool empty() const { return profiles.empty() && categories.empty() && hosts.empty(); }
};

// The rows chosen by `selection`, in catalog order, each at most once. The choices are a
// union: a row is selected when it belongs to any named profile, or any named category, or
// matches any named host (its host pattern, case-insensitive, or its id). An empty selection
// selects every row. A profile, category or host that names nothing is a usage error that
// names it (and lists what exists), rather than an empty run.
Result<std::vector<Endpoint>> Select(const Catalog& catalog, const Selection& selection);

// The rows of one profile ("all" and "*" categories mean every row).
Result<std::vector<Endpoint>> ProfileRows(const Catalog& catalog, std::string_view profile);

}  // namespace orchard::catalog
