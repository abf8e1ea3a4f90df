#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "probe/result.h"

// An HTTP exchange as the classifiers see it, independent of the transport that carried it.
namespace orchard::probe {

// Bodies beyond this are not read: a hostile server cannot make us buffer more.
inline constexpr std::size_t kDefaultMaxBody = 4 * 1024 * 1024;

struct HttpAnswer {
  int status = 0;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers;  // as received, in order
  std::string body;  // decoded (de-chunked); may be empty for HEAD-like answers
};

// What one request over a connected stream produced: an answer, or why there is none.
struct HttpFetch {
  std::optional<HttpAnswer> answer;
  std::string problem;  // set when answer is empty: "no answer within 5000 ms", "closed"...
  bool timed_out = false;
  bool body_too_large = false;  // the answer's headers arrived; the body exceeded the limit
  std::optional<double> first_byte_ms;
};

// The first header with this name (case-insensitive), or "".
std::string_view HeaderValue(const HttpAnswer& answer, std::string_view name);

// Status, Content-Type, Server and Location, for the check's http facts.
HttpFacts FactsOf(const HttpAnswer& answer);

}  // namespace orchard::probe
