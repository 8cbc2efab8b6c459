// nonfinite_flag: a finiteness test that a batch kernel folds into the loop it already runs over
// its inputs, instead of a separate pre-scan (which reads every input column once more: on 1M bars
// that extra pass costs about as much as a whole ROC or MOM).
//
//   std::uint64_t flags = 0;
//   for (...) { flags |= nonfinite_flag(x[i]); ... }      // vectorises: integer and, add, or
//   if (any_nonfinite(flags)) { ...redo the batch through drive_batch... }
//
// nonfinite_flag(x) has bit 63 set exactly when x is NaN or +-inf (exponent field all ones): the
// exponent field plus one lowest exponent unit carries into bit 63 only from 0x7ff. An OR of
// values with bit 63 clear never sets it, so the accumulated flag has bit 63 set iff some input
// was non-finite. No branch, no floating-point compare, so the compiler vectorises the
// accumulation (an integer OR reduction, which needs no reassociation licence).
// The bits are read with memcpy (one register move once compiled), not std::bit_cast, which the
// libc++ 13 of Debian's emscripten lacks.
#pragma once

#include <cstdint>
#include <cstring>

namespace sp::core::kernels {

inline std::uint64_t nonfinite_flag(double x) {
  constexpr std::uint64_t kExponent = 0x7ff0000000000000ull;
  constexpr std::uint64_t kExponentUnit = 0x0010000000000000ull;
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return (bits & kExponent) + kExponentUnit;
}

inline bool any_nonfinite(std::uint64_t flags) {
  return (flags >> 63) != 0;
}

}  // namespace sp::core::kernels
