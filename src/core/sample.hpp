// sample.hpp — generating text from a text model (a state with a vocab):
// feed the prime, then draw each next character from softmax(logits / X)
// and feed it back, carrying every layer's state from one character to the
// next (Model::carry_state).
//
//   h(0) = c(0) = 0;  prime p_1..p_m read in one forward pass;
//   x_1 ~ softmax(head(h_top(m)) / X)    (m = 0: head(0) = head.bias)
//   x_{k+1} ~ softmax(head(h_top after x_k) / X),  k = 1..N-1
//   X = 0: the most likely character every time (argmax).
// Does no I/O.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "model_config.hpp"

namespace rnnlab {

struct SampleOptions {
  std::string prime;         // UTF-8; every character must be in the vocab
  int length = 200;          // characters to generate, 0..kMaxSampleLength
  double temperature = 1.0;  // 0 (argmax) .. kMaxTemperature
  std::uint64_t seed = 1;
};
constexpr int kMaxSampleLength = 100000;
constexpr double kMaxTemperature = 100;

// "" when the options are acceptable for a model with this vocab, else the message.
std::string validate_sample(const ModelConfig& cfg, const SampleOptions& opts);

// The `length` characters generated after the prime, concatenated (float64).
// cfg and params as parse_state gives them; opts must pass validate_sample.
std::string sample_text(const ModelConfig& cfg, const std::vector<double>& params, const SampleOptions& opts);

}  // namespace rnnlab
