// TA-Lib's arithmetic conventions, shared by every indicator group so each rounds as TA-Lib does.
//
// - is_zero / is_zero_or_neg: TA-Lib's TA_IS_ZERO / TA_IS_ZERO_OR_NEG (ta_utility.h), which compare
//   against TA_EPSILON = 1e-14, not against 0.
// - unfused_mul: a product rounded to double before it meets an addition. Left alone, the compiler
//   may fuse `a * b + c` into one FMA (one rounding instead of two) in some inlined copies and not
//   in others (GCC tuned for AMD Zen avoids FMAs on a chain carried round a loop and uses them
//   elsewhere): peek and update, stream and batch would then differ in the last bit, and so would
//   we and TA-Lib, whose build fuses nothing in the functions we follow. Where the last bit is
//   amplified (STOCHRSI divides by the range of RSI, which is rounding noise over a flat stretch)
//   that decides the answer.
#pragma once

namespace sp::core::talib {

inline constexpr double kEpsilon = 0.00000000000001;  // TA_EPSILON

inline bool is_zero(double v) {
  return -kEpsilon < v && v < kEpsilon;
}
inline bool is_zero_or_neg(double v) {
  return v < kEpsilon;
}

inline double unfused_mul(double a, double b) {
  double p = a * b;
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
  asm("" : "+x"(p));  // an opaque copy: the product must exist as a double
#elif defined(__GNUC__) && defined(__aarch64__)
  asm("" : "+w"(p));
#endif
  return p;
}

}  // namespace sp::core::talib
