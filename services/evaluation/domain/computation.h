// The five computations of the indicator definitions, over samples the store measured.
// A Sample is what one selector found for one period and territory: the beneficiaries
// involved, the measure (a count of people, of prescriptions or cases, or an amount), and
// the individual values where a median or mean needs them (delays in days, scores).
//
//   Figure f = Compute(Computation::kRate, oriented_in_30_days, &entrants);
#ifndef PARCOURS_SERVICES_EVALUATION_DOMAIN_COMPUTATION_H_
#define PARCOURS_SERVICES_EVALUATION_DOMAIN_COMPUTATION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/evaluation/domain/secrecy.h"

namespace parcours::evaluation {

enum class Computation { kCount, kRate, kMedianDelay, kSum, kMean };

std::optional<Computation> ParseComputation(std::string_view name);  // "median_delay"
const char* ComputationName(Computation c);

struct Sample {
  int64_t population = 0;  // distinct beneficiaries
  double measure = 0;      // what count, sum and rate use
  std::vector<double> values;
};

// `denominator` is required for kRate and ignored otherwise.
Figure Compute(Computation computation, const Sample& numerator, const Sample* denominator);

std::optional<double> Median(std::vector<double> values);
std::optional<double> Mean(const std::vector<double>& values);

// ">=", "<=", ">", "<", "==": whether `value` meets `target`.
std::optional<bool> MeetsTarget(double value, std::string_view comparator, double target);
bool IsComparator(std::string_view comparator);

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_DOMAIN_COMPUTATION_H_
