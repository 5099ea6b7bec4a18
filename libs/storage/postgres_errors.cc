#include "libs/storage/postgres_errors.h"

namespace parcours::storage {

absl::StatusCode StatusCodeForSqlState(std::string_view s) {
  using Code = absl::StatusCode;
  if (s.size() != 5) return Code::kInternal;
  const std::string_view cls = s.substr(0, 2);
  if (s == "23505") return Code::kAlreadyExists;
  if (cls == "23") return Code::kFailedPrecondition;
  if (cls == "40" || s == "55P03") return Code::kAborted;
  if (s == "57014") return Code::kDeadlineExceeded;
  if (cls == "08" || s == "57P01" || s == "57P02" || s == "57P03" || s == "53300") {
    return Code::kUnavailable;
  }
  if (cls == "53") return Code::kResourceExhausted;
  if (cls == "22") return Code::kInvalidArgument;
  return Code::kInternal;
}

}  // namespace parcours::storage
