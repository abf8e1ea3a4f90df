#include "probe/slots.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <string>
#include <vector>

namespace orchard::probe {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

// Takes a slot (or not), holds it for `hold`, and notes what happened in `log`.
asio::awaitable<void> Use(Slots& slots, std::string name, std::chrono::milliseconds hold,
                          Deadline deadline, std::vector<std::string>& log) {
  auto slot = co_await slots.Acquire(deadline);
  if (!slot) {
    log.push_back(name + " gave up");
    co_return;
  }
  log.push_back(name + " in");
  asio::steady_timer timer(co_await asio::this_coro::executor, hold);
  co_await timer.async_wait(asio::use_awaitable);
  log.push_back(name + " out");
}

TEST(Slots, HoldersBeyondTheCapacityWaitTheirTurnInOrder) {
  asio::io_context io;
  Slots slots(2);
  std::vector<std::string> log;
  const Deadline far = SteadyClock::now() + 5s;
  for (const char* name : {"a", "b", "c", "d", "e"}) {
    asio::co_spawn(io, Use(slots, name, 20ms, far, log), asio::detached);
  }
  io.run();
  // Never more than two inside; everyone gets in, in the order they asked.
  int inside = 0;
  int most = 0;
  std::string order;
  for (const std::string& event : log) {
    if (event.ends_with(" in")) {
      most = std::max(most, ++inside);
      order += event.front();
    } else {
      --inside;
    }
  }
  EXPECT_EQ(most, 2);
  EXPECT_EQ(order, "abcde");
  EXPECT_EQ(log.size(), 10u);
  EXPECT_EQ(slots.in_use(), 0u);
  EXPECT_EQ(slots.waiting(), 0u);
}

TEST(Slots, AWaiterWhoseDeadlinePassesGivesUpAndTheQueueMovesOn) {
  asio::io_context io;
  Slots slots(1);
  std::vector<std::string> log;
  const auto now = SteadyClock::now();
  asio::co_spawn(io, Use(slots, "long", 200ms, now + 5s, log), asio::detached);
  asio::co_spawn(io, Use(slots, "hasty", 10ms, now + 50ms, log), asio::detached);
  asio::co_spawn(io, Use(slots, "patient", 10ms, now + 5s, log), asio::detached);
  io.run();
  EXPECT_EQ(log, (std::vector<std::string>{"long in", "hasty gave up", "long out", "patient in",
                                           "patient out"}));
  EXPECT_EQ(slots.in_use(), 0u);
}

TEST(Slots, WaitersDestroyedMidWayLeaveNoSlotBehind) {
  Slots slots(1);
  {
    asio::io_context io;
    std::vector<std::string> log;
    const Deadline far = SteadyClock::now() + 5s;
    asio::co_spawn(io, Use(slots, "holder", 30ms, far, log), asio::detached);
    for (int i = 0; i < 3; ++i) {
      asio::co_spawn(io, Use(slots, "waiter", 30ms, far, log), asio::detached);
    }
    // Stop while the holder has its slot and three wait, one of them perhaps just granted one;
    // destroying the io_context destroys every coroutine frame.
    io.run_for(45ms);
    EXPECT_GE(slots.waiting(), 1u);
  }
  EXPECT_EQ(slots.in_use(), 0u);
  EXPECT_EQ(slots.waiting(), 0u);
}

}  // namespace
}  // namespace orchard::probe
