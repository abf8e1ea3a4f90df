#include "pki.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <cstdlib>
#include <ctime>
#include <stdexcept>

namespace orchard::testing {

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
  x509::BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), cert);
  return x509::BioText(bio.get());
}

std::string TrustedCertPem(X509* cert) {
  x509::BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509_AUX(bio.get(), cert);
  return x509::BioText(bio.get());
}

std::string KeyPem(EVP_PKEY* key) {
  x509::BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  return x509::BioText(bio.get());
}

Issued Issue(const CertSpec& spec, const Issued* issuer) {
  Issued out;
  out.key = NewKey();
  out.cert = MakeCert(spec, out.key.get(), issuer ? issuer->cert.get() : nullptr,
                      issuer ? issuer->key.get() : nullptr);
  return out;
}

Issued SelfSignedWithSubject(const std::vector<std::pair<std::string, std::string>>& subject) {
  Issued out;
  out.key = NewKey();
  out.cert.reset(X509_new());
  Check(out.cert != nullptr, "X509_new");
  X509* cert = out.cert.get();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_NAME* name = X509_get_subject_name(cert);
  for (const auto& [field, value] : subject) {
    X509_NAME_add_entry_by_txt(name, field.c_str(), MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0);
  }
  X509_set_issuer_name(cert, name);
  X509_set_pubkey(cert, out.key.get());
  Check(X509_sign(cert, out.key.get(), EVP_sha256()) > 0, "X509_sign");
  return out;
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

namespace {

X509Ptr ReadCert(const std::string& pem) {
  x509::BioPtr bio = x509::ReadOnlyBio(pem);
  X509Ptr x(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  Check(x != nullptr, "read certificate");
  return x;
}

PkeyPtr ReadKey(const std::string& pem) {
  x509::BioPtr bio = x509::ReadOnlyBio(pem);
  PkeyPtr k(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  Check(k != nullptr, "read key");
  return k;
}

}  // namespace

TestCa MakeCa(const std::string& common_name) {
  const auto now = std::chrono::system_clock::now();
  const Issued ca = Issue({common_name,
                           "",
                           now - std::chrono::hours(1),
                           now + std::chrono::hours(24 * 30),
                           true,
                           {},
                           {},
                           1},
                          nullptr);
  return {CertPem(ca.cert.get()), KeyPem(ca.key.get())};
}

std::string IssueCertPem(const TestCa& ca, const std::string& serial_hex) {
  const Issued issuer{ReadCert(ca.cert_pem), ReadKey(ca.key_pem)};
  const auto now = std::chrono::system_clock::now();
  const Issued leaf = Issue({"leaf.test",
                             "",
                             now - std::chrono::hours(1),
                             now + std::chrono::hours(24 * 30),
                             false,
                             {},
                             {},
                             std::stol(serial_hex, nullptr, 16)},
                            &issuer);
  return CertPem(leaf.cert.get());
}

std::string MakeCrl(const TestCa& ca, const std::vector<std::string>& revoked_hex, bool pem) {
  X509Ptr issuer_owner = ReadCert(ca.cert_pem);
  PkeyPtr key_owner = ReadKey(ca.key_pem);
  X509* issuer = issuer_owner.get();
  EVP_PKEY* ca_key = key_owner.get();
  X509_CRL* crl = X509_CRL_new();
  X509_CRL_set_version(crl, 1);
  X509_CRL_set_issuer_name(crl, X509_get_subject_name(issuer));
  ASN1_TIME* now = ASN1_TIME_adj(nullptr, std::time(nullptr), 0, 0);
  ASN1_TIME* next = ASN1_TIME_adj(nullptr, std::time(nullptr), 7, 0);
  X509_CRL_set1_lastUpdate(crl, now);
  X509_CRL_set1_nextUpdate(crl, next);
  for (const std::string& hex : revoked_hex) {
    X509_REVOKED* r = X509_REVOKED_new();
    BIGNUM* bn = nullptr;
    BN_hex2bn(&bn, hex.c_str());
    ASN1_INTEGER* serial = BN_to_ASN1_INTEGER(bn, nullptr);
    X509_REVOKED_set_serialNumber(r, serial);
    X509_REVOKED_set_revocationDate(r, now);
    X509_CRL_add0_revoked(crl, r);
    ASN1_INTEGER_free(serial);
    BN_free(bn);
  }
  X509_CRL_sort(crl);
  Check(X509_CRL_sign(crl, ca_key, EVP_sha256()) > 0, "sign CRL");
  std::string out;
  if (pem) {
    x509::BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509_CRL(bio.get(), crl);
    out = x509::BioText(bio.get());
  } else {
    unsigned char* der = nullptr;
    const int n = i2d_X509_CRL(crl, &der);
    out.assign(reinterpret_cast<char*>(der), static_cast<std::size_t>(n));
    OPENSSL_free(der);
  }
  ASN1_TIME_free(now);
  ASN1_TIME_free(next);
  X509_CRL_free(crl);
  return out;
}

namespace {

std::string SignOcsp(const TestCa& ca, OCSP_CERTID* id, const std::string& status) {
  X509Ptr issuer_owner = ReadCert(ca.cert_pem);
  PkeyPtr key_owner = ReadKey(ca.key_pem);
  X509* issuer = issuer_owner.get();
  EVP_PKEY* ca_key = key_owner.get();
  OCSP_BASICRESP* basic = OCSP_BASICRESP_new();
  const int code = status == "good"      ? V_OCSP_CERTSTATUS_GOOD
                   : status == "revoked" ? V_OCSP_CERTSTATUS_REVOKED
                                         : V_OCSP_CERTSTATUS_UNKNOWN;
  ASN1_TIME* now = ASN1_TIME_adj(nullptr, std::time(nullptr), 0, 0);
  ASN1_TIME* next = ASN1_TIME_adj(nullptr, std::time(nullptr), 1, 0);
  Check(OCSP_basic_add1_status(basic, id, code, OCSP_REVOKED_STATUS_KEYCOMPROMISE,
                               code == V_OCSP_CERTSTATUS_REVOKED ? now : nullptr, now,
                               next) != nullptr,
        "add OCSP status");
  Check(OCSP_basic_sign(basic, issuer, ca_key, EVP_sha256(), nullptr, 0) == 1, "sign OCSP");
  OCSP_RESPONSE* response = OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, basic);
  unsigned char* der = nullptr;
  const int n = i2d_OCSP_RESPONSE(response, &der);
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(n));
  OPENSSL_free(der);
  OCSP_RESPONSE_free(response);
  OCSP_BASICRESP_free(basic);
  ASN1_TIME_free(now);
  ASN1_TIME_free(next);
  return out;
}

}  // namespace

std::string MakeOcspResponse(const TestCa& ca, const std::string& cert_pem,
                             const std::string& status) {
  X509Ptr issuer = ReadCert(ca.cert_pem);
  X509Ptr cert = ReadCert(cert_pem);
  OCSP_CERTID* id = OCSP_cert_to_id(EVP_sha1(), cert.get(), issuer.get());
  std::string out = SignOcsp(ca, id, status);
  OCSP_CERTID_free(id);
  return out;
}

std::string MakeOcspResponseFor(const TestCa& ca, const std::string& request_der,
                                const std::string& status) {
  const auto* p = reinterpret_cast<const unsigned char*>(request_der.data());
  OCSP_REQUEST* request = d2i_OCSP_REQUEST(nullptr, &p, static_cast<long>(request_der.size()));
  Check(request != nullptr && OCSP_request_onereq_count(request) > 0, "parse OCSP request");
  OCSP_CERTID* id = OCSP_onereq_get0_id(OCSP_request_onereq_get0(request, 0));
  std::string out = SignOcsp(ca, id, status);
  OCSP_REQUEST_free(request);
  return out;
}

std::string MakeOcspErrorResponse(int response_status) {
  OCSP_RESPONSE* response = OCSP_response_create(response_status, nullptr);
  unsigned char* der = nullptr;
  const int n = i2d_OCSP_RESPONSE(response, &der);
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(n));
  OPENSSL_free(der);
  OCSP_RESPONSE_free(response);
  return out;
}

}  // namespace orchard::testing
