// fuzz_state.cpp — libFuzzer harness for rnnlab::parse_state (the state JSON
// of docs/state-format.md, read by `rnnlab grad`/`fit`, grad() and the
// page's "Load weights…"). The input is the state text itself.
//
// Invariants (any failure aborts; see tests/fuzz/README.md):
//   - parse_state never throws, never crashes, never allocates beyond the
//     fuzzer's -malloc_limit_mb / -rss_limit_mb (a refused size must be
//     refused before the allocation);
//   - a refusal is one message of check_message() (one line, no control
//     bytes, at most 4 KB);
//   - a success gives a config that validate() accepts, exactly as many
//     parameters as param_layout() has, all finite;
//   - a success is what the text says, read again here with plain
//     nlohmann::json::parse: the top-level sizes and cell as written, every
//     tensor's "shape" exactly as written (so 4294967298 can never pass for
//     2), and every non-bias tensor's numbers as written;
//   - and round-trips: dump_state -> parse_state gives the same config and
//     bit-for-bit the same flat parameters, and dumping that gives the same
//     text again.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/params.hpp"
#include "core/config.hpp"
#include "core/state_json.hpp"
#include "fuzz_common.hpp"

using namespace rnnlab;
using rnnlab_fuzz::check_message;

namespace {

bool same_config(const ModelConfig& a, const ModelConfig& b) {
  return a.cell == b.cell && a.vocab_size == b.vocab_size && a.embedding_dim == b.embedding_dim &&
         a.hidden_size == b.hidden_size && a.num_classes == b.num_classes;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);

  ModelConfig cfg;
  std::vector<double> params;
  const std::string err = parse_state(text, &cfg, &params);
  if (!err.empty()) {
    check_message(err, "parse_state");
    return 0;
  }

  FUZZ_CHECK(validate(cfg).empty(), "parse_state accepted a config validate() refuses: " + validate(cfg));
  std::size_t expected = 0;
  for (const auto& s : param_layout(cfg)) expected += s.size();
  FUZZ_CHECK(params.size() == expected,
             "parameter count " + std::to_string(params.size()) + " != layout " + std::to_string(expected));
  for (std::size_t k = 0; k < params.size(); ++k)
    FUZZ_CHECK(std::isfinite(params[k]), "parse_state accepted a non-finite parameter at flat index " +
                                             std::to_string(k) + " (e.g. bias_ih + bias_hh overflowing)");

  // The accepted text, read independently (it is known to be sane now).
  const nlohmann::json j = nlohmann::json::parse(text);
  FUZZ_CHECK(j.at("cell") == cell_name(cfg.cell), "cell " + j.at("cell").dump() + " read as " + cell_name(cfg.cell));
  FUZZ_CHECK(j.at("vocab_size") == cfg.vocab_size, "vocab_size " + j.at("vocab_size").dump() + " read as " + std::to_string(cfg.vocab_size));
  FUZZ_CHECK(j.at("hidden_size") == cfg.hidden_size, "hidden_size " + j.at("hidden_size").dump() + " read as " + std::to_string(cfg.hidden_size));
  FUZZ_CHECK(j.at("num_classes") == cfg.num_classes, "num_classes " + j.at("num_classes").dump() + " read as " + std::to_string(cfg.num_classes));
  FUZZ_CHECK(j.value("embedding_dim", nlohmann::json(0)) == cfg.embedding_dim, "embedding_dim read as " + std::to_string(cfg.embedding_dim));
  const nlohmann::json& tensors = j.at("tensors");
  for (const auto& t : to_state_tensors(cfg, params, false)) {
    std::size_t n = 1;
    for (int d : t.shape) n *= std::size_t(d);
    FUZZ_CHECK(n == t.data.size(), "to_state_tensors: " + t.name + " has " + std::to_string(t.data.size()) +
                                       " numbers for its shape");
    FUZZ_CHECK(tensors.contains(t.name), "accepted without tensor " + t.name);
    const nlohmann::json& written = tensors.at(t.name);
    FUZZ_CHECK(written.at("shape") == nlohmann::json(t.shape),
               t.name + ": shape " + written.at("shape").dump() + " accepted as " + nlohmann::json(t.shape).dump());
    if (t.name.find("bias_ih") != std::string::npos || t.name.find("bias_hh") != std::string::npos) continue;  // summed
    const nlohmann::json& d = written.at("data");
    FUZZ_CHECK(d.size() == t.data.size(), t.name + ": " + std::to_string(d.size()) + " numbers accepted as " + std::to_string(t.data.size()));
    for (std::size_t k = 0; k < t.data.size(); ++k)
      FUZZ_CHECK(d[k].get<double>() == t.data[k], t.name + ".data[" + std::to_string(k) + "] " + d[k].dump() +
                                                       " read as " + format_number(t.data[k]));
  }

  const std::string dumped = dump_state(cfg, params);
  ModelConfig cfg2;
  std::vector<double> params2;
  const std::string err2 = parse_state(dumped, &cfg2, &params2);
  FUZZ_CHECK(err2.empty(), "dump_state's own output is refused by parse_state: " + err2);
  FUZZ_CHECK(same_config(cfg, cfg2), "round trip changed the config");
  FUZZ_CHECK(same_bits(params, params2), "round trip changed the flat parameters");
  FUZZ_CHECK(dump_state(cfg2, params2) == dumped, "dump_state(parse_state(dump_state(x))) differs from dump_state(x)");
  return 0;
}
