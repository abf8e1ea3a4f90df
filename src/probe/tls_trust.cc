#include "probe/tls_trust.h"

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <set>

#include "base/file.h"
#include "probe/tls_roots.h"

namespace orchard::probe {

struct TlsTrust::Impl {
  X509StorePtr platform;
  X509StorePtr genuine;
  std::vector<X509Ptr> genuine_certs;
  std::vector<GenuineRoot> roots;
  std::set<Sha256> genuine_keys;
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

  if (config.system_store && X509_STORE_set_default_paths(impl->platform.get()) != 1) {
    ERR_clear_error();  // no system store is not fatal: --ca-file may be all there is
  }
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
        GenuineRoot{NameLine(X509_get_subject_name(cert)), spki, std::move(origin)});
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

bool TlsTrust::IsGenuineKey(X509* cert) const {
  return cert != nullptr && impl_->genuine_keys.count(SpkiSha256(cert)) > 0;
}

}  // namespace orchard::probe
