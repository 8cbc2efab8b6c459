// Calling TA-Lib (built from the C source bundled in npm `talib`, target talib_c) as the reference,
// and laying its outputs out like ours: one value per input bar, NaN before TA-Lib's begIdx.
//
//   auto ref = sp::testing::talib_full<3>(n, [&](int* beg, int* nb, double* const* o) {
//     return TA_MACD(0, n - 1, close, 12, 26, 9, beg, nb, o[0], o[1], o[2]);
//   });
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <vector>

extern "C" {
#include "ta_libc.h"
}

namespace sp::testing {

template <int N, class Call>
std::vector<std::vector<double>> talib_full(std::size_t n, Call&& call) {
  std::vector<std::vector<double>> packed(N), full(N);
  double* outs[N];
  for (int k = 0; k < N; ++k) {
    packed[k].assign(n, NAN);
    full[k].assign(n, NAN);
    outs[k] = packed[k].data();
  }
  int beg = 0, nb = 0;
  const TA_RetCode rc = call(&beg, &nb, outs);
  EXPECT_EQ(rc, TA_SUCCESS) << "TA-Lib returned " << rc;
  for (int k = 0; k < N; ++k) {
    for (int i = 0; i < nb; ++i) full[k][beg + i] = packed[k][i];
  }
  return full;
}

// TA-Lib's functions take int lengths; MA types are TA_MAType.
inline TA_MAType ma_type(double v) {
  return static_cast<TA_MAType>(static_cast<int>(v));
}

}  // namespace sp::testing
