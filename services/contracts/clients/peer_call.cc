#include "services/contracts/clients/peer_call.h"

#include "absl/strings/str_cat.h"
#include "libs/log/log.h"

namespace parcours::contracts {

absl::Status FromPeer(const char* peer, absl::Status status) {
  if (status.code() != absl::StatusCode::kUnauthenticated &&
      status.code() != absl::StatusCode::kPermissionDenied) {
    return status;
  }
  log::Warn("peer refused this service's credentials",
            {{"peer", peer}, {"error", status.ToString()}});
  return absl::UnavailableError(
      absl::StrCat(peer, " refused contracts' credentials (check SERVICE_TOKEN and ", peer,
                   "'s authorization table): ", status.message()));
}

}  // namespace parcours::contracts
