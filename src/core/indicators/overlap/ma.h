// MovingAverage: TA-Lib's TA_MA, a moving average chosen by type at run time. Composite
// indicators (BBANDS, STOCH, STOCHF, STOCHRSI, PPO, APO) smooth through it.
//
// Types follow TA-Lib's TA_MAType numbering: 0 SMA, 1 EMA, 2 WMA, 3 DEMA, 4 TEMA, 5 TRIMA, 6 KAMA,
// 8 T3 (vfactor 0.7, as TA_MA uses). Each gives exactly what the indicator of that name gives, and
// lookback() is TA_MA_Lookback. As in TA_MA, a period of 1 passes the input through unchanged
// (lookback 0) whatever the type. MAMA (7) is not offered: the registry rejects it.
// The averages are held by value in a std::variant: no virtual calls, no allocation after
// construction. Not thread-safe; copyable.
#pragma once

#include <variant>

#include "core/indicator.h"
#include "core/indicators/overlap/dema.h"
#include "core/indicators/overlap/ema.h"
#include "core/indicators/overlap/kama.h"
#include "core/indicators/overlap/sma.h"
#include "core/indicators/overlap/t3.h"
#include "core/indicators/overlap/tema.h"
#include "core/indicators/overlap/trima.h"
#include "core/indicators/overlap/wma.h"

namespace sp::core {

enum class MaType : int {
  kSma = 0,
  kEma = 1,
  kWma = 2,
  kDema = 3,
  kTema = 4,
  kTrima = 5,
  kKama = 6,
  kMama = 7,
  kT3 = 8
};

class MovingAverage : public OnClose<MovingAverage> {
 public:
  using OnClose<MovingAverage>::update;
  using OnClose<MovingAverage>::peek;

  // REQUIRES: period >= 1, type != kMama (aborts on kMama or an unknown type).
  MovingAverage(MaType type, int period);

  int lookback() const {
    return std::visit([](const auto& m) { return m.lookback(); }, impl_);
  }
  double update(double x) {
    return std::visit([x](auto& m) { return m.update(x); }, impl_);
  }
  double peek(double x) const {
    return std::visit([x](const auto& m) { return m.peek(x); }, impl_);
  }
  void reset() {
    std::visit([](auto& m) { m.reset(); }, impl_);
  }

 private:
  struct Identity {
    int lookback() const { return 0; }
    double update(double x) { return x; }
    double peek(double x) const { return x; }
    void reset() {}
  };
  std::variant<Identity, Sma, Ema, Wma, Dema, Tema, Trima, Kama, T3> impl_;
};

}  // namespace sp::core
