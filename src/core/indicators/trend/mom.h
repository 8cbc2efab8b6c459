// Mom: Momentum, close - close `period` bars ago (TA-Lib TA_MOM). Input close. Option: timeperiod
// (default 10, from 1). Lookback `period`.
//
// REQUIRES: period >= 1; finite inputs. Not thread-safe; copyable; no allocation after
// construction.
#pragma once

#include "core/indicator.h"
#include "core/indicators/trend/lag.h"

namespace sp::core {

class Mom : public OnClose<Mom> {
 public:
  using OnClose<Mom>::update;
  using OnClose<Mom>::peek;

  explicit Mom(int period = 10) : lag_(period) {}

  int lookback() const { return lag_.period(); }

  double update(double x) {
    const double out = peek(x);
    lag_.push(x);
    return out;
  }
  double peek(double x) const { return lag_.full() ? x - lag_.oldest() : kNaN; }
  void reset() { lag_.reset(); }

 private:
  Lag lag_;
};

}  // namespace sp::core
