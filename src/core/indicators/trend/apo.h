// Apo: Absolute Price Oscillator, fast MA - slow MA of the close (TA-Lib TA_APO). Input close.
// Options: fastperiod (default 12), slowperiod (default 26), both from 2; matype (default 0, SMA;
// MAMA not offered). Lookback: the slow MA's. Swaps fast and slow when fast > slow, as TA-Lib does.
// See price_oscillator.h.
#pragma once

#include "core/indicators/trend/price_oscillator.h"

namespace sp::core {

using Apo = PriceOscillator<false>;

}  // namespace sp::core
