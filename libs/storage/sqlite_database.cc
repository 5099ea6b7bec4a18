#include "libs/storage/sqlite_database.h"

#include <sqlite3.h>

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/types/span.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "libs/common/combiner.h"
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
    // Looked up by view: a hit (nearly every call) copies nothing.
    if (auto it = statements_.find(absl::string_view(sql.data(), sql.size()));
        it != statements_.end()) {
      return it->second.get();
    }
    std::string key(sql);
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
  absl::flat_hash_map<std::string, StatementPtr> statements_;
  absl::Duration statement_timeout_;
  absl::Time deadline_ = absl::InfiniteFuture();
};

using SqlitePool = ConnectionPool<SqliteConnection>;

// The process's turn to write. SQLite allows one writer per database file; left to itself,
// a BEGIN IMMEDIATE that finds the write lock taken polls it from SQLite's busy handler,
// which sleeps 1, 2, 5, 10, 15, 20, 25... ms between tries. Sixteen concurrent creates on
// eight pooled connections then spend most of their time asleep with the lock free (2,000
// creates a second where one writer alone does ten times more). Writers of this process
// queue here instead, on a mutex that wakes the next one the moment the last commits; the
// busy handler still arbitrates with other processes (parcoursctl, a second replica).
class WriteTurn {
 public:
  // Waits at most `timeout` for the turn; UNAVAILABLE past it, FAILED_PRECONDITION when
  // this thread holds the turn already (a write transaction begun inside another would
  // wait for itself).
  absl::Status Acquire(absl::Duration timeout) {
    const std::thread::id me = std::this_thread::get_id();
    absl::MutexLock lock(&mu_);
    if (held_ && owner_ == me) {
      return absl::FailedPreconditionError(
          "sqlite: a write transaction began while this thread holds another");
    }
    const auto free = [this] { return !held_; };
    if (!mu_.AwaitWithTimeout(absl::Condition(&free), timeout)) {
      return absl::UnavailableError(absl::StrCat("sqlite: waited ", absl::FormatDuration(timeout),
                                                 " for another write transaction to end"));
    }
    held_ = true;
    owner_ = me;
    return absl::OkStatus();
  }

  void Release() {
    absl::MutexLock lock(&mu_);
    held_ = false;
  }

 private:
  absl::Mutex mu_;
  bool held_ = false;
  std::thread::id owner_;
};

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

absl::StatusOr<ResultSet> RunStatement(SqliteConnection& conn, std::string_view sql,
                                       const Params& params) {
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

class SqliteTransaction final : public DriverTransaction {
 public:
  // `turn`: the write turn this transaction holds until it ends, or null for a reader.
  SqliteTransaction(SqlitePool::Lease lease, WriteTurn* turn)
      : lease_(std::move(lease)), turn_(turn) {}
  ~SqliteTransaction() override { RollbackIfOpen(); }  // every end releases the turn

  Dialect dialect() const override { return Dialect::kSqlite; }

  SqliteConnection& connection() { return *lease_; }

 protected:
  absl::StatusOr<ResultSet> DoQuery(std::string_view sql, const Params& params) override {
    return RunStatement(*lease_, sql, params);
  }

  absl::Status DoExecScript(std::string_view sql) override { return lease_->Execute(sql); }

  absl::Status DoCommit() override { return lease_->Execute("COMMIT"); }

  void DoRollback() override {
    // Some errors (disk full, I/O) already ended the transaction.
    if (lease_ && lease_->InTransaction()) (void)lease_->Execute("ROLLBACK");
  }

  void ReleaseConnection() override {
    lease_.Release();
    ReleaseTurn();  // after COMMIT or ROLLBACK: the next writer may begin
  }

 private:
  void ReleaseTurn() {
    if (turn_ != nullptr) std::exchange(turn_, nullptr)->Release();
  }

  SqlitePool::Lease lease_;
  WriteTurn* turn_;
};

// One caller's body in a group commit (SqliteDatabase::InTransaction): it runs inside
// the leader's transaction between SAVEPOINT and RELEASE, so its failure undoes its own
// writes only. Its OnCommit hooks wait for the group's COMMIT and go back to its caller.
class MemberTransaction final : public DriverTransaction {
 public:
  explicit MemberTransaction(SqliteConnection& conn) : conn_(conn) {}
  ~MemberTransaction() override { RollbackIfOpen(); }

  Dialect dialect() const override { return Dialect::kSqlite; }

  std::vector<std::function<void()>> TakeDeferred() { return std::move(deferred_); }

 protected:
  absl::StatusOr<ResultSet> DoQuery(std::string_view sql, const Params& params) override {
    return RunStatement(conn_, sql, params);
  }
  absl::Status DoExecScript(std::string_view sql) override { return conn_.Execute(sql); }
  absl::Status DoCommit() override {
    deferred_ = TakeOnCommit();  // after the BeforeCommit hooks, which may add some
    return conn_.Execute("RELEASE member");
  }
  void DoRollback() override {
    // An error that ended the whole transaction (disk full, I/O, interrupt) left no
    // savepoint to go back to; the leader sees it and fails the group.
    if (!conn_.InTransaction()) return;
    (void)conn_.Execute("ROLLBACK TO member");
    (void)conn_.Execute("RELEASE member");
  }
  void ReleaseConnection() override {}  // the leader's

 private:
  SqliteConnection& conn_;
  std::vector<std::function<void()>> deferred_;
};

struct GroupWrite {
  const std::function<absl::Status(Transaction&)>* body = nullptr;
  absl::Status status;
  std::vector<std::function<void()>> on_commit;  // run by the caller once committed
  // Set when another write's error rolled the whole group back: this body did nothing
  // wrong and runs again in a later group, whatever its own attempts.
  bool innocent = false;
};

// How many times a write is run again for other writes' errors before it fails with them.
constexpr int kInnocentRetries = 3;

// Set while this thread leads a group of `Database`: a body that calls InTransaction on it
// again would wait for its own group.
thread_local const void* leading_group_of = nullptr;

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(int pool_size, absl::Duration acquire_timeout, absl::Duration write_wait,
                 SqlitePool::Factory factory)
      : pool_(pool_size, acquire_timeout, std::move(factory)),
        write_wait_(write_wait),
        groups_(kMaxGroup) {}

  SqlitePool& pool() { return pool_; }

  absl::StatusOr<std::unique_ptr<Transaction>> Begin(TxMode mode) override {
    if (mode == TxMode::kRead) {
      ASSIGN_OR_RETURN(SqlitePool::Lease lease, pool_.Acquire());
      RETURN_IF_ERROR(lease->Execute("BEGIN"));
      return std::make_unique<SqliteTransaction>(std::move(lease), nullptr);
    }
    // The turn before the connection: a queued writer holds no connection readers need.
    RETURN_IF_ERROR(write_turn_.Acquire(write_wait_));
    auto tx = [&]() -> absl::StatusOr<std::unique_ptr<Transaction>> {
      ASSIGN_OR_RETURN(SqlitePool::Lease lease, pool_.Acquire());
      RETURN_IF_ERROR(lease->Execute("BEGIN IMMEDIATE"));
      return std::make_unique<SqliteTransaction>(std::move(lease), &write_turn_);
    }();
    if (!tx.ok()) write_turn_.Release();
    return tx;
  }

  // Group commit. SQLite has one writer and each COMMIT writes every page the transaction
  // dirtied to the WAL; sixteen concurrent creates committed one by one write the same
  // index pages sixteen times. Concurrent callers are combined instead
  // (libs/common/combiner.h): one of them begins a transaction, runs each body under its
  // own SAVEPOINT (a failing body rolls back to it and fails alone), and commits them all
  // at once. Each caller returns its own body's status once the group has committed, then
  // runs its own OnCommit hooks. Feed order stays commit order: the bodies run one after
  // the other, with their outbox appends, in the group's order.
  absl::Status InTransaction(const std::function<absl::Status(Transaction&)>& body,
                             int attempts) override {
    if (leading_group_of == this) {
      return absl::FailedPreconditionError(
          "sqlite: InTransaction called from inside a transaction of the same database");
    }
    absl::Status status;
    int innocent_retries = 0;
    for (int attempt = 1; attempt <= attempts;) {
      GroupWrite write{.body = &body};
      groups_.Submit(&write, [this](absl::Span<GroupWrite* const> group) { RunGroup(group); });
      status = write.status;
      if (status.ok()) {
        for (auto& hook : write.on_commit) hook();
        return status;
      }
      if (write.innocent && ++innocent_retries <= kInnocentRetries) continue;
      if (status.code() != absl::StatusCode::kAborted) return status;
      ++attempt;
    }
    return status;
  }

  absl::Status Ping() override {
    ASSIGN_OR_RETURN(SqlitePool::Lease lease, pool_.Acquire());
    return lease->Execute("SELECT 1");
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

 private:
  static constexpr size_t kMaxGroup = 64;

  void RunGroup(absl::Span<GroupWrite* const> group) {
    const auto fail_all = [&](const absl::Status& status) {
      for (GroupWrite* w : group) w->status = status;
    };
    absl::StatusOr<std::unique_ptr<Transaction>> begun = Begin(TxMode::kWrite);
    if (!begun.ok()) return fail_all(begun.status());
    auto& tx = static_cast<SqliteTransaction&>(**begun);
    SqliteConnection& conn = tx.connection();
    leading_group_of = this;
    bool any_ok = false;
    for (size_t i = 0; i < group.size(); ++i) {
      GroupWrite& w = *group[i];
      w.status = conn.Execute("SAVEPOINT member");
      if (w.status.ok()) {
        MemberTransaction member(conn);
        w.status = (*w.body)(member);
        w.status = w.status.ok() ? member.Commit() : w.status;  // else rolled back to SAVEPOINT
        if (w.status.ok()) w.on_commit = member.TakeDeferred();
      }
      any_ok = any_ok || w.status.ok();
      if (!conn.InTransaction()) {
        // The error ended the whole transaction: the others' writes went with it. They did
        // nothing wrong, so they run again (GroupWrite::innocent); this one keeps its error.
        leading_group_of = nullptr;
        for (size_t j = 0; j < group.size(); ++j) {
          if (j == i) continue;
          group[j]->status = absl::Status(
              w.status.code(),
              absl::StrCat("sqlite: the group commit this write was part of was rolled back "
                           "by another write's error: ",
                           w.status.message()));
          group[j]->innocent = true;
          group[j]->on_commit.clear();
        }
        return;  // `tx` rolls back (nothing left to roll back) and gives the turn back
      }
    }
    leading_group_of = nullptr;
    if (!any_ok) return;  // `tx` rolls back
    const absl::Status committed = tx.Commit();
    if (committed.ok()) return;
    for (GroupWrite* w : group) {
      if (!w->status.ok()) continue;
      w->status = committed;
      w->on_commit.clear();
    }
  }

  SqlitePool pool_;
  const absl::Duration write_wait_;
  WriteTurn write_turn_;
  Combiner<GroupWrite> groups_;
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
                                             options.acquire_timeout, timeout, std::move(factory));
  // Open one connection now: a bad path or a file that is not a database fails here,
  // at start-up, rather than on the first request.
  ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> first,
                   SqliteConnection::Open(path, in_memory, timeout));
  db->pool().Add(std::move(first));
  return db;
}

}  // namespace parcours::storage
