#pragma once

// The world bench/scale_bench runs in: a network namespace of its own, a file limit raised as far
// as it goes, a throw-away CA, nginx and blackbox_exporter as child process groups, and readers
// of /proc for their CPU and memory. Linux only; everything listens on 127.0.0.x.
#include <sys/resource.h>
#include <sys/types.h>

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace scale_bench {

inline constexpr const char* kServerAddress = "127.0.0.1";  // nginx, TLS for *.scale.test
inline constexpr int kServerPort = 8443;
inline constexpr const char* kBlackboxAddress = "127.0.0.2";
inline constexpr int kBlackboxPort = 9115;
inline constexpr const char* kBlackboxModule = "tls_connect";
// Two: nginx itself needs about 0.6 ms of CPU a handshake on the 2-core build machine (5.8 to
// 6.3 s for 10,000), more than one core gives within a 6-s run.
inline constexpr int kNginxWorkers = 2;

// A step that must work for the bench to mean anything; main turns it into exit 1.
struct SetupError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// SIGINT and SIGTERM set a flag and send SIGTERM to every process group spawned (and still
// registered); the bench then unwinds through ThrowIfStopped, removing what it made.
void InstallStopHandlers();
bool Stopped();
void ThrowIfStopped();  // throws SetupError("interrupted")

std::string ReadFile(const std::filesystem::path& path);                     // "" when unreadable
void WriteFile(const std::filesystem::path& path, const std::string& text);  // throws
std::string Tail(const std::filesystem::path& path, size_t lines = 15);

// A folder under /tmp, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Which registered group a spawned process is, for the stop handler.
enum class Slot { kServer, kExporter, kOrchard };

// Forks `argv` (PATH searched) in a process group of its own, stdin from /dev/null, stdout and
// stderr into `log`; it is killed if this process dies. Registers the group in `slot`.
pid_t Spawn(const std::vector<std::string>& argv, const std::filesystem::path& log, Slot slot);
void Unregister(Slot slot);

// A server started with Spawn: SIGTERM to its group on destruction, SIGKILL after five seconds.
class Daemon {
 public:
  Daemon(std::string name, const std::vector<std::string>& argv, std::filesystem::path log,
         Slot slot);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;
  pid_t pid() const { return pid_; }
  // Returns once ADDRESS:PORT accepts; throws when the server exits first or after 10 s.
  void WaitListening(const char* address, int port);

 private:
  std::string name_;
  std::filesystem::path log_;
  Slot slot_;
  pid_t pid_ = -1;
};

double ProcCpuSeconds(pid_t pid);  // utime + stime of a live process, all its threads
double TreeCpuSeconds(pid_t pid);  // the same plus its children's (nginx's workers)
double VmHwmMiB(pid_t pid);        // peak resident set of a live process

// The namespace's TCP counters that tell of server-side drops (accept or SYN queue full, SYN
// cookies); DropsSince says " none" or which grew and by how much.
std::map<std::string, long> DropCounters();
std::string DropsSince(const std::map<std::string, long>& before);

// unshare(CLONE_NEWNET), lo up, and accept queues and source ports enough for `targets` at once.
void EnterNetworkNamespace(int targets);

struct FileLimit {
  rlim_t in_force = 0;  // soft = hard, inherited by every child
  std::string note;     // what was raised, or why not
};
FileLimit RaiseFileLimit(int targets);

// ca.pem/ca.key and leaf.pem/leaf.key (ECDSA P-256, SAN *.scale.test) in `dir`, by the openssl
// command-line tool.
void MakeCertificates(const std::filesystem::path& dir);
std::string NginxConfig(const std::filesystem::path& dir, int targets, rlim_t nofile);
std::string BlackboxConfig(const std::filesystem::path& dir, double timeout);

}  // namespace scale_bench
