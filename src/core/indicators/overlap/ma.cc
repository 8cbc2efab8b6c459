#include "core/indicators/overlap/ma.h"

#include <cstdlib>

namespace sp::core {

MovingAverage::MovingAverage(MaType type, int period) : impl_(Identity{}) {
  if (period == 1) return;
  switch (type) {
    case MaType::kSma: impl_ = Sma(period); break;
    case MaType::kEma: impl_ = Ema(period); break;
    default: std::abort();  // filled in as the overlap group lands; the registry validates types
  }
}

}  // namespace sp::core
