// orchard check against many TLS targets at once, with prometheus-blackbox-exporter on the same
// targets side by side (issue 17, "Cost and scale"): start-up, CPU per check, wall time at
// --concurrency N and peak RSS, against the limits.
//
// Everything runs in a fresh network namespace made by this process (the machine's network is
// untouched) on 127.0.0.x: nginx serves TLS for *.scale.test on 127.0.0.1:8443 with a throw-away
// CA, orchard checks N catalog rows t00001.scale.test... sent there with --connect-to, and
// blackbox_exporter on 127.0.0.2:9115 gets N /probe requests from this process, as many at once
// as orchard's concurrency. The temp folder and every server are removed at the end, whatever
// happens (scale_lab.h).
//
// Usage: scale_bench [TARGETS=10000] [TIMEOUT_S=5] [CONCURRENCY=TARGETS]   (needs root, Linux)
// Packages: nginx, openssl, iproute2, prometheus-blackbox-exporter (install-deps.sh --bench).
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
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
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "scale_lab.h"

namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using namespace scale_bench;

constexpr int kStartupRuns = 20;
// The limits.
constexpr double kStartupLimitMs = 15;
constexpr double kCpuPerCheckLimitMs = 0.5;
constexpr double kRssLimitMiB = 64;

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
Run RunOrchard(const fs::path& dir, const fs::path& catalog, double timeout, int concurrency,
               bool profiled = false) {
  const fs::path json = dir / "results.json";
  fs::remove(json);
  char t[32];
  std::snprintf(t, sizeof t, "%g", timeout);
  const std::string ca = (dir / "ca.pem").string();
  // ORCHARD_BENCH_WRAP: a profiler to run the N-row run under ("perf record -g -o /tmp/p.data
  // --", "heaptrack -o /tmp/ht"), split at spaces; its figures then include the profiler's cost.
  std::vector<std::string> argv;
  const char* wrap = profiled ? std::getenv("ORCHARD_BENCH_WRAP") : nullptr;
  if (wrap != nullptr) {
    std::istringstream words(wrap);
    for (std::string word; words >> word;) argv.push_back(word);
  }
  argv.insert(argv.end(), {ORCHARD_BINARY,
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
                           t});
  const auto start = Clock::now();
  pid_t child = Spawn(argv, dir / "orchard.log", Slot::kOrchard);
  int status = 0;
  rusage usage{};
  while (wait4(child, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  Run run;
  run.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
  Unregister(Slot::kOrchard);
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
  while (tally.sent < n && !Stopped()) {
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
  const std::string request = "GET /probe?module=" + std::string(kBlackboxModule) +
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
  while (!io.stopped() && Clock::now() < give_up && !Stopped())
    io.run_for(std::chrono::milliseconds(100));
  tally.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
  tally.cpu_s = ProcCpuSeconds(exporter) - cpu_before;
  tally.client_cpu_s = SelfCpuSeconds() - self_before;
  tally.rss_mib = VmHwmMiB(exporter);
  ThrowIfStopped();
  return tally;
}

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

struct Startup {
  double wall_ms = 0, cpu_ms = 0, rss_mib = 0;  // medians
  int failed = 0;                               // runs whose one check did not pass
};

Startup MeasureStartup(const fs::path& dir, double timeout) {
  const fs::path one = dir / "one.toml";
  WriteFile(one, Catalog(1));
  std::vector<double> walls, cpus, rsss;
  Startup startup;
  for (int i = 0; i < kStartupRuns; ++i) {
    Run run = RunOrchard(dir, one, timeout, 1);
    walls.push_back(run.wall_s * 1000);
    cpus.push_back(run.cpu_s * 1000);
    rsss.push_back(run.rss_mib);
    if (run.passed != 1 && startup.failed++ == 0) PrintNotPassed("orchard start-up run", run, 1);
  }
  startup.wall_ms = Median(walls);
  startup.cpu_ms = Median(cpus);
  startup.rss_mib = Median(rsss);
  return startup;
}

// What OpenSSL's own client costs for a full handshake against the same server: the floor this
// OpenSSL sets under any TLS check (`openssl s_time -new` counts its user CPU only). 0 when it
// cannot be measured.
double OpenSslHandshakeFloorMs() {
  const std::string line =
      Capture("openssl s_time -connect 127.0.0.1:" + std::to_string(kServerPort) +
              " -new -time 3 2>/dev/null | grep 'connections/user sec'");
  // "2114 connections in 1.81s; 1167.96 connections/user sec, bytes read 0"
  const auto semicolon = line.find(';');
  if (semicolon == std::string::npos) return 0;
  const double per_user_second = std::atof(line.c_str() + semicolon + 1);
  return per_user_second > 0 ? 1000 / per_user_second : 0;
}

struct Side {
  double server_cpu_s = 0;  // nginx's, during the run
  std::string drops;        // DropsSince the run began
};

Probes MeasureBlackbox(const fs::path& dir, pid_t nginx, int targets, double timeout, int in_flight,
                       Side& side) {
  WriteFile(dir / "blackbox.yml", BlackboxConfig(dir, timeout));
  Daemon exporter(
      "blackbox_exporter",
      {"prometheus-blackbox-exporter", "--config.file=" + (dir / "blackbox.yml").string(),
       "--web.listen-address=" + std::string(kBlackboxAddress) + ":" +
           std::to_string(kBlackboxPort),
       "--log.level=warn"},
      dir / "blackbox.log", Slot::kExporter);
  exporter.WaitListening(kBlackboxAddress, kBlackboxPort);
  const double before = TreeCpuSeconds(nginx);
  const auto drops = DropCounters();
  Probes probes = ProbeAll(exporter.pid(), targets, in_flight, timeout);
  side = {TreeCpuSeconds(nginx) - before, DropsSince(drops)};
  if (probes.success != targets) {
    std::printf("\n!!! blackbox_exporter: only %d of %d probes succeeded (%d answered)\n",
                probes.success, targets, probes.answered);
    if (!probes.example_failure.empty()) {
      std::printf("!!! e.g. %s\n", probes.example_failure.c_str());
    }
    std::printf("!!! log: %s\n", Tail(dir / "blackbox.log", 5).c_str());
  }
  return probes;
}

void PrintTable(int targets, const Run& run, double cpu_per_check_ms, const Side& orchard_side,
                const Probes* probes, const Side& blackbox_side, const Startup& startup) {
  std::printf("\n%-18s %8s %8s %8s %8s %13s %14s %13s\n", "", "targets", "passed", "wall s",
              "CPU s", "CPU ms/check", "peak RSS MiB", "nginx CPU s");
  std::printf("%-18s %8d %8d %8.2f %8.2f %13.3f %14.1f %13.2f\n", "orchard check", targets,
              run.passed, run.wall_s, run.cpu_s, cpu_per_check_ms, run.rss_mib,
              orchard_side.server_cpu_s);
  if (probes) {
    std::printf("%-18s %8d %8d %8.2f %8.2f %13.3f %14.1f %13.2f\n", "blackbox_exporter", targets,
                probes->success, probes->wall_s, probes->cpu_s, probes->cpu_s / targets * 1000,
                probes->rss_mib, blackbox_side.server_cpu_s);
  }
  std::printf(
      "orchard start-up (1 row, median of %d): wall %.1f ms, CPU %.1f ms, peak RSS %.1f MiB\n",
      kStartupRuns, startup.wall_ms, startup.cpu_ms, startup.rss_mib);
  std::printf(
      "orchard: CPU ms/check = (CPU of the %d-row run - median 1-row CPU) / %d; wall and "
      "peak RSS by wait4.\n",
      targets, targets);
  if (probes) {
    std::printf(
        "blackbox_exporter: already running; CPU = utime+stime from /proc during the %d probes\n"
        "  (%d in flight at once), / %d per probe; peak RSS = VmHWM; wall = first request sent to\n"
        "  last answer read by this client (its own CPU: %.2f s). Its probes are shallower: TCP\n"
        "  connect and TLS handshake, one chain verification against ca_file, no second\n"
        "  verification against trust anchors, no interception analysis, no diagnosis, no "
        "report.\n",
        targets, probes->in_flight, targets, probes->client_cpu_s);
  }
  std::printf("Server-side drops (TcpExt counters in the namespace): orchard run%s",
              orchard_side.drops.c_str());
  if (probes) std::printf("; blackbox run%s", blackbox_side.drops.c_str());
  std::printf("\n");
}

void PrintVerdicts(int targets, double timeout, const Run& run, double cpu_per_check_ms,
                   const Startup& startup) {
  const std::string invalid_run =
      run.passed != targets ? std::to_string(targets - run.passed) + " checks did not pass" : "";
  const std::string invalid_startup =
      startup.failed ? std::to_string(startup.failed) + " runs did not pass" : "";
  std::printf("\nIssue 17 targets (orchard)%s:\n",
              targets == 10000 ? "" : " -- the issue's figures are for 10,000 targets");
  Verdict("start-up (median wall)", Fmt("%.1f ms", startup.wall_ms),
          Fmt("<= %.0f ms", kStartupLimitMs), startup.wall_ms <= kStartupLimitMs, invalid_startup);
  Verdict("CPU per check", Fmt("%.3f ms", cpu_per_check_ms), Fmt("<= %.1f ms", kCpuPerCheckLimitMs),
          cpu_per_check_ms <= kCpuPerCheckLimitMs, invalid_run);
  Verdict(("wall, " + std::to_string(targets) + " targets").c_str(), Fmt("%.2f s", run.wall_s),
          Fmt("<= %.2f s", timeout + 1), run.wall_s <= timeout + 1, invalid_run);
  Verdict("peak RSS", Fmt("%.1f MiB", run.rss_mib), Fmt("< %.0f MiB", kRssLimitMiB),
          run.rss_mib < kRssLimitMiB, invalid_run);
}

int Bench(int targets, double timeout, int concurrency) {
  // ORCHARD_BENCH_ORCHARD_ONLY=1 leaves blackbox_exporter out (quicker while profiling).
  const char* orchard_only = std::getenv("ORCHARD_BENCH_ORCHARD_ONLY");
  const bool blackbox = access("/usr/bin/prometheus-blackbox-exporter", X_OK) == 0 &&
                        (orchard_only == nullptr || std::string(orchard_only) != "1");
  const FileLimit limit = RaiseFileLimit(targets);
  EnterNetworkNamespace(targets);
  TempDir dir;
  MakeCertificates(dir.path());
  WriteFile(dir.path() / "nginx.conf", NginxConfig(dir.path(), targets, limit.in_force));
  Daemon nginx("nginx",
               {"nginx", "-p", dir.path().string(), "-e", (dir.path() / "nginx-error.log").string(),
                "-c", (dir.path() / "nginx.conf").string()},
               dir.path() / "nginx.log", Slot::kServer);
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

  const Startup startup = MeasureStartup(dir.path(), timeout);

  const fs::path many = dir.path() / "catalog.toml";
  WriteFile(many, Catalog(targets));
  const double nginx_before = TreeCpuSeconds(nginx.pid());
  const auto drops_before = DropCounters();
  const Run run = RunOrchard(dir.path(), many, timeout, concurrency, /*profiled=*/true);
  const Side orchard_side{TreeCpuSeconds(nginx.pid()) - nginx_before, DropsSince(drops_before)};
  PrintNotPassed("orchard check", run, targets);
  const double cpu_per_check_ms = (run.cpu_s - startup.cpu_ms / 1000) / targets * 1000;

  Probes probes;
  Side blackbox_side;
  if (blackbox) {
    // As many in flight as orchard's --concurrency, as far as the file limit lets
    // blackbox_exporter hold two descriptors per probe.
    const int in_flight = std::min<rlim_t>(concurrency, (limit.in_force - 64) / 2);
    probes = MeasureBlackbox(dir.path(), nginx.pid(), targets, timeout, in_flight, blackbox_side);
  }

  PrintTable(targets, run, cpu_per_check_ms, orchard_side, blackbox ? &probes : nullptr,
             blackbox_side, startup);
  if (const double floor_ms = OpenSslHandshakeFloorMs(); floor_ms > 0) {
    std::printf(
        "OpenSSL's own client on the same server (openssl s_time -new, 3 s, one at a time): "
        "%.3f ms of user CPU a handshake, without verifying anything\n",
        floor_ms);
  }
  if (fs::file_size(dir.path() / "nginx-error.log") > 0) {
    std::printf("nginx's error log:\n%s", Tail(dir.path() / "nginx-error.log", 5).c_str());
  }
  PrintVerdicts(targets, timeout, run, cpu_per_check_ms, startup);
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
  InstallStopHandlers();
  try {
    return Bench(targets, timeout, concurrency);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "scale_bench: set-up failed: %s\n", e.what());
    return 1;
  }
}
