#include "probe/tls_testing.h"

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <stdexcept>

namespace orchard::probe::testing {
namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

void Check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test PKI: ") + what);
}

void AddExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer != nullptr ? issuer : cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  Check(ext != nullptr, "extension");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

void SetName(X509_NAME* name, const CertSpec& spec) {
  if (!spec.organization.empty()) {
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(spec.organization.c_str()),
                               -1, -1, 0);
  }
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(spec.common_name.c_str()), -1,
                             -1, 0);
}

Issued Issue(const CertSpec& spec, const Issued* issuer) {
  Issued out;
  out.key = NewKey();
  out.cert = MakeCert(spec, out.key.get(), issuer ? issuer->cert.get() : nullptr,
                      issuer ? issuer->key.get() : nullptr);
  return out;
}

}  // namespace

PkeyPtr NewKey() {
  PkeyPtr key(EVP_EC_gen("P-256"));
  Check(key != nullptr, "key generation");
  return key;
}

std::chrono::system_clock::time_point Utc(int year, int month, int day) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

X509Ptr MakeCert(const CertSpec& spec, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key) {
  X509Ptr cert(X509_new());
  Check(cert != nullptr, "X509_new");
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), spec.serial);
  ASN1_TIME_set(X509_getm_notBefore(cert.get()),
                std::chrono::system_clock::to_time_t(spec.not_before));
  ASN1_TIME_set(X509_getm_notAfter(cert.get()),
                std::chrono::system_clock::to_time_t(spec.not_after));
  SetName(X509_get_subject_name(cert.get()), spec);
  X509_set_issuer_name(cert.get(), issuer != nullptr ? X509_get_subject_name(issuer)
                                                     : X509_get_subject_name(cert.get()));
  X509_set_pubkey(cert.get(), key);
  AddExtension(cert.get(), nullptr, NID_subject_key_identifier, "hash");
  AddExtension(cert.get(), issuer, NID_authority_key_identifier, "keyid:always");
  if (spec.ca) {
    AddExtension(cert.get(), issuer, NID_basic_constraints, "critical,CA:TRUE");
    AddExtension(cert.get(), issuer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    AddExtension(cert.get(), issuer, NID_basic_constraints, "critical,CA:FALSE");
    AddExtension(cert.get(), issuer, NID_key_usage, "critical,digitalSignature");
    AddExtension(cert.get(), issuer, NID_ext_key_usage, "serverAuth");
  }
  std::string san;
  for (const std::string& dns : spec.dns_names) san += (san.empty() ? "DNS:" : ",DNS:") + dns;
  for (const std::string& ip : spec.ip_addresses) san += (san.empty() ? "IP:" : ",IP:") + ip;
  if (!san.empty()) AddExtension(cert.get(), issuer, NID_subject_alt_name, san);
  Check(X509_sign(cert.get(), issuer_key != nullptr ? issuer_key : key, EVP_sha256()) > 0,
        "X509_sign");
  return cert;
}

std::string CertPem(X509* cert) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(len));
  BIO_free(bio);
  return pem;
}

LabPki MakeLabPki(const std::string& host) {
  auto from = Utc(2020, 1, 1);
  auto to = Utc(2040, 1, 1);
  LabPki pki;
  pki.genuine_root =
      Issue({"Orchard Lab Root CA", "Orchard Lab", from, to, true, {}, {}, 1}, nullptr);
  pki.genuine_intermediate = Issue(
      {"Orchard Lab Server CA 1", "Orchard Lab", from, to, true, {}, {}, 2}, &pki.genuine_root);
  pki.leaf = Issue({host, "Orchard Lab", from, to, false, {host}, {"127.0.0.1"}, 3},
                   &pki.genuine_intermediate);
  pki.interceptor_ca =
      Issue({"Acme Inspection CA", "Acme Corp", from, to, true, {}, {}, 4}, nullptr);
  pki.interceptor_leaf = Issue({host, "", from, to, false, {host}, {}, 5}, &pki.interceptor_ca);
  pki.expired_leaf =
      Issue({host, "Orchard Lab", Utc(2020, 1, 1), Utc(2021, 1, 1), false, {host}, {}, 6},
            &pki.genuine_intermediate);
  pki.future_leaf = Issue({host, "Orchard Lab", Utc(2039, 1, 1), to, false, {host}, {}, 7},
                          &pki.genuine_intermediate);
  return pki;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "orchard-tls-XXXXXX").string();
  Check(mkdtemp(pattern.data()) != nullptr, "mkdtemp");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::Write(const std::string& name, const std::string& content) const {
  std::filesystem::path file = path_ / name;
  std::ofstream out(file, std::ios::binary);
  out << content;
  return file.string();
}

struct TestTlsServer::Impl {
  Impl(asio::io_context& io, ServerSpec s)
      : spec(std::move(s)),
        acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
        ssl(asio::ssl::context::tls_server) {}

  ServerSpec spec;
  tcp::acceptor acceptor;
  asio::ssl::context ssl;
  int accepted = 0;
  std::string last_sni;
};

namespace {

// Runs while the server reads the ClientHello, so it is recorded before the client can finish.
int RecordSni(SSL* ssl, int* /*alert*/, void* arg) {
  const char* sni = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
  static_cast<TestTlsServer::Impl*>(arg)->last_sni = sni != nullptr ? sni : "";
  return SSL_TLSEXT_ERR_OK;
}

asio::awaitable<void> Serve(TestTlsServer::Impl* impl, tcp::socket socket);

asio::awaitable<void> Accept(TestTlsServer::Impl* impl) {
  while (true) {
    auto [ec, socket] = co_await impl->acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    ++impl->accepted;
    asio::co_spawn(impl->acceptor.get_executor(), Serve(impl, std::move(socket)), asio::detached);
  }
}

asio::awaitable<void> Serve(TestTlsServer::Impl* impl, tcp::socket socket) {
  auto tuple = asio::as_tuple(asio::use_awaitable);
  char buf[4096];
  switch (impl->spec.mode) {
    case ServerMode::kClose:
      socket.close();
      co_return;
    case ServerMode::kGarbage: {
      co_await socket.async_read_some(asio::buffer(buf), tuple);
      std::string garbage = "SSH-2.0-definitely-not-TLS\r\n";
      garbage += std::string(64, '\x7f');
      co_await asio::async_write(socket, asio::buffer(garbage), tuple);
      socket.close();
      co_return;
    }
    case ServerMode::kSilent:
      while (true) {
        auto [ec, n] = co_await socket.async_read_some(asio::buffer(buf), tuple);
        if (ec) co_return;
      }
    case ServerMode::kTls: {
      asio::ssl::stream<tcp::socket> stream(std::move(socket), impl->ssl);
      auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::server, tuple);
      if (ec) co_return;
      while (true) {
        auto [read_ec, n] = co_await stream.async_read_some(asio::buffer(buf), tuple);
        if (read_ec) co_return;
        std::string reply = "echo:" + std::string(buf, n);
        auto [write_ec, written] = co_await asio::async_write(stream, asio::buffer(reply), tuple);
        if (write_ec) co_return;
      }
    }
  }
}

}  // namespace

TestTlsServer::TestTlsServer(asio::io_context& io, ServerSpec spec)
    : impl_(std::make_unique<Impl>(io, std::move(spec))) {
  if (impl_->spec.mode == ServerMode::kTls) {
    SSL_CTX* ctx = impl_->ssl.native_handle();
    Check(!impl_->spec.chain.empty() && impl_->spec.key != nullptr, "server needs a chain");
    Check(SSL_CTX_use_certificate(ctx, impl_->spec.chain.front()) == 1, "server certificate");
    for (size_t i = 1; i < impl_->spec.chain.size(); ++i) {
      Check(SSL_CTX_add1_chain_cert(ctx, impl_->spec.chain[i]) == 1, "server chain");
    }
    Check(SSL_CTX_use_PrivateKey(ctx, impl_->spec.key) == 1, "server key");
    SSL_CTX_set_tlsext_servername_callback(ctx, RecordSni);
    SSL_CTX_set_tlsext_servername_arg(ctx, impl_.get());
    if (impl_->spec.tls12_only) SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
  }
  asio::co_spawn(impl_->acceptor.get_executor(), Accept(impl_.get()), asio::detached);
}

TestTlsServer::~TestTlsServer() {
  boost::system::error_code ignored;
  impl_->acceptor.close(ignored);
}

uint16_t TestTlsServer::port() const { return impl_->acceptor.local_endpoint().port(); }
int TestTlsServer::accepted() const { return impl_->accepted; }
std::string TestTlsServer::last_sni() const { return impl_->last_sni; }

}  // namespace orchard::probe::testing
