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

// How much of a body a check reads: enough for every verdict on a page (block-page markers, a
// title, the hotspot page's "Success", an OCSP response, which is a few KB). The rest is never
// read: the check hangs up, so a huge or endless body costs neither memory nor CPU.
inline constexpr std::size_t kPageBodyLimit = 64 * 1024;
// A CRL is judged whole: Apple's are a few KB, the largest public ones a few MB.
inline constexpr std::size_t kCrlBodyLimit = 4 * 1024 * 1024;

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
  // The body went on past the limit: answer->body holds its first bytes (up to the limit; none
  // when a chunked body's first chunk was already too long), the rest was not read.
  bool body_truncated = false;
  std::optional<double> first_byte_ms;
};

// The first header with this name (case-insensitive), or "".
std::string_view HeaderValue(const HttpAnswer& answer, std::string_view name);

// Status, Content-Type, Server and Location, for the check's http facts.
HttpFacts FactsOf(const HttpAnswer& answer);

}  // namespace orchard::probe
