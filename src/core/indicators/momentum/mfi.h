// MFI: Money Flow Index (TA-Lib TA_MFI, unstable period 0).
//
// tp = (high + low + close) / 3.0 and money flow = tp * volume. A bar whose tp is above the
// previous bar's adds its flow to the positive side, below to the negative side; a bar with an
// equal tp adds nothing to either (it still takes its place in the window). Over the last `period`
// bars: mfi = 100 * positive / (positive + negative), and 0 when that sum is below 1.0 (TA-Lib's
// threshold, not TA_IS_ZERO). Lookback = period (the first bar only supplies a previous tp).
// Option: timeperiod (2..100000, default 14).
//
// The two running sums are kept as TA-Lib's circular buffer keeps them: subtract the flows of the
// bar that leaves, then add today's; the ring starts zeroed, so warm-up is the same arithmetic
// (subtracting 0.0 changes nothing). O(1), no allocation after construction.
// Not thread-safe; copyable.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include "core/indicator.h"
#include "core/indicators/talib_arith.h"

namespace sp::core {

class Mfi {
 public:
  static constexpr int kOutputs = 1;

  explicit Mfi(int period = 14) : period_(period), ring_(static_cast<std::size_t>(period)) {}

  int lookback() const { return period_; }

  void update(const Bar& bar, double* out) {
    const double tp = typical_price(bar);
    if (count_ == 0) [[unlikely]] {
      previous_tp_ = tp;
      count_ = 1;
      *out = kNaN;
      return;
    }
    const Flow today = flow(tp, bar.volume);
    Flow& slot = ring_[head_];
    positive_ = positive_ - slot.positive + today.positive;
    negative_ = negative_ - slot.negative + today.negative;
    slot = today;
    if (++head_ == ring_.size()) head_ = 0;
    previous_tp_ = tp;
    if (count_ < period_) [[unlikely]] {
      ++count_;
      *out = kNaN;
      return;
    }
    *out = value(positive_, negative_);
  }

  void peek(const Bar& bar, double* out) const {
    if (count_ < period_) [[unlikely]] {
      *out = kNaN;
      return;
    }
    const Flow today = flow(typical_price(bar), bar.volume);
    const Flow& slot = ring_[head_];
    *out = value(positive_ - slot.positive + today.positive,
                 negative_ - slot.negative + today.negative);
  }

  void reset() {
    std::fill(ring_.begin(), ring_.end(), Flow{});
    positive_ = negative_ = previous_tp_ = 0;
    head_ = 0;
    count_ = 0;
  }

 private:
  struct Flow {
    double positive = 0;
    double negative = 0;
  };

  static double typical_price(const Bar& bar) { return (bar.high + bar.low + bar.close) / 3.0; }

  Flow flow(double tp, double volume) const {
    const double money = talib::unfused_mul(tp, volume);
    const double change = tp - previous_tp_;
    return {change > 0 ? money : 0.0, change < 0 ? money : 0.0};
  }

  static double value(double positive, double negative) {
    const double total = positive + negative;
    return total < 1.0 ? 0.0 : 100.0 * (positive / total);
  }

  int period_;
  std::vector<Flow> ring_;  // the flows of the last `period` bars (zero until filled)
  std::size_t head_ = 0;    // the slot of the bar that leaves next
  double positive_ = 0;
  double negative_ = 0;
  double previous_tp_ = 0;
  int count_ = 0;  // bars seen, saturating at period
};

}  // namespace sp::core
