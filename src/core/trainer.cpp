// trainer.cpp — see trainer.hpp.
#include "trainer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "cells/descriptor.hpp"
#include "config.hpp"

namespace rnnlab {

namespace {
// Independent streams derived from one seed.
constexpr std::uint64_t kInitStream = 0x1111111111111111ULL;
constexpr std::uint64_t kDataStream = 0x2222222222222222ULL;
constexpr std::uint64_t kSampleStream = 0x3333333333333333ULL;
constexpr std::uint64_t kEvalStream = 0x4444444444444444ULL;
}  // namespace

ModelConfig model_config(const TrainConfig& cfg) {
  ModelConfig m;
  const Task* task = find_task(cfg.task);
  m.cell = cfg.cell;
  m.vocab_size = task ? task->vocab_size(cfg.T) : 1;
  m.num_classes = task ? task->num_classes(cfg.T) : 1;
  if (task && task->needs_text) {
    m.vocab_size = m.num_classes = cfg.text ? int(cfg.text->vocab.size()) : 1;
    if (cfg.text) m.vocab = cfg.text->vocab;
  }
  if (task && task->needs_sequences) {
    m.vocab_size = cfg.sequences ? int(cfg.sequences->vocab.size()) : 1;
    m.num_classes = cfg.sequences ? int(cfg.sequences->classes.size()) : 1;
    if (cfg.sequences) m.vocab = cfg.sequences->vocab, m.classes = cfg.sequences->classes;
  }
  m.embedding_dim = cfg.embed;
  m.hidden_size = cfg.hidden;
  m.num_layers = cfg.layers;
  return m;
}

Batch generate_batch(const TrainConfig& cfg, Rng& rng, int T, int B, bool held_out) {
  const Task* task = find_task(cfg.task);
  if (task->needs_sequences) return cfg.sequences->draw(rng, T, B, held_out);
  return task->needs_text ? cfg.text->windows(rng, T, B) : task->generate(rng, T, B);
}

std::string validate(const TrainConfig& cfg) {
  std::string e = validate_task_args(cfg.task, cfg.T, cfg.batch);
  if (!e.empty()) return e;
  if (find_task(cfg.task)->needs_text) {
    if (!cfg.text) return "the task 'text' needs a text (the key text)";
    if (!(e = check_text_length(*cfg.text, cfg.T)).empty()) return e;
  }
  if (find_task(cfg.task)->needs_sequences) {
    if (!cfg.sequences) return "the task 'sequences' needs the reader's sequences (the key sequences)";
    if (!(e = check_sequences_length(*cfg.sequences, cfg.T)).empty()) return e;
  }
  const ModelConfig m = model_config(cfg);
  if (cfg.hidden < 1 || cfg.hidden > kMaxHidden)
    return "hidden size must be between 1 and " + std::to_string(kMaxHidden) + " (got " + std::to_string(cfg.hidden) + ")";
  if (cfg.embed < 0 || cfg.embed > kMaxEmbedding)
    return "embedding size must be between 0 (one-hot) and " + std::to_string(kMaxEmbedding) + " (got " +
           std::to_string(cfg.embed) + ")";
  if (cfg.layers < 1 || cfg.layers > kMaxLayers)
    return "layers must be between 1 and " + std::to_string(kMaxLayers) + " (got " + std::to_string(cfg.layers) + ")";
  if (!(e = validate(m)).empty()) return e;
  if (!(e = validate(cfg.optim)).empty()) return e;
  if (!std::isfinite(cfg.clip) || cfg.clip < 0) return "clip must be a non-negative number (0 = off)";
  if (!std::isfinite(cfg.init.forget_bias) || std::abs(cfg.init.forget_bias) > 100)
    return "forget_bias must be a number in [-100, 100]";
  if (!std::isfinite(cfg.init.recurrent_gain) || cfg.init.recurrent_gain <= 0 || cfg.init.recurrent_gain > 100)
    return "gain must be a number in (0, 100] (got " + format_number(cfg.init.recurrent_gain) + ")";
  if (!(e = check_cache_bytes(m, cfg.T, cfg.batch, sizeof(double))).empty()) return e;
  if (cfg.diag.jacobians) {
    const int state = describe(cfg.cell).state_size(cfg.hidden) * cfg.layers;
    if (state > kMaxJacobianState) return "Jacobian norms are limited to a state size of " + std::to_string(kMaxJacobianState) + " (got " + std::to_string(state) + ")";
  }
  return "";
}

template <class S>
Trainer<S>::Trainer(const TrainConfig& cfg)
    : cfg_(cfg),
      task_(find_task(cfg.task)),
      model_(model_config(cfg)),
      optim_(cfg.optim, model_.params().size()),
      data_rng_(cfg.seed ^ kDataStream),
      sample_rng_(cfg.seed ^ kSampleStream),
      watch_(DivergenceAdvice{cfg.optim.lr, cfg.clip, ""}) {
  Rng init_rng(cfg.seed ^ kInitStream);
  model_.init(init_rng, cfg.init);
}

template <class S>
std::string Trainer<S>::set_params(const std::vector<double>& flat) {
  auto& p = model_.params().data;
  if (flat.size() != p.size())
    return "expected " + std::to_string(p.size()) + " parameters (got " + std::to_string(flat.size()) + ")";
  // A finite float64 beyond the scalar's range would become infinite here and
  // NaN at the first step: refuse it, naming where it is.
  const double largest = double(std::numeric_limits<S>::max());
  for (std::size_t k = 0; k < flat.size(); ++k)
    if (!(std::abs(flat[k]) <= largest)) {
      const auto& specs = model_.params().specs;
      std::size_t i = 0;
      while (i + 1 < specs.size() && specs[i + 1].offset <= k) ++i;
      return "tensor '" + specs[i].name + "' holds " + format_number(flat[k]) + ", beyond " +
             (sizeof(S) == 4 ? "float32" : "float64") + "'s range (" + format_number(largest) +
             "): it would become infinite; load it in float64 or rescale it";
    }
  for (std::size_t k = 0; k < p.size(); ++k) p[k] = S(flat[k]);
  optim_ = Optimizer<S>(cfg_.optim, p.size());
  return "";
}

template <class S>
TrainerCheckpoint<S> Trainer<S>::checkpoint() const {
  TrainerCheckpoint<S> c;
  c.step = steps_;
  const auto& p = model_.params().data;
  c.params.assign(p.begin(), p.end());
  c.m = optim_.first_moment();
  c.v = optim_.second_moment();
  c.optim_t = optim_.steps();
  for (int k = 0; k < 4; ++k) c.data_rng[k] = data_rng_.state()[k];
  return c;
}

template <class S>
std::string Trainer<S>::restore(const TrainerCheckpoint<S>& c) {
  auto& p = model_.params().data;
  if (c.params.size() != p.size())
    return "expected " + std::to_string(p.size()) + " parameters (got " + std::to_string(c.params.size()) + ")";
  if (c.step < 0 || c.optim_t < 0 || c.optim_t > c.step) return "the step counts are not consistent";
  if (!optim_.restore(c.optim_t, c.m, c.v))
    return "expected optimizer buffers of " + std::to_string(p.size()) + " entries";
  std::copy(c.params.begin(), c.params.end(), p.begin());
  data_rng_.set_state(c.data_rng);
  steps_ = c.step;
  batch_ = Batch{};
  return "";
}

template <class S>
StepMetrics Trainer<S>::step(bool report) {
  StepMetrics m;
  batch_ = generate_batch(cfg_, data_rng_, cfg_.T, cfg_.batch);
  model_.grads().zero();
  m.loss = model_.forward(batch_);
  m.accuracy = double(model_.correct()) / model_.counted();
  DiagnosticsOptions opts = cfg_.diag;
  if (!report) opts.jacobians = opts.units = opts.spectrum = false;
  model_.backward(opts, m.diag);
  ++steps_;
  m.step = steps_;
  m.finite = std::isfinite(m.loss) && std::isfinite(m.diag.grad_norm);
  m.divergence = watch_.feed(m.loss, m.diag.grad_norm);
  if (!m.finite) return m;  // never apply a NaN update: the caller pauses and explains
  double after = m.diag.grad_norm;
  m.diag.grad_norm = clip_grad_norm(model_.grads(), cfg_.clip, &after);
  m.diag.grad_norm_clipped = after;
  optim_.step(model_.params().data, model_.grads().data);
  return m;
}

template <class S>
WhatIf Trainer<S>::what_if(double gain, std::string* error) {
  WhatIf w;
  w.gain = gain;
  if (!(gain > 0 && gain <= kMaxWhatIfGain)) {
    *error = "gain must be a number in (0, " + format_number(kMaxWhatIfGain) + "] (got " + format_number(gain) + ")";
    return w;
  }
  error->clear();
  if (batch_.tokens.empty()) {
    Rng peek = data_rng_;  // the next batch, leaving the stream where it is
    batch_ = generate_batch(cfg_, peek, cfg_.T, cfg_.batch);
  }
  // Every layer's recurrent weights times the gain.
  std::vector<Mat<S>> saved;
  for (const LayerIndex& li : model_.params().index.layers) {
    auto W = model_.params().mat(li.w_rec);
    saved.push_back(W);
    W *= S(gain);
  }
  DiagnosticsOptions opts = cfg_.diag;
  opts.spectrum = true;
  opts.jacobians = describe(cfg_.cell).state_size(cfg_.hidden) * cfg_.layers <= kMaxJacobianState;
  model_.grads().zero();
  w.loss = model_.forward(batch_);
  model_.backward(opts, w.diag);
  for (std::size_t k = 0; k < saved.size(); ++k) model_.params().mat(model_.params().index.layers[k].w_rec) = saved[k];
  model_.grads().zero();
  return w;
}

std::string validate_count(const char* what, long long n, long long max) {
  if (n >= 1 && n <= max) return "";
  return std::string(what) + " must be between 1 and " + std::to_string(max) + " (got " + std::to_string(n) + ")";
}

namespace {
// Draws n held-out sequences of T tokens from `rng` in batches of at most `chunk` and
// hands each to fn(batch, index of its first sequence). The task draws
// sequence after sequence, so the chunks hold the very sequences that one
// batch of n would: chunking changes memory, not results.
template <class F>
void in_chunks(const TrainConfig& cfg, Rng& rng, int T, int n, int chunk, F fn) {
  for (int first = 0; first < n; first += chunk) {
    const Batch b = generate_batch(cfg, rng, T, std::min(chunk, n - first), /*held_out=*/true);
    fn(b, first);
  }
}
}  // namespace

template <class S>
int Trainer<S>::forward_chunk(int n, int T) const {
  // The most sequences whose caches fit the limit (at least 1: the config's
  // own batch, of 1 or more, passed validate() at this T).
  const std::uint64_t per = cache_bytes(model_.config(), T, 1, sizeof(S));
  const std::uint64_t fit = per ? kMaxCacheBytes / per : std::uint64_t(n);
  return int(std::max<std::uint64_t>(1, std::min<std::uint64_t>(std::uint64_t(n), fit)));
}

template <class S>
std::vector<Sample> Trainer<S>::samples(int n) {
  std::vector<Sample> out(n);
  in_chunks(cfg_, sample_rng_, cfg_.T, n, forward_chunk(n, cfg_.T), [&](const Batch& b, int first) {
    model_.forward(b);
    const auto pred = model_.predictions();
    for (int i = 0; i < b.B; ++i) {
      Sample& s = out[std::size_t(first) + i];
      s.tokens.assign(b.tokens.begin() + std::size_t(i) * b.T, b.tokens.begin() + std::size_t(i + 1) * b.T);
      // Per-step targets: the last step's (logits row (T-1)*B + i).
      const std::size_t row = b.per_step ? std::size_t(b.T - 1) * b.B + i : std::size_t(i);
      s.target = b.per_step ? b.target(i, b.T - 1) : b.targets[i];
      s.prediction = pred[row];
      for (Eigen::Index c = 0; c < model_.probs().cols(); ++c) s.probs.push_back(double(model_.probs()(Eigen::Index(row), c)));
    }
  });
  return out;
}

template <class S>
double Trainer<S>::evaluate(int n) {
  return evaluate(n, cfg_.T);
}

template <class S>
double Trainer<S>::evaluate(int n, int T) {
  Rng eval_rng(cfg_.seed ^ kEvalStream);
  long correct = 0, counted = 0;
  in_chunks(cfg_, eval_rng, T, n, forward_chunk(n, T), [&](const Batch& b, int) {
    model_.forward(b);
    correct += model_.correct();
    counted += model_.counted();
  });
  return double(correct) / double(counted);
}

SweepPoint train_and_evaluate(const TrainConfig& cfg, int steps, int eval_n, const std::vector<int>& test_lengths) {
  TrainConfig c = cfg;
  c.diag.bptt_terms = c.diag.gates = c.diag.jacobians = false;
  Trainer<float> trainer(c);
  SweepPoint p;
  for (int s = 0; s < steps; ++s) {
    const StepMetrics m = trainer.step();
    p.final_loss = m.loss;
    p.steps = m.step;
    if (!m.finite) {
      p.finite = false;
      break;
    }
  }
  p.accuracy = trainer.evaluate(eval_n);
  for (int T : test_lengths) p.test.push_back({T, trainer.evaluate(eval_n, T)});
  return p;
}

double chance_level(const TrainConfig& cfg, int n) {
  const Task* task = find_task(cfg.task);
  if (task->chance) return task->chance(cfg.T);  // the task's exact value
  Rng eval_rng(cfg.seed ^ kEvalStream);
  std::vector<long> freq(std::size_t(model_config(cfg).num_classes), 0);
  long counted = 0;
  // Only the targets are kept: chunks of about a million tokens.
  in_chunks(cfg, eval_rng, cfg.T, n, std::max(1, 1000000 / cfg.T), [&](const Batch& b, int) {
    for (int y : b.targets)
      if (y >= 0) {
        ++freq[std::size_t(y)];
        ++counted;
      }
  });
  long most = 0;
  for (long f : freq) most = std::max(most, f);
  return double(most) / double(counted);
}

template class Trainer<float>;
template class Trainer<double>;

}  // namespace rnnlab
