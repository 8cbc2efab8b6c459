// PriceOscillator<kPercent, Average>: TA-Lib's TA_INT_PO, the arithmetic behind APO (apo.h) and PPO
// (ppo.h): a fast and a slow moving average of the close and their difference, absolute (APO) or as
// a percentage of the slow one (PPO).
//
// As in TA_INT_PO, a fast period longer than the slow one is swapped, so (26, 12) means (12, 26).
// Lookback: the slow MA's (TA_APO_Lookback = TA_MA_Lookback(max(fast, slow), matype)). TA-Lib runs
// both MAs from the first bar and pairs their values bar by bar (the fast MA's own, shorter warm-up
// ends first), which is exactly two MAs fed the same stream here. PPO is 0 where the slow MA is
// zero by TA_IS_ZERO.
//
// Average is MovingAverage (the type chosen at run time, TA_MA's) by default; with_averages() below
// hands the two averages over as their concrete class (Sma, Ema, ...) instead, which the registry's
// entry points use so the per-bar loop pays no dispatch on the MA type.
// REQUIRES: periods >= 2, matype != MAMA; finite inputs. Not thread-safe; copyable.
#pragma once

#include <algorithm>
#include <cmath>
#include <type_traits>
#include <utility>

#include "core/indicator.h"
#include "core/indicators/overlap/dema.h"
#include "core/indicators/overlap/ema.h"
#include "core/indicators/overlap/kama.h"
#include "core/indicators/overlap/ma.h"
#include "core/indicators/overlap/sma.h"
#include "core/indicators/overlap/t3.h"
#include "core/indicators/overlap/tema.h"
#include "core/indicators/overlap/trima.h"
#include "core/indicators/overlap/wma.h"
#include "core/indicators/talib_arith.h"

namespace sp::core {

template <bool kPercent, class Average = MovingAverage>
class PriceOscillator : public OnClose<PriceOscillator<kPercent, Average>> {
 public:
  using OnClose<PriceOscillator<kPercent, Average>>::update;
  using OnClose<PriceOscillator<kPercent, Average>>::peek;

  // TA-Lib's options, in its order.
  explicit PriceOscillator(
      int fast_period = 12, int slow_period = 26,
      MaType type = MaType::kSma) requires std::is_same_v<Average, MovingAverage>
      : fast_(type, std::min(fast_period, slow_period)),
        slow_(type, std::max(fast_period, slow_period)) {}

  // Two averages of one kind. REQUIRES: slow.lookback() >= fast.lookback() (see with_averages).
  PriceOscillator(Average fast, Average slow) : fast_(std::move(fast)), slow_(std::move(slow)) {}

  int lookback() const { return slow_.lookback(); }

  double update(double x) {
    const double fast = fast_.update(x);
    return combine(fast, slow_.update(x));
  }
  double peek(double x) const { return combine(fast_.peek(x), slow_.peek(x)); }
  void reset() {
    fast_.reset();
    slow_.reset();
  }

 private:
  static double combine(double fast, double slow) {
    if (std::isnan(slow)) return kNaN;
    if constexpr (kPercent) {
      return talib::is_zero(slow) ? 0.0 : ((fast - slow) / slow) * 100.0;
    } else {
      return fast - slow;
    }
  }

  Average fast_;
  Average slow_;
};

// Calls make(fast, slow) with TA_MA's average of `type` at the two periods, swapped as TA_INT_PO
// swaps them, each as its concrete class (T3 with TA_MA's vfactor 0.7), and returns what it
// returns. MovingAverage is the fallback for any other type (it rejects MAMA).
// REQUIRES: periods >= 2 (MovingAverage's period-1 pass-through is not reproduced here).
template <class Make>
decltype(auto) with_averages(MaType type, int fast_period, int slow_period, Make&& make) {
  const int fast = std::min(fast_period, slow_period);
  const int slow = std::max(fast_period, slow_period);
  switch (type) {
    case MaType::kSma:
      return make(Sma(fast), Sma(slow));
    case MaType::kEma:
      return make(Ema(fast), Ema(slow));
    case MaType::kWma:
      return make(Wma(fast), Wma(slow));
    case MaType::kDema:
      return make(Dema(fast), Dema(slow));
    case MaType::kTema:
      return make(Tema(fast), Tema(slow));
    case MaType::kTrima:
      return make(Trima(fast), Trima(slow));
    case MaType::kKama:
      return make(Kama(fast), Kama(slow));
    case MaType::kT3:
      return make(T3(fast, 0.7), T3(slow, 0.7));
    default:
      return make(MovingAverage(type, fast), MovingAverage(type, slow));
  }
}

}  // namespace sp::core
