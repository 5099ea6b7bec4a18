// The driver-independent half of database.h: row accessors, the commit hooks, the retry
// loop of InTransaction and the choice of driver from the URL.
#include "libs/storage/database.h"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <type_traits>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/storage/postgres_database.h"
#include "libs/storage/sqlite_database.h"

namespace parcours::storage {
namespace {

std::string FormatDouble(double v) {
  char buf[32];
  // Shortest text that reads back as the same double.
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  if (ec != std::errc()) return "nan";
  return std::string(buf, end);
}

}  // namespace

const Value& Row::value(size_t i) const {
  if (i >= values_.size()) {
    // A column index past the SELECT list is a bug in the calling code, not a runtime
    // condition: fail loudly like a CHECK.
    std::fprintf(stderr, "parcours::storage::Row: column %zu of a row of %zu\n", i, values_.size());
    std::abort();
  }
  return values_[i];
}

bool Row::IsNull(size_t i) const { return std::holds_alternative<std::monostate>(value(i)); }

int64_t Row::Int(size_t i) const {
  return std::visit(
      [](const auto& v) -> int64_t {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, int64_t>) {
          return v;
        } else if constexpr (std::is_same_v<T, double>) {
          return static_cast<int64_t>(v);
        } else if constexpr (std::is_same_v<T, std::string>) {
          int64_t out = 0;
          return absl::SimpleAtoi(v, &out) ? out : 0;
        } else {
          return 0;
        }
      },
      value(i));
}

double Row::Real(size_t i) const {
  return std::visit(
      [](const auto& v) -> double {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, int64_t> || std::is_same_v<T, double>) {
          return static_cast<double>(v);
        } else if constexpr (std::is_same_v<T, std::string>) {
          double out = 0;
          return absl::SimpleAtod(v, &out) ? out : 0;
        } else {
          return 0;
        }
      },
      value(i));
}

std::string Row::Text(size_t i) const {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, int64_t>) {
          return absl::StrCat(v);
        } else if constexpr (std::is_same_v<T, double>) {
          return FormatDouble(v);
        } else if constexpr (std::is_same_v<T, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<T, Bytes>) {
          return v.data;
        } else {
          return std::string();
        }
      },
      value(i));
}

std::string Row::Blob(size_t i) const {
  const Value& v = value(i);
  if (const auto* b = std::get_if<Bytes>(&v)) return b->data;
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return std::string();
}

std::optional<int64_t> Row::OptInt(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

std::optional<std::string> Row::OptText(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Text(i);
}

absl::StatusOr<int64_t> Transaction::Exec(std::string_view sql, const Params& params) {
  absl::StatusOr<ResultSet> result = Query(sql, params);
  if (!result.ok()) return result.status();
  return result->affected_rows;
}

absl::Status Transaction::RunBeforeCommit() {
  // By index: a hook may register another one (the outbox registers its flush lazily).
  for (size_t i = 0; i < before_commit_.size(); ++i) {
    auto hook = before_commit_[i];
    absl::Status status = hook(*this);
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

void Transaction::RunOnCommit() {
  std::vector<std::function<void()>> hooks = std::move(on_commit_);
  ClearHooks();
  for (auto& hook : hooks) hook();
}

absl::Status Database::InTransaction(const std::function<absl::Status(Transaction&)>& body,
                                     int attempts) {
  thread_local std::minstd_rand jitter(std::random_device{}());
  absl::Status status;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    absl::StatusOr<std::unique_ptr<Transaction>> tx = Begin(TxMode::kWrite);
    if (tx.ok()) {
      status = body(**tx);
      if (status.ok()) status = (*tx)->Commit();
      tx->reset();  // roll back (if not committed) before waiting
    } else {
      status = tx.status();
    }
    if (status.code() != absl::StatusCode::kAborted) return status;
    // Back off a little, with jitter, so the transactions that collided do not collide
    // again in lockstep.
    int64_t max_ms = int64_t{2} << attempt;
    absl::SleepFor(absl::Milliseconds(1 + static_cast<int64_t>(jitter() % max_ms)));
  }
  return status;
}

absl::StatusOr<std::unique_ptr<Database>> OpenDatabase(const DatabaseOptions& options) {
  const std::string& url = options.url;
  if (absl::StartsWith(url, "sqlite:")) return OpenSqliteDatabase(options);
  if (absl::StartsWith(url, "postgresql://") || absl::StartsWith(url, "postgres://")) {
    return OpenPostgresDatabase(options);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("database URL has no known scheme (sqlite: or postgresql://): \"",
                   url.substr(0, url.find(':')), ":...\""));
}

}  // namespace parcours::storage
