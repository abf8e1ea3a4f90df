#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

// The CAs a Debian or Ubuntu administrator added for update-ca-certificates(8): the *.crt files
// under /usr/local/share/ca-certificates (an HTTPS inspection CA is installed this way).
namespace orchard::host {

inline constexpr std::string_view kLocalCaDir = "/usr/local/share/ca-certificates";

// One certificate of one file.
struct LocalCaCertificate {
  std::string subject;  // the subject's common name, else the whole subject (RFC 2253)
  std::string file;     // relative to the folder: "zscaler.crt", "corp/root.crt"
};

// One regular file of the folder, as --save keeps it: its certificates re-encoded as PEM and
// nothing else (a private key left beside a certificate never reaches a saved folder).
struct LocalCaFile {
  std::string file;  // relative, as in LocalCaCertificate
  std::string pem;   // empty when the file holds no certificate
};

struct LocalCaFolder {
  std::vector<LocalCaCertificate> certificates;
  std::vector<LocalCaFile> files;
  // A file update-ca-certificates leaves out (not named *.crt) or that holds no PEM
  // certificate, one line each naming it.
  std::vector<std::string> problems;
};

// Reads every regular file under `dir`, symlinks followed as update-ca-certificates follows
// them, in path order; at most 1000 files of at most 1 MiB each (the rest are problems). A
// folder that does not exist is an empty one (nothing was added); one that cannot be listed is
// an error naming it.
Result<LocalCaFolder> ReadLocalCaFolder(const std::filesystem::path& dir);

}  // namespace orchard::host
