// model_config.cpp — cell names and the boundary checks of model_config.hpp.
#include "model_config.hpp"

#include <string>

#include "cells/descriptor.hpp"
#include "limits.hpp"
#include "params.hpp"

namespace rnnlab {

const char* cell_name(CellKind kind) { return describe(kind).name.c_str(); }

bool parse_cell(const std::string& name, CellKind* out) {
  const CellDescriptor* d = find_cell(name);
  if (d) *out = d->kind;
  return d != nullptr;
}

int cell_gates(CellKind kind) { return describe(kind).gate_blocks; }

bool cell_has_c(CellKind kind) { return describe(kind).has_cell_state; }

namespace {
std::string range_error(const char* field, long long value, long long lo, long long hi) {
  if (value >= lo && value <= hi) return "";
  return std::string(field) + " must be between " + std::to_string(lo) + " and " +
         std::to_string(hi) + " (got " + std::to_string(value) + ")";
}
}  // namespace

std::string validate(const ModelConfig& cfg) {
  std::string e;
  if (!(e = range_error("vocab_size", cfg.vocab_size, 1, kMaxVocab)).empty()) return e;
  if (!(e = range_error("embedding_dim", cfg.embedding_dim, 0, kMaxEmbedding)).empty()) return e;
  if (!(e = range_error("hidden_size", cfg.hidden_size, 1, kMaxHidden)).empty()) return e;
  if (!(e = range_error("num_classes", cfg.num_classes, 1, kMaxClasses)).empty()) return e;
  if (!(e = range_error("num_layers", cfg.num_layers, 1, kMaxLayers)).empty()) return e;
  if (!cfg.vocab.empty() && cfg.vocab.size() != std::size_t(cfg.vocab_size))
    return "vocab must hold vocab_size = " + std::to_string(cfg.vocab_size) + " strings (got " +
           std::to_string(cfg.vocab.size()) + ")";
  if (!cfg.classes.empty() && cfg.classes.size() != std::size_t(cfg.num_classes))
    return "classes must hold num_classes = " + std::to_string(cfg.num_classes) + " strings (got " +
           std::to_string(cfg.classes.size()) + ")";
  return check_bytes("the model is too large: its parameters, gradients and optimizer state", model_bytes(cfg),
                     kMaxModelBytes, "; reduce the hidden size, the embedding size, the vocabulary or the classes");
}

std::uint64_t model_bytes(const ModelConfig& cfg) {
  std::uint64_t n = 0;
  for (const TensorSpec& s : param_layout(cfg)) n = add_sat(n, product_sat({s.rows, s.cols}));
  // parameters, gradients and the optimizer's two buffers (Adam's m and v), as float64
  return mul_sat(n, 4 * sizeof(double));
}

std::uint64_t cache_bytes(const ModelConfig& cfg, int T, int B, std::size_t scalar_bytes) {
  // 64-bit arithmetic on every platform (size_t is 32 bits in wasm32).
  const long long H = cfg.hidden_size, G = cell_gates(cfg.cell), N = cfg.input_size();
  // per step and sample: input x (N), pre-activations (G*H), gate/state caches
  // (about 2*G*H + 4*H), and their gradients (G*H + 2*H).
  const long long per = N + (4 * G * H + 6 * H) * cfg.num_layers;
  return product_sat({T, B, per, (long long)scalar_bytes});
}

std::string validate_batch(const ModelConfig& cfg, const Batch& batch, std::size_t scalar_bytes) {
  std::string e;
  if (!(e = range_error("batch size", batch.B, 1, kMaxBatch)).empty()) return e;
  if (!(e = range_error("sequence length T", batch.T, 1, kMaxSteps)).empty()) return e;
  if (std::uint64_t(batch.tokens.size()) != std::uint64_t(batch.B) * std::uint64_t(batch.T))
    return "tokens must hold B*T = " + std::to_string(std::uint64_t(batch.B) * std::uint64_t(batch.T)) +
           " values (got " + std::to_string(batch.tokens.size()) + ")";
  const std::uint64_t n_targets = batch.per_step ? std::uint64_t(batch.B) * std::uint64_t(batch.T) : std::uint64_t(batch.B);
  if (std::uint64_t(batch.targets.size()) != n_targets)
    return batch.per_step ? "per-step targets must hold B*T = " + std::to_string(n_targets) + " values (got " +
                                std::to_string(batch.targets.size()) + ")"
                          : "targets must hold one value per sequence: " + std::to_string(batch.B) + " (got " +
                                std::to_string(batch.targets.size()) + ")";
  for (int b = 0; b < batch.B; ++b)
    for (int t = 0; t < batch.T; ++t) {
      const int v = batch.token(b, t);
      if (v < 0 || v >= cfg.vocab_size)
        return "tokens[" + std::to_string(b) + "][" + std::to_string(t) + "] = " +
               std::to_string(v) + " is out of range 0.." + std::to_string(cfg.vocab_size - 1);
    }
  if (!batch.per_step) {
    for (int b = 0; b < batch.B; ++b) {
      const int c = batch.targets[b];
      if (c < 0 || c >= cfg.num_classes)
        return "targets[" + std::to_string(b) + "] = " + std::to_string(c) +
               " is out of range 0.." + std::to_string(cfg.num_classes - 1);
    }
  } else {
    bool any = false;
    for (int b = 0; b < batch.B; ++b)
      for (int t = 0; t < batch.T; ++t) {
        const int c = batch.target(b, t);
        if (c < -1 || c >= cfg.num_classes)
          return "targets[" + std::to_string(b) + "][" + std::to_string(t) + "] = " + std::to_string(c) +
                 " is out of range: -1 (no loss at this step) or 0.." + std::to_string(cfg.num_classes - 1);
        any = any || c >= 0;
      }
    if (!any) return "targets: every per-step target is -1 (no loss anywhere); at least one must be a class";
    // The head's logits and probabilities at every step.
    const std::uint64_t extra = product_sat({batch.T, batch.B, 2LL * cfg.num_classes, (long long)scalar_bytes});
    if (std::string e2 = check_bytes("T x batch x classes too large: the per-step logits",
                                     add_sat(cache_bytes(cfg, batch.T, batch.B, scalar_bytes), extra), kMaxCacheBytes,
                                     "; reduce T, the batch size or the number of classes");
        !e2.empty())
      return e2;
  }
  return check_cache_bytes(cfg, batch.T, batch.B, scalar_bytes);
}

std::string check_cache_bytes(const ModelConfig& cfg, int T, int B, std::size_t scalar_bytes) {
  return check_bytes("T x batch x hidden too large: the training caches", cache_bytes(cfg, T, B, scalar_bytes),
                     kMaxCacheBytes, "; reduce T, the batch size or the hidden size");
}

}  // namespace rnnlab
