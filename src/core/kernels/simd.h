// The SIMD building blocks every batch kernel shares, in one place: a 4-double vector in GCC/Clang
// vector extensions (AVX2 natively, two simd128 registers in WebAssembly), unaligned loads and
// stores, lane masks and selects, non-finite flags, and prefix sums across lanes; plus a 2-double
// vector for the kernels whose WebAssembly form is written for simd128's own width.
//
// Two spellings of the same 4-double type live here, for the two families of callers:
//   sp::core::kernels::simd   v4d / v4l, load4, store4, store_lanes, splat, last, max4, abs4,
//                             finite4, all_lanes, sqrt4, prefix4, running_sum8 (the overlap,
//                             statistic and volatility kernels, ema_kernel.h, window_*.h);
//   sp::core::kernels         f64x4 / i64x4 / u64x4, load4, store4 (the same functions),
//                             splat4, select4, abs4, nonfinite_flags4, fold_flags4 (the
//                             momentum, trend and volume kernels).
// f64x4 and v4d are one type, so values pass freely between the two. The two abs4 differ only
// at -0.0 and in a NaN's sign bit: simd::abs4 is TA-Lib's `v < 0 ? -v : v` (keeps -0.0),
// kernels::abs4 clears the sign bit (one AND); each keeps the bits its callers were checked with.
//
// Semantics are IEEE element by element, exactly as the scalar expressions they replace (a vector
// divide is four correctly rounded divides), so a kernel written with them gives the same bits as
// its scalar form unless it reorders arithmetic on purpose. Loads and stores are unaligned
// (memcpy): callers index arrays at any offset.
//
// Width. Natively (AVX2) a v4d is one register. WebAssembly's simd128 has two doubles a register,
// so a v4d is two registers, an operation that moves values across the middle of a v4d (the
// prefix steps of a running sum or an EMA block) costs extra shuffles there, and every f64x2
// operation does half an AVX2 one's work. Measured under node (bench/wasm), the v4d kernels are
// then bound by their operation count, not by their loop-carried chain. So the kernels where a
// formulation for two lanes needs fewer operations have one, chosen under __wasm_simd128__, with
// the native code left as it was: ema_kernel.h (ema_run on pairs; ema_batch as two half-series
// side by side), window_sum.h (window_mean on pairs, four stretches at once), and, outside this
// folder, wilder_gain_loss_batch.h (RSI/CMO: gain and loss averages as one vector), macd.cc (the
// fast and slow EMAs as one vector) and bbands.cc (one AND-NOT for two selects).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

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
  // The two halves as they sit in their registers (no lane extracts and rebuilds).
  v128_t h[2];
  __builtin_memcpy(h, &v, sizeof v);
  h[0] = wasm_f64x2_sqrt(h[0]);
  h[1] = wasm_f64x2_sqrt(h[1]);
  __builtin_memcpy(&v, h, sizeof v);
  return v;
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

// ---- Two lanes: simd128's own width (the WebAssembly formulations) ----

typedef double v2d __attribute__((vector_size(16), aligned(8)));

inline v2d load2(const double* p) {
  v2d v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}
inline void store2(double* p, v2d v) {
  __builtin_memcpy(p, &v, sizeof v);
}
inline v2d splat2(double s) {
  return v2d{s, s};
}
// Lane 1 in both lanes.
inline v2d last2(v2d v) {
  return __builtin_shufflevector(v, v, 1, 1);
}
// {v0, v0 + v1}.
inline v2d prefix2(v2d v) {
  const v2d z = {0, 0};
  return v + __builtin_shufflevector(z, v, 0, 2);
}

}  // namespace sp::core::kernels::simd

// ---- The same vector under the momentum / trend / volume kernels' names ----

namespace sp::core::kernels {

typedef simd::v4d f64x4;
typedef std::int64_t i64x4 __attribute__((vector_size(32), aligned(8)));
typedef std::uint64_t u64x4 __attribute__((vector_size(32), aligned(8)));

using simd::load4;
using simd::store4;

inline f64x4 splat4(double s) {
  return f64x4{s, s, s, s};
}

// mask ? a : b, lane by lane; mask lanes are all ones or all zeros (a comparison's result). The
// vector conditional (GCC, and Clang in C++ mode) lets the compiler see maxima and minima:
// select4(a > b, a, b) becomes one max instruction, IEEE's a > b ? a : b exactly.
inline f64x4 select4(i64x4 mask, f64x4 a, f64x4 b) {
  return mask ? a : b;
}

// |v| by clearing the sign bit (see the top for how this differs from simd::abs4).
inline f64x4 abs4(f64x4 v) {
  return reinterpret_cast<f64x4>(reinterpret_cast<i64x4>(v) & (i64x4{} + INT64_MAX));
}

// Bit 63 of each lane set where that lane is NaN or +-inf (nonfinite_flag.h, four at a time).
// Unsigned, so the carry into bit 63 is plain modular arithmetic.
inline u64x4 nonfinite_flags4(f64x4 v) {
  const u64x4 exponent = u64x4{} + 0x7ff0000000000000ull;
  const u64x4 unit = u64x4{} + 0x0010000000000000ull;
  return (reinterpret_cast<u64x4>(v) & exponent) + unit;
}
// Folds four lanes of flags into one nonfinite_flag-style word.
inline std::uint64_t fold_flags4(u64x4 f) {
  return f[0] | f[1] | f[2] | f[3];
}

}  // namespace sp::core::kernels
