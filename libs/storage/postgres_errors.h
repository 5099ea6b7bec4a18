// How PostgreSQL errors become canonical status codes (internal to libs/storage), by
// SQLSTATE (https://www.postgresql.org/docs/15/errcodes-appendix.html):
//   23505 unique_violation                → ALREADY_EXISTS
//   other 23xxx (foreign key, check, not null) → FAILED_PRECONDITION
//   40xxx (40001 serialization, 40P01 deadlock), 55P03 lock timeout → ABORTED (retry)
//   57014 query_canceled (statement_timeout) → DEADLINE_EXCEEDED
//   08xxx connection, 57P01-03 shutdown/crash, 53300 too many connections → UNAVAILABLE
//   other 53xxx (disk full, out of memory) → RESOURCE_EXHAUSTED
//   22xxx data exception (bad number, value too long, invalid UTF-8) → INVALID_ARGUMENT
//   anything else (syntax, undefined table, XX000) → INTERNAL
//
//   StatusCodeForSqlState("23505") == absl::StatusCode::kAlreadyExists
#ifndef PARCOURS_LIBS_STORAGE_POSTGRES_ERRORS_H_
#define PARCOURS_LIBS_STORAGE_POSTGRES_ERRORS_H_

#include <string_view>

#include "absl/status/status.h"

namespace parcours::storage {

absl::StatusCode StatusCodeForSqlState(std::string_view sqlstate);

}  // namespace parcours::storage

#endif  // PARCOURS_LIBS_STORAGE_POSTGRES_ERRORS_H_
