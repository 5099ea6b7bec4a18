#include "services/evaluation/domain/computation.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace parcours::evaluation {

std::optional<Computation> ParseComputation(std::string_view name) {
  if (name == "count") return Computation::kCount;
  if (name == "rate") return Computation::kRate;
  if (name == "median_delay") return Computation::kMedianDelay;
  if (name == "sum") return Computation::kSum;
  if (name == "mean") return Computation::kMean;
  return std::nullopt;
}

const char* ComputationName(Computation c) {
  switch (c) {
    case Computation::kCount:
      return "count";
    case Computation::kRate:
      return "rate";
    case Computation::kMedianDelay:
      return "median_delay";
    case Computation::kSum:
      return "sum";
    case Computation::kMean:
      return "mean";
  }
  return "count";
}

std::optional<double> Median(std::vector<double> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

std::optional<double> Mean(const std::vector<double>& values) {
  if (values.empty()) return std::nullopt;
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

Figure Compute(Computation computation, const Sample& numerator, const Sample* denominator) {
  switch (computation) {
    case Computation::kCount:
    case Computation::kSum:
      return Figure::Count(numerator.measure, numerator.population);
    case Computation::kRate:
      if (denominator == nullptr) return Figure::Of(std::nullopt, 0);
      return Figure::Rate(numerator.measure, denominator->measure, numerator.population,
                          denominator->population);
    case Computation::kMedianDelay:
      return Figure::Of(Median(numerator.values), numerator.population);
    case Computation::kMean:
      return Figure::Of(Mean(numerator.values), numerator.population);
  }
  return Figure::Of(std::nullopt, 0);
}

bool IsComparator(std::string_view c) {
  return c == ">=" || c == "<=" || c == ">" || c == "<" || c == "==";
}

std::optional<bool> MeetsTarget(double value, std::string_view c, double target) {
  // Rates and means are compared at the precision they are published with.
  constexpr double kEpsilon = 1e-9;
  if (c == ">=") return value >= target - kEpsilon;
  if (c == "<=") return value <= target + kEpsilon;
  if (c == ">") return value > target + kEpsilon;
  if (c == "<") return value < target - kEpsilon;
  if (c == "==") return std::fabs(value - target) <= kEpsilon;
  return std::nullopt;
}

}  // namespace parcours::evaluation
