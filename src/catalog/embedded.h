#pragma once

#include <span>
#include <string_view>

namespace orchard::catalog {

// A catalog file compiled into the binary (catalog/*.toml, by embed.cmake).
struct EmbeddedFile {
  std::string_view name;  // file name, e.g. "apple.toml"
  std::string_view text;
};

// The embedded files in name order. The storage is static and lives as long as the program.
std::span<const EmbeddedFile> EmbeddedCatalogFiles();

}  // namespace orchard::catalog
