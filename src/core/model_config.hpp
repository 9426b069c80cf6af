// model_config.hpp — what a model is (cell kind and sizes), and the checks
// applied where configs and batches enter the engine.
//
// Validate once, at the boundary: every function here returns "" when the
// input is acceptable, or one clear sentence naming the bad field. The inner
// loops trust what passed these checks. Does no I/O.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "batch.hpp"
#include "limits.hpp"

namespace rnnlab {

enum class CellKind { Rnn, Lstm, Gru, PeepholeLstm };

// "rnn", "lstm", "gru", "peephole_lstm".
const char* cell_name(CellKind kind);
// Parses a cell name; returns false for an unknown name.
bool parse_cell(const std::string& name, CellKind* out);
// Number of gate blocks G in the input projection (rnn 1, lstm 4, gru 3, peephole 4).
int cell_gates(CellKind kind);
// Whether the cell has a separate cell state c(t) (lstm, peephole_lstm).
bool cell_has_c(CellKind kind);

struct ModelConfig {
  CellKind cell = CellKind::Lstm;
  int vocab_size = 3;     // V: tokens are 0..V-1
  int embedding_dim = 0;  // E: 0 means one-hot input (N = V)
  int hidden_size = 16;   // H
  int num_classes = 2;    // C
  int num_layers = 1;     // L: a stack as torch.nn.RNN/LSTM/GRU(num_layers=L)
  // Optional: the text of each token (a text model's characters), V entries or none.
  std::vector<std::string> vocab;
  // Optional: the label of each class (a sequences model's), C entries or none.
  std::vector<std::string> classes;

  int input_size() const { return embedding_dim > 0 ? embedding_dim : vocab_size; }
};

// Largest accepted sizes (a browser tab must never be asked for more).
constexpr int kMaxVocab = 100000;
constexpr int kMaxEmbedding = 4096;
constexpr int kMaxHidden = 4096;
constexpr int kMaxClasses = 100000;
constexpr int kMaxSteps = 100000;
constexpr int kMaxBatch = 100000;
constexpr int kMaxLayers = 4;
// The sizes above, and that the model's memory fits kMaxModelBytes (limits.hpp).
std::string validate(const ModelConfig& cfg);
// Bytes of parameters, gradients and optimizer state, counted as float64.
std::uint64_t model_bytes(const ModelConfig& cfg);

// Checks a batch against a model: equal-length rows, tokens in 0..V-1,
// targets in 0..C-1, and that the caches fit in kMaxCacheBytes for scalar
// size `scalar_bytes`.
std::string validate_batch(const ModelConfig& cfg, const Batch& batch, std::size_t scalar_bytes);

// Bytes the forward/backward caches need for B x T with this model (saturating).
std::uint64_t cache_bytes(const ModelConfig& cfg, int T, int B, std::size_t scalar_bytes);
// "" when those caches fit kMaxCacheBytes (limits.hpp), else the message.
std::string check_cache_bytes(const ModelConfig& cfg, int T, int B, std::size_t scalar_bytes);

}  // namespace rnnlab
