#include "cli/version.h"

#include <ares.h>
#include <fmt/format.h>
#include <openssl/crypto.h>

#include <boost/version.hpp>

namespace orchard::cli {

std::string VersionText() {
  return fmt::format("orchard {} (commit {})\n{}\nc-ares {}\nBoost {}.{}.{}\n", kVersion,
                     kGitCommit, OpenSSL_version(OPENSSL_VERSION), ares_version(nullptr),
                     BOOST_VERSION / 100000, BOOST_VERSION / 100 % 1000, BOOST_VERSION % 100);
}

}  // namespace orchard::cli
