// The few SIMD building blocks the batch kernels share: a 4-double vector in GCC/Clang vector
// extensions (AVX2 natively, two simd128 registers in WebAssembly, no intrinsics), unaligned
// loads and stores, and a prefix sum across its lanes.
#pragma once

#include <cmath>
#include <cstddef>

#if defined(__AVX__)
#include <immintrin.h>
#elif defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace sp::core::kernels::simd {

// aligned(8): a v4d may sit anywhere a double may; loads and stores go through memcpy, which the
// compilers turn into one unaligned vector load or store.
typedef double v4d __attribute__((vector_size(32), aligned(8)));

// Lane masks from comparisons: -1 where true, 0 where false.
typedef long long v4l __attribute__((vector_size(32), aligned(8)));

inline v4d load4(const double* p) {
  v4d v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}
inline void store4(double* p, v4d v) {
  __builtin_memcpy(p, &v, sizeof v);
}
// The first `lanes` (at most 4) lanes of v to p[0 .. lanes).
inline void store_lanes(double* p, std::size_t lanes, v4d v) {
  if (lanes == 4) {
    store4(p, v);
  } else {
    for (std::size_t j = 0; j < lanes; ++j) p[j] = v[j];
  }
}
inline v4d splat(double s) {
  return v4d{s, s, s, s};
}
// Lane 3 in every lane.
inline v4d last(v4d v) {
  return __builtin_shufflevector(v, v, 3, 3, 3, 3);
}

// TA-Lib's `if (b > a) a = b` per lane (for finite values the larger one).
inline v4d max4(v4d a, v4d b) {
  return b > a ? b : a;
}
inline v4d abs4(v4d v) {
  return v < 0 ? -v : v;
}
// -1 in the lanes where v is finite: v - v is 0 there and NaN for NaN and +-inf.
inline v4l finite4(v4d v) {
  return (v - v) == 0;
}
inline bool all_lanes(v4l m) {
  return (m[0] & m[1] & m[2] & m[3]) != 0;
}

// Lane-wise sqrt, correctly rounded like std::sqrt (so the same bits). Spelled per target because
// GCC will not vectorise std::sqrt while -fmath-errno is on (the default), and a scalar sqrt a bar
// is slower than STDDEV's whole dependency chain. REQUIRES: no lane negative (errno is not set).
inline v4d sqrt4(v4d v) {
#if defined(__AVX__)
  return reinterpret_cast<v4d>(_mm256_sqrt_pd(reinterpret_cast<__m256d>(v)));
#elif defined(__wasm_simd128__)
  const v128_t lo = wasm_f64x2_sqrt(wasm_f64x2_make(v[0], v[1]));
  const v128_t hi = wasm_f64x2_sqrt(wasm_f64x2_make(v[2], v[3]));
  return v4d{wasm_f64x2_extract_lane(lo, 0), wasm_f64x2_extract_lane(lo, 1),
             wasm_f64x2_extract_lane(hi, 0), wasm_f64x2_extract_lane(hi, 1)};
#else
  return v4d{std::sqrt(v[0]), std::sqrt(v[1]), std::sqrt(v[2]), std::sqrt(v[3])};
#endif
}

// {v0, v0+v1, v0+v1+v2, v0+v1+v2+v3}, in two shift-and-add steps (Hillis-Steele).
inline v4d prefix4(v4d v) {
  const v4d z = {0, 0, 0, 0};
  v = v + __builtin_shufflevector(v, z, 4, 0, 1, 2);
  return v + __builtin_shufflevector(v, z, 4, 5, 0, 1);
}

// Running sums over 8 values at a time with one add per 8 on the loop-carried chain: on return
// lo = carry + prefix(d[0..3]), hi = carry + prefix(d[0..7]) lanes 4..7, carry = splat(hi[3]).
// `carry` holds the running total in every lane.
inline void running_sum8(v4d d_lo, v4d d_hi, v4d& carry, v4d& lo, v4d& hi) {
  const v4d p_lo = prefix4(d_lo);
  const v4d p_hi = prefix4(d_hi) + last(p_lo);  // off the chain
  lo = carry + p_lo;
  hi = carry + p_hi;
  carry = carry + last(p_hi);
}

}  // namespace sp::core::kernels::simd
