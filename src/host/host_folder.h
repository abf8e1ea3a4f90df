#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "host/host_facts.h"
#include "host/tool_runner.h"

// A host-facts folder: the raw outputs `orchard host --save DIR` kept, one file per tool, which
// `--host-facts DIR` reads back instead of asking this machine. Layout:
//   platform                                 "macos" or "linux" (missing: macos)
//   sw_vers.txt, scutil--dns.txt, scutil--proxy.txt, systemextensionsctl-list.txt,
//   profiles-status-enrollment.txt, profiles-C-o-stdout-xml.plist,
//   security-dump-trust-settings-d.txt,
//   security-find-certificate-system.pem     each tool's stdout (see RecordedTools())
//   os-release, resolv.conf                  Linux: copies of /etc/os-release, /etc/resolv.conf
//   proxy-environment                        Linux: the proxy variables, NAME=value per line
//   ca-certificates/                         Linux: /usr/local/share/ca-certificates' files,
//                                            each reduced to its certificates
// Credentials in proxy URLs are redacted before anything is written.
namespace orchard::host {

// One tool whose output a folder keeps.
struct RecordedTool {
  std::string_view program;  // "/usr/bin/sw_vers"
  std::vector<std::string_view> args;
  std::string_view file;  // "sw_vers.txt"
  // What an empty admin trust domain looks like: exit 1 and the message on stderr. Such a run
  // is kept as the message, which the parser reads as "no certificates".
  bool keep_stderr_on_failure = false;
  // Output that may hold a URL with credentials (a PAC URL): kept with them redacted.
  bool redact_credentials = false;
};

// Every tool CollectHostFacts runs on macOS, in one table.
const std::vector<RecordedTool>& RecordedTools();

// Answers the tools of RecordedTools() from a folder: the file's content on stdout, exit 0. A
// missing file is an error saying it was not recorded, so that fact is absent; a command not in
// the table is an error as a missing tool would be.
class ReplayToolRunner final : public ToolRunner {
 public:
  explicit ReplayToolRunner(std::filesystem::path folder) : folder_(std::move(folder)) {}
  Result<ToolOutput> Run(const std::string& program, const std::vector<std::string>& args) override;

 private:
  std::filesystem::path folder_;
};

// Runs tools through `inner` and writes what each printed into `folder` (which must exist): its
// stdout when it exited 0 (or its stderr, for keep_stderr_on_failure tools that failed). A
// tool that failed leaves no file. Write errors are kept in errors(), never hidden.
class RecordingToolRunner final : public ToolRunner {
 public:
  RecordingToolRunner(ToolRunner& inner, std::filesystem::path folder)
      : inner_(inner), folder_(std::move(folder)) {}
  Result<ToolOutput> Run(const std::string& program, const std::vector<std::string>& args) override;
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  ToolRunner& inner_;  // not owned
  std::filesystem::path folder_;
  std::vector<std::string> errors_;
};

// Reads a folder's facts. A folder that does not exist (or is not a directory) or a platform
// file that says neither macos nor linux is a usage error naming it; missing tool files are
// absent facts, listed in problems.
Result<HostFacts> LoadHostFacts(const std::filesystem::path& folder);

// Collects this machine's facts through `runner` and `env` and keeps the raw outputs in
// `folder` (created when missing). Errors only when the folder cannot be made or written.
Result<HostFacts> CollectAndSaveHostFacts(ToolRunner& runner, const HostEnvironment& env,
                                          const std::filesystem::path& folder);

}  // namespace orchard::host
