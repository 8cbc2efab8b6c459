// Ppo: Percentage Price Oscillator, (fast MA - slow MA) / slow MA x 100 of the close (TA-Lib
// TA_PPO). Input close. Options: fastperiod (default 12), slowperiod (default 26), both from 2;
// matype (default 0, SMA; MAMA not offered). Lookback: the slow MA's. Swaps fast and slow when
// fast > slow, as TA-Lib does; 0 where the slow MA is zero by TA_IS_ZERO. See price_oscillator.h.
#pragma once

#include "core/indicators/trend/price_oscillator.h"

namespace sp::core {

using Ppo = PriceOscillator<true>;

}  // namespace sp::core
