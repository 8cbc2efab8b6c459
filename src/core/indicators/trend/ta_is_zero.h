// TA-Lib's TA_IS_ZERO (ta_utility.h): |v| below TA_EPSILON = 1e-14. The trend indicators test
// denominators with it exactly where TA-Lib does, so that a near-zero true range or MA gives the
// same fallback value as TA-Lib.
#pragma once

namespace sp::core {

inline bool ta_is_zero(double v) {
  return -1e-14 < v && v < 1e-14;
}

}  // namespace sp::core
