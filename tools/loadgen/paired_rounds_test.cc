// The pairing of rounds and the choice of the median round, with made-up results.
#include "tools/loadgen/paired_rounds.h"

#include "gtest/gtest.h"

namespace parcours::loadgen {
namespace {

LoadResult Qps(double qps, double p99 = 1, int64_t failed = 0) {
  LoadResult r;
  r.qps = qps;
  r.p99_ms = p99;
  r.failed = failed;
  return r;
}

TEST(PairedRounds, AlternatesBaselineAndTargetInOrder) {
  std::vector<std::string> calls;
  int n = 0;
  const PairedRounds p = RunPairedRounds(
      [&] {
        calls.push_back("b");
        return Qps(100 + n++);
      },
      [&] {
        calls.push_back("t");
        return Qps(50);
      },
      3);
  EXPECT_EQ(calls, (std::vector<std::string>{"b", "t", "b", "t", "b", "t"}));
  ASSERT_EQ(p.rounds.size(), 3u);
  EXPECT_EQ(p.rounds[0].baseline.qps, 100);
  EXPECT_EQ(p.rounds[2].baseline.qps, 102);
}

TEST(PairedRounds, MedianIsTheMiddleRatioNotTheMiddleQps) {
  PairedRounds p;
  // Ratios 0.5, 0.9, 0.6, 0.7, 0.4: the median is 0.6 (round 2), although its target QPS
  // (60) is not the median target QPS.
  p.rounds = {{Qps(100), Qps(50)},
              {Qps(100), Qps(90)},
              {Qps(100), Qps(60)},
              {Qps(200), Qps(140)},
              {Qps(300), Qps(120)}};
  EXPECT_DOUBLE_EQ(p.median().ratio(), 0.6);
  EXPECT_EQ(&p.median(), &p.rounds[2]);
  // An even count takes the lower middle: a conservative figure.
  p.rounds.pop_back();  // 0.5 0.9 0.6 0.7
  EXPECT_DOUBLE_EQ(p.median().ratio(), 0.6);
}

TEST(PairedRounds, MedianByAnotherMeasure) {
  PairedRounds p;
  // p99 ratios 3.0, 1.0, 2.0: the median round by p99 is the last, by QPS the second.
  p.rounds = {{Qps(100, 1), Qps(50, 3)}, {Qps(100, 2), Qps(90, 2)}, {Qps(100, 1), Qps(60, 2)}};
  const Round& by_p99 =
      p.MedianBy([](const Round& r) { return r.target.p99_ms / r.baseline.p99_ms; });
  EXPECT_EQ(&by_p99, &p.rounds[2]);
  EXPECT_EQ(&p.median(), &p.rounds[2]);  // ratios 0.5, 0.9, 0.6
  p.rounds[2].target.qps = 95;           // ratios 0.5, 0.9, 0.95
  EXPECT_EQ(&p.median(), &p.rounds[1]);
  EXPECT_EQ(&p.MedianBy([](const Round& r) { return r.target.p99_ms / r.baseline.p99_ms; }),
            &p.rounds[2]);
}

TEST(PairedRounds, WorstP99AndFailuresCoverEveryRound) {
  PairedRounds p;
  p.rounds = {
      {Qps(100), Qps(50, 2.5, 1)}, {Qps(100), Qps(60, 7.0, 0)}, {Qps(100), Qps(55, 1.0, 2)}};
  EXPECT_DOUBLE_EQ(p.worst_target_p99_ms(), 7.0);
  EXPECT_EQ(p.target_failed(), 3);
  EXPECT_EQ(p.Summary(),
            "median of 3 alternating rounds; ratios 0.500 0.600 0.550; baseline qps 100 100 100; "
            "worst p99 7.000 ms; failed 3");
}

TEST(PairedRounds, AZeroBaselineGivesARatioOfZero) {
  const Round r{Qps(0), Qps(10)};
  EXPECT_EQ(r.ratio(), 0);
}

}  // namespace
}  // namespace parcours::loadgen
