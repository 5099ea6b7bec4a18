// Statistical secrecy, enforced in this one place: every aggregate the service outputs
// (gRPC responses, CSV exports, /metrics gauges) is a Cell, and the only way to make a
// Cell is Secrecy::Publish. A figure built on between 1 and k-1 beneficiaries comes out
// hidden (suppressed, no value, no population).
//
//   Secrecy secrecy(5);
//   Cell c = secrecy.Publish(Figure::Rate(3, 40, /*numerator_people=*/3, /*people=*/40));
//   c.suppressed();  // true: 3 people are fewer than 5
//
// Why bases and not only the population: a rate's numerator is itself a count of people;
// publishing 3/40 would disclose a cell of 3 that the matching count hides. Why 0 is
// shown: an empty cell says nothing about any person (the INSEE practice), and hiding
// zeros would hide whether an action ran at all, which is what the bilan must tell.
#ifndef PARCOURS_SERVICES_EVALUATION_DOMAIN_SECRECY_H_
#define PARCOURS_SERVICES_EVALUATION_DOMAIN_SECRECY_H_

#include <cstdint>
#include <optional>
#include <vector>

namespace parcours::evaluation {

// A figure before secrecy: the value (unset when there is nothing to measure, e.g. a rate
// over nobody), the beneficiaries it reports on, and every count of beneficiaries it is
// built from.
struct Figure {
  std::optional<double> value;
  int64_t population = 0;
  std::vector<int64_t> bases;

  static Figure Count(double value, int64_t people);
  static Figure Rate(double numerator, double denominator, int64_t numerator_people,
                     int64_t denominator_people);
  static Figure Of(std::optional<double> value, int64_t people);  // sum, mean, median
};

class Cell {
 public:
  bool suppressed() const { return suppressed_; }
  const std::optional<double>& value() const { return value_; }
  const std::optional<int64_t>& population() const { return population_; }

 private:
  friend class Secrecy;
  Cell() = default;
  bool suppressed_ = false;
  std::optional<double> value_;
  std::optional<int64_t> population_;
};

class Secrecy {
 public:
  explicit Secrecy(int k) : k_(k < 2 ? 2 : k) {}
  int k() const { return k_; }
  Cell Publish(const Figure& figure) const;

 private:
  int k_;
};

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_DOMAIN_SECRECY_H_
