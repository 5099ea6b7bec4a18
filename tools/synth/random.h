// A small deterministic random source (SplitMix64): the same seed gives the same numbers on
// every platform and standard library, which std:: distributions do not promise. Each
// synthetic person draws from its own stream, Stream(seed, kind, index), so a file can be
// written in any order and any size without changing what a given person looks like.
#ifndef PARCOURS_TOOLS_SYNTH_RANDOM_H_
#define PARCOURS_TOOLS_SYNTH_RANDOM_H_

#include <cstdint>
#include <vector>

namespace parcours::synth {

inline uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

class Rng {
 public:
  // kind separates the streams of people, structures, référents… of one seed.
  Rng(uint64_t seed, uint64_t kind, uint64_t index) : state_(Mix(Mix(Mix(seed) ^ kind) ^ index)) {}

  uint64_t Next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return Mix(state_);
  }
  // Uniform in [lo, hi] (inclusive); the modulo bias is negligible at these ranges.
  int64_t Uniform(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  // True with probability per_mille / 1000.
  bool PerMille(int per_mille) { return static_cast<int>(Next() % 1000) < per_mille; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[static_cast<size_t>(Next() % v.size())];
  }

 private:
  uint64_t state_;
};

}  // namespace parcours::synth

#endif  // PARCOURS_TOOLS_SYNTH_RANDOM_H_
