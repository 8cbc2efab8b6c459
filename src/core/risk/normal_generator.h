// NormalGenerator: a seeded stream of standard normal variates that is the same on every platform.
//
// std::normal_distribution's algorithm is left to the library (libstdc++, libc++ and MSVC give
// different numbers for the same engine and seed), so Monte Carlo results would not reproduce
// across compilers. Here the uniform bits come from std::mt19937_64, whose output sequence the
// standard fixes exactly, and the normals from Marsaglia's polar form of the Box-Muller transform,
// written out below:
//   u, v = 2 U - 1 with U = (53 high bits) / 2^53;  s = u^2 + v^2, rejected unless 0 < s < 1;
//   z1 = u * sqrt(-2 ln s / s), z2 = v * sqrt(-2 ln s / s)   (z2 is kept for the next call).
// The only non-exact operation is std::log (sqrt is correctly rounded by IEEE 754), so the stream
// is bit-identical wherever the C library's log is, and to within an ulp or so elsewhere.
//
// Not thread-safe (one generator per thread); copyable, and a copy continues the same stream.
// Construction is a few microseconds (the engine's 2.5 KB state); next() allocates nothing.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>

namespace sp::core::risk {

class NormalGenerator {
 public:
  explicit NormalGenerator(std::uint64_t seed) : engine_(seed) {}

  // A uniform variate on [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

  // A standard normal variate.
  double next() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u, v, s;
    do {
      u = 2.0 * uniform() - 1.0;
      v = 2.0 * uniform() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double f = std::sqrt(-2.0 * std::log(s) / s);
    spare_ = v * f;
    has_spare_ = true;
    return u * f;
  }

 private:
  std::mt19937_64 engine_;
  double spare_ = 0;
  bool has_spare_ = false;
};

}  // namespace sp::core::risk
