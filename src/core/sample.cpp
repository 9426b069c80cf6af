// sample.cpp — see sample.hpp.
#include "sample.hpp"

#include <cmath>
#include <map>

#include "config.hpp"
#include "echo.hpp"
#include "model.hpp"
#include "rng.hpp"
#include "text.hpp"

namespace rnnlab {

namespace {
constexpr std::uint64_t kSampleSeedMix = 0x5A3D1E57C0FFEEULL;

std::map<std::string, int> vocab_index(const ModelConfig& cfg) {
  std::map<std::string, int> index;
  for (std::size_t k = 0; k < cfg.vocab.size(); ++k) index.emplace(cfg.vocab[k], int(k));
  return index;
}

// Index drawn from softmax(logits / X), or the argmax when X = 0.
int draw(const Eigen::RowVectorXd& logits, double X, Rng& rng) {
  Eigen::Index best = 0;
  const double mx = logits.maxCoeff(&best);
  if (X == 0) return int(best);
  Eigen::RowVectorXd p = ((logits.array() - mx) / X).exp();
  const double u = rng.uniform01() * p.sum();
  double acc = 0;
  for (Eigen::Index k = 0; k < p.size(); ++k) {
    acc += p[k];
    if (u < acc) return int(k);
  }
  return int(p.size() - 1);
}
}  // namespace

std::string validate_sample(const ModelConfig& cfg, const SampleOptions& opts) {
  if (cfg.vocab.empty())
    return "the state has no vocab: sampling needs a text model (train it with --task text and --save)";
  if (!cfg.classes.empty())
    return "the state is a classifier of sequences (it has classes): sampling needs a text model (train it with "
           "--task text and --save)";
  if (cfg.num_classes != cfg.vocab_size)
    return "the state predicts " + std::to_string(cfg.num_classes) + " classes from " +
           std::to_string(cfg.vocab_size) + " tokens: a text model predicts the next token (C = V)";
  if (opts.length < 0 || opts.length > kMaxSampleLength)
    return "length must be between 0 and " + std::to_string(kMaxSampleLength) + " (got " + std::to_string(opts.length) + ")";
  if (!(opts.temperature >= 0 && opts.temperature <= kMaxTemperature))
    return "temperature must be a number in [0, " + format_number(kMaxTemperature) + "] (0 = always the most likely) (got " +
           format_number(opts.temperature) + ")";
  if (opts.prime.size() > std::size_t(kMaxSampleLength) * 4)
    return "the prime is longer than " + std::to_string(kMaxSampleLength) + " characters";
  std::vector<std::string> chars;
  if (std::string e = split_utf8(opts.prime, "the prime", &chars); !e.empty()) return e;
  const auto index = vocab_index(cfg);
  for (std::size_t k = 0; k < chars.size(); ++k)
    if (!index.count(chars[k]))
      return "the prime's character " + std::to_string(k) + " ('" + echo(chars[k]) +
             "') is not in the model's vocabulary of " + std::to_string(cfg.vocab.size()) + " characters";
  return "";
}

std::string sample_text(const ModelConfig& cfg, const std::vector<double>& params, const SampleOptions& opts) {
  Model<double> model(cfg);
  model.params().data.assign(params.begin(), params.end());
  const auto index = vocab_index(cfg);
  std::vector<std::string> chars;
  split_utf8(opts.prime, "the prime", &chars);
  Rng rng(opts.seed ^ kSampleSeedMix);
  const auto& P = model.params();
  Eigen::RowVectorXd logits = P.vec(P.index.head_b);  // head(0) = head.bias: no prime read yet
  auto feed = [&](const std::vector<int>& tokens) {
    Batch batch;
    batch.B = 1;
    batch.T = int(tokens.size());
    batch.tokens = tokens;
    batch.targets = {0};  // unused: only the logits of h(T) are read
    model.forward(batch);
    logits = model.logits().row(0);
    model.carry_state();
  };
  if (!chars.empty()) {
    std::vector<int> prime;
    for (const auto& c : chars) prime.push_back(index.at(c));
    feed(prime);
  }
  std::string out;
  for (int k = 0; k < opts.length; ++k) {
    const int token = draw(logits, opts.temperature, rng);
    out += cfg.vocab[std::size_t(token)];
    if (k + 1 < opts.length) feed({token});
  }
  return out;
}

}  // namespace rnnlab
