#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

// End-to-end helpers: run the orchard binary as a child process, write catalog fixtures, and
// keep loopback servers answering on a thread of their own while the binary runs.
namespace orchard::testing {

struct BinaryOutcome {
  int exit_code = -1;  // 128 + signal when the child was killed
  std::string out;
  std::string err;
  std::chrono::steady_clock::duration took{};
  std::chrono::microseconds cpu{};  // the child's user + system time
  long max_rss_kib = 0;             // the child's peak resident set (ru_maxrss)
};

// Runs `binary args...` with stdout and stderr sent to files in `dir` (so neither is a
// terminal), killed by SIGALRM after 60 s. `in_child`, when set, runs in the forked child just
// before exec (to enter a namespace or install a seccomp filter); when it returns false the
// child exits with 126 instead of running the binary.
BinaryOutcome RunBinary(const std::string& binary, std::vector<std::string> args,
                        const std::filesystem::path& dir,
                        const std::function<bool()>& in_child = {});

// One catalog row, written in the catalog's TOML form.
struct CatalogRow {
  std::string category = "lab";
  std::string host;
  std::vector<uint16_t> ports;
  std::string transport = "tcp";
  std::string protocol = "TCP";
  std::string hints;  // an inline table's body, e.g. `http_check = "ocsp"`; empty for none
};

// A catalog with categories "lab" and "other" holding `rows`; returns the TOML text.
std::string CatalogToml(const std::vector<CatalogRow>& rows);

// An io_context run on its own thread from Start() until Stop() (or the object's death). Start
// servers on io() before Start(); they answer while the binary under test runs in another
// process. Call Stop() before the servers die: they are not thread-safe.
class ServerThread {
 public:
  ServerThread() = default;
  ~ServerThread();
  ServerThread(const ServerThread&) = delete;
  ServerThread& operator=(const ServerThread&) = delete;

  boost::asio::io_context& io() { return io_; }
  void Start();
  void Stop();  // idempotent; joins the thread

 private:
  boost::asio::io_context io_;
  std::thread thread_;
};

}  // namespace orchard::testing
