#include "libs/storage/postgres_database.h"

#include <libpq-fe.h>

#include <charconv>
#include <cmath>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "libs/storage/connection_pool.h"
#include "libs/storage/driver_transaction.h"
#include "libs/storage/postgres_errors.h"
#include "libs/storage/sql_text.h"

namespace parcours::storage {
namespace {

// Type OIDs from PostgreSQL's catalog (pg_type.dat); stable across versions.
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

constexpr size_t kMaxCachedStatements = 512;

struct ConnCloser {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
struct ResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};
struct PqFreer {
  void operator()(unsigned char* p) const { PQfreemem(p); }
};
using ConnPtr = std::unique_ptr<PGconn, ConnCloser>;
using ResultPtr = std::unique_ptr<PGresult, ResultClearer>;

std::string Abbreviate(std::string_view sql) {
  constexpr size_t kMax = 160;
  if (sql.size() <= kMax) return std::string(sql);
  return absl::StrCat(std::string(sql.substr(0, kMax)), "...");
}

// The message keeps SQLSTATE, the primary message and the constraint name, but not
// DETAIL: it quotes row values, which may be personal data, and statuses reach logs.
absl::Status StatusFromResult(const PGresult* result, PGconn* conn, std::string_view sql) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary =
      result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string message =
      absl::StrCat("postgresql ", state != nullptr ? state : "(no sqlstate)", ": ");
  if (primary != nullptr) {
    absl::StrAppend(&message, primary);
  } else {
    std::string text = PQerrorMessage(conn);
    while (!text.empty() && text.back() == '\n') text.pop_back();
    absl::StrAppend(&message, text);
  }
  if (result != nullptr) {
    if (const char* constraint = PQresultErrorField(result, PG_DIAG_CONSTRAINT_NAME)) {
      absl::StrAppend(&message, " (constraint ", constraint, ")");
    }
  }
  if (!sql.empty()) absl::StrAppend(&message, " in: ", Abbreviate(sql));
  absl::StatusCode code;
  if (state != nullptr) {
    code = StatusCodeForSqlState(state);
  } else {
    // No SQLSTATE: libpq itself failed, nearly always because the link is gone.
    code = PQstatus(conn) == CONNECTION_OK ? absl::StatusCode::kInternal
                                           : absl::StatusCode::kUnavailable;
  }
  return absl::Status(code, message);
}

bool Succeeded(const PGresult* result) {
  ExecStatusType s = PQresultStatus(result);
  return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

std::string DoubleText(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, ec == std::errc() ? end : buf);
}

Value ColumnValue(const PGresult* result, int row, int col) {
  if (PQgetisnull(result, row, col)) return std::monostate();
  const char* text = PQgetvalue(result, row, col);
  const int length = PQgetlength(result, row, col);
  switch (PQftype(result, col)) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid: {
      int64_t v = 0;
      if (absl::SimpleAtoi(text, &v)) return v;
      break;
    }
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid: {
      double v = 0;
      if (absl::SimpleAtod(text, &v)) return v;
      break;
    }
    case kBoolOid:
      return static_cast<int64_t>(text[0] == 't' ? 1 : 0);
    case kByteaOid: {
      size_t size = 0;
      std::unique_ptr<unsigned char, PqFreer> raw(
          PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &size));
      if (raw == nullptr) return Bytes{};
      return Bytes{std::string(reinterpret_cast<const char*>(raw.get()), size)};
    }
    default:
      break;
  }
  return std::string(text, static_cast<size_t>(length));
}

// PostgreSQL text cannot hold NUL, and libpq would silently cut the value there.
absl::Status NulInText(size_t index, std::string_view sql) {
  return absl::InvalidArgumentError(absl::StrCat(
      "text parameter ", index + 1, " holds a NUL byte (bind Bytes instead): ", Abbreviate(sql)));
}

bool IsWriteCommand(const PGresult* result) {
  const char* tag = PQcmdStatus(const_cast<PGresult*>(result));
  return absl::StartsWith(tag, "INSERT") || absl::StartsWith(tag, "UPDATE") ||
         absl::StartsWith(tag, "DELETE") || absl::StartsWith(tag, "MERGE");
}

struct ConnectSettings {
  std::string url;
  std::string connect_timeout_seconds;
  std::string statement_timeout_ms;
};

// One libpq connection with its prepared statements. Used by one thread at a time.
class PgConnection {
 public:
  static absl::StatusOr<std::unique_ptr<PgConnection>> Connect(const ConnectSettings& s) {
    // Later keywords override what the URL says, so our timeouts always apply.
    const char* keys[] = {"dbname", "connect_timeout", "client_encoding", nullptr};
    const char* values[] = {s.url.c_str(), s.connect_timeout_seconds.c_str(), "UTF8", nullptr};
    ConnPtr conn(PQconnectdbParams(keys, values, /*expand_dbname=*/1));
    if (conn == nullptr) return absl::ResourceExhaustedError("libpq could not allocate");
    if (PQstatus(conn.get()) != CONNECTION_OK) {
      std::string text = PQerrorMessage(conn.get());
      while (!text.empty() && text.back() == '\n') text.pop_back();
      return absl::UnavailableError(absl::StrCat("postgresql: cannot connect: ", text));
    }
    // NOTICEs ("relation already exists, skipping") would go to stderr otherwise.
    PQsetNoticeProcessor(
        conn.get(), [](void*, const char*) {}, nullptr);
    auto pg = std::unique_ptr<PgConnection>(new PgConnection(std::move(conn)));
    RETURN_IF_ERROR(
        pg->Execute(absl::StrCat("SET statement_timeout = ", s.statement_timeout_ms)).status());
    return pg;
  }

  bool broken() const { return PQstatus(conn_.get()) != CONNECTION_OK; }

  // True once a transaction ran on it: a failure on such a connection may be a stale link
  // left by a server restart, worth one more try on a fresh one.
  bool used() const { return used_; }
  void MarkUsed() { used_ = true; }

  // Runs SQL without parameters (BEGIN, COMMIT, scripts of several statements); returns
  // the command tag of the last statement.
  absl::StatusOr<std::string> Execute(std::string_view sql) {
    std::string text(sql);
    ResultPtr result(PQexec(conn_.get(), text.c_str()));
    // A script of comments only is an empty query, not an error.
    if (PQresultStatus(result.get()) == PGRES_EMPTY_QUERY) return std::string();
    if (!Succeeded(result.get())) return StatusFromResult(result.get(), conn_.get(), sql);
    return std::string(PQcmdStatus(result.get()));
  }

  absl::StatusOr<ResultSet> Query(std::string_view sql, const Params& params) {
    ASSIGN_OR_RETURN(const Prepared* prepared, Prepare(sql));
    if (prepared->params != static_cast<int>(params.size())) {
      return absl::InvalidArgumentError(absl::StrCat("statement has ", prepared->params,
                                                     " placeholders but ", params.size(),
                                                     " parameters: ", Abbreviate(sql)));
    }
    const size_t n = params.size();
    std::vector<std::string> texts(n);
    std::vector<const char*> values(n, nullptr);
    std::vector<int> lengths(n, 0);
    std::vector<int> formats(n, 0);
    for (size_t i = 0; i < n; ++i) {
      const Value& v = params[i].value();
      if (const auto* x = std::get_if<int64_t>(&v)) {
        texts[i] = absl::StrCat(*x);
      } else if (const auto* d = std::get_if<double>(&v)) {
        texts[i] = DoubleText(*d);
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        if (s->find('\0') != std::string::npos) return NulInText(i, sql);
        values[i] = s->c_str();
        continue;
      } else if (const auto* b = std::get_if<Bytes>(&v)) {
        // Binary format: bytea travels as is, NUL bytes included, no escaping.
        values[i] = b->data.data();
        lengths[i] = static_cast<int>(b->data.size());
        formats[i] = 1;
        continue;
      } else {
        continue;  // NULL
      }
      values[i] = texts[i].c_str();
    }
    ResultPtr result(PQexecPrepared(conn_.get(), prepared->name.c_str(), static_cast<int>(n),
                                    values.data(), lengths.data(), formats.data(),
                                    /*resultFormat=*/0));
    if (!Succeeded(result.get())) {
      absl::Status status = StatusFromResult(result.get(), conn_.get(), sql);
      const char* state = PQresultErrorField(result.get(), PG_DIAG_SQLSTATE);
      if (state != nullptr && std::string_view(state) == "0A000") {
        // "cached plan must not change result type": the schema changed under a prepared
        // statement. Prepare afresh next time, and let the caller retry the transaction.
        statements_.erase(std::string(sql));
        return absl::AbortedError(status.message());
      }
      return status;
    }
    ResultSet out;
    const int columns = PQnfields(result.get());
    const int rows = PQntuples(result.get());
    out.columns.reserve(columns);
    for (int c = 0; c < columns; ++c) out.columns.emplace_back(PQfname(result.get(), c));
    out.rows.reserve(rows);
    for (int r = 0; r < rows; ++r) {
      std::vector<Value> row;
      row.reserve(columns);
      for (int c = 0; c < columns; ++c) row.push_back(ColumnValue(result.get(), r, c));
      out.rows.emplace_back(std::move(row));
    }
    if (IsWriteCommand(result.get())) {
      int64_t affected = 0;
      if (absl::SimpleAtoi(PQcmdTuples(result.get()), &affected)) out.affected_rows = affected;
    }
    return out;
  }

 private:
  struct Prepared {
    std::string name;
    int params = 0;
  };

  explicit PgConnection(ConnPtr conn) : conn_(std::move(conn)) {}

  absl::StatusOr<const Prepared*> Prepare(std::string_view sql) {
    std::string key(sql);
    if (auto it = statements_.find(key); it != statements_.end()) return &it->second;
    if (statements_.size() >= kMaxCachedStatements) {
      // Rare (dynamic SQL): forget them all, server side too.
      RETURN_IF_ERROR(Execute("DEALLOCATE ALL").status());
      statements_.clear();
    }
    NumberedSql numbered = RewritePlaceholders(sql);
    Prepared prepared{absl::StrCat("parcours_", ++next_statement_), numbered.params};
    // No parameter types: the server infers each from its context, as for a literal.
    ResultPtr result(
        PQprepare(conn_.get(), prepared.name.c_str(), numbered.sql.c_str(), 0, nullptr));
    if (!Succeeded(result.get())) return StatusFromResult(result.get(), conn_.get(), sql);
    auto [it, inserted] = statements_.emplace(std::move(key), std::move(prepared));
    return &it->second;
  }

  ConnPtr conn_;
  std::unordered_map<std::string, Prepared> statements_;
  int64_t next_statement_ = 0;
  bool used_ = false;
};

using PgPool = ConnectionPool<PgConnection>;

class PgTransaction final : public DriverTransaction {
 public:
  explicit PgTransaction(PgPool::Lease lease) : lease_(std::move(lease)) {}
  ~PgTransaction() override { RollbackIfOpen(); }

  Dialect dialect() const override { return Dialect::kPostgres; }

 protected:
  absl::StatusOr<ResultSet> DoQuery(std::string_view sql, const Params& params) override {
    return lease_->Query(sql, params);
  }

  absl::Status DoExecScript(std::string_view sql) override { return lease_->Execute(sql).status(); }

  absl::Status DoCommit() override {
    ASSIGN_OR_RETURN(std::string tag, lease_->Execute("COMMIT"));
    // COMMIT of a transaction the server already aborted answers "ROLLBACK", not an error.
    if (tag == "ROLLBACK") return absl::AbortedError("postgresql rolled the transaction back");
    return absl::OkStatus();
  }

  void DoRollback() override {
    if (lease_ && !lease_->broken()) (void)lease_->Execute("ROLLBACK");
  }

  void ReleaseConnection() override {
    if (lease_ && lease_->broken()) lease_.Discard();
    lease_.Release();
  }

 private:
  PgPool::Lease lease_;
};

class PgDatabase final : public Database {
 public:
  PgDatabase(const DatabaseOptions& options, ConnectSettings settings)
      : pool_(options.pool_size, options.acquire_timeout,
              [settings = std::move(settings)] { return PgConnection::Connect(settings); }) {}

  absl::StatusOr<std::unique_ptr<Transaction>> Begin(TxMode mode) override {
    // Bounded: each pass either returns or drops one stale connection, and the pool holds
    // at most size() of them.
    for (int attempt = 0; attempt <= pool_.size(); ++attempt) {
      ASSIGN_OR_RETURN(PgPool::Lease lease, pool_.Acquire());
      if (lease->broken()) {
        lease.Discard();
        continue;
      }
      absl::StatusOr<std::string> begun = lease->Execute("BEGIN");
      if (begun.ok()) {
        lease->MarkUsed();
        return std::make_unique<PgTransaction>(std::move(lease));
      }
      if (!lease->broken()) return begun.status();
      const bool stale = lease->used();
      lease.Discard();
      if (!stale) return begun.status();  // a fresh connection failed: the server is gone
    }
    return absl::UnavailableError("postgresql: no working connection");
  }

  absl::Status Ping() override {
    ASSIGN_OR_RETURN(std::unique_ptr<Transaction> tx, Begin(TxMode::kRead));
    return tx->Query("SELECT 1").status();
  }

  Dialect dialect() const override { return Dialect::kPostgres; }

 private:
  PgPool pool_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Database>> OpenPostgresDatabase(const DatabaseOptions& options) {
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(options.url.c_str(), &error);
  if (parsed == nullptr) {
    std::string text = error != nullptr ? error : "out of memory";
    PQfreemem(error);
    return absl::InvalidArgumentError(absl::StrCat("bad PostgreSQL URL: ", text));
  }
  PQconninfoFree(parsed);
  ConnectSettings settings;
  settings.url = options.url;
  // libpq takes whole seconds and treats anything under 2 as 2.
  int64_t seconds = (absl::ToInt64Milliseconds(options.connect_timeout) + 999) / 1000;
  settings.connect_timeout_seconds = absl::StrCat(seconds < 2 ? 2 : seconds);
  settings.statement_timeout_ms =
      absl::StrCat(absl::ToInt64Milliseconds(options.statement_timeout));
  return std::make_unique<PgDatabase>(options, std::move(settings));
}

}  // namespace parcours::storage
