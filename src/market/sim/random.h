// The simulator's random numbers: xoshiro256** seeded through SplitMix64, and the few draws the
// simulator needs, written out here so that a seed gives the same stream on every standard library.
//
//   Rng rng(seed);
//   rng.next();            // 64 random bits
//   rng.below(n);          // integer in [0, n), n > 0 (Lemire's multiply: no division, no loop)
//   rng.uniform();         // double in [0, 1), 53 random bits
//   rng.chance(p);         // true with probability p
//   rng.exponential(mean); // exponential with that mean (inverse transform, std::log)
//   rng.geometric(q, cap); // failures before the first success when each trial continues with
//                          // probability q: P(k) = (1-q) q^k, mean q/(1-q); at most cap
//
// Why not <random>'s distributions: their algorithms are unspecified, so libstdc++ and libc++ give
// different numbers for the same engine; a simulated feed must be reproducible from its seed
// anywhere. below() keeps Lemire's tiny bias (< n / 2^64), which nothing here can see.
// Everything is integer or IEEE-754 arithmetic except std::log (glibc's is correctly rounded in
// practice); the build turns FMA contraction off, so results are bit-identical across runs and
// compilers on one platform.
// Thread safety: none; one Rng per simulator. Nothing allocates.
#pragma once

#include <cmath>
#include <cstdint>

namespace sp::market::sim {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    std::uint64_t x = seed;
    for (auto& s : s_) s = splitmix64(x);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // REQUIRES: n > 0.
  std::uint64_t below(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return uniform() < p; }
  double exponential(double mean) { return -std::log1p(-uniform()) * mean; }
  std::uint32_t geometric(double continue_probability, std::uint32_t cap) {
    std::uint32_t k = 0;
    while (k < cap && uniform() < continue_probability) ++k;
    return k;
  }

  static std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

}  // namespace sp::market::sim
