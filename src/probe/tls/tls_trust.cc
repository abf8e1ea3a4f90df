#include "probe/tls/tls_trust.h"

#include <fmt/format.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <optional>
#include <set>

#include "base/file.h"
#include "base/x509.h"
#include "probe/tls/tls_roots.h"
#include "probe/tls/verdict_cache.h"

namespace orchard::probe {

namespace {

using NamePtr = std::unique_ptr<X509_NAME, x509::Deleter<X509_NAME, X509_NAME_free>>;

// An embedded genuine root, read only as far as matching it needs. Decoding a certificate costs
// OpenSSL 3.0 about 0.3 ms (its key goes through the provider decoders), ten of them were a fifth
// of a one-check run, and a run needs one or two of them, if any: a root is decoded when a chain
// names it as an issuer.
struct LazyRoot {
  std::string der;
  NamePtr subject;
  X509Ptr cert;  // decoded on first need, under Impl::mutex
};

}  // namespace

struct TlsTrust::Impl {
  X509StorePtr platform;
  X509StorePtr genuine;
  std::vector<X509Ptr> anchor_certs;  // --trust-anchor: decoded as they are read
  std::vector<LazyRoot> embedded;
  std::vector<GenuineRoot> roots;
  std::set<Sha256> genuine_keys;
  std::mutex mutex;
  std::unique_ptr<VerdictCache> verdicts = std::make_unique<VerdictCache>();
};

namespace {

// The subject and subjectPublicKeyInfo of a DER certificate, as DER, found by walking its
// TBSCertificate (RFC 5280, 4.1) with OpenSSL's ASN.1 reader, without decoding anything else.
struct CertParts {
  std::string_view subject;
  std::string_view spki;
};

std::optional<CertParts> FindParts(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  const unsigned char* const end = p + der.size();
  long length = 0;
  int tag = 0;
  int cls = 0;
  // Reads the header at `p`: a definite-length element within `limit`.
  auto header = [&](const unsigned char* limit) {
    const int r = ASN1_get_object(&p, &length, &tag, &cls, limit - p);
    return (r & 0x80) == 0 && r != (V_ASN1_CONSTRUCTED | 1);
  };
  auto sequence = [&](const unsigned char* limit) {
    return header(limit) && tag == V_ASN1_SEQUENCE && cls == V_ASN1_UNIVERSAL;
  };
  if (!sequence(end) || !sequence(end)) return std::nullopt;  // Certificate, TBSCertificate
  const unsigned char* const tbs_end = p + length;
  // serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo
  std::vector<std::string_view> fields;
  while (p < tbs_end && fields.size() < 6) {
    const unsigned char* start = p;
    if (!header(tbs_end)) return std::nullopt;
    p += length;
    if (fields.empty() && cls == V_ASN1_CONTEXT_SPECIFIC && tag == 0) continue;  // [0] version
    fields.emplace_back(reinterpret_cast<const char*>(start), static_cast<size_t>(p - start));
  }
  if (fields.size() < 6) return std::nullopt;
  return CertParts{fields[4], fields[5]};
}

// The DER certificates of PEM text (comments around the blocks are skipped).
Result<std::vector<std::string>> PemToDer(std::string_view pem, std::string_view origin) {
  std::unique_ptr<BIO, x509::Deleter<BIO, BIO_free_all>> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  std::vector<std::string> ders;
  for (;;) {
    char* name = nullptr;
    char* header = nullptr;
    unsigned char* data = nullptr;
    long length = 0;
    if (!bio || PEM_read_bio(bio.get(), &name, &header, &data, &length) != 1) break;
    if (std::string_view(name) == PEM_STRING_X509) {
      ders.emplace_back(reinterpret_cast<const char*>(data), static_cast<size_t>(length));
    }
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(data);
  }
  ERR_clear_error();
  if (ders.empty()) {
    return MakeError(ErrorCode::kInternal, fmt::format("{}: no PEM certificate found", origin));
  }
  return ders;
}

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
    impl->anchor_certs.push_back(ShareCert(cert));
    impl->roots.push_back(
        GenuineRoot{x509::NameLine(X509_get_subject_name(cert)), spki, std::move(origin)});
    return {};
  };
  if (config.embedded_genuine) {
    for (const EmbeddedRoot& root : EmbeddedGenuineRoots()) {
      std::string origin = fmt::format("embedded:{}", root.file);
      auto ders = PemToDer(root.pem, origin);
      if (!ders) return tl::unexpected(ders.error());
      for (std::string& der : *ders) {
        auto parts = FindParts(der);
        const auto* subject_der =
            parts ? reinterpret_cast<const unsigned char*>(parts->subject.data()) : nullptr;
        NamePtr subject(
            parts ? d2i_X509_NAME(nullptr, &subject_der, static_cast<long>(parts->subject.size()))
                  : nullptr);
        if (!subject) {
          ERR_clear_error();
          return MakeError(ErrorCode::kInternal, fmt::format("{}: not a certificate", origin));
        }
        Sha256 spki{};
        SHA256(reinterpret_cast<const unsigned char*>(parts->spki.data()), parts->spki.size(),
               spki.data());
        impl->genuine_keys.insert(spki);
        impl->roots.push_back(GenuineRoot{x509::NameLine(subject.get()), spki, origin});
        impl->embedded.push_back(LazyRoot{std::move(der), std::move(subject), nullptr});
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
std::vector<X509Ptr> TlsTrust::GenuineIssuersOf(const std::vector<X509*>& chain) const {
  std::vector<X509Ptr> out;
  for (const X509Ptr& anchor : impl_->anchor_certs) out.push_back(ShareCert(anchor.get()));
  std::lock_guard lock(impl_->mutex);
  for (LazyRoot& root : impl_->embedded) {
    const bool named = std::any_of(chain.begin(), chain.end(), [&](X509* cert) {
      return cert != nullptr && X509_NAME_cmp(root.subject.get(), X509_get_issuer_name(cert)) == 0;
    });
    if (!named) continue;
    if (!root.cert) {
      const auto* der = reinterpret_cast<const unsigned char*>(root.der.data());
      root.cert.reset(d2i_X509(nullptr, &der, static_cast<long>(root.der.size())));
      ERR_clear_error();
      if (!root.cert) continue;  // cannot happen: FindParts read it at start-up
    }
    out.push_back(ShareCert(root.cert.get()));
  }
  return out;
}

VerdictCache& TlsTrust::verdicts() const { return *impl_->verdicts; }

bool TlsTrust::IsGenuineKey(X509* cert) const {
  return cert != nullptr && impl_->genuine_keys.count(SpkiSha256(cert)) > 0;
}

}  // namespace orchard::probe
