#include "host/host_folder.h"

#include <fmt/format.h>

#include <system_error>

#include "base/file.h"
#include "base/strings.h"
#include "host/local_ca.h"
#include "host/proxy_environment.h"
#include "host/text.h"

namespace orchard::host {
namespace {

constexpr std::string_view kPlatformFile = "platform";
constexpr std::string_view kOsReleaseFile = "os-release";
constexpr std::string_view kResolvConfFile = "resolv.conf";
constexpr std::string_view kProxyEnvironmentFile = "proxy-environment";
constexpr std::string_view kLocalCaFolder = "ca-certificates";

const RecordedTool* Find(const std::string& program, const std::vector<std::string>& args) {
  for (const RecordedTool& tool : RecordedTools()) {
    if (tool.program == program &&
        std::equal(tool.args.begin(), tool.args.end(), args.begin(), args.end())) {
      return &tool;
    }
  }
  return nullptr;
}

bool Exists(const std::filesystem::path& path) {
  std::error_code ec;
  return std::filesystem::exists(path, ec);
}

// The Linux facts that are not tool outputs: the files they came from, copied as they are (a
// missing one stays missing), the proxy variables (already redacted) and the local CAs, each
// file reduced to its certificates.
Result<void> SaveLinuxSources(const HostEnvironment& env, const HostFacts& facts,
                              const std::filesystem::path& folder) {
  for (const auto& [from, name] :
       {std::pair{env.os_release, kOsReleaseFile}, std::pair{env.resolv_conf, kResolvConfFile}}) {
    auto text = ReadFile(from);
    if (!text) continue;
    if (auto written = WriteFileAtomically(folder / name, *text); !written) return written;
  }
  if (facts.proxy_environment) {
    if (auto written = WriteFileAtomically(folder / kProxyEnvironmentFile,
                                           FormatProxyEnvironment(*facts.proxy_environment));
        !written) {
      return written;
    }
  }
  auto cas = ReadLocalCaFolder(env.local_ca_dir);
  if (!cas) return {};  // unreadable: the facts' problems say so, and the folder lacks it
  for (const LocalCaFile& file : cas->files) {
    const std::filesystem::path to = folder / kLocalCaFolder / file.file;
    std::error_code ec;
    std::filesystem::create_directories(to.parent_path(), ec);
    if (ec) {
      return MakeError(ErrorCode::kIo, fmt::format("{}: cannot create folder: {}",
                                                   to.parent_path().string(), ec.message()));
    }
    if (auto written = WriteFileAtomically(to, file.pem); !written) return written;
  }
  std::error_code ec;
  std::filesystem::create_directories(folder / kLocalCaFolder, ec);
  if (ec) {
    return MakeError(ErrorCode::kIo, fmt::format("{}: cannot create folder: {}",
                                                 (folder / kLocalCaFolder).string(), ec.message()));
  }
  return {};
}

}  // namespace

const std::vector<RecordedTool>& RecordedTools() {
  static const std::vector<RecordedTool> kTools = {
      {"/usr/bin/sw_vers", {}, "sw_vers.txt"},
      {"/usr/sbin/scutil", {"--dns"}, "scutil--dns.txt"},
      {"/usr/sbin/scutil",
       {"--proxy"},
       "scutil--proxy.txt",
       /*keep_stderr_on_failure=*/false,
       /*redact_credentials=*/true},
      {"/usr/bin/systemextensionsctl", {"list"}, "systemextensionsctl-list.txt"},
      {"/usr/bin/profiles", {"status", "-type", "enrollment"}, "profiles-status-enrollment.txt"},
      {"/usr/bin/profiles", {"-C", "-o", "stdout-xml"}, "profiles-C-o-stdout-xml.plist"},
      {"/usr/bin/security",
       {"dump-trust-settings", "-d"},
       "security-dump-trust-settings-d.txt",
       /*keep_stderr_on_failure=*/true},
      {"/usr/bin/security",
       {"find-certificate", "-a", "-p", kSystemKeychain},
       "security-find-certificate-system.pem"},
  };
  return kTools;
}

Result<ToolOutput> ReplayToolRunner::Run(const std::string& program,
                                         const std::vector<std::string>& args) {
  const RecordedTool* tool = Find(program, args);
  if (tool == nullptr) {
    return MakeError(ErrorCode::kIo,
                     fmt::format("cannot run {}: not found", CommandLine(program, args)));
  }
  std::filesystem::path path = folder_ / tool->file;
  if (!Exists(path)) {
    return MakeError(ErrorCode::kIo, fmt::format("{}: not recorded ({} missing)",
                                                 CommandLine(program, args), path.string()));
  }
  auto content = ReadFile(path);
  if (!content) return tl::unexpected(content.error());
  ToolOutput output;
  output.out = std::move(*content);
  return output;
}

Result<ToolOutput> RecordingToolRunner::Run(const std::string& program,
                                            const std::vector<std::string>& args) {
  auto output = inner_.Run(program, args);
  const RecordedTool* tool = Find(program, args);
  if (!output || tool == nullptr) return output;
  const std::string* kept = nullptr;
  if (output->exit_status == 0) {
    kept = &output->out;
  } else if (tool->keep_stderr_on_failure && Trim(output->out).empty()) {
    kept = &output->err;
  }
  if (kept != nullptr) {
    const std::string text = tool->redact_credentials ? RedactUrlCredentials(*kept) : *kept;
    if (auto written = WriteFileAtomically(folder_ / tool->file, text); !written) {
      errors_.push_back(written.error().message());
    }
  }
  return output;
}

Result<HostFacts> LoadHostFacts(const std::filesystem::path& folder) {
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec)) {
    return MakeError(ErrorCode::kUsage,
                     fmt::format("--host-facts {}: no such folder", folder.string()));
  }
  HostEnvironment env;
  env.platform = Platform::kMacOS;
  if (Exists(folder / kPlatformFile)) {
    auto text = ReadFile(folder / kPlatformFile);
    if (!text) return tl::unexpected(text.error().WithContext("--host-facts"));
    std::string_view name = Trim(*text);
    if (name == "linux") {
      env.platform = Platform::kLinux;
    } else if (name != "macos") {
      return MakeError(ErrorCode::kUsage,
                       fmt::format("--host-facts {}: platform says \"{}\", expected macos or linux",
                                   (folder / kPlatformFile).string(), name));
    }
  }
  env.os_release = folder / kOsReleaseFile;
  env.resolv_conf = folder / kResolvConfFile;
  env.local_ca_dir = folder / kLocalCaFolder;
  env.proxy_variables.clear();  // never this process's
  std::vector<std::string> problems;
  bool have_environment = false;
  if (env.platform == Platform::kLinux) {
    if (auto text = ReadFile(folder / kProxyEnvironmentFile); !text) {
      problems.push_back(fmt::format("{}: not recorded", kProxyEnvironmentFile));
    } else if (auto variables = ParseProxyEnvironment(*text); !variables) {
      problems.push_back(variables.error().message());
    } else {
      have_environment = true;
      for (ProxyVariable& v : *variables) env.proxy_variables[v.name] = std::move(v.value);
    }
  }
  ReplayToolRunner runner(folder);
  HostFacts facts = CollectHostFacts(runner, env);
  if (env.platform == Platform::kLinux) {
    if (!have_environment) facts.proxy_environment.reset();
    if (!Exists(env.local_ca_dir)) {
      facts.local_ca_certificates.reset();
      problems.push_back(fmt::format("{}: not recorded", kLocalCaFolder));
    }
  }
  facts.problems.insert(facts.problems.end(), problems.begin(), problems.end());
  return facts;
}

Result<HostFacts> CollectAndSaveHostFacts(ToolRunner& runner, const HostEnvironment& env,
                                          const std::filesystem::path& folder) {
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) {
    return MakeError(ErrorCode::kIo, fmt::format("--save {}: cannot create folder: {}",
                                                 folder.string(), ec.message()));
  }
  if (auto written =
          WriteFileAtomically(folder / kPlatformFile, fmt::format("{}\n", ToString(env.platform)));
      !written) {
    return tl::unexpected(written.error().WithContext("--save"));
  }
  RecordingToolRunner recorder(runner, folder);
  HostFacts facts = CollectHostFacts(recorder, env);
  if (!recorder.errors().empty()) {
    return MakeError(ErrorCode::kIo, "--save: " + recorder.errors().front());
  }
  if (env.platform == Platform::kLinux) {
    if (auto saved = SaveLinuxSources(env, facts, folder); !saved) {
      return tl::unexpected(saved.error().WithContext("--save"));
    }
  }
  return facts;
}

}  // namespace orchard::host
