#include "host/local_ca.h"

#include <fmt/format.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>
#include <system_error>

#include "base/file.h"
#include "base/x509.h"

namespace orchard::host {
namespace {

constexpr size_t kMaxFiles = 1000;
constexpr size_t kMaxFileBytes = 1 << 20;

std::string Subject(X509* cert) {
  const X509_NAME* name = X509_get_subject_name(cert);
  std::string cn = x509::NameField(name, NID_commonName);
  return cn.empty() ? x509::NameLine(name) : cn;
}

// The PEM certificates in `text` ("CERTIFICATE" and "TRUSTED CERTIFICATE" blocks; other blocks
// are skipped, and a broken block ends the text): each one's subject, and all of them
// re-encoded as plain "CERTIFICATE" blocks.
void ReadCertificates(std::string_view text, const std::string& file, LocalCaFolder& folder,
                      LocalCaFile& kept) {
  x509::BioPtr out(BIO_new(BIO_s_mem()));
  if (!out) return;
  x509::PemCertificates pem =
      x509::ReadPemCertificates(text, x509::PemBlocks::kAlsoTrustedCertificate);
  for (const x509::X509Ptr& cert : pem.certificates) {
    folder.certificates.push_back({Subject(cert.get()), file});
    PEM_write_bio_X509(out.get(), cert.get());
  }
  kept.pem = x509::BioText(out.get());
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
