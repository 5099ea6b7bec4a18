// A figure against its baseline, measured in alternating rounds: baseline, target,
// baseline, target… The machines we measure on (two shared cores) drift between a fast and
// a slow state that lasts tens of seconds (the same echo gives 37k then 58k calls/s a few
// seconds apart), so one baseline run followed by one target run compares two states as
// often as two services. Alternating short rounds puts each ratio's two halves within
// seconds of each other, and the median round's ratio is robust to a round that straddles
// a change of state.
//
//   PairedRounds p = RunPairedRounds([&] { return load(echo_port, ...); },
//                                    [&] { return load(replica_port, ...); }, 5);
//   PrintBenchRecord({.value = p.median().target.qps, .baseline = p.median().baseline.qps,
//                     .note = p.Summary()});
#ifndef PARCOURS_TOOLS_LOADGEN_PAIRED_ROUNDS_H_
#define PARCOURS_TOOLS_LOADGEN_PAIRED_ROUNDS_H_

#include <functional>
#include <string>
#include <vector>

#include "tools/loadgen/load_generator.h"

namespace parcours::loadgen {

struct Round {
  LoadResult baseline;
  LoadResult target;
  double ratio() const { return baseline.qps > 0 ? target.qps / baseline.qps : 0; }
};

struct PairedRounds {
  std::vector<Round> rounds;  // in the order they ran

  // The round whose ratio is the median (the lower middle one for an even count).
  const Round& median() const;
  // The round whose `measure` is the median, e.g. the ratio of the two p99s.
  const Round& MedianBy(const std::function<double(const Round&)>& measure) const;
  // The highest p99 of the target over every round (a latency target must hold in all).
  double worst_target_p99_ms() const;
  // Failed target calls over every round.
  int64_t target_failed() const;
  // "median of 5 alternating rounds; ratios 0.61 0.58 0.66 0.59 0.63; …".
  std::string Summary() const;
};

// Runs `rounds` (at least 1) rounds of `baseline` then `target`.
PairedRounds RunPairedRounds(const std::function<LoadResult()>& baseline,
                             const std::function<LoadResult()>& target, int rounds);

}  // namespace parcours::loadgen

#endif  // PARCOURS_TOOLS_LOADGEN_PAIRED_ROUNDS_H_
