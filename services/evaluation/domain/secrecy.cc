#include "services/evaluation/domain/secrecy.h"

namespace parcours::evaluation {

Figure Figure::Count(double value, int64_t people) {
  return Figure{.value = value, .population = people, .bases = {people}};
}

Figure Figure::Rate(double numerator, double denominator, int64_t numerator_people,
                    int64_t denominator_people) {
  Figure f{.population = denominator_people, .bases = {numerator_people, denominator_people}};
  if (denominator > 0) f.value = numerator / denominator;
  return f;
}

Figure Figure::Of(std::optional<double> value, int64_t people) {
  return Figure{.value = value, .population = people, .bases = {people}};
}

Cell Secrecy::Publish(const Figure& figure) const {
  Cell cell;
  bool small = figure.population > 0 && figure.population < k_;
  for (int64_t base : figure.bases) small = small || (base > 0 && base < k_);
  if (small) {
    cell.suppressed_ = true;
    return cell;
  }
  cell.value_ = figure.value;
  cell.population_ = figure.population;
  return cell;
}

}  // namespace parcours::evaluation
