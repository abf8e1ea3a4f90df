#include "probe/http/http_answer.h"

#include "base/strings.h"

namespace orchard::probe {

std::string_view HeaderValue(const HttpAnswer& answer, std::string_view name) {
  for (const auto& [key, value] : answer.headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return {};
}

HttpFacts FactsOf(const HttpAnswer& answer) {
  HttpFacts facts;
  facts.status = answer.status;
  facts.content_type = std::string(HeaderValue(answer, "Content-Type"));
  facts.server = std::string(HeaderValue(answer, "Server"));
  facts.location = std::string(HeaderValue(answer, "Location"));
  return facts;
}

}  // namespace orchard::probe
