#include "probe/protocol_dispatch.h"

#include <boost/asio/this_coro.hpp>
#include <utility>

#include "probe/deadline.h"
#include "probe/kinds.h"

namespace orchard::probe {
namespace asio = boost::asio;

bool ProtocolDispatch::Supports(CheckKind kind) const {
  return !KindOf(kind).needs_trust || trust_ != nullptr;
}

// Each kind's runner is a coroutine of its own: a coroutine's frame holds every local of every
// branch, and a TLS check waiting for a handshake slot should not carry an HTTP check's request,
// stream and answers (about 4 KB a check, times --concurrency).
asio::awaitable<ProtocolOutcome> ProtocolDispatch::OverTcp(const ProbeSpec& spec,
                                                           asio::ip::tcp::socket& socket,
                                                           const Route& route, Deadline deadline) {
  const KindSpec& kind = KindOf(spec.kind);
  if (kind.over_tcp == nullptr || !Supports(spec.kind)) co_return Passed("port open");
  const KindContext ctx{spec, route, deadline, clock_, trust_, ntp_, tls_slots_};
  co_return co_await kind.over_tcp(ctx, socket);
}

asio::awaitable<ProtocolOutcome> ProtocolDispatch::OverUdp(
    const ProbeSpec& spec, std::vector<asio::ip::udp::endpoint> endpoints, Deadline deadline) {
  const KindSpec& kind = KindOf(spec.kind);
  if (kind.over_udp == nullptr) co_return Failed(Reason::kInternal, "no UDP probe");
  auto executor = co_await asio::this_coro::executor;
  const Route direct;
  const KindContext ctx{spec, direct, deadline, clock_, trust_, ntp_, tls_slots_};
  ProtocolOutcome last = Failed(kind.timeout, "no address to send to");
  // Addresses in turn, each with an equal slice of what is left; the first answer decides.
  for (size_t i = 0; i < endpoints.size(); ++i) {
    const auto slice = Remaining(deadline) / static_cast<long>(endpoints.size() - i);
    const Deadline until = i + 1 == endpoints.size() ? deadline : SteadyClock::now() + slice;
    asio::ip::udp::socket socket(executor);
    last = co_await kind.over_udp(ctx, socket, endpoints[i], until);
    if (last.reason != kind.timeout) break;
  }
  co_return last;
}

}  // namespace orchard::probe
