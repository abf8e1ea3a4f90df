#include "probe/test_pki.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>

namespace orchard::probe::testing {
namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "test PKI: %s failed\n", what);
    std::abort();
  }
}

std::string BioString(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(n));
  BIO_free(bio);
  return out;
}

X509* ReadCert(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* x = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  Check(x != nullptr, "read certificate");
  return x;
}

EVP_PKEY* ReadKey(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* k = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  Check(k != nullptr, "read key");
  return k;
}

void SetSerial(X509* x, const std::string& hex) {
  BIGNUM* bn = nullptr;
  Check(BN_hex2bn(&bn, hex.c_str()) > 0, "serial");
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x));
  BN_free(bn);
}

X509* NewCert(const std::string& cn, EVP_PKEY* key, const std::string& serial_hex) {
  X509* x = X509_new();
  X509_set_version(x, 2);
  SetSerial(x, serial_hex);
  X509_gmtime_adj(X509_getm_notBefore(x), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x), 86400L * 30);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_pubkey(x, key);
  return x;
}

std::string CertPem(X509* x) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, x);
  return BioString(bio);
}

}  // namespace

TestCa MakeCa(const std::string& common_name) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  Check(key != nullptr, "key generation");
  X509* x = NewCert(common_name, key, "01");
  X509_set_issuer_name(x, X509_get_subject_name(x));
  Check(X509_sign(x, key, EVP_sha256()) > 0, "sign CA");
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  TestCa ca{CertPem(x), BioString(bio)};
  X509_free(x);
  EVP_PKEY_free(key);
  return ca;
}

std::string IssueCertPem(const TestCa& ca, const std::string& serial_hex) {
  X509* issuer = ReadCert(ca.cert_pem);
  EVP_PKEY* ca_key = ReadKey(ca.key_pem);
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* x = NewCert("leaf.test", key, serial_hex);
  X509_set_issuer_name(x, X509_get_subject_name(issuer));
  Check(X509_sign(x, ca_key, EVP_sha256()) > 0, "sign leaf");
  std::string pem = CertPem(x);
  X509_free(x);
  EVP_PKEY_free(key);
  EVP_PKEY_free(ca_key);
  X509_free(issuer);
  return pem;
}

std::string MakeCrl(const TestCa& ca, const std::vector<std::string>& revoked_hex, bool pem) {
  X509* issuer = ReadCert(ca.cert_pem);
  EVP_PKEY* ca_key = ReadKey(ca.key_pem);
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
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509_CRL(bio, crl);
    out = BioString(bio);
  } else {
    unsigned char* der = nullptr;
    const int n = i2d_X509_CRL(crl, &der);
    out.assign(reinterpret_cast<char*>(der), static_cast<std::size_t>(n));
    OPENSSL_free(der);
  }
  ASN1_TIME_free(now);
  ASN1_TIME_free(next);
  X509_CRL_free(crl);
  EVP_PKEY_free(ca_key);
  X509_free(issuer);
  return out;
}

namespace {

std::string SignOcsp(const TestCa& ca, OCSP_CERTID* id, const std::string& status) {
  X509* issuer = ReadCert(ca.cert_pem);
  EVP_PKEY* ca_key = ReadKey(ca.key_pem);
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
  EVP_PKEY_free(ca_key);
  X509_free(issuer);
  return out;
}

}  // namespace

std::string MakeOcspResponse(const TestCa& ca, const std::string& cert_pem,
                             const std::string& status) {
  X509* issuer = ReadCert(ca.cert_pem);
  X509* cert = ReadCert(cert_pem);
  OCSP_CERTID* id = OCSP_cert_to_id(EVP_sha1(), cert, issuer);
  std::string out = SignOcsp(ca, id, status);
  OCSP_CERTID_free(id);
  X509_free(cert);
  X509_free(issuer);
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

}  // namespace orchard::probe::testing
