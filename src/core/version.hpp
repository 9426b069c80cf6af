// version.hpp — the engine's version (the npm package's, package.json) and
// which build this is; a run report (report.hpp) records both.
#pragma once

namespace rnnlab {

constexpr const char* kEngineVersion = "0.1.0";
#if defined(__EMSCRIPTEN__)
constexpr const char* kEngineBuild = "wasm";
#else
constexpr const char* kEngineBuild = "native";
#endif

}  // namespace rnnlab
