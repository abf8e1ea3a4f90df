// Catalog TOML as `--catalog FILE` reads it: parse, then validate; what parses must save and
// parse again to the same text.
#include <cstdint>
#include <string_view>

#include "catalog/toml_load.h"
#include "catalog/toml_save.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto catalog = orchard::catalog::ParseCatalogToml(text, "fuzz.toml");
  if (!catalog) {
    (void)orchard::catalog::ParseCatalogFile(text, "fuzz.toml");  // the fragment reader alone
    return 0;
  }
  std::string toml = orchard::catalog::CatalogToToml(*catalog);
  auto again = orchard::catalog::ParseCatalogToml(toml, "fuzz-saved.toml");
  if (!again || orchard::catalog::CatalogToToml(*again) != toml) __builtin_trap();
  return 0;
}
