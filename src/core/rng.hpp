// rng.hpp — the engine's own seeded pseudo-random generator (xoshiro256**).
//
// Every random draw in the engine (initialisation, task data, shuffles) goes
// through this class, passed explicitly. It never uses std::*_distribution:
// libstdc++ (native) and libc++ (Emscripten) implement those differently, and
// the same seed must give the same stream natively and in WebAssembly.
// Deliberately not: thread-safe, cryptographic, or global.
#pragma once
#include <cmath>
#include <cstdint>

namespace rnnlab {

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0) { reseed(seed); }

  void reseed(std::uint64_t seed) {
    // splitmix64 expands the seed into the 256-bit state.
    std::uint64_t z = seed;
    for (auto& word : s_) {
      z += 0x9e3779b97f4a7c15ULL;
      std::uint64_t x = z;
      x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
      x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
      word = x ^ (x >> 31);
    }
  }

  // The 256-bit state, to save and restore a stream exactly (report.hpp).
  const std::uint64_t* state() const { return s_; }
  void set_state(const std::uint64_t (&s)[4]) {
    for (int k = 0; k < 4; ++k) s_[k] = s[k];
  }

  std::uint64_t next_u64() {
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

  // Uniform double in [0, 1) with 53 random bits.
  double uniform01() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

  // Uniform double in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }

  // Uniform integer in [0, n), n >= 1, without modulo bias (rejection).
  std::uint64_t below(std::uint64_t n) {
    const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % n);
    std::uint64_t x;
    do {
      x = next_u64();
    } while (x >= limit);
    return x % n;
  }

  int below_int(int n) { return static_cast<int>(below(static_cast<std::uint64_t>(n))); }

  // Standard normal by Box-Muller (used only for orthogonal initialisation).
  double normal() {
    double u1 = uniform01();
    while (u1 <= 0.0) u1 = uniform01();
    const double u2 = uniform01();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

}  // namespace rnnlab
