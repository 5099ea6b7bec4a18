// Exit codes scripts can rely on (sysexits-like); the README's parcoursctl section lists
// them too, and tools/parcoursctl/parcoursctl_e2e_test.sh checks each one.
#ifndef PARCOURS_TOOLS_PARCOURSCTL_EXIT_CODES_H_
#define PARCOURS_TOOLS_PARCOURSCTL_EXIT_CODES_H_

#include "absl/status/status.h"

namespace parcours::ctl {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;        // the operation ran and failed (e.g. rejections)
inline constexpr int kExitUsage = 2;         // bad command line, unreadable file or token file
inline constexpr int kExitInvalidInput = 3;  // the server refused the input (INVALID_ARGUMENT…)
inline constexpr int kExitNotFound = 4;
inline constexpr int kExitDenied = 5;       // UNAUTHENTICATED / PERMISSION_DENIED
inline constexpr int kExitUnavailable = 6;  // a service is down, not ready (health) or too slow

// The exit code for a failed call.
inline int ExitCodeFor(const absl::Status& s) {
  switch (s.code()) {
    case absl::StatusCode::kOk:
      return kExitOk;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
      return kExitInvalidInput;
    case absl::StatusCode::kNotFound:
      return kExitNotFound;
    case absl::StatusCode::kUnauthenticated:
    case absl::StatusCode::kPermissionDenied:
      return kExitDenied;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
      return kExitUnavailable;
    default:
      return kExitFailed;
  }
}

}  // namespace parcours::ctl

#endif  // PARCOURS_TOOLS_PARCOURSCTL_EXIT_CODES_H_
