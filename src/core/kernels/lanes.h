// lanes: four doubles side by side (f64x4) and the handful of operations the momentum, trend and
// volume batch kernels build on. Plain GCC/Clang vector extensions, no intrinsics: AVX2/AVX-512
// code natively, two simd128 registers per f64x4 in WebAssembly (emscripten's clang), and correct
// scalar code anywhere else.
//
// Semantics are IEEE element by element, exactly as the scalar expressions they replace (a vector
// divide is four correctly rounded divides), so a kernel written with them gives the same bits as
// its scalar form unless it reorders arithmetic on purpose. Comparisons give all-ones / all-zeros
// lanes (i64x4), which select4() takes. (perf-A's kernels/simd.h has the same vector type for the
// EMA kernels; this header adds what the comparisons and the non-finite checks need.)
// Loads and stores are unaligned (memcpy): callers index arrays at any offset.
#pragma once

#include <cstdint>
#include <cstring>

namespace sp::core::kernels {

typedef double f64x4 __attribute__((vector_size(32), aligned(8)));
typedef std::int64_t i64x4 __attribute__((vector_size(32), aligned(8)));
typedef std::uint64_t u64x4 __attribute__((vector_size(32), aligned(8)));

inline f64x4 load4(const double* p) {
  f64x4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store4(double* p, f64x4 v) {
  std::memcpy(p, &v, sizeof v);
}
inline f64x4 splat4(double s) {
  return f64x4{s, s, s, s};
}

// mask ? a : b, lane by lane; mask lanes are all ones or all zeros (a comparison's result). The
// vector conditional (GCC, and Clang in C++ mode) lets the compiler see maxima and minima:
// select4(a > b, a, b) becomes one max instruction, IEEE's a > b ? a : b exactly.
inline f64x4 select4(i64x4 mask, f64x4 a, f64x4 b) {
  return mask ? a : b;
}

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
