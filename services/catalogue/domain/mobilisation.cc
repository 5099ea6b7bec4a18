#include "services/catalogue/domain/mobilisation.h"

#include "services/catalogue/domain/lifecycle.h"

namespace parcours::catalogue {
namespace {

double Ratio(int64_t num, int64_t den) {
  return den == 0 ? 0.0 : static_cast<double>(num) / static_cast<double>(den);
}

}  // namespace

v1::MobilisationRow MakeMobilisationRow(const std::string& key, const MobilisationCounts& counts) {
  v1::MobilisationRow row;
  row.set_key(key);
  int64_t prescribed = 0, accepted = 0;
  for (const auto& [status, n] : counts.by_status) {
    if (n == 0) continue;
    v1::StatusCount* sc = row.add_by_status();
    sc->set_status(status);
    sc->set_count(n);
    prescribed += n;
    if (HoldsPlace(status)) accepted += n;
  }
  const auto count = [&](v1::PrescriptionStatus s) {
    auto it = counts.by_status.find(s);
    return it == counts.by_status.end() ? int64_t{0} : it->second;
  };
  const int64_t completed = count(v1::PRESCRIPTION_STATUS_COMPLETED);
  const int64_t exits = completed + count(v1::PRESCRIPTION_STATUS_ABANDONED);
  row.set_prescribed(prescribed);
  row.set_accepted(accepted);
  row.set_places(counts.places);
  row.set_fill_rate(Ratio(accepted, counts.places));
  row.set_completion_rate(Ratio(completed, exits));
  row.set_positive_exit_rate(Ratio(counts.positive_exits, exits));
  return row;
}

}  // namespace parcours::catalogue
