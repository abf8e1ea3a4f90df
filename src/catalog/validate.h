#pragma once

#include "base/error.h"
#include "catalog/endpoint.h"

namespace orchard::catalog {

// Checks a whole catalog (after files are merged) and completes it:
// - category ids are kebab-case and unique (a repeat with the same heading is dropped);
// - every row names a declared category; its `section` is set from the category's heading;
// - explicit row ids are unique; rows without one get "<category>/<host>", and a host repeated
//   in one category gets "<category>/<host>#2", "#3"... in order, so ids stay stable;
// - profile names are unique and every profile names known categories ("*" = all) and rows
//   (by id or host pattern).
// Errors carry the offending definition's "file:line". On error the catalog is unusable.
Result<void> ValidateCatalog(Catalog& catalog);

}  // namespace orchard::catalog
