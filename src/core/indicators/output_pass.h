// output_pass: the loop of a stateless, memory-bound batch kernel (BOP): one output value a bar
// from a few input columns read at the same bar, four bars at a time in SIMD lanes.
//
//   output_pass(out, begin, end, inputs, scalar, vector4);
//     scalar(i)  -> double      the value of bar i (used for the edges of the range)
//     vector4(i) -> simd::v4d   the values of bars i .. i+3 (the same arithmetic lane by lane)
//   writes out[i] for every i in [begin, end); `inputs` is the number of input columns read.
//
// Kernels that read an input again after writing the output at the same index (ROC reads
// close[j] `period` bars after writing out[j], TRANGE one bar after) have loops of their own
// (roc.cc, trange.cc): arrays of 1M doubles usually share their offset in the page, and such a
// load waits on the pending store it matches in the low 12 address bits (4K aliasing) unless it
// is issued ahead of it, which this loop's interface cannot express.
//
// Why a loop of its own: such a kernel is bound by memory traffic, not arithmetic, and two things
// decide its speed beyond the arithmetic:
//  - alignment. Arrays of 1M doubles come from mmap, 16 bytes past a page boundary, so every
//    unaligned 32- or 64-byte access splits across two cache lines. Bars are done one by one until
//    the output is 64-byte aligned (the inputs usually share its offset and then are too).
//  - write-allocate. A plain store reads the output's cache line from memory before overwriting it:
//    for BOP (four columns in, one out) that is a sixth of the traffic. When the columns read and
//    written come to kNonTemporalBytes or more (past the last-level cache: 32 MB on the EPYC this
//    was measured on, so every pass streams them from memory anyway) the output is written with
//    non-temporal stores, which go around the cache and skip that read. Below that they are
//    stored normally: there the data stays in cache from one pass to the next, and non-temporal
//    stores, which always go to memory, measured 4x slower (ROC over 1M bars: 16 MB) and slower
//    still at 32 MB (TRANGE). (Native x86 only; elsewhere plain stores.)
// The values are the same bits either way: only how they reach memory differs.
//
// REQUIRES: out[begin, end) overlaps no array that scalar/vector4 read.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/kernels/simd.h"

namespace sp::core {

inline constexpr std::size_t kNonTemporalBytes = std::size_t{36} << 20;

namespace output_pass_detail {

template <bool kNonTemporal, class Scalar, class Vector4>
inline void run(double* __restrict out, std::size_t i, std::size_t end, Scalar& scalar,
                Vector4& vector4) {
  for (; i < end && reinterpret_cast<std::uintptr_t>(out + i) % 64 != 0; ++i) out[i] = scalar(i);
  for (; i + 8 <= end; i += 8) {
    const kernels::simd::v4d lo = vector4(i), hi = vector4(i + 4);
#if defined(__AVX__)
    if constexpr (kNonTemporal) {
      _mm256_stream_pd(out + i, reinterpret_cast<__m256d>(lo));
      _mm256_stream_pd(out + i + 4, reinterpret_cast<__m256d>(hi));
      continue;
    }
#endif
    kernels::simd::store4(out + i, lo);
    kernels::simd::store4(out + i + 4, hi);
  }
  for (; i < end; ++i) out[i] = scalar(i);
#if defined(__AVX__)
  if constexpr (kNonTemporal) _mm_sfence();  // order the streamed lines before later stores
#endif
}

}  // namespace output_pass_detail

template <class Scalar, class Vector4>
inline void output_pass(double* out, std::size_t begin, std::size_t end, std::size_t inputs,
                        Scalar&& scalar, Vector4&& vector4) {
  if (end > begin && (end - begin) * (inputs + 1) * sizeof(double) >= kNonTemporalBytes) {
    output_pass_detail::run<true>(out, begin, end, scalar, vector4);
  } else {
    output_pass_detail::run<false>(out, begin, end, scalar, vector4);
  }
}

}  // namespace sp::core
