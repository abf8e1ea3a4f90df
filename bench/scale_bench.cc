// orchard check against many TLS targets at once, with prometheus-blackbox-exporter on the same
// targets side by side (issue 17, "Cost and scale"): start-up, CPU per check, wall time at
// --concurrency N and peak RSS, against the limits.
//
// Everything runs in a fresh network namespace made by this process (the machine's network is
// untouched) on 127.0.0.x: nginx serves TLS for *.scale.test on 127.0.0.1:8443 with a throw-away
// CA, orchard checks N catalog rows t00001.scale.test... sent there with --connect-to, and
// blackbox_exporter on 127.0.0.2:9115 gets N /probe requests at once from this process.
// The temp folder and every server are removed at the end, whatever happens.
//
// Usage: scale_bench [TARGETS=10000] [TIMEOUT_S=5] [CONCURRENCY=TARGETS]   (needs root, Linux)
// Packages: nginx, openssl, iproute2, prometheus-blackbox-exporter (install-deps.sh --bench).
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/parse.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr const char* kServerAddress = "127.0.0.1";
constexpr int kServerPort = 8443;
constexpr const char* kBlackboxAddress = "127.0.0.2";
constexpr int kBlackboxPort = 9115;
// Two workers: with two cores, one worker would make nginx the bottleneck whenever the measured
// process waits; both share the listening socket through reuseport.
constexpr int kNginxWorkers = 2;
constexpr int kStartupRuns = 20;
constexpr const char* kModule = "tls_connect";

// The limits.
constexpr double kStartupLimitMs = 15;
constexpr double kCpuPerCheckLimitMs = 0.5;
constexpr double kRssLimitMiB = 64;

// A step that must work for the bench to mean anything; main turns it into exit 1.
struct SetupError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Set by SIGINT/SIGTERM; the handler also signals every process group we started.
volatile sig_atomic_t g_stop = 0;
volatile pid_t g_groups[3] = {0, 0, 0};  // nginx, blackbox_exporter, the orchard run in flight

void OnSignal(int) {
  g_stop = 1;
  for (pid_t pid : g_groups) {
    if (pid > 0) kill(-pid, SIGTERM);
  }
}

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
std::string Tail(const fs::path& path, size_t lines = 15) {
  std::vector<std::string> all;
  std::istringstream text(ReadFile(path));
  for (std::string line; std::getline(text, line);) all.push_back(line);
  std::string tail;
  for (size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i) {
    tail += all[i] + "\n";
  }
  return tail;
}

void Sh(const std::string& command) {
  if (std::system(command.c_str()) != 0) throw SetupError("failed: " + command);
}

// The temp folder, removed whatever happens.
class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/orchard-scale-bench-XXXXXX";
    if (!mkdtemp(pattern)) throw SetupError("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Forks `argv` in its own process group with stdout and stderr into `log`; the child dies with
// this process. `slot` (0-2) registers the group for the signal handler.
pid_t Spawn(const std::vector<std::string>& argv, const fs::path& log, int slot) {
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
  g_groups[slot] = child;
  return child;
}

// A server we started: SIGTERM to its group on destruction, SIGKILL after five seconds.
class Daemon {
 public:
  Daemon(std::string name, const std::vector<std::string>& argv, fs::path log, int slot)
      : name_(std::move(name)), log_(std::move(log)), slot_(slot) {
    pid_ = Spawn(argv, log_, slot);
  }
  ~Daemon() {
    kill(-pid_, SIGTERM);
    for (int i = 0; i < 500; ++i) {
      if (waitpid(pid_, nullptr, WNOHANG) != 0) break;
      usleep(10'000);
    }
    kill(-pid_, SIGKILL);  // the workers, or whatever did not stop
    waitpid(pid_, nullptr, WNOHANG);
    g_groups[slot_] = 0;
  }
  pid_t pid() const { return pid_; }

  // Waits until ADDRESS:PORT accepts, failing when the server exits first or after 10 s.
  void WaitListening(const char* address, int port) {
    const auto end = Clock::now() + std::chrono::seconds(10);
    while (Clock::now() < end) {
      ThrowIfStopped();
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        throw SetupError(name_ + " exited at start (status " + std::to_string(status) + "):\n" +
                         Tail(log_));
      }
      asio::io_context io;
      tcp::socket socket(io);
      boost::system::error_code ec;
      socket.connect({asio::ip::make_address(address), static_cast<uint16_t>(port)}, ec);
      if (!ec) return;
      usleep(20'000);
    }
    throw SetupError(name_ + " is not listening on " + address + ":" + std::to_string(port) +
                     " after 10 s:\n" + Tail(log_));
  }

 private:
  std::string name_;
  fs::path log_;
  int slot_;
  pid_t pid_ = -1;
};

// utime + stime of a live process, from /proc/PID/stat (all its threads).
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

// A process and its children's CPU (nginx's master and workers).
double TreeCpuSeconds(pid_t pid) {
  double total = ProcCpuSeconds(pid);
  std::istringstream children(
      ReadFile("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children"));
  for (pid_t child; children >> child;) total += ProcCpuSeconds(child);
  return total;
}

// This namespace's TCP counters that say the server side dropped or delayed connections (accept
// queue or SYN queue full, SYN cookies), from /proc/net/netstat.
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

// "none", or the counters that grew since `before`.
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

// ---- Set-up: namespace, limits, certificates, nginx, blackbox_exporter ----

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

struct FileLimit {
  rlim_t in_force = 0;  // soft = hard, inherited by every child
  std::string note;     // what was raised, or why not
};

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
  conf << "modules:\n  " << kModule
       << ":\n    prober: tcp\n    timeout: " << static_cast<int>(timeout * 1000)
       << "ms\n    tcp:\n      preferred_ip_protocol: ip4\n"
       << "      tls: true\n      tls_config:\n        ca_file: " << (dir / "ca.pem").string()
       << "\n        server_name: t.scale.test\n";
  return conf.str();
}

std::string Catalog(int rows) {
  std::ostringstream toml;
  toml << "[catalog]\nsource = \"scale_bench\"\nurl = \"https://scale.test/\"\n"
       << "date = \"2026-01-01\"\nnotes = []\n\n"
       << "[[category]]\nid = \"scale\"\nsection = \"Scale\"\n";
  char host[32];
  for (int i = 1; i <= rows; ++i) {
    std::snprintf(host, sizeof host, "t%05d.scale.test", i);
    toml << "\n[[endpoint]]\ncategory = \"scale\"\nhost = \"" << host << "\"\n"
         << "ports = [443]\ntransport = \"tcp\"\nprotocol = \"TCP\"\nos = [\"macOS\"]\n"
         << "description = \"scale target\"\nproxy = \"yes\"\n";
  }
  return toml.str();
}

// ---- orchard ----

struct Run {
  double wall_s = 0, cpu_s = 0, rss_mib = 0;
  int exit_code = -1;  // -1: killed by a signal
  int total = 0, passed = 0;
  std::map<std::string, int> not_passed;  // "status/reason" -> count
  std::string example_detail;             // of one check that did not pass
};

void ReadResults(const fs::path& json, Run& run) {
  boost::system::error_code ec;
  auto doc = boost::json::parse(ReadFile(json), ec);
  if (ec || !doc.is_object()) return;
  const auto* results = doc.as_object().if_contains("results");
  if (!results || !results->is_array()) return;
  for (const auto& r : results->as_array()) {
    const auto& row = r.as_object();
    ++run.total;
    const std::string status(row.at("status").as_string());
    if (status == "pass") {
      ++run.passed;
      continue;
    }
    ++run.not_passed[status + "/" + std::string(row.at("reason").as_string())];
    if (run.example_detail.empty()) run.example_detail = row.at("detail").as_string().c_str();
  }
}

// Runs orchard check on `catalog` and measures it with wait4.
Run RunOrchard(const fs::path& dir, const fs::path& catalog, double timeout, int concurrency) {
  const fs::path json = dir / "results.json";
  fs::remove(json);
  char t[32];
  std::snprintf(t, sizeof t, "%g", timeout);
  const std::string ca = (dir / "ca.pem").string();
  const std::vector<std::string> argv = {
      ORCHARD_BINARY,
      "check",
      "--no-builtin",
      "--catalog",
      catalog.string(),
      "--no-proxy",
      "--connect-to",
      "::" + std::string(kServerAddress) + ":" + std::to_string(kServerPort),
      "--ca-file",
      ca,
      "--trust-anchor",
      ca,
      "--format",
      "json",
      "-o",
      json.string(),
      "--concurrency",
      std::to_string(concurrency),
      "--timeout",
      t};
  const auto start = Clock::now();
  pid_t child = Spawn(argv, dir / "orchard.log", 2);
  int status = 0;
  rusage usage{};
  while (wait4(child, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  Run run;
  run.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
  g_groups[2] = 0;
  ThrowIfStopped();
  auto seconds = [](timeval tv) { return tv.tv_sec + tv.tv_usec / 1e6; };
  run.cpu_s = seconds(usage.ru_utime) + seconds(usage.ru_stime);
  run.rss_mib = usage.ru_maxrss / 1024.0;  // KiB on Linux
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (run.exit_code == 2 || run.exit_code == 127) {
    throw SetupError("orchard check exited " + std::to_string(run.exit_code) + ":\n" +
                     Tail(dir / "orchard.log"));
  }
  ReadResults(json, run);
  return run;
}

// ---- blackbox_exporter and its client ----

struct Probes {
  int sent = 0, answered = 0, success = 0, in_flight = 0;
  double wall_s = 0, cpu_s = 0, rss_mib = 0, client_cpu_s = 0;
  std::string example_failure;  // one answer without probe_success 1, or one client error
};

asio::awaitable<void> Probe(tcp::endpoint at, const std::string& request, Probes& tally) {
  tcp::socket socket(co_await asio::this_coro::executor);
  auto [ec] = co_await socket.async_connect(at, asio::as_tuple(asio::use_awaitable));
  std::string answer;
  if (!ec) {
    std::tie(ec, std::ignore) = co_await asio::async_write(socket, asio::buffer(request),
                                                           asio::as_tuple(asio::use_awaitable));
  }
  if (!ec) {
    // HTTP/1.0 without keep-alive: the answer ends when blackbox_exporter closes.
    std::tie(ec, std::ignore) = co_await asio::async_read(socket, asio::dynamic_buffer(answer),
                                                          asio::as_tuple(asio::use_awaitable));
  }
  if (ec != asio::error::eof || answer.rfind("HTTP/1.", 0) != 0) {
    if (tally.example_failure.empty()) tally.example_failure = "client: " + ec.message();
    co_return;
  }
  ++tally.answered;
  if (answer.find("\nprobe_success 1\n") != std::string::npos) {
    ++tally.success;
  } else if (tally.example_failure.empty()) {
    // Its metrics without the # HELP and # TYPE lines, on one line.
    std::istringstream lines(answer.substr(answer.find("\r\n\r\n") + 4));
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("probe_", 0) == 0) tally.example_failure += line + "; ";
    }
  }
}

// One of the client's lanes: probes until `tally.sent` reaches `n`.
asio::awaitable<void> Lane(tcp::endpoint at, const std::string& request, int n, Probes& tally) {
  while (tally.sent < n && !g_stop) {
    ++tally.sent;
    co_await Probe(at, request, tally);
  }
}

double SelfCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
         usage.ru_stime.tv_usec / 1e6;
}

// Sends `n` /probe requests from this process, `in_flight` at a time (all at once when the file
// limit allows), and waits for every answer.
Probes ProbeAll(pid_t exporter, int n, int in_flight, double timeout) {
  const std::string request = "GET /probe?module=" + std::string(kModule) +
                              "&target=" + kServerAddress + ":" + std::to_string(kServerPort) +
                              " HTTP/1.0\r\nHost: " + kBlackboxAddress + "\r\n\r\n";
  const tcp::endpoint at(asio::ip::make_address(kBlackboxAddress), kBlackboxPort);
  Probes tally;
  tally.in_flight = std::min(n, in_flight);
  asio::io_context io(1);
  for (int i = 0; i < tally.in_flight; ++i) {
    asio::co_spawn(io, Lane(at, request, n, tally), asio::detached);
  }
  const double cpu_before = ProcCpuSeconds(exporter);
  const double self_before = SelfCpuSeconds();
  const auto start = Clock::now();
  const auto give_up = start + std::chrono::duration<double>(3 * timeout + 30);
  while (!io.stopped() && Clock::now() < give_up && !g_stop)
    io.run_for(std::chrono::milliseconds(100));
  tally.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
  tally.cpu_s = ProcCpuSeconds(exporter) - cpu_before;
  tally.client_cpu_s = SelfCpuSeconds() - self_before;
  tally.rss_mib = VmHwmMiB(exporter);
  ThrowIfStopped();
  return tally;
}

// ---- Report ----

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

void PrintNotPassed(const char* who, const Run& run, int expected) {
  if (run.passed == expected && run.total == expected) return;
  std::printf("\n!!! %s: only %d of %d checks passed (%d in the report, exit %d):", who, run.passed,
              expected, run.total, run.exit_code);
  for (const auto& [reason, count] : run.not_passed) std::printf(" %d x %s", count, reason.c_str());
  std::printf(
      "\n!!! e.g. \"%s\"\n!!! Figures from checks that did not pass are not the cost of "
      "a check.\n",
      run.example_detail.c_str());
}

// Over the limit is OVER even when checks failed (a check that did not finish costs no more
// than one that did); within it, failed checks make the figure say nothing: NOT VALID.
void Verdict(const char* what, const std::string& figure, const std::string& limit, bool ok,
             const std::string& invalid) {
  std::string verdict = ok ? "OK" : "OVER";
  if (!invalid.empty()) verdict = ok ? "NOT VALID: " + invalid : "OVER (and " + invalid + ")";
  std::printf("  %-26s %-12s limit %-10s %s\n", what, figure.c_str(), limit.c_str(),
              verdict.c_str());
}

std::string Fmt(const char* format, double value) {
  char text[64];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

std::string Capture(const std::string& command) {
  std::string out;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[256];
    while (fgets(buffer, sizeof buffer, pipe)) out += buffer;
    pclose(pipe);
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out.substr(0, out.find('\n'));
}

int Bench(int targets, double timeout, int concurrency) {
  const bool blackbox = access("/usr/bin/prometheus-blackbox-exporter", X_OK) == 0;
  const FileLimit limit = RaiseFileLimit(targets);
  EnterNetworkNamespace(targets);
  TempDir dir;
  MakeCertificates(dir.path());
  WriteFile(dir.path() / "nginx.conf", NginxConfig(dir.path(), targets, limit.in_force));
  Daemon nginx("nginx",
               {"nginx", "-p", dir.path().string(), "-e", (dir.path() / "nginx-error.log").string(),
                "-c", (dir.path() / "nginx.conf").string()},
               dir.path() / "nginx.log", 0);
  nginx.WaitListening(kServerAddress, kServerPort);

  std::printf("scale_bench: %d targets, --timeout %g, --concurrency %d\n", targets, timeout,
              concurrency);
  std::printf("  %s; %s\n", Capture(std::string(ORCHARD_BINARY) + " --version").c_str(),
              blackbox ? Capture("prometheus-blackbox-exporter --version 2>&1").c_str()
                       : "prometheus-blackbox-exporter not installed (install-deps.sh --bench)");
  std::printf(
      "  nginx %d workers on %s:%d (TLS, ECDSA P-256, *.scale.test); %s;\n"
      "  %ld CPUs shared by the server, the measured process and this client\n",
      kNginxWorkers, kServerAddress, kServerPort, limit.note.c_str(),
      sysconf(_SC_NPROCESSORS_ONLN));
  std::fflush(stdout);

  // Start-up: one row, kStartupRuns times.
  const fs::path one = dir.path() / "one.toml";
  WriteFile(one, Catalog(1));
  std::vector<double> walls, cpus, rsss;
  int startup_failed = 0;
  for (int i = 0; i < kStartupRuns; ++i) {
    Run run = RunOrchard(dir.path(), one, timeout, 1);
    walls.push_back(run.wall_s * 1000);
    cpus.push_back(run.cpu_s * 1000);
    rsss.push_back(run.rss_mib);
    if (run.passed != 1) {
      if (startup_failed++ == 0) PrintNotPassed("orchard start-up run", run, 1);
    }
  }
  const double startup_wall_ms = Median(walls), startup_cpu_ms = Median(cpus);

  const fs::path many = dir.path() / "catalog.toml";
  WriteFile(many, Catalog(targets));
  const double nginx_before = TreeCpuSeconds(nginx.pid());
  auto drops_before = DropCounters();
  const Run run = RunOrchard(dir.path(), many, timeout, concurrency);
  const double orchard_server_cpu = TreeCpuSeconds(nginx.pid()) - nginx_before;
  const std::string orchard_drops = DropsSince(drops_before);
  PrintNotPassed("orchard check", run, targets);
  const double cpu_per_check_ms = (run.cpu_s - startup_cpu_ms / 1000) / targets * 1000;

  Probes probes;
  double blackbox_server_cpu = 0;
  std::string blackbox_drops;
  if (blackbox) {
    WriteFile(dir.path() / "blackbox.yml", BlackboxConfig(dir.path(), timeout));
    Daemon exporter(
        "blackbox_exporter",
        {"prometheus-blackbox-exporter", "--config.file=" + (dir.path() / "blackbox.yml").string(),
         "--web.listen-address=" + std::string(kBlackboxAddress) + ":" +
             std::to_string(kBlackboxPort),
         "--log.level=warn"},
        dir.path() / "blackbox.log", 1);
    exporter.WaitListening(kBlackboxAddress, kBlackboxPort);
    const double before = TreeCpuSeconds(nginx.pid());
    drops_before = DropCounters();
    // As many in flight as orchard's --concurrency, as far as the file limit lets
    // blackbox_exporter hold two descriptors per probe.
    const int in_flight = std::min<rlim_t>(concurrency, (limit.in_force - 64) / 2);
    probes = ProbeAll(exporter.pid(), targets, in_flight, timeout);
    blackbox_server_cpu = TreeCpuSeconds(nginx.pid()) - before;
    blackbox_drops = DropsSince(drops_before);
    if (probes.success != targets) {
      std::printf("\n!!! blackbox_exporter: only %d of %d probes succeeded (%d answered)\n",
                  probes.success, targets, probes.answered);
      if (!probes.example_failure.empty()) {
        std::printf("!!! e.g. %s\n", probes.example_failure.c_str());
      }
      std::printf("!!! log: %s\n", Tail(dir.path() / "blackbox.log", 5).c_str());
    }
  }

  std::printf("\n%-18s %8s %8s %8s %8s %13s %14s %13s\n", "", "targets", "passed", "wall s",
              "CPU s", "CPU ms/check", "peak RSS MiB", "nginx CPU s");
  std::printf("%-18s %8d %8d %8.2f %8.2f %13.3f %14.1f %13.2f\n", "orchard check", targets,
              run.passed, run.wall_s, run.cpu_s, cpu_per_check_ms, run.rss_mib, orchard_server_cpu);
  if (blackbox) {
    std::printf("%-18s %8d %8d %8.2f %8.2f %13.3f %14.1f %13.2f\n", "blackbox_exporter", targets,
                probes.success, probes.wall_s, probes.cpu_s, probes.cpu_s / targets * 1000,
                probes.rss_mib, blackbox_server_cpu);
  }
  std::printf(
      "orchard start-up (1 row, median of %d): wall %.1f ms, CPU %.1f ms, peak RSS %.1f MiB\n",
      kStartupRuns, startup_wall_ms, startup_cpu_ms, Median(rsss));
  std::printf(
      "orchard: CPU ms/check = (CPU of the %d-row run - median 1-row CPU) / %d; wall and peak RSS "
      "by wait4.\n",
      targets, targets);
  if (blackbox) {
    std::printf(
        "blackbox_exporter: already running; CPU = utime+stime from /proc during the %d probes\n"
        "  (%d in flight at once), / %d per probe; peak RSS = VmHWM; wall = first request sent to\n"
        "  last answer read by this client (its own CPU: %.2f s). Its probes are shallower: TCP\n"
        "  connect and TLS handshake, one chain verification against ca_file, no second\n"
        "  verification against trust anchors, no interception analysis, no diagnosis, no "
        "report.\n",
        targets, probes.in_flight, targets, probes.client_cpu_s);
  }
  std::printf("Server-side drops (TcpExt counters in the namespace): orchard run%s",
              orchard_drops.c_str());
  if (blackbox) std::printf("; blackbox run%s", blackbox_drops.c_str());
  std::printf("\n");
  if (fs::file_size(dir.path() / "nginx-error.log") > 0) {
    std::printf("nginx's error log:\n%s", Tail(dir.path() / "nginx-error.log", 5).c_str());
  }

  std::string invalid_run;
  if (run.passed != targets) {
    invalid_run = std::to_string(targets - run.passed) + " checks did not pass";
  }
  const std::string invalid_startup =
      startup_failed ? std::to_string(startup_failed) + " runs did not pass" : "";
  std::printf("\nIssue 17 targets (orchard)%s:\n",
              targets == 10000 ? "" : " -- the issue's figures are for 10,000 targets");
  Verdict("start-up (median wall)", Fmt("%.1f ms", startup_wall_ms),
          Fmt("<= %.0f ms", kStartupLimitMs), startup_wall_ms <= kStartupLimitMs, invalid_startup);
  Verdict("CPU per check", Fmt("%.3f ms", cpu_per_check_ms), Fmt("<= %.1f ms", kCpuPerCheckLimitMs),
          cpu_per_check_ms <= kCpuPerCheckLimitMs, invalid_run);
  Verdict(("wall, " + std::to_string(targets) + " targets").c_str(), Fmt("%.2f s", run.wall_s),
          Fmt("<= %.2f s", timeout + 1), run.wall_s <= timeout + 1, invalid_run);
  Verdict("peak RSS", Fmt("%.1f MiB", run.rss_mib), Fmt("< %.0f MiB", kRssLimitMiB),
          run.rss_mib < kRssLimitMiB, invalid_run);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const int targets = argc > 1 ? std::atoi(argv[1]) : 10000;
  const double timeout = argc > 2 ? std::atof(argv[2]) : 5.0;
  const int concurrency = argc > 3 ? std::atoi(argv[3]) : targets;
  if (targets < 1 || targets > 99999 || timeout <= 0 || concurrency < 1) {
    std::fprintf(stderr,
                 "usage: scale_bench [TARGETS=10000 (1-99999)] [TIMEOUT_S=5] "
                 "[CONCURRENCY=TARGETS]\n");
    return 2;
  }
#ifndef __linux__
  std::printf("scale_bench: needs Linux (network namespaces, /proc); skipping\n");
  return 0;
#else
  if (geteuid() != 0) {
    std::printf("scale_bench: needs root (a network namespace, nginx, raised limits); skipping\n");
    return 0;
  }
  for (const char* tool : {"nginx", "openssl", "ip"}) {
    if (std::system(("command -v " + std::string(tool) + " >/dev/null 2>&1").c_str()) != 0) {
      std::printf("scale_bench: %s is missing (scripts/install-deps.sh --bench); skipping\n", tool);
      return 0;
    }
  }
  struct sigaction action {};
  action.sa_handler = OnSignal;  // no SA_RESTART: a wait is interrupted and the bench unwinds
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  signal(SIGPIPE, SIG_IGN);
  try {
    return Bench(targets, timeout, concurrency);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "scale_bench: set-up failed: %s\n", e.what());
    return 1;
  }
#endif
}
