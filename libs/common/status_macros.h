// Status propagation macros for absl::Status / absl::StatusOr, which Debian 12's Abseil
// (20220623) does not ship yet.
//
//   absl::StatusOr<Offer> LoadOffer(...) {
//     RETURN_IF_ERROR(CheckId(id));
//     ASSIGN_OR_RETURN(Row row, store.Get(id));
//     return ToOffer(row);
//   }
#ifndef PARCOURS_LIBS_COMMON_STATUS_MACROS_H_
#define PARCOURS_LIBS_COMMON_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define PARCOURS_CONCAT_INNER_(a, b) a##b
#define PARCOURS_CONCAT_(a, b) PARCOURS_CONCAT_INNER_(a, b)

// Returns the status from the enclosing function when `expr` is not OK.
#define RETURN_IF_ERROR(expr)                         \
  do {                                                \
    ::absl::Status parcours_status_ = (expr);         \
    if (!parcours_status_.ok()) return parcours_status_; \
  } while (false)

// Evaluates `rexpr` (a StatusOr); on error returns its status, otherwise moves the value
// into `lhs`, which may be a declaration.
#define ASSIGN_OR_RETURN(lhs, rexpr) \
  PARCOURS_ASSIGN_OR_RETURN_IMPL_(PARCOURS_CONCAT_(parcours_statusor_, __LINE__), lhs, rexpr)

#define PARCOURS_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                                    \
  if (!tmp.ok()) return std::move(tmp).status();         \
  lhs = std::move(tmp).value()

#endif  // PARCOURS_LIBS_COMMON_STATUS_MACROS_H_
