#pragma once

#include <string>
#include <vector>

#include "base/error.h"
#include "catalog/endpoint.h"

namespace orchard::catalog {

// The catalog compiled into the binary (catalog/*.toml), validated.
Result<Catalog> LoadBuiltinCatalog();

struct LoadOptions {
  std::vector<std::string> files;  // --catalog FILE (repeatable), in order
  bool no_builtin = false;         // --no-builtin
};

// The built-in catalog (unless no_builtin) plus every file, merged in order: files add
// categories, rows and profiles (the first file's [catalog] metadata is used only when the
// built-in catalog is left out). The result is validated as a whole, so a file may add rows
// to built-in categories and profiles may name rows from any file. On any error nothing is
// returned; the message names the file and line.
Result<Catalog> LoadCatalog(const LoadOptions& options);

// Appends `from`'s categories, rows and profiles to `into` (no validation).
void MergeCatalog(Catalog& into, Catalog from);

}  // namespace orchard::catalog
