#include "probe/tls/tls_trust.h"

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "base/file.h"
#include "base/x509.h"
#include "probe/tls/tls_roots.h"
#include "probe/tls/verdict_cache.h"

namespace orchard::probe {

struct TlsTrust::Impl {
  X509StorePtr platform;
  X509StorePtr genuine;
  std::vector<X509Ptr> genuine_certs;
  std::vector<GenuineRoot> roots;
  std::set<Sha256> genuine_keys;
  std::unique_ptr<VerdictCache> verdicts = std::make_unique<VerdictCache>();
};

namespace {

Result<std::vector<X509Ptr>> LoadCertificateFile(const std::string& path, std::string_view flag) {
  auto data = ReadFile(path);
  if (!data) return tl::unexpected(data.error().WithContext(flag));
  auto certs = ParseCertificates(*data, path);
  if (!certs) return tl::unexpected(certs.error().WithContext(flag));
  return certs;
}

// X509_STORE_add_cert fails on a duplicate in some OpenSSL versions; a duplicate is harmless.
Result<void> AddToStore(X509_STORE* store, X509* cert, std::string_view origin) {
  if (X509_STORE_add_cert(store, cert) != 1) {
    unsigned long code = ERR_peek_last_error();
    ERR_clear_error();
    if (ERR_GET_REASON(code) != X509_R_CERT_ALREADY_IN_HASH_TABLE) {
      return MakeError(ErrorCode::kInternal,
                       fmt::format("{}: cannot add certificate to store", origin));
    }
  }
  return {};
}

// Whether `dir` holds OpenSSL's hashed names ("1a2b3c4d.0"), the form a hash-folder lookup reads.
bool HoldsHashedCertificates(const std::filesystem::path& dir) {
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const auto dot = name.find('.');
    if (dot != 8 || name.size() < 10) continue;
    auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (std::all_of(name.begin(), name.begin() + 8, hex) &&
        std::all_of(name.begin() + 9, name.end(), digit)) {
      return true;
    }
  }
  return false;
}

// The OS's trust store. Where OpenSSL's default folder holds hashed names (Debian's
// /etc/ssl/certs, which update-ca-certificates fills from the same list as the bundle), only
// the folder is used: a root is read when a chain asks for it, instead of parsing the whole
// bundle (about 140 certificates, most of orchard's start-up) every run. Elsewhere (Homebrew's
// cert.pem beside an empty folder), or when SSL_CERT_FILE names another bundle, the default
// paths.
bool SameFile(const std::string& a, const std::string& b) {
  std::error_code ec;
  return std::filesystem::equivalent(a, b, ec) && !ec;
}

void AddSystemStore(X509_STORE* store) {
  const char* dir_env = std::getenv(X509_get_default_cert_dir_env());
  const std::string dir = dir_env != nullptr ? dir_env : X509_get_default_cert_dir();
  const char* file_env = std::getenv(X509_get_default_cert_file_env());
  const bool default_file = file_env == nullptr || SameFile(file_env, X509_get_default_cert_file());
  if (default_file && dir.find(':') == std::string::npos && HoldsHashedCertificates(dir)) {
    X509_LOOKUP* lookup = X509_STORE_add_lookup(store, X509_LOOKUP_hash_dir());
    if (lookup != nullptr && X509_LOOKUP_add_dir(lookup, dir.c_str(), X509_FILETYPE_PEM) == 1) {
      return;
    }
  }
  if (X509_STORE_set_default_paths(store) != 1) {
    ERR_clear_error();  // no system store is not fatal: --ca-file may be all there is
  }
}

}  // namespace

TlsTrust::TlsTrust(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TlsTrust::TlsTrust(TlsTrust&&) noexcept = default;
TlsTrust& TlsTrust::operator=(TlsTrust&&) noexcept = default;
TlsTrust::~TlsTrust() = default;

Result<TlsTrust> TlsTrust::Create(const std::vector<std::string>& ca_files,
                                  const std::vector<std::string>& trust_anchor_files) {
  TlsTrustConfig config;
  config.ca_files = ca_files;
  config.trust_anchor_files = trust_anchor_files;
  return Create(config);
}

Result<TlsTrust> TlsTrust::Create(const TlsTrustConfig& config) {
  auto impl = std::make_unique<Impl>();
  impl->platform.reset(X509_STORE_new());
  impl->genuine.reset(X509_STORE_new());
  if (!impl->platform || !impl->genuine) {
    return MakeError(ErrorCode::kInternal, "out of memory creating certificate stores");
  }

  if (config.system_store) AddSystemStore(impl->platform.get());
  for (const std::string& path : config.ca_files) {
    auto certs = LoadCertificateFile(path, "--ca-file");
    if (!certs) return tl::unexpected(certs.error());
    for (const X509Ptr& cert : *certs) {
      if (auto added = AddToStore(impl->platform.get(), cert.get(), path); !added) {
        return tl::unexpected(added.error());
      }
    }
  }

  for (const CaPem& source : config.ca_pems) {
    auto certs = ParseCertificates(source.pem, source.origin);
    if (!certs) return tl::unexpected(certs.error());
    for (const X509Ptr& cert : *certs) {
      if (auto added = AddToStore(impl->platform.get(), cert.get(), source.origin); !added) {
        return tl::unexpected(added.error());
      }
    }
  }

  auto add_genuine = [&](X509* cert, std::string origin) -> Result<void> {
    Sha256 spki = SpkiSha256(cert);
    impl->genuine_keys.insert(spki);
    if (auto added = AddToStore(impl->genuine.get(), cert, origin); !added) return added;
    impl->genuine_certs.push_back(ShareCert(cert));
    impl->roots.push_back(
        GenuineRoot{x509::NameLine(X509_get_subject_name(cert)), spki, std::move(origin)});
    return {};
  };
  if (config.embedded_genuine) {
    for (const EmbeddedRoot& root : EmbeddedGenuineRoots()) {
      std::string origin = fmt::format("embedded:{}", root.file);
      auto certs = ParseCertificates(root.pem, origin);
      if (!certs) return MakeError(ErrorCode::kInternal, certs.error().message());
      for (const X509Ptr& cert : *certs) {
        if (auto added = add_genuine(cert.get(), origin); !added)
          return tl::unexpected(added.error());
      }
    }
  }
  for (const std::string& path : config.trust_anchor_files) {
    auto certs = LoadCertificateFile(path, "--trust-anchor");
    if (!certs) return tl::unexpected(certs.error());
    for (const X509Ptr& cert : *certs) {
      if (auto added = add_genuine(cert.get(), path); !added) return tl::unexpected(added.error());
    }
  }
  return TlsTrust(std::move(impl));
}

X509_STORE* TlsTrust::platform_store() const { return impl_->platform.get(); }
X509_STORE* TlsTrust::genuine_store() const { return impl_->genuine.get(); }
const std::vector<GenuineRoot>& TlsTrust::genuine_roots() const { return impl_->roots; }
const std::vector<X509Ptr>& TlsTrust::genuine_certs() const { return impl_->genuine_certs; }

VerdictCache& TlsTrust::verdicts() const { return *impl_->verdicts; }

bool TlsTrust::IsGenuineKey(X509* cert) const {
  return cert != nullptr && impl_->genuine_keys.count(SpkiSha256(cert)) > 0;
}

}  // namespace orchard::probe
