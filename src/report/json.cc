#include "report/json_codec.h"
#include "report/render.h"

namespace orchard::report {

std::string RenderJson(const CheckDocument& doc, const RenderOptions&) {
  return EncodeCheckDocument(doc);
}

}  // namespace orchard::report
