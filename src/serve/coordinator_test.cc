#include "serve/coordinator.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <set>
#include <stdexcept>

namespace orchard::serve {
namespace {

using namespace std::chrono_literals;

// A run that takes a while and counts how many run at once.
struct SlowRun {
  std::atomic<int> calls{0};
  std::atomic<int> active{0};
  std::atomic<int> max_active{0};
  results::CheckDocument operator()(const std::string& scope) {
    ++calls;
    int now = ++active;
    int seen = max_active.load();
    while (now > seen && !max_active.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(50ms);
    --active;
    results::CheckDocument doc;
    doc.run.run_id = scope;
    return doc;
  }
};

TEST(Coordinator, ConcurrentRequestsShareOneRun) {
  SlowRun slow;
  RunCoordinator coordinator([&](const std::string& s) { return slow(s); }, 10s);
  std::vector<std::promise<SnapshotPtr>> promises(100);
  for (auto& p : promises) {
    coordinator.Request("profile=sep", true, [&p](SnapshotPtr s) { p.set_value(std::move(s)); });
  }
  std::set<const Snapshot*> distinct;
  for (auto& p : promises) {
    auto snap = p.get_future().get();
    ASSERT_NE(snap, nullptr);
    EXPECT_EQ(snap->doc.run.run_id, "profile=sep");
    distinct.insert(snap.get());
  }
  EXPECT_EQ(slow.calls.load(), 1);
  EXPECT_EQ(distinct.size(), 1u);
  EXPECT_EQ(coordinator.runs_total(), 1u);
}

TEST(Coordinator, DifferentScopesRunOneAtATime) {
  SlowRun slow;
  RunCoordinator coordinator([&](const std::string& s) { return slow(s); }, 10s);
  std::vector<std::promise<SnapshotPtr>> promises(6);
  const char* scopes[] = {"profile=sep", "profile=mdm", "host=a", "profile=sep", "host=a", ""};
  for (size_t i = 0; i < promises.size(); ++i) {
    coordinator.Request(scopes[i], true,
                        [&p = promises[i]](SnapshotPtr s) { p.set_value(std::move(s)); });
  }
  for (auto& p : promises) ASSERT_NE(p.get_future().get(), nullptr);
  EXPECT_EQ(slow.max_active.load(), 1);
  EXPECT_EQ(slow.calls.load(), 4);  // sep, mdm, host=a, default: duplicates joined the queue
}

TEST(Coordinator, RecentRunAnswersWithinTheRateLimit) {
  SlowRun slow;
  RunCoordinator coordinator([&](const std::string& s) { return slow(s); }, 10s);
  std::promise<SnapshotPtr> first, second;
  coordinator.Request("profile=sep", true, [&](SnapshotPtr s) { first.set_value(s); });
  auto a = first.get_future().get();
  coordinator.Request("profile=sep", true, [&](SnapshotPtr s) { second.set_value(s); });
  auto b = second.get_future().get();
  EXPECT_EQ(a.get(), b.get());
  EXPECT_EQ(slow.calls.load(), 1);
}

TEST(Coordinator, ExpiredRateLimitStartsANewRun) {
  SlowRun slow;
  RunCoordinator coordinator([&](const std::string& s) { return slow(s); }, 0s);
  for (int i = 0; i < 2; ++i) {
    std::promise<SnapshotPtr> p;
    coordinator.Request("x", true, [&](SnapshotPtr s) { p.set_value(s); });
    ASSERT_NE(p.get_future().get(), nullptr);
  }
  EXPECT_EQ(slow.calls.load(), 2);
}

TEST(Coordinator, ShutdownFailsWaitersAndRefusesNewRequests) {
  std::promise<void> release;
  auto gate = release.get_future().share();
  RunCoordinator coordinator(
      [gate](const std::string&) {
        gate.wait();
        return results::CheckDocument{};
      },
      10s);
  std::promise<SnapshotPtr> waiting;
  coordinator.Request("x", true, [&](SnapshotPtr s) { waiting.set_value(s); });
  coordinator.Shutdown();
  EXPECT_EQ(waiting.get_future().get(), nullptr);
  std::promise<SnapshotPtr> late;
  coordinator.Request("x", true, [&](SnapshotPtr s) { late.set_value(s); });
  EXPECT_EQ(late.get_future().get(), nullptr);
  release.set_value();
  coordinator.Stop();
}

TEST(Coordinator, ARunThatThrowsKeepsTheWorkerAlive) {
  std::atomic<int> calls{0};
  RunCoordinator coordinator(
      [&](const std::string&) -> results::CheckDocument {
        if (++calls == 1) throw std::runtime_error("bug");
        return {};
      },
      0s);
  for (int i = 0; i < 2; ++i) {
    std::promise<SnapshotPtr> p;
    coordinator.Request("x", true, [&](SnapshotPtr s) { p.set_value(s); });
    EXPECT_NE(p.get_future().get(), nullptr);
  }
  EXPECT_EQ(calls.load(), 2);
}

}  // namespace
}  // namespace orchard::serve
