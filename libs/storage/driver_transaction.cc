#include "libs/storage/driver_transaction.h"

#include "absl/strings/str_cat.h"

namespace parcours::storage {

absl::StatusOr<ResultSet> DriverTransaction::Query(std::string_view sql, const Params& params) {
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  absl::StatusOr<ResultSet> result = DoQuery(sql, params);
  if (!result.ok()) Fail(result.status());
  return result;
}

absl::Status DriverTransaction::ExecScript(std::string_view sql) {
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  absl::Status status = DoExecScript(sql);
  if (!status.ok()) Fail(status);
  return status;
}

absl::Status DriverTransaction::Commit() {
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  absl::Status status = RunBeforeCommit();
  if (status.ok()) status = DoCommit();
  if (!status.ok()) {
    Fail(status);
    return status;
  }
  state_ = State::kCommitted;
  ReleaseConnection();
  RunOnCommit();
  return absl::OkStatus();
}

void DriverTransaction::RollbackIfOpen() {
  if (state_ != State::kOpen) return;
  state_ = State::kFailed;
  failure_ = absl::AbortedError("transaction rolled back");
  DoRollback();
  ReleaseConnection();
  ClearHooks();
}

absl::Status DriverTransaction::CheckOpen() const {
  switch (state_) {
    case State::kOpen:
      return absl::OkStatus();
    case State::kCommitted:
      return absl::FailedPreconditionError("transaction already committed");
    case State::kFailed:
      break;
  }
  return absl::Status(failure_.code(), absl::StrCat("transaction aborted by an earlier error: ",
                                                    failure_.message()));
}

void DriverTransaction::Fail(const absl::Status& status) {
  if (state_ != State::kOpen) return;
  state_ = State::kFailed;
  failure_ = status;
  DoRollback();
  ReleaseConnection();
  ClearHooks();
}

}  // namespace parcours::storage
