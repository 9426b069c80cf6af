// limits.hpp — the engine's memory limits and the one place their arithmetic
// is done: in 64 bits, saturating instead of wrapping, so that a limit means
// the same natively and in wasm32 (where size_t has 32 bits and a product of
// two accepted sizes can wrap to a small number).
//
// Every allocation whose size comes from input is checked against one of
// these before it happens (docs/limits.md lists them, with what happens at
// each):
//   caches of one forward/backward pass   kMaxCacheBytes  (model_config.hpp)
//   parameters + gradients + optimizer    kMaxModelBytes
//   the tokens of one batch               kMaxBatchBytes
//   JSON text (state, batch)              kMaxJsonBytes, nested at most kMaxJsonDepth
#pragma once
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>

namespace rnnlab {

constexpr std::uint64_t kMiB = std::uint64_t(1) << 20;
// The forward/backward caches of one step.
constexpr std::uint64_t kMaxCacheBytes = std::uint64_t(1) << 30;  // 1 GiB
// A model's parameters, its gradients and the optimizer's two buffers, as
// float64 (a browser tab has 2 GiB in all: this plus the caches fits).
constexpr std::uint64_t kMaxModelBytes = 768 * kMiB;
// The tokens and targets of one generated or parsed batch.
constexpr std::uint64_t kMaxBatchBytes = 512 * kMiB;
// JSON text read by the engine (a state file, a batch), and its nesting.
constexpr std::uint64_t kMaxJsonBytes = std::uint64_t(1) << 30;  // the largest state, 25M numbers, is about 530 MB
constexpr int kMaxJsonDepth = 64;

constexpr std::uint64_t kSaturated = std::numeric_limits<std::uint64_t>::max();

// a * b, or kSaturated when it does not fit in 64 bits.
inline std::uint64_t mul_sat(std::uint64_t a, std::uint64_t b) {
  if (a != 0 && b > kSaturated / a) return kSaturated;
  return a * b;
}
inline std::uint64_t add_sat(std::uint64_t a, std::uint64_t b) { return b > kSaturated - a ? kSaturated : a + b; }
// The product of all factors, saturating (negative factors count as 0).
inline std::uint64_t product_sat(std::initializer_list<long long> factors) {
  std::uint64_t p = 1;
  for (long long f : factors) p = mul_sat(p, f < 0 ? 0 : std::uint64_t(f));
  return p;
}

// "2150 MiB", or "more than 17592186044415 MiB" for a saturated count.
inline std::string mib_text(std::uint64_t bytes) {
  if (bytes == kSaturated) return "more than " + std::to_string(kSaturated >> 20) + " MiB";
  return std::to_string(bytes >> 20) + " MiB";
}

// "" when need <= limit, else "<what> would need N MiB (limit L MiB)<advice>".
inline std::string check_bytes(const std::string& what, std::uint64_t need, std::uint64_t limit,
                               const std::string& advice) {
  if (need <= limit) return "";
  return what + " would need " + mib_text(need) + " (limit " + mib_text(limit) + ")" + advice;
}

}  // namespace rnnlab
