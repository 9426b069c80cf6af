// test_gemm.cpp — the matrix products of src/core/gemm.hpp (gemm_nn with
// add = false and add = true, gemm_tn_add; gemm.hpp has no other entry point)
// against Eigen, on awkward shapes: 1x1x1, odd sizes, sizes just past the
// 4 x 8 register tile, k = 0, and k below, at, just past and not a multiple
// of the kernel's k-panel (RNNLAB_GEMM_KC = 128: k = 127, 128, 129, 256, 259,
// 300), for float and double.
//
// Built for WebAssembly (cmake/wasm.cmake, -msimd128: float then runs the
// wasm_simd128 kernel; tests/node/gemm.test.mjs runs it) and natively
// (CMakeLists.txt, ctest: there gemm.hpp is Eigen's product, so this checks
// the fallback). Not GoogleTest (there is none in the wasm build): main
// prints one JSON summary line and returns 1 when any case fails.
//
// Per case, every entry of C must satisfy, against Eigen's product of the
// same matrices computed in double AND against Eigen's product in the
// scalar type itself,
//   |C_ij - ref_ij| <= rtol * scale_ij,  scale_ij = sum_k |A_ik| |B_kj| + |C0_ij|
// (C0: C before the call, only for add = true), with rtol = 1e-5 for float
// (about 170 float ulps of the scale: summation-order differences over
// k <= 300 are far below; a wrong or missing term or panel is far above) and
// 1e-12 for double. For k = 0 the scale is |C0| (or 0): the result must be C0
// exactly (or exact zeros). Also checked: add = false ignores what C held
// (C is filled with NaN first), and the rows of the buffer around C (C is a
// middleRows block of a larger matrix) are never written. Each case runs with
// A and B as whole matrices and as middleRows blocks of larger ones.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "core/gemm.hpp"

using namespace rnnlab;

namespace {

struct Shape {
  int M, N, K;
};
// C is M x N; the product runs over K.
const Shape kShapes[] = {
    {1, 1, 1},     {3, 5, 7},    {129, 257, 131}, {4, 8, 259},   {7, 9, 259},  {5, 9, 127},
    {8, 16, 128},  {13, 11, 129}, {17, 24, 256},  {33, 40, 300}, {2, 3, 0},    {129, 257, 259},
};
enum Entry { NN, NN_ADD, TN_ADD };
const char* entry_name(Entry e) { return e == NN ? "gemm_nn" : e == NN_ADD ? "gemm_nn_add" : "gemm_tn_add"; }

// A small deterministic generator (the same numbers on every platform).
struct Lcg {
  std::uint64_t s;
  double next() {  // uniform in [-1, 1)
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return double(s >> 11) * (2.0 / 9007199254740992.0) - 1.0;
  }
};

template <class S>
void fill(Mat<S>& m, Lcg& g) {
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) m(i, j) = S(g.next());
}

struct Result {
  std::string name;
  bool ok = true;
  double worst = 0;  // max |C - ref| / tol over entries (0 when exact)
  std::string why;
};

template <class S>
Result run_case(const Shape& sh, Entry entry, bool blocks, const char* type) {
  const int M = sh.M, N = sh.N, K = sh.K;
  Result res;
  res.name = std::string(entry_name(entry)) + " " + type + " " + std::to_string(M) + "x" + std::to_string(N) + "x" +
             std::to_string(K) + (blocks ? " blocks" : " whole");
  Lcg g{std::uint64_t(M) * 1000003u + std::uint64_t(N) * 1009u + std::uint64_t(K) * 7u + unsigned(entry)};

  // A: M x K (nn) or K x M (tn); B: K x N. As blocks: rows 2.. of a matrix
  // with 2 rows above and 3 below.
  const int ar = entry == TN_ADD ? K : M, ac = entry == TN_ADD ? M : K;
  const int pad_top = blocks ? 2 : 0, pad_bottom = blocks ? 3 : 0;
  Mat<S> Abuf(ar + pad_top + pad_bottom, ac), Bbuf(K + pad_top + pad_bottom, N);
  fill(Abuf, g);
  fill(Bbuf, g);
  // C: rows 1..M of an (M + 2) x N matrix; the outer rows hold a sentinel.
  Mat<S> Cbuf(M + 2, N);
  const S sentinel = S(12345.678);
  Cbuf.setConstant(sentinel);
  Mat<S> C0(M, N);
  if (entry == NN) {
    C0.setZero();
    Cbuf.middleRows(1, M).setConstant(std::numeric_limits<S>::quiet_NaN());
  } else {
    fill(C0, g);
    Cbuf.middleRows(1, M) = C0;
  }

  const auto A = Abuf.middleRows(pad_top, ar);
  const auto B = Bbuf.middleRows(pad_top, K);
  // Reference products by Eigen: in double, and in S itself.
  const Eigen::MatrixXd Ad = A.template cast<double>(), Bd = B.template cast<double>();
  const Eigen::MatrixXd C0d = C0.template cast<double>();
  Eigen::MatrixXd ref_d, scale;
  Mat<S> ref_s;
  if (entry == TN_ADD) {
    ref_d = Ad.transpose() * Bd + C0d;
    scale = Ad.cwiseAbs().transpose() * Bd.cwiseAbs() + C0d.cwiseAbs();
    ref_s = C0;
    ref_s.noalias() += A.transpose() * B;
  } else {
    ref_d = Ad * Bd + C0d;
    scale = Ad.cwiseAbs() * Bd.cwiseAbs() + C0d.cwiseAbs();
    ref_s = C0;
    ref_s.noalias() += A * B;
  }

  // The call under test.
  if (entry == TN_ADD)
    gemm_tn_add(Cbuf.middleRows(1, M), A, B);
  else
    gemm_nn(Cbuf.middleRows(1, M), A, B, entry == NN_ADD);

  const double rtol = std::is_same_v<S, float> ? 1e-5 : 1e-12;
  char buf[256];
  for (int j = 0; j < N; ++j)
    for (int r : {0, M + 1})
      if (!(Cbuf(r, j) == sentinel)) {
        std::snprintf(buf, sizeof buf, "row %d of the buffer around C was written (col %d: %.9g)", r - 1, j,
                      double(Cbuf(r, j)));
        res.ok = false;
        res.why = buf;
        return res;
      }
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      const double c = double(Cbuf(1 + i, j));
      const double tol = rtol * scale(i, j);
      const double refs[2] = {ref_d(i, j), double(ref_s(i, j))};
      for (int w = 0; w < 2; ++w) {
        const double err = std::abs(c - refs[w]);
        if (!(err <= tol)) {  // also catches NaN
          std::snprintf(buf, sizeof buf, "C(%d,%d) = %.9g, Eigen (%s) %.9g: |diff| %.3g > tol %.3g", i, j, c,
                        w == 0 ? "double" : type, refs[w], err, tol);
          res.ok = false;
          res.why = buf;
          return res;
        }
        if (tol > 0) res.worst = std::max(res.worst, err / tol);
      }
    }
  return res;
}

std::string json_escape(const std::string& s) {
  std::string o;
  for (char ch : s) {
    if (ch == '"' || ch == '\\') o += '\\';
    o += ch;
  }
  return o;
}

}  // namespace

int main() {
#if defined(__wasm_simd128__)
  const char* kernel = "wasm_simd128";
#else
  const char* kernel = "eigen";
#endif
  int cases = 0, failed = 0, cases_float = 0, cases_double = 0;
  double worst = 0;
  std::vector<Result> failures;
  auto record = [&](const Result& r) {
    ++cases;
    worst = std::max(worst, r.worst);
    if (!r.ok) {
      ++failed;
      failures.push_back(r);
      std::fprintf(stderr, "FAIL %s: %s\n", r.name.c_str(), r.why.c_str());
    }
  };
  for (const Shape& sh : kShapes)
    for (Entry e : {NN, NN_ADD, TN_ADD})
      for (bool blocks : {false, true}) {
        record(run_case<float>(sh, e, blocks, "float"));
        ++cases_float;
        record(run_case<double>(sh, e, blocks, "double"));
        ++cases_double;
      }

  std::printf("{\"test\":\"gemm\",\"kernel\":\"%s\",\"kc\":%d,\"cases\":%d,\"float_cases\":%d,\"double_cases\":%d,"
              "\"failed\":%d,\"worst_err_over_tol\":%.3g,\"failures\":[",
              kernel,
#if defined(__wasm_simd128__)
              RNNLAB_GEMM_KC,
#else
              0,
#endif
              cases, cases_float, cases_double, failed, worst);
  for (std::size_t i = 0; i < failures.size(); ++i)
    std::printf("%s{\"case\":\"%s\",\"why\":\"%s\"}", i ? "," : "", json_escape(failures[i].name).c_str(),
                json_escape(failures[i].why).c_str());
  std::printf("]}\n");
  return failed == 0 && cases > 0 ? 0 : 1;
}
