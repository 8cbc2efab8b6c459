// The standard normal distribution: density, distribution function and its inverse.
//
// inverse_normal_cdf is Wichura's algorithm AS 241 (PPND16, Applied Statistics 37, 1988): rational
// approximations in three regions with relative error about 1e-16 over the whole double range, so
// no Newton/Halley refinement is needed. It is written out here (rather than borrowed) so that the
// same quantiles come out on every platform and in the WebAssembly build.
//
// normal_cdf uses std::erfc, which keeps full relative accuracy in the far lower tail (Phi(-30) is
// about 5e-198, not 0). Pure functions; thread-safe.
#pragma once

namespace sp::core::risk {

inline constexpr double kPi = 3.14159265358979323846;

// phi(x) = exp(-x^2/2) / sqrt(2 pi).
double normal_pdf(double x);

// Phi(x) = P(Z <= x) for Z ~ N(0, 1).
double normal_cdf(double x);

// Phi^{-1}(p): the z with Phi(z) = p. -infinity at p = 0, +infinity at p = 1, NaN outside [0, 1]
// or for NaN. inverse_normal_cdf(0.975) = 1.959963984540054.
double inverse_normal_cdf(double p);

}  // namespace sp::core::risk
