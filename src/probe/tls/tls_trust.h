#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/error.h"
#include "probe/tls/tls_x509.h"

namespace orchard::probe {

class VerdictCache;

// What a TlsTrust is built from. TlsTrust::Create(ca_files, anchors) covers the CLI; the other
// switches exist so tests (and a lab) can build stores that do not depend on the machine.
// PEM text trusted as --ca-file is, from somewhere other than a file (the macOS System
// keychain's certificates). `origin` names it in errors.
struct CaPem {
  std::string origin;
  std::string pem;
};

struct TlsTrustConfig {
  std::vector<std::string> ca_files;            // --ca-file: added to the platform store
  std::vector<CaPem> ca_pems;                   // added to the platform store the same way
  std::vector<std::string> trust_anchor_files;  // --trust-anchor: added to the genuine set
  bool system_store = true;      // OpenSSL's default verify paths in the platform store
  bool embedded_genuine = true;  // the embedded roots that serve Apple's hosts
};

// One root of the genuine set, for listing and tests.
struct GenuineRoot {
  std::string subject;  // x509::NameLine
  Sha256 spki{};
  std::string origin;  // "embedded:apple_root_ca_g3.pem" or the --trust-anchor path
};

// The two trust stores a TLS check verifies against, built once per run:
//  - the platform store: what the OS (OpenSSL's default paths) plus --ca-file trusts;
//  - the genuine store: the roots that really serve Apple's hosts plus --trust-anchor, matched
//    by SPKI SHA-256 (a re-issued root with the same key counts; a same-name impostor does not).
// Immutable after Create but for its verdict memo; safe to share between concurrent checks on any
// thread.
class TlsTrust {
 public:
  static Result<TlsTrust> Create(const std::vector<std::string>& ca_files,
                                 const std::vector<std::string>& trust_anchor_files);
  static Result<TlsTrust> Create(const TlsTrustConfig& config);

  TlsTrust(TlsTrust&&) noexcept;
  TlsTrust& operator=(TlsTrust&&) noexcept;
  ~TlsTrust();

  X509_STORE* platform_store() const;
  X509_STORE* genuine_store() const;
  const std::vector<GenuineRoot>& genuine_roots() const;
  // The genuine certificates a verification of `chain` may anchor on: every --trust-anchor, and
  // the embedded roots that one of the chain's certificates names as its issuer (decoded the
  // first time one is needed; thread-safe).
  std::vector<X509Ptr> GenuineIssuersOf(const std::vector<X509*>& chain) const;

  // Whether `cert`'s key is one of the genuine roots' keys.
  bool IsGenuineKey(X509* cert) const;

  // The chain verdicts reached with these stores (VerifyChain's memo; thread-safe).
  VerdictCache& verdicts() const;

 private:
  struct Impl;
  explicit TlsTrust(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace orchard::probe
