#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "probe/tls/tls_trust.h"
#include "support/pki.h"
#include "support/temp_dir.h"

namespace orchard::testing {

// A trust store with nothing from the machine or the binary: only `ca_files` (as --ca-file
// would add them) and `anchors` (as --trust-anchor would), written as PEM files into `dir`.
// A store that cannot be made fails the test.
inline probe::TlsTrust IsolatedTrust(const TempDir& dir, const std::vector<X509*>& ca_files,
                                     const std::vector<X509*>& anchors) {
  static int files = 0;  // unique names across calls: a test may build several stores
  auto write = [&](X509* cert) {
    return dir.Write("trust" + std::to_string(files++) + ".pem", CertPem(cert));
  };
  probe::TlsTrustConfig config;
  config.system_store = false;
  config.embedded_genuine = false;
  for (X509* cert : ca_files) config.ca_files.push_back(write(cert));
  for (X509* cert : anchors) config.trust_anchor_files.push_back(write(cert));
  auto trust = probe::TlsTrust::Create(config);
  EXPECT_TRUE(trust) << trust.error().ToString();
  return std::move(*trust);
}

}  // namespace orchard::testing
