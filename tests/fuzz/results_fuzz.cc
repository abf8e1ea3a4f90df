// A saved run (check-v1 JSON) as `orchard explain`, `diff` and `allowlist --from` read it: a
// document that decodes must render in every report format and survive encode + decode.
#include <cstdint>
#include <string_view>

#include "report/render.h"
#include "results/json_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace orchard::report;
  using orchard::results::DecodeCheckDocument;
  using orchard::results::EncodeCheckDocument;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto doc = DecodeCheckDocument(text);
  if (!doc) return 0;
  for (const FormatSpec& spec : Formats()) {
    (void)Render(spec.format, *doc, RenderOptions{.color = true, .verbose = true});
  }
  std::string encoded = EncodeCheckDocument(*doc);
  auto again = DecodeCheckDocument(encoded);
  if (!again || EncodeCheckDocument(*again) != encoded) __builtin_trap();
  return 0;
}
