#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

// `orchard serve` as a child process for end-to-end tests and benchmarks: start it on a free
// loopback port, scrape it over HTTP (many at once), read its metrics and its memory.
namespace orchard::testing {

class ServeProcess {
 public:
  // Runs `binary serve --listen 127.0.0.1:0 args...` with stderr in `dir` and waits (up to
  // 30 s) for its "listening on" line. On failure running() is false and log() says why.
  ServeProcess(const std::string& binary, std::vector<std::string> args,
               const std::filesystem::path& dir);
  // SIGTERM, then waits; SIGKILL after 10 s.
  ~ServeProcess();
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  bool running() const { return port_ != 0; }
  uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string log() const;  // its stderr so far

  // SIGTERM and wait; the exit code, or 128 + signal. Idempotent.
  int Stop();

 private:
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  std::filesystem::path err_path_;
  std::optional<int> exit_code_;
};

struct Scrape {
  int status = 0;  // HTTP status; 0 when the request failed
  std::string body;
  std::string content_type;
  std::string error;  // why it failed
  std::chrono::duration<double> took{};
};

// One request (`method` "GET", "POST", ...) without a body on 127.0.0.1:port, a new connection
// each time, 60 s at most.
Scrape HttpRequest(uint16_t port, const std::string& method, const std::string& target);
inline Scrape HttpGet(uint16_t port, const std::string& target) {
  return HttpRequest(port, "GET", target);
}

// Sends every target at once, one thread and connection each; answers in the same order.
std::vector<Scrape> ScrapeConcurrently(uint16_t port, const std::vector<std::string>& targets);

// The value of the first sample of `name` (with or without labels) in Prometheus text.
std::optional<double> MetricValue(const std::string& exposition, const std::string& name);

// A field of /proc/PID/status in kB ("VmRSS", "VmHWM"); nullopt off Linux or when gone.
std::optional<long> ProcStatusKb(pid_t pid, const std::string& field);

}  // namespace orchard::testing
