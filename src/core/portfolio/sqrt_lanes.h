// sqrt_lanes: y[i] = sqrt(x[i]) for n doubles, correctly rounded (IEEE), as std::sqrt gives.
//
// Why it exists: GCC (without -fno-math-errno, which this build does not set) keeps std::sqrt's
// errno path, a library call under a branch, and a loop containing it is not vectorised at all. So
// the banks take square roots in a separate pass through here: x86 vector square-root
// instructions where the target has them (the same correctly rounded result, a whole vector at a
// time), std::sqrt for the tail and on other targets (the WebAssembly build's Clang has no errno
// semantics there and vectorises it). 256-bit AVX, not AVX-512: GCC 12's _mm512_sqrt_pd trips
// -Wmaybe-uninitialized in its own header, and the 512-bit form is no faster on double-pumped
// cores. x and y may be the same array; otherwise they must not overlap. Negative or NaN inputs
// give NaN, errno untouched.
#pragma once

#include <cmath>
#include <cstddef>

#if defined(__AVX__) || defined(__SSE2__)
#include <immintrin.h>
#endif

namespace sp::core {

inline void sqrt_lanes(const double* x, double* y, std::size_t n) {
  std::size_t i = 0;
#if defined(__AVX__)
  for (; i + 4 <= n; i += 4) _mm256_storeu_pd(y + i, _mm256_sqrt_pd(_mm256_loadu_pd(x + i)));
#elif defined(__SSE2__)
  for (; i + 2 <= n; i += 2) _mm_storeu_pd(y + i, _mm_sqrt_pd(_mm_loadu_pd(x + i)));
#endif
  for (; i < n; ++i) y[i] = std::sqrt(x[i]);
}

}  // namespace sp::core
