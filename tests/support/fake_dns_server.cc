#include "support/fake_dns_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

#include "base/strings.h"

namespace orchard::testing {
namespace {

void Put16(std::vector<unsigned char>& out, uint16_t v) {
  out.push_back(static_cast<unsigned char>(v >> 8));
  out.push_back(static_cast<unsigned char>(v & 0xff));
}

void PutName(std::vector<unsigned char>& out, const std::string& name) {
  size_t start = 0;
  while (start < name.size()) {
    size_t dot = name.find('.', start);
    if (dot == std::string::npos) dot = name.size();
    out.push_back(static_cast<unsigned char>(dot - start));
    out.insert(out.end(), name.begin() + static_cast<long>(start),
               name.begin() + static_cast<long>(dot));
    start = dot + 1;
  }
  out.push_back(0);
}

void PutRecord(std::vector<unsigned char>& out, const std::string& owner, uint16_t type,
               const std::vector<unsigned char>& rdata) {
  PutName(out, owner);
  Put16(out, type);
  Put16(out, 1);  // IN
  Put16(out, 0);
  Put16(out, 60);  // TTL
  Put16(out, static_cast<uint16_t>(rdata.size()));
  out.insert(out.end(), rdata.begin(), rdata.end());
}

}  // namespace

FakeDnsServer::FakeDnsServer(std::map<std::string, FakeZoneEntry> zone) : zone_(std::move(zone)) {
  fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    throw std::runtime_error("fake DNS server: cannot bind");
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

FakeDnsServer::~FakeDnsServer() {
  stop_ = true;
  thread_.join();
  ::close(fd_);
}

void FakeDnsServer::Serve() {
  while (!stop_) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    std::vector<unsigned char> buffer(1500);
    sockaddr_storage peer{};
    socklen_t peer_len = sizeof peer;
    ssize_t n = ::recvfrom(fd_, buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr*>(&peer),
                           &peer_len);
    if (n <= 0) continue;
    ++queries_;
    buffer.resize(static_cast<size_t>(n));
    auto answer = Answer(buffer);
    if (answer.empty()) continue;
    ::sendto(fd_, answer.data(), answer.size(), 0, reinterpret_cast<sockaddr*>(&peer), peer_len);
  }
}

std::vector<unsigned char> FakeDnsServer::Answer(const std::vector<unsigned char>& query) const {
  if (query.size() < 17) return {};
  // The question: uncompressed labels after the 12-byte header.
  std::string name;
  size_t at = 12;
  while (at < query.size() && query[at] != 0) {
    size_t len = query[at];
    if (at + 1 + len > query.size()) return {};
    if (!name.empty()) name += '.';
    for (size_t i = 0; i < len; ++i) {
      name += AsciiLower(static_cast<char>(query[at + 1 + i]));
    }
    at += 1 + len;
  }
  if (at + 5 > query.size()) return {};
  const size_t question_end = at + 5;
  const uint16_t qtype = static_cast<uint16_t>((query[at + 1] << 8) | query[at + 2]);

  FakeZoneEntry entry{DnsBehaviour::kNxdomain, {}, {}, {}};
  if (auto it = zone_.find(name); it != zone_.end()) entry = it->second;
  if (entry.behaviour == DnsBehaviour::kSilent) return {};

  int rcode = 0;
  if (entry.behaviour == DnsBehaviour::kNxdomain) rcode = 3;
  if (entry.behaviour == DnsBehaviour::kServfail) rcode = 2;
  if (entry.behaviour == DnsBehaviour::kRefused) rcode = 5;

  std::vector<unsigned char> records;
  uint16_t count = 0;
  if (entry.behaviour == DnsBehaviour::kAnswer || entry.behaviour == DnsBehaviour::kNodata) {
    std::string owner = name;
    for (const auto& target : entry.cnames) {
      std::vector<unsigned char> rdata;
      PutName(rdata, target);
      PutRecord(records, owner, 5, rdata);
      ++count;
      owner = target;
    }
    if (entry.behaviour == DnsBehaviour::kAnswer) {
      for (const auto& text : qtype == 1 ? entry.a : entry.aaaa) {
        std::vector<unsigned char> rdata(qtype == 1 ? 4 : 16);
        if (::inet_pton(qtype == 1 ? AF_INET : AF_INET6, text.c_str(), rdata.data()) != 1) continue;
        PutRecord(records, owner, qtype, rdata);
        ++count;
      }
    }
  }

  std::vector<unsigned char> out(query.begin(), query.begin() + static_cast<long>(question_end));
  out[2] = static_cast<unsigned char>(0x80 | (query[2] & 0x01));  // QR, RD copied
  out[3] = static_cast<unsigned char>(0x80 | rcode);              // RA, rcode
  out[4] = 0;
  out[5] = 1;
  out[6] = static_cast<unsigned char>(count >> 8);
  out[7] = static_cast<unsigned char>(count & 0xff);
  std::fill(out.begin() + 8, out.begin() + 12, 0);
  out.insert(out.end(), records.begin(), records.end());
  return out;
}

}  // namespace orchard::testing
