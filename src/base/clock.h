#pragma once

#include <chrono>

namespace orchard {

// The wall clock, behind a seam so tests never read the real time (NTP offsets, certificate
// validity, report timestamps; tests/support/fake_clock.h). Deadlines use Asio's steady timers and
// do not go through here.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override {
    return std::chrono::system_clock::now();
  }
};

// Milliseconds from `start` to now on the steady clock: how long a step took, for timings and
// messages. It reads the real steady clock, not the Clock seam above.
inline double MsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace orchard
