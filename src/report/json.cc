#include "report/render.h"
#include "results/json_codec.h"

namespace orchard::report {

std::string RenderJson(const results::CheckDocument& doc, const RenderOptions&) {
  return results::EncodeCheckDocument(doc);
}

}  // namespace orchard::report
