// fuzz_batch.cpp — libFuzzer harness for rnnlab::parse_batch (the batch JSON
// of docs/batch-format.md, read by `rnnlab grad`/`fit` and grad()) and, on
// what it accepts, rnnlab::validate_batch. The input is the batch text.
//
// Invariants (any failure aborts; see tests/fuzz/README.md):
//   - parse_batch never throws, never crashes, never allocates beyond the
//     fuzzer's limits; a refusal is one check_message() message;
//   - a success is a well-formed Batch: 1 <= B <= kMaxBatch,
//     1 <= T <= kMaxSteps, B*T tokens, B targets none negative (or, per
//     step, B*T targets none below -1);
//   - it round-trips: the same batch written back as JSON parses to the
//     same tokens and targets;
//   - validate_batch's refusals (against a small model, and against the
//     smallest model whose V and C cover the batch) are check_message()
//     messages, and the covering model (H = 1, E = 1: tiny caches) accepts it
//     (per step: unless every target is -1, or the per-step logits are too large).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/model_config.hpp"
#include "core/state_json.hpp"
#include "fuzz_common.hpp"

using namespace rnnlab;
using rnnlab_fuzz::check_message;

namespace {

std::string to_json(const Batch& b) {
  std::string s = "{\"tokens\":[";
  for (int r = 0; r < b.B; ++r) {
    s += r ? ",[" : "[";
    for (int t = 0; t < b.T; ++t) s += (t ? "," : "") + std::to_string(b.token(r, t));
    s += "]";
  }
  s += "],\"targets\":[";
  if (!b.per_step) {
    for (int r = 0; r < b.B; ++r) s += (r ? "," : "") + std::to_string(b.targets[r]);
    return s + "]}";
  }
  for (int r = 0; r < b.B; ++r) {
    s += r ? ",[" : "[";
    for (int t = 0; t < b.T; ++t) s += (t ? "," : "") + std::to_string(b.target(r, t));
    s += "]";
  }
  return s + "]}";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  Batch b;
  const std::string err = parse_batch(text, &b);
  if (!err.empty()) {
    check_message(err, "parse_batch");
    return 0;
  }

  FUZZ_CHECK(b.B >= 1 && b.B <= kMaxBatch, "B = " + std::to_string(b.B));
  FUZZ_CHECK(b.T >= 1 && b.T <= kMaxSteps, "T = " + std::to_string(b.T));
  FUZZ_CHECK(b.tokens.size() == std::size_t(b.B) * std::size_t(b.T),
             std::to_string(b.tokens.size()) + " tokens for B x T = " + std::to_string(b.B) + " x " + std::to_string(b.T));
  const std::size_t n_targets = b.per_step ? std::size_t(b.B) * std::size_t(b.T) : std::size_t(b.B);
  FUZZ_CHECK(b.targets.size() == n_targets, std::to_string(b.targets.size()) + " targets for B = " + std::to_string(b.B) +
                                                (b.per_step ? " per step" : ""));
  int max_token = 0, max_target = 0;
  for (int v : b.tokens) {
    FUZZ_CHECK(v >= 0, "negative token " + std::to_string(v));
    max_token = std::max(max_token, v);
  }
  bool any_target = false;
  for (int v : b.targets) {
    FUZZ_CHECK(v >= (b.per_step ? -1 : 0), "target " + std::to_string(v) + " below the allowed range");
    max_target = std::max(max_target, v);
    any_target = any_target || v >= 0;
  }

  Batch again;
  const std::string err2 = parse_batch(to_json(b), &again);
  FUZZ_CHECK(err2.empty(), "the batch written back is refused: " + err2);
  FUZZ_CHECK(again.B == b.B && again.T == b.T && again.tokens == b.tokens && again.targets == b.targets &&
                 again.per_step == b.per_step,
             "the batch written back parses to another batch");

  // A small model: most batches are out of its range; the message must still be clean.
  ModelConfig small;
  small.cell = CellKind::Gru;
  small.vocab_size = 3;
  small.hidden_size = 2;
  small.num_classes = 2;
  if (const std::string e = validate_batch(small, b, sizeof(float)); !e.empty()) check_message(e, "validate_batch (V=3, C=2)");

  // The smallest model covering the batch, with tiny caches: must accept it.
  if (max_token < kMaxVocab && max_target < kMaxClasses) {
    ModelConfig cover;
    cover.cell = CellKind::Rnn;
    cover.vocab_size = max_token + 1;
    cover.embedding_dim = 1;
    cover.hidden_size = 1;
    cover.num_classes = max_target + 1;
    const std::string v = validate(cover);
    if (!v.empty()) {
      check_message(v, "validate(cover)");
    } else {
      const std::string e = validate_batch(cover, b, sizeof(double));
      const bool may_refuse = b.per_step && (!any_target || e.find("per-step logits") != std::string::npos);
      if (may_refuse && !e.empty()) check_message(e, "validate_batch (cover, per step)");
      else FUZZ_CHECK(e.empty(), "validate_batch refuses a batch its V and C cover (H = E = 1): " + e);
    }
  }
  return 0;
}
