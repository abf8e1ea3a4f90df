#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace orchard::testing {

// How the fake server answers a name.
enum class DnsBehaviour { kAnswer, kNxdomain, kServfail, kRefused, kNodata, kSilent };

struct FakeZoneEntry {
  DnsBehaviour behaviour = DnsBehaviour::kAnswer;
  std::vector<std::string> cnames;  // the chain from the queried name, in order
  std::vector<std::string> a;       // IPv4 answers, owned by the chain's last name
  std::vector<std::string> aaaa;    // IPv6 answers
};

// A tiny authoritative-looking DNS server on 127.0.0.1 (UDP, port chosen by the kernel) that
// hand-builds answers from `zone` (names lower-case, no trailing dot). Unknown names get
// NXDOMAIN. Runs on its own thread until destroyed.
class FakeDnsServer {
 public:
  explicit FakeDnsServer(std::map<std::string, FakeZoneEntry> zone);
  ~FakeDnsServer();
  FakeDnsServer(const FakeDnsServer&) = delete;
  FakeDnsServer& operator=(const FakeDnsServer&) = delete;

  uint16_t port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  int queries() const { return queries_.load(); }

  // Builds the answer to one query message; empty for "stay silent". Public for tests.
  std::vector<unsigned char> Answer(const std::vector<unsigned char>& query) const;

 private:
  void Serve();

  std::map<std::string, FakeZoneEntry> zone_;
  int fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> queries_{0};
  std::thread thread_;
};

}  // namespace orchard::testing
