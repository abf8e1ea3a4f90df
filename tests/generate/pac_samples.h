#pragma once

// Sample URLs and what the fixture's PAC (proxy http://proxy.corp.example:3128) must answer
// for each. Shared by the Node.js and the duktape checks so both engines are held to one table.

#include <map>
#include <string>

namespace orchard::generate::testing {

inline constexpr char kPacProxy[] = "http://proxy.corp.example:3128";

inline std::map<std::string, std::string> PacSamples() {
  const std::string proxy = "PROXY proxy.corp.example:3128";
  return {
      {"http://ocsp.apple.com/", "DIRECT"},
      {"https://ocsp2.apple.com/", "DIRECT"},
      {"https://1-courier.push.apple.com:5223/", "DIRECT"},
      {"https://a.b.push.apple.com/", "DIRECT"},
      {"https://appleid.cdn-apple.com/", "DIRECT"},  // folded under *.cdn-apple.com
      {"https://updates.cdn-apple.com/", "DIRECT"},
      {"https://www.icloud.com/", "DIRECT"},
      {"https://crl3.digicert.com./", "DIRECT"},  // trailing dot
      {"https://17.248.130.4/", "DIRECT"},
      {"https://17.0.0.1/", "DIRECT"},
      {"https://push.apple.com/", proxy},  // *.push.apple.com is the names under it
      {"https://icloud.com/", proxy},
      {"https://www.apple.com/", proxy},  // not in the fixture
      {"https://example.com/", proxy},
      {"https://evilocsp.apple.com/", proxy},
      {"https://ocsp.apple.com.evil.example/", proxy},
      {"https://xcdn-apple.com/", proxy},
      {"https://18.0.0.1/", proxy},
      {"https://171.0.0.1/", proxy},
  };
}

// The host a browser passes to FindProxyForURL: the URL's host, without the port.
inline std::string PacHost(const std::string& url) {
  auto start = url.find("://") + 3;
  auto end = url.find_first_of(":/", start);
  return url.substr(start, end - start);
}

}  // namespace orchard::generate::testing
