#pragma once

// Running the tools that read generated configs (squid, nft, iptables-restore, node), shared by
// the generator tests and the `orchard allowlist` end-to-end tests. Test-only: commands go
// through the shell.

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "support/temp_dir.h"

namespace orchard::generate::testing {

struct ShellRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

inline ShellRun Shell(const std::string& command) {
  ShellRun run;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return run;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) run.output.append(buffer, n);
  int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

inline bool Have(const std::string& tool) {
  return Shell("command -v " + tool + " >/dev/null").exit_code == 0;
}

// `squid -k parse` on a generated config, the same on every machine: squid warns when this
// machine's own name has no reverse DNS, so the config is included from a wrapper that names the
// host, and where a UTS namespace can be had squid runs under a name that resolves nowhere (so a
// config that needed the machine's name would show it here too).
inline ShellRun SquidParse(const std::string& config_file) {
  std::string wrapper = config_file + ".parse.conf";
  std::ofstream(wrapper) << "visible_hostname orchard-test.invalid\ninclude " << config_file
                         << "\n";
  std::string parse = "squid -k parse -f " + wrapper;
  for (std::string uts : {"unshare -ru ", "unshare -u "}) {
    if (Shell(uts + "true").exit_code == 0) {
      return Shell(uts + "sh -c 'hostname orchard-unnamed-host && " + parse + "'");
    }
  }
  return Shell(parse);
}

// How to run a firewall tool without touching the host: in a new user and network namespace.
// Empty with a reason when that is impossible here.
struct Sandbox {
  std::string prefix;
  std::string unavailable;
};

inline Sandbox FirewallSandbox() {
  if (Shell("unshare -rn true").exit_code == 0) return {"unshare -rn ", ""};
  if (::geteuid() == 0 && Shell("unshare -n true").exit_code == 0) return {"unshare -n ", ""};
  return {"",
          "cannot create a network namespace here (unshare -rn failed: no user namespaces "
          "and not root); the firewall checks need one so they never touch this machine"};
}

// FindProxyForURL's answer for each URL, from the PAC run under Node.js by `harness`
// (pac_harness.js). On failure `error` holds node's output and the map is empty.
inline std::map<std::string, std::string> EvaluatePacInNode(const std::string& harness,
                                                            const std::string& pac,
                                                            const std::vector<std::string>& urls,
                                                            std::string* error) {
  orchard::testing::TempDir dir;
  std::string file = dir.Write("proxy.pac", pac);
  std::string command = "node " + harness + " " + file;
  for (const auto& u : urls) command += " '" + u + "'";
  ShellRun run = Shell(command);
  std::map<std::string, std::string> answers;
  if (run.exit_code != 0) {
    *error = run.output;
    return answers;
  }
  std::istringstream in(run.output);
  for (std::string line; std::getline(in, line);) {
    auto tab = line.find('\t');
    if (tab != std::string::npos) answers[line.substr(0, tab)] = line.substr(tab + 1);
  }
  return answers;
}

}  // namespace orchard::generate::testing
