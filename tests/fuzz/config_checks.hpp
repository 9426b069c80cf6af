// config_checks.hpp — what an accepted training configuration must satisfy,
// checked independently of the core's own arithmetic (fuzz_config,
// fuzz_sweep): every key in its documented range (docs/config.md), and the
// memory limits of limits.hpp computed here in 128 bits, so that a 32-bit
// (wasm) or 64-bit wrap in the core cannot hide an oversized request.
#pragma once
#include <cmath>
#include <cstdint>
#include <string>

#include "core/config.hpp"
#include "core/limits.hpp"
#include "core/tasks/task.hpp"
#include "core/trainer.hpp"
#include "fuzz_common.hpp"

namespace rnnlab_fuzz {

using namespace rnnlab;
using u128 = unsigned __int128;

// Parameters of the model, from the formulas of README.md "Parameter count"
// (one bias per gate; the GRU's extra b_hn), not from the core's layout.
inline u128 param_count(const TrainConfig& c, const ModelConfig& m) {
  const u128 V = u128(m.vocab_size), E = u128(c.embed), H = u128(c.hidden), C = u128(m.num_classes);
  const u128 N = E > 0 ? E : V;
  u128 cell = 0;
  switch (c.cell) {
    case CellKind::Rnn: cell = H * N + H * H + H; break;
    case CellKind::Lstm: cell = 4 * (H * N + H * H + H); break;
    case CellKind::Gru: cell = 3 * (H * N + H * H + H) + H; break;
    case CellKind::PeepholeLstm: cell = 4 * (H * N + H) + 3 * H * H; break;
  }
  return cell + C * H + C + V * E;
}

inline void check_usable(const TrainConfig& c, bool float64) {
  const std::string v = validate(c);
  FUZZ_CHECK(v.empty(), "accepted a config that validate(TrainConfig) refuses: " + v);
  const Task* task = find_task(c.task);
  FUZZ_CHECK(task != nullptr, "unknown task accepted: " + c.task);
  const std::string desc = "task " + c.task + " T " + std::to_string(c.T) + " batch " + std::to_string(c.batch) +
                           " hidden " + std::to_string(c.hidden) + " embed " + std::to_string(c.embed) + " cell " +
                           cell_name(c.cell);
  FUZZ_CHECK(c.T >= task->min_T && c.T <= 100000, desc);
  FUZZ_CHECK(c.hidden >= 1 && c.hidden <= 4096, desc);
  FUZZ_CHECK(c.embed >= 0 && c.embed <= 4096, desc);
  FUZZ_CHECK(c.batch >= 1 && c.batch <= 100000, desc);
  FUZZ_CHECK(c.optim.lr > 0 && c.optim.lr <= 100, "lr " + format_number(c.optim.lr));
  FUZZ_CHECK(c.optim.momentum >= 0 && c.optim.momentum < 1, "momentum " + format_number(c.optim.momentum));
  FUZZ_CHECK(!c.optim.nesterov || c.optim.momentum > 0, "nesterov with momentum 0");
  FUZZ_CHECK(std::isfinite(c.clip) && c.clip >= 0, "clip " + format_number(c.clip));
  FUZZ_CHECK(c.seed <= 9007199254740991ULL, "seed " + std::to_string(c.seed));
  FUZZ_CHECK(std::abs(c.init.forget_bias) <= 100, "forgetBias " + format_number(c.init.forget_bias));
  FUZZ_CHECK(c.init.recurrent_gain > 0 && c.init.recurrent_gain <= 100, "gain " + format_number(c.init.recurrent_gain));

  const ModelConfig m = model_config(c);
  FUZZ_CHECK(m.vocab_size >= 1 && m.num_classes >= 1, desc);
  // The tokens of one batch (T + 1 a row at most, as int).
  FUZZ_CHECK((u128(c.T) + 1) * u128(c.batch) * sizeof(int) <= kMaxBatchBytes, "batch tokens over the limit: " + desc);
  // Parameters, gradients and Adam's two buffers, as float64.
  FUZZ_CHECK(param_count(c, m) * 4 * sizeof(double) <= kMaxModelBytes, "model over the memory limit: " + desc);
  // At least h(t) for every step and sequence, in the training scalar.
  const u128 scalar = float64 ? 8 : 4;
  FUZZ_CHECK(u128(c.T) * u128(c.batch) * u128(c.hidden) * scalar <= kMaxCacheBytes, "caches over the limit: " + desc);
}

}  // namespace rnnlab_fuzz
