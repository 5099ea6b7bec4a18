#include "services/contracts/workflows/actor.h"

#include <algorithm>

namespace parcours::contracts {

absl::Status CheckVisible(const Visibility& v, const std::string& referent_id,
                          const std::string& tad) {
  if (!v.referent_id.empty() && v.referent_id != referent_id) {
    return absl::PermissionDeniedError("not in the caller's caseload");
  }
  if (!v.tads.empty() && std::find(v.tads.begin(), v.tads.end(), tad) == v.tads.end()) {
    return absl::PermissionDeniedError("not in the caller's territories");
  }
  return absl::OkStatus();
}

}  // namespace parcours::contracts
