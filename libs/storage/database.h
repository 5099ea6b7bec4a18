// The SQL layer: one interface, two drivers (SQLite embedded by default, PostgreSQL in
// production), chosen once at start-up from a URL. Services write their queries once in a
// portable SQL subset with `?` placeholders; the driver handles dialect details.
//
//   ASSIGN_OR_RETURN(std::unique_ptr<Database> db,
//   OpenDatabase("sqlite:///var/lib/parcours/catalogue.db")); RETURN_IF_ERROR(ApplyMigrations(*db,
//   catalogue::Migrations())); ASSIGN_OR_RETURN(auto tx, db->Begin(TxMode::kWrite));
//   ASSIGN_OR_RETURN(int64_t n, tx->Exec("UPDATE offers SET status = ? WHERE id = ?", {"PUBLISHED",
//   id})); tx->OnCommit([&] { cache.Invalidate(id); }); RETURN_IF_ERROR(tx->Commit());
//
// Errors are canonical: a unique-constraint violation is ALREADY_EXISTS, another constraint
// violation FAILED_PRECONDITION, a lost or refused connection or a pool wait that timed out
// UNAVAILABLE, a serialization failure or deadlock ABORTED (safe to retry the whole
// transaction), a statement that ran past statement_timeout DEADLINE_EXCEEDED, a value the
// database rejects (bad number, string too long) INVALID_ARGUMENT, anything else INTERNAL.
//
// A failed statement poisons its transaction on both drivers (PostgreSQL's own rule, which
// SQLite is made to follow so that a store test on SQLite catches code that would break on
// PostgreSQL): every later Query/Exec and Commit returns the same error and nothing is
// written. Portable code never "tries an INSERT and looks at the error" inside a
// transaction it wants to keep; it uses INSERT ... ON CONFLICT instead.
#ifndef PARCOURS_LIBS_STORAGE_DATABASE_H_
#define PARCOURS_LIBS_STORAGE_DATABASE_H_

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace parcours::storage {

enum class Dialect { kSqlite, kPostgres };

// Raw bytes, bound as BLOB (SQLite) or BYTEA (PostgreSQL).
struct Bytes {
  std::string data;
};

// A parameter or a column value. Booleans are stored as 0/1 integers, instants as
// microseconds since the epoch (int64), civil dates as "YYYY-MM-DD" text, money as cents.
using Value = std::variant<std::monostate, int64_t, double, std::string, Bytes>;

// Convenience constructors so that `{id, 3, std::nullopt}` reads naturally at call sites.
class Param {
 public:
  Param(std::nullptr_t) {}
  Param(std::nullopt_t) {}
  Param(int v) : value_(static_cast<int64_t>(v)) {}
  Param(int64_t v) : value_(v) {}
  Param(uint32_t v) : value_(static_cast<int64_t>(v)) {}
  Param(bool v) : value_(static_cast<int64_t>(v ? 1 : 0)) {}
  Param(double v) : value_(v) {}
  Param(const char* v) : value_(std::string(v)) {}
  Param(std::string v) : value_(std::move(v)) {}
  Param(std::string_view v) : value_(std::string(v)) {}
  Param(Bytes v) : value_(std::move(v)) {}
  Param(Value v) : value_(std::move(v)) {}
  template <typename T>
  Param(const std::optional<T>& v) {
    if (v.has_value()) *this = Param(*v);
  }
  const Value& value() const { return value_; }

 private:
  Value value_;
};

using Params = std::vector<Param>;

// One row of a result. Column access is by index (0-based) in SELECT order. Asking for a
// NULL column as a non-optional type gives the zero value; use the Opt* accessors where
// NULL means something.
class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  size_t size() const { return values_.size(); }
  bool IsNull(size_t i) const;
  int64_t Int(size_t i) const;  // integers; text holding an integer is parsed
  double Real(size_t i) const;
  bool Bool(size_t i) const { return Int(i) != 0; }
  std::string Text(size_t i) const;  // text; integers and reals are formatted
  std::string Blob(size_t i) const;  // bytes of a BLOB/BYTEA (or of text)
  std::optional<int64_t> OptInt(size_t i) const;
  std::optional<std::string> OptText(size_t i) const;
  // An index past the last column is a programming error: the accessors abort with a
  // message rather than throw (exceptions never cross our APIs).
  const Value& value(size_t i) const;

 private:
  std::vector<Value> values_;
};

struct ResultSet {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  int64_t affected_rows = 0;  // for INSERT/UPDATE/DELETE (also with RETURNING)

  bool empty() const { return rows.empty(); }
};

enum class TxMode {
  kRead,   // reads only (a hint: not enforced); may run concurrently with others
  kWrite,  // takes the write lock early on SQLite (BEGIN IMMEDIATE), so no upgrade deadlock
};
// On PostgreSQL both modes are READ COMMITTED: invariants rest on constraints and
// conditional updates (`UPDATE ... WHERE places_left > 0`), which READ COMMITTED re-checks
// after waiting for a concurrent writer. On SQLite, kWrite transactions are serialised.

// A transaction on one pooled connection. Destroying it without Commit() rolls back.
// Not thread-safe: one transaction is used by one thread at a time.
class Transaction {
 public:
  virtual ~Transaction() = default;

  // Runs one statement with `?` placeholders bound to `params` in order.
  virtual absl::StatusOr<ResultSet> Query(std::string_view sql, const Params& params = {}) = 0;

  // Runs one statement and returns the number of rows it changed.
  absl::StatusOr<int64_t> Exec(std::string_view sql, const Params& params = {});

  // Runs several statements with no parameters (migrations).
  virtual absl::Status ExecScript(std::string_view sql) = 0;

  // Commits. On failure the transaction is rolled back and nothing it wrote remains.
  virtual absl::Status Commit() = 0;

  // Runs `fn` after a successful commit (cache invalidation, waking feed followers), in
  // registration order, on the committing thread, after the connection went back to the
  // pool (so `fn` may open a transaction of its own). Never runs on rollback.
  void OnCommit(std::function<void()> fn) { on_commit_.push_back(std::move(fn)); }

  // Runs `fn` inside the transaction just before COMMIT is sent (the outbox appends its
  // events here, last, so that feed order is commit order). Runs in registration order
  // (a hook may register further hooks; they run too); an error rolls back and Commit
  // returns it.
  void BeforeCommit(std::function<absl::Status(Transaction&)> fn) {
    before_commit_.push_back(std::move(fn));
  }

  // Per-transaction state of a library layered on top (the outbox keeps the events staged
  // in this transaction here): the T stored under `key` (the owner's address), created
  // empty on first use, when *created is set to true. It lives until the transaction
  // ends, after the BeforeCommit hooks and before the OnCommit hooks run. One T per key.
  template <typename T>
  T& Attachment(const void* key, bool* created = nullptr) {
    if (created != nullptr) *created = false;
    for (auto& [k, value] : attachments_) {
      if (k == key) return *static_cast<T*>(value.get());
    }
    if (created != nullptr) *created = true;
    auto value = std::make_shared<T>();
    T& ref = *value;
    attachments_.emplace_back(key, std::move(value));
    return ref;
  }

  virtual Dialect dialect() const = 0;

 protected:
  // Drivers call these from Commit().
  absl::Status RunBeforeCommit();
  void RunOnCommit();
  // The OnCommit hooks registered so far, for a driver that runs them later (SQLite's
  // group commit hands them back to the caller once the whole group has committed).
  std::vector<std::function<void()>> TakeOnCommit() { return std::move(on_commit_); }
  void ClearHooks() {
    before_commit_.clear();
    on_commit_.clear();
    attachments_.clear();
  }

 private:
  std::vector<std::function<absl::Status(Transaction&)>> before_commit_;
  std::vector<std::function<void()>> on_commit_;
  std::vector<std::pair<const void*, std::shared_ptr<void>>> attachments_;
};

struct DatabaseOptions {
  // "sqlite:///abs/path.db", "sqlite://relative/path.db", "sqlite::memory:" or a libpq URL
  // "postgresql://user@host:port/db?options=-csearch_path%3Dfoo".
  std::string url;
  int pool_size = 8;  // connections kept open ("sqlite::memory:": 1)
  absl::Duration acquire_timeout = absl::Seconds(2);  // waiting for a free connection
  absl::Duration connect_timeout = absl::Seconds(2);  // PostgreSQL; whole seconds, at least 2
  // PostgreSQL: the session's statement_timeout. SQLite: the longest a statement runs, and
  // also how long a write transaction waits for another writer, of this process (writers
  // of one Database take turns in the process) or of another (SQLite's busy timeout),
  // before giving up with UNAVAILABLE. On SQLite, a thread that holds a write transaction
  // and begins another on the same Database gets FAILED_PRECONDITION at once.
  absl::Duration statement_timeout = absl::Seconds(10);
};

// A pool of connections to one database. Thread-safe. Destroy every Transaction before
// the Database that made it.
class Database {
 public:
  virtual ~Database() = default;

  // Starts a transaction on a pooled connection; UNAVAILABLE when no connection can be had
  // within acquire_timeout or the server is down.
  virtual absl::StatusOr<std::unique_ptr<Transaction>> Begin(TxMode mode) = 0;

  // Checks that the database answers (SELECT 1). Used by health checks.
  virtual absl::Status Ping() = 0;

  virtual Dialect dialect() const = 0;

  // Runs `body` in a write transaction and commits; retries the whole transaction up to
  // `attempts` times when it fails with ABORTED (serialization failure, deadlock, busy).
  // SQLite runs concurrent calls as one group commit (sqlite_database.cc): each body under
  // its own savepoint, one COMMIT for all; a body there must not begin another write
  // transaction on the same database (FAILED_PRECONDITION), and its OnCommit hooks run on
  // the calling thread once the group has committed.
  virtual absl::Status InTransaction(const std::function<absl::Status(Transaction&)>& body,
                                     int attempts = 3);
};

// Opens a pool for `options.url`; INVALID_ARGUMENT for a URL of no known scheme. SQLite
// opens its first connection now (a bad path fails here); PostgreSQL connects on first use,
// so a service can start (health NOT_SERVING) while its database is still coming up.
absl::StatusOr<std::unique_ptr<Database>> OpenDatabase(const DatabaseOptions& options);

}  // namespace parcours::storage

#endif  // PARCOURS_LIBS_STORAGE_DATABASE_H_
