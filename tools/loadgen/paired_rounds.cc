#include "tools/loadgen/paired_rounds.h"

#include <algorithm>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace parcours::loadgen {

const Round& PairedRounds::median() const {
  return MedianBy([](const Round& r) { return r.ratio(); });
}

const Round& PairedRounds::MedianBy(const std::function<double(const Round&)>& measure) const {
  std::vector<size_t> order(rounds.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return measure(rounds[a]) < measure(rounds[b]); });
  return rounds[order[(order.size() - 1) / 2]];
}

double PairedRounds::worst_target_p99_ms() const {
  double worst = 0;
  for (const Round& r : rounds) worst = std::max(worst, r.target.p99_ms);
  return worst;
}

int64_t PairedRounds::target_failed() const {
  int64_t failed = 0;
  for (const Round& r : rounds) failed += r.target.failed;
  return failed;
}

std::string PairedRounds::Summary() const {
  std::string ratios, baselines;
  for (const Round& r : rounds) {
    absl::StrAppend(&ratios, ratios.empty() ? "" : " ", absl::StrFormat("%.3f", r.ratio()));
    absl::StrAppend(&baselines, baselines.empty() ? "" : " ",
                    absl::StrFormat("%.0f", r.baseline.qps));
  }
  return absl::StrCat("median of ", rounds.size(), " alternating rounds; ratios ", ratios,
                      "; baseline qps ", baselines, "; worst p99 ",
                      absl::StrFormat("%.3f", worst_target_p99_ms()), " ms; failed ",
                      target_failed());
}

PairedRounds RunPairedRounds(const std::function<LoadResult()>& baseline,
                             const std::function<LoadResult()>& target, int rounds) {
  PairedRounds out;
  for (int i = 0; i < std::max(1, rounds); ++i) {
    Round r;
    r.baseline = baseline();
    r.target = target();
    out.rounds.push_back(r);
  }
  return out;
}

}  // namespace parcours::loadgen
