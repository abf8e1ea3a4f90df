#include "scale_lab.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace scale_bench {

namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Set by SIGINT/SIGTERM; the handler also signals every process group still registered.
volatile sig_atomic_t g_stop = 0;
volatile pid_t g_groups[3] = {0, 0, 0};  // indexed by Slot

void OnSignal(int) {
  g_stop = 1;
  for (pid_t pid : g_groups) {
    if (pid > 0) kill(-pid, SIGTERM);
  }
}

void Sh(const std::string& command) {
  if (std::system(command.c_str()) != 0) throw SetupError("failed: " + command);
}

}  // namespace

void InstallStopHandlers() {
  struct sigaction action {};
  action.sa_handler = OnSignal;  // no SA_RESTART: a wait is interrupted and the bench unwinds
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

bool Stopped() { return g_stop != 0; }

void ThrowIfStopped() {
  if (g_stop) throw SetupError("interrupted");
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out.flush()) throw SetupError("cannot write " + path.string());
}

// The last `lines` lines of a log, for a failure message.
std::string Tail(const fs::path& path, size_t lines) {
  std::vector<std::string> all;
  std::istringstream text(ReadFile(path));
  for (std::string line; std::getline(text, line);) all.push_back(line);
  std::string tail;
  for (size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i) {
    tail += all[i] + "\n";
  }
  return tail;
}

TempDir::TempDir() {
  char pattern[] = "/tmp/orchard-scale-bench-XXXXXX";
  if (!mkdtemp(pattern)) throw SetupError("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

pid_t Spawn(const std::vector<std::string>& argv, const fs::path& log, Slot slot) {
  pid_t child = fork();
  if (child < 0) throw SetupError("fork failed");
  if (child == 0) {
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    dup2(fd, 1);
    dup2(fd, 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  setpgid(child, child);
  g_groups[static_cast<int>(slot)] = child;
  return child;
}

void Unregister(Slot slot) { g_groups[static_cast<int>(slot)] = 0; }

Daemon::Daemon(std::string name, const std::vector<std::string>& argv, fs::path log, Slot slot)
    : name_(std::move(name)), log_(std::move(log)), slot_(slot) {
  pid_ = Spawn(argv, log_, slot);
}

Daemon::~Daemon() {
  kill(-pid_, SIGTERM);
  for (int i = 0; i < 500; ++i) {
    if (waitpid(pid_, nullptr, WNOHANG) != 0) break;
    usleep(10'000);
  }
  kill(-pid_, SIGKILL);  // the workers, or whatever did not stop
  waitpid(pid_, nullptr, WNOHANG);
  Unregister(slot_);
}

void Daemon::WaitListening(const char* address, int port) {
  const auto end = Clock::now() + std::chrono::seconds(10);
  while (Clock::now() < end) {
    ThrowIfStopped();
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      throw SetupError(name_ + " exited at start (status " + std::to_string(status) + "):\n" +
                       Tail(log_));
    }
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    boost::system::error_code ec;
    socket.connect({asio::ip::make_address(address), static_cast<uint16_t>(port)}, ec);
    if (!ec) return;
    usleep(20'000);
  }
  throw SetupError(name_ + " is not listening on " + address + ":" + std::to_string(port) +
                   " after 10 s:\n" + Tail(log_));
}

// Fields 14 and 15 of /proc/PID/stat, counted after the command name's closing parenthesis.
double ProcCpuSeconds(pid_t pid) {
  std::string stat = ReadFile("/proc/" + std::to_string(pid) + "/stat");
  size_t paren = stat.rfind(')');
  if (paren == std::string::npos) return 0;
  std::istringstream fields(stat.substr(paren + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14 || i == 15) ticks += std::atof(field.c_str());
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double TreeCpuSeconds(pid_t pid) {
  double total = ProcCpuSeconds(pid);
  std::istringstream children(
      ReadFile("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children"));
  for (pid_t child; children >> child;) total += ProcCpuSeconds(child);
  return total;
}

// /proc/net/netstat is this process's namespace's.
std::map<std::string, long> DropCounters() {
  std::istringstream netstat(ReadFile("/proc/net/netstat"));
  std::map<std::string, long> counters;
  for (std::string names, values; std::getline(netstat, names) && std::getline(netstat, values);) {
    if (names.rfind("TcpExt:", 0) != 0) continue;
    std::istringstream n(names), v(values);
    for (std::string name, value; n >> name && v >> value;) {
      if (name == "ListenOverflows" || name == "ListenDrops" || name == "TCPReqQFullDrop" ||
          name == "TCPReqQFullDoCookies" || name == "SyncookiesSent" ||
          name == "TCPAbortOnMemory") {
        counters[name] = std::atol(value.c_str());
      }
    }
  }
  return counters;
}

std::string DropsSince(const std::map<std::string, long>& before) {
  std::string grew;
  for (const auto& [name, value] : DropCounters()) {
    auto it = before.find(name);
    long delta = value - (it == before.end() ? 0 : it->second);
    if (delta != 0) grew += " " + name + " " + std::to_string(delta);
  }
  return grew.empty() ? " none" : grew;
}

double VmHwmMiB(pid_t pid) {
  std::istringstream status(ReadFile("/proc/" + std::to_string(pid) + "/status"));
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::atof(line.c_str() + 6) / 1024;
  }
  return 0;
}

void EnterNetworkNamespace(int targets) {
  if (unshare(CLONE_NEWNET) != 0) throw SetupError("unshare(CLONE_NEWNET) failed");
  Sh("ip link set lo up");
  // Per-namespace settings: accept queues long enough for every handshake at once, and enough
  // source ports (orchard's, blackbox_exporter's and this client's connections all come from
  // 127.0.0.1).
  const std::string queue = std::to_string(std::max(4096, targets + 4096));
  WriteFile("/proc/sys/net/core/somaxconn", queue);
  WriteFile("/proc/sys/net/ipv4/tcp_max_syn_backlog", queue);
  WriteFile("/proc/sys/net/ipv4/ip_local_port_range", "1024 65535");
}

// Raises RLIMIT_NOFILE to what N connections need: blackbox_exporter holds two per probe (the
// scrape and the probe) while this process holds the scrapes' other ends. Raising the hard limit
// needs CAP_SYS_RESOURCE; without it the soft limit goes up to the hard one.
FileLimit RaiseFileLimit(int targets) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  const std::string before = std::to_string(limit.rlim_cur) + "/" + std::to_string(limit.rlim_max);
  rlim_t nr_open = std::stoull("0" + ReadFile("/proc/sys/fs/nr_open"));
  rlim_t wanted = std::max<rlim_t>(limit.rlim_max, 2 * static_cast<rlim_t>(targets) + 4096);
  if (nr_open > 0) wanted = std::min(wanted, nr_open);
  rlimit raised{wanted, wanted};
  if (setrlimit(RLIMIT_NOFILE, &raised) == 0) {
    return {wanted, "RLIMIT_NOFILE " + before + " -> " + std::to_string(wanted)};
  }
  raised = {limit.rlim_max, limit.rlim_max};
  if (setrlimit(RLIMIT_NOFILE, &raised) != 0) throw SetupError("setrlimit(RLIMIT_NOFILE) failed");
  return {limit.rlim_max, "RLIMIT_NOFILE " + before + " -> " + std::to_string(limit.rlim_max) +
                              " (" + std::to_string(wanted) +
                              " wanted: raising the hard limit needs CAP_SYS_RESOURCE)"};
}

// A CA and a leaf for *.scale.test, ECDSA P-256, valid 30 days.
void MakeCertificates(const fs::path& dir) {
  const std::string d = dir.string();
  WriteFile(dir / "leaf.ext",
            "basicConstraints=critical,CA:FALSE\n"
            "keyUsage=critical,digitalSignature\n"
            "extendedKeyUsage=serverAuth\n"
            "subjectAltName=DNS:*.scale.test\n"
            "subjectKeyIdentifier=hash\n"
            "authorityKeyIdentifier=keyid\n");
  const std::string quiet = " >>" + d + "/openssl.log 2>&1";
  Sh("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -keyout " + d +
     "/ca.key -out " + d + "/ca.pem -subj '/CN=orchard scale bench CA'" +
     " -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign" +
     quiet);
  Sh("openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + d +
     "/leaf.key -out " + d + "/leaf.csr -subj '/CN=*.scale.test'" + quiet);
  Sh("openssl x509 -req -in " + d + "/leaf.csr -CA " + d + "/ca.pem -CAkey " + d +
     "/ca.key -CAcreateserial -days 30 -extfile " + d + "/leaf.ext -out " + d + "/leaf.pem" +
     quiet);
}

// `nofile`: the file limit in force, which nginx's workers cannot raise without CAP_SYS_RESOURCE.
std::string NginxConfig(const fs::path& dir, int targets, rlim_t nofile) {
  const std::string d = dir.string();
  const rlim_t connections = std::min<rlim_t>(std::max(20000, targets + 4096), nofile);
  std::ostringstream conf;
  conf << "daemon off;\nmaster_process on;\nworker_processes " << kNginxWorkers << ";\n"
       << "worker_rlimit_nofile " << nofile << ";\n"
       << "user nobody nogroup;\npid " << d << "/nginx.pid;\n"
       << "error_log " << d << "/nginx-error.log warn;\n"
       << "events { worker_connections " << connections << "; multi_accept on; }\n"
       << "http {\n  access_log off;\n";
  for (const char* temp : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
    conf << "  " << temp << "_temp_path " << d << "/nginx-" << temp << ";\n";
  }
  conf << "  ssl_protocols TLSv1.2 TLSv1.3;\n  keepalive_timeout 5;\n"
       << "  server {\n    listen " << kServerAddress << ":" << kServerPort
       << " ssl backlog=" << std::max(4096, targets + 4096) << " reuseport;\n"
       << "    ssl_certificate " << d << "/leaf.pem;\n"
       << "    ssl_certificate_key " << d << "/leaf.key;\n"
       << "    location / { return 200 \"ok\\n\"; }\n  }\n}\n";
  return conf.str();
}

// A tcp module that connects with TLS and verifies the chain against the bench CA.
std::string BlackboxConfig(const fs::path& dir, double timeout) {
  std::ostringstream conf;
  conf << "modules:\n  " << kBlackboxModule
       << ":\n    prober: tcp\n    timeout: " << static_cast<int>(timeout * 1000)
       << "ms\n    tcp:\n      preferred_ip_protocol: ip4\n"
       << "      tls: true\n      tls_config:\n        ca_file: " << (dir / "ca.pem").string()
       << "\n        server_name: t.scale.test\n";
  return conf.str();
}

}  // namespace scale_bench
