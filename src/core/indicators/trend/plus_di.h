// PlusDi: Plus Directional Indicator, +DI = 100 x Wilder-smoothed +DM / smoothed true range
// (TA-Lib TA_PLUS_DI). Inputs high, low, close. Option: timeperiod (default 14, from 1).
// Lookback `period` (1 for period 1). For period 1 TA-Lib (and so this) returns +DM1 / TR1 without
// the factor 100. 0 where the smoothed true range is zero (TA_IS_ZERO). See
// directional_indicator.h.
#pragma once

#include "core/indicators/trend/directional_indicator.h"

namespace sp::core {

using PlusDi = DirectionalIndicator<true>;

}  // namespace sp::core
