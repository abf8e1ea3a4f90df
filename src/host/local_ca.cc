#include "host/local_ca.h"

#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>
#include <memory>
#include <system_error>

#include "base/file.h"

namespace orchard::host {
namespace {

constexpr size_t kMaxFiles = 1000;
constexpr size_t kMaxFileBytes = 1 << 20;

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;

std::string Subject(X509* cert) {
  X509_NAME* name = X509_get_subject_name(cert);
  int at = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (at >= 0) {
    ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, at));
    unsigned char* utf8 = nullptr;
    int n = ASN1_STRING_to_UTF8(&utf8, data);
    if (n >= 0) {
      std::string cn(reinterpret_cast<char*>(utf8), static_cast<size_t>(n));
      OPENSSL_free(utf8);
      if (!cn.empty()) return cn;
    }
  }
  BioPtr out(BIO_new(BIO_s_mem()));
  if (!out || X509_NAME_print_ex(out.get(), name, 0, XN_FLAG_RFC2253) < 0) return "";
  char* data = nullptr;
  long n = BIO_get_mem_data(out.get(), &data);
  return n > 0 ? std::string(data, static_cast<size_t>(n)) : std::string();
}

// The PEM certificates in `text` ("CERTIFICATE" and "TRUSTED CERTIFICATE" blocks; other blocks
// are skipped): each one's subject, and all of them re-encoded.
void ReadCertificates(std::string_view text, const std::string& file, LocalCaFolder& folder,
                      LocalCaFile& kept) {
  BioPtr in(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  BioPtr out(BIO_new(BIO_s_mem()));
  if (!in || !out) return;
  while (X509Ptr cert{PEM_read_bio_X509_AUX(in.get(), nullptr, nullptr, nullptr)}) {
    folder.certificates.push_back({Subject(cert.get()), file});
    PEM_write_bio_X509(out.get(), cert.get());
  }
  ERR_clear_error();  // the end of the input reads as an error
  char* data = nullptr;
  long n = BIO_get_mem_data(out.get(), &data);
  if (n > 0) kept.pem.assign(data, static_cast<size_t>(n));
}

}  // namespace

Result<LocalCaFolder> ReadLocalCaFolder(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  LocalCaFolder folder;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return folder;
  std::vector<fs::path> paths;
  fs::recursive_directory_iterator it(dir, fs::directory_options::follow_directory_symlink, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code type_ec;
    if (fs::is_regular_file(it->path(), type_ec)) paths.push_back(it->path());
  }
  if (ec) {
    return MakeError(ErrorCode::kIo,
                     fmt::format("{}: cannot list: {}", dir.string(), ec.message()));
  }
  std::sort(paths.begin(), paths.end());
  for (size_t i = 0; i < paths.size(); ++i) {
    const std::string file = paths[i].lexically_relative(dir).generic_string();
    if (i == kMaxFiles) {
      folder.problems.push_back(
          fmt::format("{}: more than {} files; the rest were not read", dir.string(), kMaxFiles));
      break;
    }
    LocalCaFile kept{file, ""};
    // Named relative to the folder, so a saved folder's replay says the same.
    const std::string shown = fmt::format("ca-certificates/{}", file);
    if (paths[i].extension() != ".crt") {
      folder.problems.push_back(
          fmt::format("{}: not named *.crt, so update-ca-certificates leaves it out", shown));
    } else if (auto text = ReadFile(paths[i], kMaxFileBytes); !text) {
      folder.problems.push_back(fmt::format("{}: {}", shown, text.error().message()));
    } else {
      const size_t before = folder.certificates.size();
      ReadCertificates(*text, file, folder, kept);
      if (folder.certificates.size() == before) {
        folder.problems.push_back(fmt::format("{}: holds no PEM certificate", shown));
      }
    }
    folder.files.push_back(std::move(kept));
  }
  return folder;
}

}  // namespace orchard::host
