#include "core/indicators/overlap/ma.h"

#include <cstdlib>

namespace sp::core {

MovingAverage::MovingAverage(MaType type, int period) : impl_(Identity{}) {
  if (period == 1) return;  // TA_MA copies the input whatever the type
  switch (type) {
    case MaType::kSma:
      impl_ = Sma(period);
      break;
    case MaType::kEma:
      impl_ = Ema(period);
      break;
    case MaType::kWma:
      impl_ = Wma(period);
      break;
    case MaType::kDema:
      impl_ = Dema(period);
      break;
    case MaType::kTema:
      impl_ = Tema(period);
      break;
    case MaType::kTrima:
      impl_ = Trima(period);
      break;
    case MaType::kKama:
      impl_ = Kama(period);
      break;
    case MaType::kT3:
      impl_ = T3(period, 0.7);
      break;
    case MaType::kMama:
    default:
      std::abort();  // the registry rejects MAMA and validates the range
  }
}

}  // namespace sp::core
