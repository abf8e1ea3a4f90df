#include "probe/dns/dns_cares.h"

#include <ares.h>
#include <arpa/nameser.h>
#include <poll.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <charconv>
#include <map>
#include <mutex>
#include <span>

#include "probe/deadline.h"
#include "probe/dns/dns_message.h"

namespace orchard::probe {
namespace asio = boost::asio;

Result<std::string> ParseResolverAddress(std::string_view text) {
  std::string_view host = text;
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos) {
      return MakeError(ErrorCode::kUsage, "--resolver " + std::string(text) + ": missing ']'");
    }
    host = text.substr(1, close - 1);
    if (close + 1 < text.size()) {
      if (text[close + 1] != ':') {
        return MakeError(ErrorCode::kUsage, "--resolver " + std::string(text) + ": junk after ']'");
      }
      port_text = text.substr(close + 2);
    }
  } else if (text.find(':') == text.rfind(':') && text.find(':') != std::string_view::npos) {
    host = text.substr(0, text.find(':'));
    port_text = text.substr(text.find(':') + 1);
  }
  boost::system::error_code ec;
  auto address = asio::ip::make_address(std::string(host), ec);
  if (ec) {
    return MakeError(ErrorCode::kUsage,
                     "--resolver " + std::string(text) + ": not an IP address (ADDRESS[:PORT])");
  }
  unsigned port = 53;
  if (!port_text.empty()) {
    auto [end, err] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (err != std::errc() || end != port_text.data() + port_text.size() || port == 0 ||
        port > 65535) {
      return MakeError(ErrorCode::kUsage, "--resolver " + std::string(text) + ": bad port");
    }
  }
  if (address.is_v6()) return "[" + address.to_string() + "]:" + std::to_string(port);
  return address.to_string() + ":" + std::to_string(port);
}

namespace {

void InitLibraryOnce() {
  static std::once_flag once;
  std::call_once(once, [] { ares_library_init(ARES_LIB_INIT_ALL); });
}

struct QueryResult {
  std::string name;
  uint16_t qtype = 0;
  bool done = false;
  int status = ARES_ETIMEOUT;
  std::vector<unsigned char> message;
};

// One c-ares channel bound to an Asio executor. Not thread-safe; lives in one coroutine frame.
class Channel {
 public:
  explicit Channel(asio::any_io_executor executor)
      : executor_(executor), timer_(executor), wake_(executor) {}
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;

  ~Channel() {
    *alive_ = false;
    if (channel_ != nullptr) ares_destroy(channel_);  // may call SockState and callbacks
    for (auto& [fd, watcher] : watchers_) watcher->descriptor.release();
  }

  // Returns a c-ares status (ARES_SUCCESS when the channel is ready).
  int Init(const std::string& servers_csv, SteadyClock::duration budget) {
    ares_options options{};
    int mask = ARES_OPT_SOCK_STATE_CB | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_FLAGS;
    // Without NOCHECKRESP c-ares 1.18 turns SERVFAIL and REFUSED into "could not contact DNS
    // servers"; with it the first server's rcode comes through, which is what a check reports.
    options.flags = ARES_FLAG_NOCHECKRESP;
    options.sock_state_cb = &Channel::SockStateThunk;
    options.sock_state_cb_data = this;
    // c-ares doubles the per-try timeout after each round (t + 2t + 4t for three tries), so a
    // seventh of what is left lets all tries happen before the deadline cancels the lookup.
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(budget).count() / 7;
    options.timeout = static_cast<int>(std::clamp<long long>(ms, 20, 60'000));
    options.tries = 3;
    int status = ares_init_options(&channel_, &options, mask);
    if (status != ARES_SUCCESS) {
      channel_ = nullptr;
      return status;
    }
    if (!servers_csv.empty()) status = ares_set_servers_ports_csv(channel_, servers_csv.c_str());
    return status;
  }

  void Query(QueryResult* result) {
    ++pending_;
    ares_query(channel_, result->name.c_str(), ns_c_in, result->qtype, &Channel::QueryThunk,
               new Pending{this, result});
    ResetTimer();
  }

  // Waits until every query finished or the deadline passed; then cancels what is left (those
  // queries end with ARES_ECANCELLED).
  asio::awaitable<void> Wait(Deadline deadline) {
    if (pending_ > 0) {
      wake_.expires_at(deadline);
      co_await wake_.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    if (pending_ > 0) ares_cancel(channel_);
  }

 private:
  struct Pending {
    Channel* channel;
    QueryResult* result;
  };
  struct Watcher {
    Watcher(asio::any_io_executor ex, int fd) : descriptor(ex), fd(fd) {}
    asio::posix::stream_descriptor descriptor;
    int fd;
    bool want_read = false;
    bool want_write = false;
    bool reading = false;
    bool writing = false;
    bool gone = false;
  };

  static void QueryThunk(void* arg, int status, int /*timeouts*/, unsigned char* abuf, int alen) {
    std::unique_ptr<Pending> pending(static_cast<Pending*>(arg));
    QueryResult* r = pending->result;
    r->done = true;
    r->status = status;
    if (abuf != nullptr && alen > 0) r->message.assign(abuf, abuf + alen);
    if (--pending->channel->pending_ == 0) pending->channel->wake_.cancel();
  }

  static void SockStateThunk(void* data, ares_socket_t fd, int readable, int writable) {
    static_cast<Channel*>(data)->SockState(fd, readable != 0, writable != 0);
  }

  void SockState(int fd, bool readable, bool writable) {
    auto it = watchers_.find(fd);
    if (!readable && !writable) {
      if (it != watchers_.end()) {
        it->second->gone = true;
        it->second->descriptor.release();  // c-ares owns and closes the fd
        watchers_.erase(it);
      }
      return;
    }
    if (it == watchers_.end()) {
      auto watcher = std::make_shared<Watcher>(executor_, fd);
      boost::system::error_code ec;
      watcher->descriptor.assign(fd, ec);
      if (ec) return;  // unwatched: the query ends by c-ares's timeout or our deadline
      it = watchers_.emplace(fd, std::move(watcher)).first;
    }
    it->second->want_read = readable;
    it->second->want_write = writable;
    Arm(it->second);
  }

  void Arm(const std::shared_ptr<Watcher>& w) {
    if (w->gone || !*alive_) return;
    if (w->want_read && !w->reading) {
      w->reading = true;
      w->descriptor.async_wait(asio::posix::stream_descriptor::wait_read,
                               [this, w, alive = alive_](const boost::system::error_code& ec) {
                                 w->reading = false;
                                 if (!*alive || w->gone || ec) return;
                                 Process(w, true);
                               });
    }
    if (w->want_write && !w->writing) {
      w->writing = true;
      w->descriptor.async_wait(asio::posix::stream_descriptor::wait_write,
                               [this, w, alive = alive_](const boost::system::error_code& ec) {
                                 w->writing = false;
                                 if (!*alive || w->gone || ec) return;
                                 Process(w, false);
                               });
    }
  }

  void Process(const std::shared_ptr<Watcher>& w, bool readable) {
    const int fd = w->fd;
    ares_process_fd(channel_, readable ? fd : ARES_SOCKET_BAD, readable ? ARES_SOCKET_BAD : fd);
    // Asio's epoll reactor is edge-triggered: drain what c-ares left unread before waiting again.
    for (int i = 0; readable && i < 64 && !w->gone; ++i) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 0) <= 0 || (p.revents & POLLIN) == 0) break;
      ares_process_fd(channel_, fd, ARES_SOCKET_BAD);
    }
    Arm(w);
    ResetTimer();
  }

  void ResetTimer() {
    if (!*alive_ || pending_ == 0) return;
    timeval max{};
    timeval tv{};
    max.tv_sec = 3600;
    timeval* next = ares_timeout(channel_, &max, &tv);
    timer_.expires_after(std::chrono::seconds(next->tv_sec) +
                         std::chrono::microseconds(next->tv_usec));
    timer_.async_wait([this, alive = alive_](const boost::system::error_code& ec) {
      if (ec || !*alive) return;
      ares_process_fd(channel_, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
      ResetTimer();
    });
  }

  asio::any_io_executor executor_;
  ares_channel channel_ = nullptr;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  std::map<int, std::shared_ptr<Watcher>> watchers_;
  asio::steady_timer timer_;  // c-ares's own retry clock
  asio::steady_timer wake_;   // the waiting coroutine; cancelled when the last query ends
  int pending_ = 0;
};

DnsAnswer Interpret(const QueryResult& q, const std::string& servers) {
  DnsAnswer out;
  if (!q.message.empty()) {
    auto parsed = ParseDnsResponse(q.message, q.name, q.qtype);
    if (parsed) {
      out.cname_chain = std::move(parsed->cname_chain);
      out.addresses = std::move(parsed->addresses);
    } else if (q.status == ARES_SUCCESS) {
      out.status = DnsStatus::kError;
      out.detail = parsed.error().message();
      return out;
    }
  }
  switch (q.status) {
    case ARES_SUCCESS:
    case ARES_ENODATA:
      out.status = out.addresses.empty() ? DnsStatus::kNodata : DnsStatus::kOk;
      break;
    case ARES_ENOTFOUND:
      out.status = DnsStatus::kNxdomain;
      break;
    case ARES_ESERVFAIL:
      out.status = DnsStatus::kServfail;
      break;
    case ARES_EREFUSED:
      out.status = DnsStatus::kRefused;
      break;
    case ARES_ETIMEOUT:
    case ARES_ECANCELLED:
    case ARES_EDESTRUCTION:
      out.status = DnsStatus::kTimeout;
      break;
    case ARES_ECONNREFUSED:
      out.status = DnsStatus::kTimeout;
      out.detail = "no DNS server listening";
      break;
    default:
      out.status = DnsStatus::kError;
      out.detail = ares_strerror(q.status);
      break;
  }
  if (!servers.empty() && out.status != DnsStatus::kOk) {
    out.detail += (out.detail.empty() ? "" : "; ") + std::string("asked ") + servers;
  }
  if (out.status != DnsStatus::kOk) out.addresses.clear();
  return out;
}

}  // namespace

Result<std::unique_ptr<CaresResolver>> CaresResolver::Create(std::vector<std::string> servers) {
  InitLibraryOnce();
  std::string csv;
  for (const auto& s : servers) {
    if (!csv.empty()) csv += ",";
    csv += s;
  }
  ares_channel probe = nullptr;
  int status = ares_init(&probe);
  if (status == ARES_SUCCESS && !csv.empty()) {
    status = ares_set_servers_ports_csv(probe, csv.c_str());
  }
  if (probe != nullptr) ares_destroy(probe);
  if (status != ARES_SUCCESS) {
    return MakeError(ErrorCode::kUsage, std::string("cannot set up DNS: ") + ares_strerror(status));
  }
  return std::unique_ptr<CaresResolver>(new CaresResolver(std::move(csv)));
}

asio::awaitable<DnsAnswer> CaresResolver::Resolve(std::string name, AddressFamilies families,
                                                  Deadline deadline) {
  // The results outlive the channel: destroying a channel completes its queries into them.
  QueryResult a{name, kDnsTypeA, false, ARES_ETIMEOUT, {}};
  QueryResult aaaa{name, kDnsTypeAaaa, false, ARES_ETIMEOUT, {}};
  auto channel = std::make_unique<Channel>(co_await asio::this_coro::executor);
  if (int status = channel->Init(servers_csv_, Remaining(deadline)); status != ARES_SUCCESS) {
    co_return DnsAnswer{
        DnsStatus::kError, {}, {}, std::string("c-ares: ") + ares_strerror(status), {}};
  }
  if (families != AddressFamilies::kIpv6Only) channel->Query(&a);
  if (families != AddressFamilies::kIpv4Only) channel->Query(&aaaa);
  co_await channel->Wait(deadline);
  channel.reset();  // ends the lookups before their results are read

  const std::string servers = servers_csv_;
  if (families == AddressFamilies::kIpv4Only) co_return Interpret(a, servers);
  if (families == AddressFamilies::kIpv6Only) co_return Interpret(aaaa, servers);
  co_return CombineFamilies(Interpret(a, servers), Interpret(aaaa, servers));
}

}  // namespace orchard::probe
