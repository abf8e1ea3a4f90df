#pragma once

#include <openssl/evp.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "probe/tls/tls_x509.h"

// Test support for the TLS probe (a test-only library): certificates made with OpenSSL's APIs
// at test time, and an in-process TLS server on 127.0.0.1 port 0. Usable by engine tests too.
namespace orchard::probe::testing {

struct PkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

// A fresh EC P-256 key (fast to generate).
PkeyPtr NewKey();

struct CertSpec {
  std::string common_name;
  std::string organization;
  std::chrono::system_clock::time_point not_before;
  std::chrono::system_clock::time_point not_after;
  bool ca = false;
  std::vector<std::string> dns_names;  // subjectAltName DNS entries (leaves)
  std::vector<std::string> ip_addresses;
  long serial = 1;
};

// A certificate for `key`, signed by `issuer_key` as `issuer` (or self-signed when issuer is
// null). CAs get basicConstraints CA:TRUE and keyCertSign; leaves get serverAuth.
X509Ptr MakeCert(const CertSpec& spec, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key);

std::string CertPem(X509* cert);

// A certificate with its key.
struct Issued {
  X509Ptr cert;
  PkeyPtr key;
};

// The lab PKI the TLS tests use, all valid from 2020-01-01 to 2040-01-01 unless said otherwise:
// a "genuine" root -> intermediate -> leaf for `host`; an interceptor CA and its leaf for the
// same host; an expired leaf (2020-2021) and a not-yet-valid leaf (2039-2040) under the genuine
// intermediate.
struct LabPki {
  Issued genuine_root, genuine_intermediate, leaf;
  Issued interceptor_ca, interceptor_leaf;
  Issued expired_leaf, future_leaf;
};
LabPki MakeLabPki(const std::string& host);

std::chrono::system_clock::time_point Utc(int year, int month, int day);

// A directory removed (with its files) when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  // Writes `content` to `name` inside the directory and returns the full path.
  std::string Write(const std::string& name, const std::string& content) const;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// What the test server does with each connection it accepts.
enum class ServerMode {
  kTls,      // TLS handshake with `chain`/`key`, then echoes "echo:" + whatever it reads
  kGarbage,  // reads the ClientHello, answers with bytes that are not TLS
  kClose,    // closes the connection as soon as it is accepted
  kSilent,   // reads and never answers (a stalled handshake)
};

struct ServerSpec {
  ServerMode mode = ServerMode::kTls;
  std::vector<X509*> chain;  // leaf first; borrowed, must outlive the server
  EVP_PKEY* key = nullptr;   // borrowed
  bool tls12_only = false;   // cap the server at TLS 1.2
};

// Accepts connections on 127.0.0.1 (an ephemeral port) on `io` until `io` stops. Runs on the
// same io_context as the code under test; needs no thread of its own.
class TestTlsServer {
 public:
  TestTlsServer(boost::asio::io_context& io, ServerSpec spec);
  ~TestTlsServer();
  uint16_t port() const;
  // Connections accepted so far.
  int accepted() const;
  // The SNI of the last completed TLS handshake ("" when the client sent none).
  std::string last_sni() const;

  struct Impl;  // public only so the serving coroutines in the .cc can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace orchard::probe::testing
