#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace orchard::proxy {

// Fetches a PAC file over HTTP or HTTPS. Abstract so route tests run without a server.
class PacFetcher {
 public:
  virtual ~PacFetcher() = default;
  // The body of a 200 answer to GET `url` (http:// or https://), or an error that names the URL.
  virtual Result<std::string> Fetch(std::string_view url, std::chrono::milliseconds timeout) = 0;
};

// A direct (never proxied) HTTP/1.1 GET with Boost.Beast, bounded by `timeout` as a whole and
// by a 1 MiB body limit. Redirects are not followed. https:// is verified as macOS verifies
// it: the chain against OpenSSL's default paths plus `ca_files` (PEM bundles, --ca-file), and
// the host name; a PAC whose certificate does not verify is not used.
class HttpPacFetcher final : public PacFetcher {
 public:
  explicit HttpPacFetcher(std::vector<std::string> ca_files = {})
      : ca_files_(std::move(ca_files)) {}
  Result<std::string> Fetch(std::string_view url, std::chrono::milliseconds timeout) override;

 private:
  std::vector<std::string> ca_files_;
};

// `spec` is an http:// or https:// URL (through `fetcher`), a file:// URL or a path. Returns
// the script.
Result<std::string> LoadPacSource(std::string_view spec, PacFetcher& fetcher,
                                  std::chrono::milliseconds timeout);

}  // namespace orchard::proxy
