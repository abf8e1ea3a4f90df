#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "base/error.h"

namespace orchard::proxy {

// Fetches a PAC file over HTTP. Abstract so route tests run without a server.
class PacFetcher {
 public:
  virtual ~PacFetcher() = default;
  // The body of a 200 answer to GET `url` (http:// only), or an error that names the URL.
  virtual Result<std::string> Fetch(std::string_view url, std::chrono::milliseconds timeout) = 0;
};

// A direct (never proxied) HTTP/1.1 GET with Boost.Beast, bounded by `timeout` as a whole and
// by a 1 MiB body limit. Redirects are not followed.
class HttpPacFetcher final : public PacFetcher {
 public:
  Result<std::string> Fetch(std::string_view url, std::chrono::milliseconds timeout) override;
};

// `spec` is an http:// URL (through `fetcher`), a file:// URL or a path. Returns the script.
Result<std::string> LoadPacSource(std::string_view spec, PacFetcher& fetcher,
                                  std::chrono::milliseconds timeout);

}  // namespace orchard::proxy
