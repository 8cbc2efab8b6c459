// Roc: Rate of change, ((close / close `period` bars ago) - 1) x 100 (TA-Lib TA_ROC). Input close.
// Option: timeperiod (default 10, from 1). Lookback `period`. As in TA-Lib, 0 where the earlier
// close is exactly 0.0.
//
// REQUIRES: period >= 1; finite inputs. Not thread-safe; copyable; no allocation after
// construction.
#pragma once

#include "core/indicator.h"
#include "core/indicators/trend/lag.h"

namespace sp::core {

// TA-Lib's ROC arithmetic on one pair, shared with TRIX (a 1-bar ROC).
inline double rate_of_change(double x, double earlier) {
  return earlier != 0.0 ? ((x / earlier) - 1.0) * 100.0 : 0.0;
}

class Roc : public OnClose<Roc> {
 public:
  using OnClose<Roc>::update;
  using OnClose<Roc>::peek;

  explicit Roc(int period = 10) : lag_(period) {}

  int lookback() const { return lag_.period(); }

  double update(double x) {
    const double out = peek(x);
    lag_.push(x);
    return out;
  }
  double peek(double x) const { return lag_.full() ? rate_of_change(x, lag_.oldest()) : kNaN; }
  void reset() { lag_.reset(); }

 private:
  Lag lag_;
};

}  // namespace sp::core
