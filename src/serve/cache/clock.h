// Clock: where the cache reads the time, so that tests can move it by hand (ManualClock in the
// tests) while production reads std::chrono::steady_clock, which never jumps with the wall clock.
//
// Contract: now() is monotonic (never decreases) and thread-safe; it does not allocate.
#pragma once

#include <chrono>

namespace sp::serve::cache {

using Nanos = std::chrono::nanoseconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Nanos now() const = 0;
};

class SteadyClock final : public Clock {
 public:
  Nanos now() const override { return std::chrono::steady_clock::now().time_since_epoch(); }
  static const SteadyClock& instance() {
    static const SteadyClock clock;
    return clock;
  }
};

// a + b, or Nanos::max() where that would overflow (a TTL of Nanos::max() means "never").
inline Nanos saturating_add(Nanos a, Nanos b) {
  return b > Nanos::max() - a ? Nanos::max() : a + b;
}

}  // namespace sp::serve::cache
