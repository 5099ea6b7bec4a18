#include "libs/storage/sqlite_database.h"

#include <sqlite3.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/common/status_macros.h"
#include "libs/storage/connection_pool.h"
#include "libs/storage/driver_transaction.h"

namespace parcours::storage {
namespace {

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using SqlitePtr = std::unique_ptr<sqlite3, SqliteCloser>;
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// Leaves a cached statement ready for its next use, whatever happened to this one.
class StatementReset {
 public:
  explicit StatementReset(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~StatementReset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  StatementReset(const StatementReset&) = delete;
  StatementReset& operator=(const StatementReset&) = delete;

 private:
  sqlite3_stmt* stmt_;
};

// A service's statements are a fixed set; past this many, someone is building SQL text
// dynamically and the cache would only grow.
constexpr size_t kMaxCachedStatements = 512;

std::string Abbreviate(std::string_view sql) {
  constexpr size_t kMax = 160;
  if (sql.size() <= kMax) return std::string(sql);
  return absl::StrCat(std::string(sql.substr(0, kMax)), "...");
}

absl::Status StatusFromSqlite(int rc, sqlite3* db, std::string_view sql) {
  std::string message = absl::StrCat("sqlite: ", db != nullptr ? sqlite3_errmsg(db) : "", " (",
                                     sqlite3_errstr(rc), ")");
  if (!sql.empty()) absl::StrAppend(&message, " in: ", Abbreviate(sql));
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return absl::AlreadyExistsError(message);
      }
      return absl::FailedPreconditionError(message);
    case SQLITE_BUSY:
      if (rc == SQLITE_BUSY_SNAPSHOT) return absl::AbortedError(message);
      return absl::UnavailableError(message);
    case SQLITE_LOCKED:
      return absl::AbortedError(message);
    case SQLITE_INTERRUPT:
      return absl::DeadlineExceededError(message);
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return absl::UnavailableError(message);
    case SQLITE_FULL:
      return absl::ResourceExhaustedError(message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return absl::DataLossError(message);
    case SQLITE_TOOBIG:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
      return absl::InvalidArgumentError(message);
    default:
      return absl::InternalError(message);
  }
}

// One open database handle with its statement cache. Used by one thread at a time.
class SqliteConnection {
 public:
  static absl::StatusOr<std::unique_ptr<SqliteConnection>> Open(const std::string& path,
                                                                bool in_memory,
                                                                absl::Duration timeout) {
    sqlite3* raw = nullptr;
    int rc =
        sqlite3_open_v2(path.c_str(), &raw,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    SqlitePtr db(raw);  // sqlite3_open_v2 allocates a handle even when it fails
    if (rc != SQLITE_OK) {
      return StatusFromSqlite(rc, db.get(), absl::StrCat("open ", path));
    }
    auto conn = std::unique_ptr<SqliteConnection>(new SqliteConnection(std::move(db), timeout));
    RETURN_IF_ERROR(conn->Configure(in_memory));
    return conn;
  }

  sqlite3* db() const { return db_.get(); }

  // Starts the statement clock: the progress handler interrupts past the deadline.
  void StartClock() { deadline_ = absl::Now() + statement_timeout_; }

  // A prepared statement for `sql`, from the cache when it was prepared before.
  absl::StatusOr<sqlite3_stmt*> Prepare(std::string_view sql) {
    std::string key(sql);
    if (auto it = statements_.find(key); it != statements_.end()) return it->second.get();
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(db(), key.data(), static_cast<int>(key.size()),
                                SQLITE_PREPARE_PERSISTENT, &raw, &tail);
    StatementPtr stmt(raw);
    if (rc != SQLITE_OK) return StatusFromSqlite(rc, db(), sql);
    if (stmt == nullptr) return absl::InvalidArgumentError("empty SQL statement");
    for (const char* p = tail; p != nullptr && *p != '\0'; ++p) {
      if (*p != ';' && *p != ' ' && *p != '\n' && *p != '\t' && *p != '\r') {
        return absl::InvalidArgumentError(absl::StrCat(
            "Query runs one statement (use ExecScript for several): ", Abbreviate(sql)));
      }
    }
    if (statements_.size() >= kMaxCachedStatements) statements_.clear();
    sqlite3_stmt* result = stmt.get();
    statements_.emplace(std::move(key), std::move(stmt));
    return result;
  }

  // Runs SQL without parameters or results (BEGIN, COMMIT, scripts).
  absl::Status Execute(std::string_view sql) {
    StartClock();
    std::string text(sql);
    int rc = sqlite3_exec(db(), text.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return StatusFromSqlite(rc, db(), sql);
    return absl::OkStatus();
  }

  bool InTransaction() const { return sqlite3_get_autocommit(db_.get()) == 0; }

 private:
  SqliteConnection(SqlitePtr db, absl::Duration statement_timeout)
      : db_(std::move(db)), statement_timeout_(statement_timeout) {}

  absl::Status Configure(bool in_memory) {
    sqlite3_extended_result_codes(db(), 1);
    sqlite3_busy_timeout(db(), static_cast<int>(absl::ToInt64Milliseconds(statement_timeout_)));
    sqlite3_progress_handler(db(), 1000, &SqliteConnection::OnProgress, this);
    if (!in_memory) RETURN_IF_ERROR(Execute("PRAGMA journal_mode=WAL"));
    RETURN_IF_ERROR(Execute("PRAGMA synchronous=NORMAL"));
    return Execute("PRAGMA foreign_keys=ON");
  }

  static int OnProgress(void* self) {
    return absl::Now() > static_cast<SqliteConnection*>(self)->deadline_ ? 1 : 0;
  }

  SqlitePtr db_;
  // Declared after db_: statements are finalized before the handle closes.
  std::unordered_map<std::string, StatementPtr> statements_;
  absl::Duration statement_timeout_;
  absl::Time deadline_ = absl::InfiniteFuture();
};

using SqlitePool = ConnectionPool<SqliteConnection>;

absl::Status Bind(sqlite3_stmt* stmt, const Params& params, std::string_view sql) {
  int expected = sqlite3_bind_parameter_count(stmt);
  if (expected != static_cast<int>(params.size())) {
    return absl::InvalidArgumentError(absl::StrCat("statement has ", expected, " placeholders but ",
                                                   params.size(),
                                                   " parameters: ", Abbreviate(sql)));
  }
  for (size_t i = 0; i < params.size(); ++i) {
    const int index = static_cast<int>(i) + 1;
    const Value& v = params[i].value();
    int rc = SQLITE_OK;
    // SQLITE_STATIC: the parameters outlive the statement's execution.
    if (const auto* n = std::get_if<int64_t>(&v)) {
      rc = sqlite3_bind_int64(stmt, index, *n);
    } else if (const auto* d = std::get_if<double>(&v)) {
      rc = sqlite3_bind_double(stmt, index, *d);
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      // Refused here too, so that SQLite tests catch what PostgreSQL would refuse.
      if (s->find('\0') != std::string::npos) {
        return absl::InvalidArgumentError(absl::StrCat("text parameter ", index,
                                                       " holds a NUL byte (bind Bytes "
                                                       "instead): ",
                                                       Abbreviate(sql)));
      }
      rc = sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
    } else if (const auto* b = std::get_if<Bytes>(&v)) {
      // data() is never null, so an empty value binds as an empty BLOB, not as NULL.
      rc = sqlite3_bind_blob64(stmt, index, b->data.data(), b->data.size(), SQLITE_STATIC);
    } else {
      rc = sqlite3_bind_null(stmt, index);
    }
    if (rc != SQLITE_OK) return StatusFromSqlite(rc, sqlite3_db_handle(stmt), sql);
  }
  return absl::OkStatus();
}

Value ColumnValue(sqlite3_stmt* stmt, int i) {
  switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_INTEGER:
      return static_cast<int64_t>(sqlite3_column_int64(stmt, i));
    case SQLITE_FLOAT:
      return sqlite3_column_double(stmt, i);
    case SQLITE_TEXT: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
      return std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt, i)));
    }
    case SQLITE_BLOB: {
      const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt, i));
      int size = sqlite3_column_bytes(stmt, i);
      return Bytes{data == nullptr ? std::string() : std::string(data, size)};
    }
    default:
      return std::monostate();
  }
}

class SqliteTransaction final : public DriverTransaction {
 public:
  explicit SqliteTransaction(SqlitePool::Lease lease) : lease_(std::move(lease)) {}
  ~SqliteTransaction() override { RollbackIfOpen(); }

  Dialect dialect() const override { return Dialect::kSqlite; }

 protected:
  absl::StatusOr<ResultSet> DoQuery(std::string_view sql, const Params& params) override {
    SqliteConnection& conn = *lease_;
    ASSIGN_OR_RETURN(sqlite3_stmt * stmt, conn.Prepare(sql));
    StatementReset reset(stmt);
    RETURN_IF_ERROR(Bind(stmt, params, sql));
    ResultSet result;
    const int columns = sqlite3_column_count(stmt);
    result.columns.reserve(columns);
    for (int i = 0; i < columns; ++i) result.columns.emplace_back(sqlite3_column_name(stmt, i));
    conn.StartClock();
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return StatusFromSqlite(rc, conn.db(), sql);
      std::vector<Value> values;
      values.reserve(columns);
      for (int i = 0; i < columns; ++i) values.push_back(ColumnValue(stmt, i));
      result.rows.emplace_back(std::move(values));
    }
    // sqlite3_changes() keeps the count of the last write, so ask only after one.
    if (!sqlite3_stmt_readonly(stmt)) result.affected_rows = sqlite3_changes64(conn.db());
    return result;
  }

  absl::Status DoExecScript(std::string_view sql) override { return lease_->Execute(sql); }

  absl::Status DoCommit() override { return lease_->Execute("COMMIT"); }

  void DoRollback() override {
    // Some errors (disk full, I/O) already ended the transaction.
    if (lease_ && lease_->InTransaction()) (void)lease_->Execute("ROLLBACK");
  }

  void ReleaseConnection() override { lease_.Release(); }

 private:
  SqlitePool::Lease lease_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(int pool_size, absl::Duration acquire_timeout, SqlitePool::Factory factory)
      : pool_(pool_size, acquire_timeout, std::move(factory)) {}

  SqlitePool& pool() { return pool_; }

  absl::StatusOr<std::unique_ptr<Transaction>> Begin(TxMode mode) override {
    ASSIGN_OR_RETURN(SqlitePool::Lease lease, pool_.Acquire());
    RETURN_IF_ERROR(lease->Execute(mode == TxMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN"));
    return std::make_unique<SqliteTransaction>(std::move(lease));
  }

  absl::Status Ping() override {
    ASSIGN_OR_RETURN(SqlitePool::Lease lease, pool_.Acquire());
    return lease->Execute("SELECT 1");
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

 private:
  SqlitePool pool_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Database>> OpenSqliteDatabase(const DatabaseOptions& options) {
  const std::string& url = options.url;
  std::string path;
  bool in_memory = false;
  if (url == "sqlite::memory:") {
    path = ":memory:";
    in_memory = true;
  } else if (absl::StartsWith(url, "sqlite://") && url.size() > 9) {
    path = url.substr(9);  // "sqlite:///abs" keeps its leading slash
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("SQLite URL must be sqlite:///abs/path, sqlite://rel/path or "
                     "sqlite::memory:, got \"",
                     url, "\""));
  }
  const absl::Duration timeout = options.statement_timeout;
  // An in-memory database lives and dies with its one connection, so the pool never
  // opens another.
  SqlitePool::Factory factory = [path, in_memory,
                                 timeout]() -> absl::StatusOr<std::unique_ptr<SqliteConnection>> {
    if (in_memory) return absl::InternalError("sqlite::memory: has a single connection");
    return SqliteConnection::Open(path, false, timeout);
  };
  auto db = std::make_unique<SqliteDatabase>(in_memory ? 1 : options.pool_size,
                                             options.acquire_timeout, std::move(factory));
  // Open one connection now: a bad path or a file that is not a database fails here,
  // at start-up, rather than on the first request.
  ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> first,
                   SqliteConnection::Open(path, in_memory, timeout));
  db->pool().Add(std::move(first));
  return db;
}

}  // namespace parcours::storage
