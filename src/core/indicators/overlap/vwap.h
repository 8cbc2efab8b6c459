// VWAP: session volume-weighted average price (not in TA-Lib; registry name `vwap`).
//
// The typical price (high + low + close) / 3 weighted by volume, cumulative within a session:
// sum(tp * volume) / sum(volume) over the session's bars so far, this one included. A session is a
// calendar day shifted by `session_offset` minutes: session day = floor((time_ms +
// session_offset * 60000) / 86400000), so a new session starts when that number changes (bars are
// expected in time order; any change of day, forwards or backwards, starts a new session).
// Lookback 0: every bar has a value.
//
// Zero volume: while the session's cumulative volume is 0 (no volume has traded yet), the output is
// the bar's typical price rather than 0/0. That is the VWAP of the bar alone with any positive
// weight, so the line is continuous and defined on every bar; once volume appears the bars without
// it drop out of the weighting as they should. (Negative volume is not meaningful and not checked.)
// No allocation. Not thread-safe; copyable.
#pragma once

#include <cstdint>

#include "core/bar.h"
#include "core/indicator.h"

namespace sp::core {

class Vwap {
 public:
  static constexpr int kOutputs = 1;

  explicit Vwap(int session_offset = 0)
      : offset_ms_(static_cast<std::int64_t>(session_offset) * 60000) {}

  int lookback() const { return 0; }

  void update(const Bar& bar, double* out) {
    const std::int64_t day = session_day(bar.time_ms);
    if (!started_ || day != day_) {
      started_ = true;
      day_ = day;
      sums_ = Sums{};
    }
    *out = add(sums_, bar);
  }

  void peek(const Bar& bar, double* out) const {
    Sums s = started_ && session_day(bar.time_ms) == day_ ? sums_ : Sums{};
    *out = add(s, bar);
  }

  void reset() {
    started_ = false;
    day_ = 0;
    sums_ = Sums{};
  }

 private:
  static constexpr std::int64_t kDayMs = 86400000;

  std::int64_t session_day(std::int64_t time_ms) const {
    const std::int64_t t = time_ms + offset_ms_;
    std::int64_t q = t / kDayMs;
    if (t % kDayMs != 0 && t < 0) --q;  // floor, not truncation, before 1970
    return q;
  }

  struct Sums {
    double price_volume = 0;  // sum of typical price * volume in the session
    double volume = 0;        // sum of volume in the session
  };

  // Adds the bar to the session's sums; returns the VWAP with it.
  static double add(Sums& s, const Bar& bar) {
    const double tp = (bar.high + bar.low + bar.close) / 3.0;
    s.price_volume += tp * bar.volume;
    s.volume += bar.volume;
    return s.volume != 0 ? s.price_volume / s.volume : tp;
  }

  std::int64_t offset_ms_;
  bool started_ = false;
  std::int64_t day_ = 0;
  Sums sums_;
};

}  // namespace sp::core
