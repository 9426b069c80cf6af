// bench_native.cpp — milliseconds per full training step of the native
// engine: Trainer<float>::step() (draw a binary_palindrome batch, one-hot
// input, forward, backward, clip, Adam), for rnn, lstm and gru at three
// shapes, with the diagnostics off and at the TrainConfig default (per-step
// BPTT terms and gate traces on; Jacobians off in both).
//
// Per measurement: a few warm-up steps, a calibration that picks the number
// of steps per repeat (~0.3 s each), then repeats; it reports the median,
// min and max ms/step (wall clock) and the median process CPU time per step
// (std::clock: on a shared machine, less inflated by other processes than
// the wall clock). One JSON document on stdout (and in --json-out FILE), one
// progress line per measurement on stderr. See bench/README.md.
//
// Deliberately not: threads (the engine is single-threaded), other tasks or
// embeddings, or comparison with other engines (that is a separate bench).
//
// Legend: B batch, T steps read, H hidden.
#include <CLI/CLI.hpp>
#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/trainer.hpp"

#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#define RNNLAB_HAVE_MXCSR 1
#endif

#ifndef RNNLAB_CXX_FLAGS
#define RNNLAB_CXX_FLAGS "unknown"
#endif

using namespace rnnlab;
using Clock = std::chrono::steady_clock;

namespace {

struct Shape {
  int H, T, B;
};

struct Plan {
  int warmup_steps;
  double calibrate_seconds;  // run at least this long to estimate one step
  double repeat_seconds;     // target duration of one timed repeat
  int repeats;
};

struct Result {
  std::string cell;
  Shape shape;
  bool diagnostics;
  double median_ms, min_ms, max_ms;  // wall clock (std::chrono::steady_clock)
  double cpu_median_ms;              // process CPU time (std::clock): less sensitive to a busy machine
  int repeats, steps_per_repeat;
  long non_finite_steps;  // steps whose loss or gradient was NaN/Inf (no update made)
};

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

Result measure(CellKind cell, const Shape& s, bool diagnostics, const Plan& plan) {
  TrainConfig cfg;  // binary_palindrome, one-hot, Adam lr 0.01, clip 1, seed 1
  cfg.cell = cell;
  cfg.hidden = s.H;
  cfg.T = s.T;
  cfg.batch = s.B;
  if (!diagnostics) {
    cfg.diag.bptt_terms = false;
    cfg.diag.gates = false;
  }
  cfg.diag.jacobians = false;
  const std::string err = validate(cfg);
  if (!err.empty()) throw std::runtime_error(err);

  Trainer<float> trainer(cfg);
  long non_finite = 0;
  const auto step = [&] { non_finite += !trainer.step().finite; };

  for (int k = 0; k < plan.warmup_steps; ++k) step();
  int calib_steps = 0;
  const auto calib_start = Clock::now();
  do {
    step();
    ++calib_steps;
  } while (seconds_since(calib_start) < plan.calibrate_seconds);
  const double per_step = seconds_since(calib_start) / calib_steps;
  const int steps = std::max(1, int(std::lround(plan.repeat_seconds / per_step)));

  std::vector<double> ms, cpu_ms;
  for (int r = 0; r < plan.repeats; ++r) {
    const std::clock_t cpu_start = std::clock();
    const auto start = Clock::now();
    for (int k = 0; k < steps; ++k) step();
    ms.push_back(1e3 * seconds_since(start) / steps);
    cpu_ms.push_back(1e3 * double(std::clock() - cpu_start) / CLOCKS_PER_SEC / steps);
  }
  return {cell_name(cell),
          s,
          diagnostics,
          median(ms),
          *std::min_element(ms.begin(), ms.end()),
          *std::max_element(ms.begin(), ms.end()),
          median(cpu_ms),
          plan.repeats,
          steps,
          non_finite};
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"bench_native — ms per training step of the native engine (JSON on stdout)"};
  bool quick = false, no_diagnostics = false;
  std::string json_out;
  app.add_flag("--quick", quick, "3 short repeats per measurement (a smoke test, not a measurement)");
  app.add_flag("--no-diagnostics", no_diagnostics, "only the measurements with the diagnostics off");
  app.add_option("--json-out", json_out, "also write the JSON document to this file");
  bool ftz = false;
  app.add_flag("--ftz", ftz,
               "flush subnormal floats to zero (x86 MXCSR FTZ+DAZ): shows what subnormals cost; not the engine's mode");
  int only_shape = -1;
  app.add_option("--shape", only_shape, "only this shape (0, 1, 2: the order of the table)")->check(CLI::Range(0, 2));
  CLI11_PARSE(app, argc, argv);
  if (ftz) {
#ifdef RNNLAB_HAVE_MXCSR
    _mm_setcsr(_mm_getcsr() | 0x8040);  // FTZ (bit 15) and DAZ (bit 6)
#else
    std::cerr << "bench_native: --ftz needs x86 (MXCSR)\n";
    return 2;
#endif
  }

  const Plan plan = quick ? Plan{2, 0.02, 0.05, 3} : Plan{5, 0.1, 0.3, 7};
  std::vector<Shape> shapes = {{128, 20, 128}, {256, 40, 128}, {128, 200, 32}};
  if (only_shape >= 0) shapes = {shapes[size_t(only_shape)]};
  const std::vector<CellKind> cells = {CellKind::Rnn, CellKind::Lstm, CellKind::Gru};
  std::vector<bool> diagnostics_modes = {false, true};
  if (no_diagnostics) diagnostics_modes = {false};
  const int total = int(shapes.size() * cells.size() * diagnostics_modes.size());

  nlohmann::json results = nlohmann::json::array();
  int done = 0;
  try {
    for (const Shape& s : shapes)
      for (CellKind cell : cells)
        for (bool diagnostics : diagnostics_modes) {
          const Result r = measure(cell, s, diagnostics, plan);
          ++done;
          std::cerr << "[" << done << "/" << total << "] " << r.cell << " H=" << s.H << " T=" << s.T << " B=" << s.B
                    << " diagnostics=" << (diagnostics ? "on " : "off") << ": median " << r.median_ms
                    << " ms/step (min " << r.min_ms << ", max " << r.max_ms << "; cpu " << r.cpu_median_ms << "), "
                    << r.repeats << " x "
                    << r.steps_per_repeat << " steps";
          if (r.non_finite_steps) std::cerr << "  WARNING: " << r.non_finite_steps << " non-finite steps";
          std::cerr << std::endl;
          results.push_back({{"cell", r.cell},
                             {"H", s.H},
                             {"T", s.T},
                             {"B", s.B},
                             {"diagnostics", diagnostics},
                             {"ms_per_step_median", r.median_ms},
                             {"ms_min", r.min_ms},
                             {"ms_max", r.max_ms},
                             {"cpu_ms_per_step_median", r.cpu_median_ms},
                             {"repeats", r.repeats},
                             {"steps_per_repeat", r.steps_per_repeat},
                             {"non_finite_steps", r.non_finite_steps}});
        }
  } catch (const std::exception& e) {
    std::cerr << "bench_native: " << e.what() << "\n";
    return 2;
  }

  nlohmann::json doc = {
      {"engine", "native"},
      {"compiler", __VERSION__},
      {"flags", RNNLAB_CXX_FLAGS},
      {"flush_to_zero", ftz},
      {"eigen", std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
                    std::to_string(EIGEN_MINOR_VERSION)},
      {"simd", Eigen::SimdInstructionSetsInUse()},
      {"scalar", "float32"},
      {"task", "binary_palindrome (one-hot)"},
      {"quick", quick},
      {"results", results},
  };
  const std::string text = doc.dump(2) + "\n";
  std::cout << text;
  if (!json_out.empty()) {
    std::ofstream f(json_out);
    f << text;
    if (!f) {
      std::cerr << "bench_native: cannot write " << json_out << "\n";
      return 2;
    }
  }
  return 0;
}
