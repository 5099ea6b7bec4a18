// The value of "--name=value" among a benchmark's arguments, or `fallback`. Benchmarks take
// a few optional flags and no other argument, which is all this reads.
//
//   const int n = std::atoi(loadgen::FlagValue(argc, argv, "--offers", "10000").c_str());
#ifndef PARCOURS_TOOLS_LOADGEN_BENCH_ARGS_H_
#define PARCOURS_TOOLS_LOADGEN_BENCH_ARGS_H_

#include <string>

namespace parcours::loadgen {

inline std::string FlagValue(int argc, char** argv, const std::string& name,
                             const std::string& fallback) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind(name + "=", 0) == 0) return a.substr(name.size() + 1);
  }
  return fallback;
}

}  // namespace parcours::loadgen

#endif  // PARCOURS_TOOLS_LOADGEN_BENCH_ARGS_H_
