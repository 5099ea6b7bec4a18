// The state machine both drivers' transactions share (internal to libs/storage):
// open → committed, or open → failed. The first failing statement or hook rolls back at
// once, gives the connection back, and from then on every call returns that same error,
// which makes SQLite follow PostgreSQL's "current transaction is aborted" rule (see
// database.h). Drivers implement the Do* primitives and call RollbackIfOpen() from their
// destructor (a base destructor cannot reach them).
//
//   class SqliteTransaction final : public DriverTransaction { ... };
#ifndef PARCOURS_LIBS_STORAGE_DRIVER_TRANSACTION_H_
#define PARCOURS_LIBS_STORAGE_DRIVER_TRANSACTION_H_

#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "libs/storage/database.h"

namespace parcours::storage {

class DriverTransaction : public Transaction {
 public:
  absl::StatusOr<ResultSet> Query(std::string_view sql, const Params& params) final;
  absl::Status ExecScript(std::string_view sql) final;
  absl::Status Commit() final;

 protected:
  virtual absl::StatusOr<ResultSet> DoQuery(std::string_view sql, const Params& params) = 0;
  virtual absl::Status DoExecScript(std::string_view sql) = 0;
  virtual absl::Status DoCommit() = 0;
  // Best effort: the connection may be gone already.
  virtual void DoRollback() = 0;
  // Gives the connection back to the pool (or drops it when broken).
  virtual void ReleaseConnection() = 0;

  void RollbackIfOpen();

 private:
  enum class State { kOpen, kCommitted, kFailed };

  absl::Status CheckOpen() const;
  void Fail(const absl::Status& status);

  State state_ = State::kOpen;
  absl::Status failure_;
};

}  // namespace parcours::storage

#endif  // PARCOURS_LIBS_STORAGE_DRIVER_TRANSACTION_H_
