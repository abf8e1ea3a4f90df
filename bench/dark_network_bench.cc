// How long `orchard check` takes on the full built-in catalog when every packet is dropped.
// The engine's promise: one wave, so the run ends within the per-check timeout plus one second.
//
// Two dark networks, both on loopback only:
//  - as root: a fresh network namespace whose nftables drop every packet (DNS to 127.0.0.1:53
//    and every TCP/UDP probe, sent with --connect-to onto 127.0.0.2);
//  - anyone: a DNS server that never answers, and a listener whose full accept queue drops SYNs.
// Usage: dark_network_bench [TIMEOUT_SECONDS]   (default 5)
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

struct Figure {
  double seconds = 0;
  int exit_code = -1;
  std::string tail;  // the text summary's last line
};

// Runs orchard (text output captured) in this process's network namespace, or in a new one
// with `nft_rules` loaded when `namespaced`.
Figure RunOrchard(std::vector<std::string> args, bool namespaced,
                  const std::vector<std::string>& nft_rules) {
  args.insert(args.begin(), ORCHARD_BINARY);
  char out_path[] = "/tmp/orchard-bench-XXXXXX";
  int out = mkstemp(out_path);
  const auto start = std::chrono::steady_clock::now();
  pid_t child = fork();
  if (child == 0) {
    if (namespaced) {
      if (unshare(CLONE_NEWNET) != 0 || system("ip link set lo up") != 0) _exit(120);
      for (const auto& rule : nft_rules) {
        if (system(("nft " + rule).c_str()) != 0) _exit(121);
      }
    }
    dup2(out, 1);
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 2);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(child, &status, 0);
  Figure f;
  f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  f.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::string text;
  char buffer[4096];
  lseek(out, 0, SEEK_SET);
  for (ssize_t n; (n = read(out, buffer, sizeof buffer)) > 0;) text.append(buffer, n);
  close(out);
  unlink(out_path);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  f.tail = text.substr(text.rfind('\n') + 1);
  return f;
}

void Print(const char* name, const Figure& f, double timeout) {
  std::printf("%-44s %6.2f s  (limit %.2f s, exit %d)  %s\n", name, f.seconds, timeout + 1,
              f.exit_code, f.seconds <= timeout + 1 ? "OK" : "OVER");
  std::printf("    %s\n", f.tail.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  const double timeout = argc > 1 ? std::atof(argv[1]) : 5.0;
  const std::string t = std::to_string(timeout);
  std::printf("orchard check, full built-in catalog, --timeout %s, every packet dropped\n",
              t.c_str());

  if (geteuid() == 0 && system("command -v nft >/dev/null 2>&1") == 0) {
    const std::vector<std::string> drop_all = {
        "add table inet dark",
        "'add chain inet dark in { type filter hook input priority 0; policy drop; }'",
    };
    Print("netns + nft drop: DNS dropped",
          RunOrchard({"check", "--timeout", t, "--resolver", "127.0.0.1:53"}, true, drop_all),
          timeout);
    Print("netns + nft drop: every connect dropped",
          RunOrchard({"check", "--timeout", t, "--connect-to", "::127.0.0.2:"}, true, drop_all),
          timeout);
  } else {
    std::printf("(not root or no nft: skipping the namespace runs)\n");
  }

  // Loopback only, no privileges: a DNS server that never answers, and a full accept queue.
  int silent = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(silent, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(silent, reinterpret_cast<sockaddr*>(&addr), &len);
  const std::string dns = "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));

  int full = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in listen_addr{};
  listen_addr.sin_family = AF_INET;
  inet_pton(AF_INET, "127.0.0.3", &listen_addr.sin_addr);
  bind(full, reinterpret_cast<sockaddr*>(&listen_addr), sizeof listen_addr);
  listen(full, 0);
  len = sizeof listen_addr;
  getsockname(full, reinterpret_cast<sockaddr*>(&listen_addr), &len);
  int filler = socket(AF_INET, SOCK_STREAM, 0);
  connect(filler, reinterpret_cast<sockaddr*>(&listen_addr), sizeof listen_addr);
  const std::string sink = "127.0.0.3:" + std::to_string(ntohs(listen_addr.sin_port));

  Print("loopback: DNS server that never answers",
        // The CIDR rows name addresses, not hosts: keep them off the real network too.
        RunOrchard(
            {"check", "--timeout", t, "--resolver", dns, "--connect-to", "17.0.0.0/8::" + sink},
            false, {}),
        timeout);
  Print("loopback: every connect to a full accept queue",
        RunOrchard({"check", "--timeout", t, "--connect-to", "::" + sink}, false, {}), timeout);
  close(filler);
  close(full);
  close(silent);
  return 0;
}
