// state_json.hpp — the model state JSON ("format": "rnnlab-state/1", PyTorch
// state_dict names and layouts) and the batch JSON of docs/state-format.md.
//
// The engine keeps one bias per gate (params.hpp): loading adds bias_ih +
// bias_hh; saving writes the sum to bias_ih and zeros to bias_hh. The GRU
// keeps PyTorch's hidden bias of n separately: bias_hh's n block round-trips.
// The peephole LSTM has no PyTorch twin and uses the engine's own names.
// Every parse function validates fully and returns "" or one message that
// names the field; it never throws. No file I/O here: callers pass text.
#pragma once
#include <cstddef>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "batch.hpp"
#include "model_config.hpp"
#include "params.hpp"

namespace rnnlab {

struct NamedTensor {
  std::string name;
  std::vector<int> shape;
  std::vector<double> data;
};

// Parses a state; on success fills cfg and the engine's flat parameters
// (layout of param_layout(cfg)).
std::string parse_state(const std::string& text, ModelConfig* cfg, std::vector<double>* params);

// JSON text into *out, "" or the message; never throws. Refuses more than
// kMaxJsonBytes, nesting deeper than kMaxJsonDepth, more than max_values
// values, and a number beyond a double's range (naming its field). On a
// syntax error *error_byte (when given) is the byte it was found at (from 1).
std::string parse_json(const std::string& text, nlohmann::json* out, std::uint64_t max_values,
                       std::size_t* error_byte = nullptr);

// Serialises the engine parameters as a state JSON document.
std::string dump_state(const ModelConfig& cfg, const std::vector<double>& params);

// The engine's tensors (parameters or gradients) under the state's names and
// shapes. For gradients (as_gradient), bias_ih and bias_hh both receive the
// gradient of the summed bias, as in PyTorch.
std::vector<NamedTensor> to_state_tensors(const ModelConfig& cfg, const std::vector<double>& flat,
                                          bool as_gradient);

// The same two on a model's own (aligned) buffer, ParamSet<double>::data.
inline std::string dump_state(const ModelConfig& cfg, const AlignedVector<double>& params) {
  return dump_state(cfg, std::vector<double>(params.begin(), params.end()));
}
inline std::vector<NamedTensor> to_state_tensors(const ModelConfig& cfg, const AlignedVector<double>& flat,
                                                 bool as_gradient) {
  return to_state_tensors(cfg, std::vector<double>(flat.begin(), flat.end()), as_gradient);
}

// Parses {"tokens": [[...], ...], "targets": [...]}: shape only; the check
// against a model (token ranges) is validate_batch().
std::string parse_batch(const std::string& text, Batch* batch);

// Serialises a list of named tensors as {"name": {"shape": [...], "data": [...]}}.
std::string dump_tensors(const std::vector<NamedTensor>& tensors);

}  // namespace rnnlab
