#include "libs/storage/migrations.h"

#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "libs/common/status_macros.h"
#include "libs/storage/sql_text.h"

namespace parcours::storage {
namespace {

// Advisory lock for migrations: class 1347571015 (ASCII "PRMG"), then the schema, so test
// schemas sharing one database do not queue behind each other.
constexpr char kMigrationLock[] =
    "SELECT pg_advisory_xact_lock(1347571015, hashtext(current_schema()))";

struct Migration {
  int64_t version = 0;
  std::string name;  // file name, for schema_migrations and messages
  std::optional<Dialect> only_on;
  const std::string* sql = nullptr;
};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

absl::StatusOr<Migration> ParseName(const EmbeddedFile& file) {
  auto bad = [&file](std::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat(
        "migration file \"", file.name, "\": ", std::string(why),
        " (expected NNNN_name.sql, NNNN_name.sqlite.sql or NNNN_name.postgresql.sql)"));
  };
  std::string_view stem = file.name;
  if (!EndsWith(stem, ".sql")) return bad("not a .sql file");
  stem.remove_suffix(4);
  Migration m;
  m.name = file.name;
  m.sql = &file.contents;
  if (EndsWith(stem, ".sqlite")) {
    m.only_on = Dialect::kSqlite;
    stem.remove_suffix(7);
  } else if (EndsWith(stem, ".postgresql")) {
    m.only_on = Dialect::kPostgres;
    stem.remove_suffix(11);
  }
  size_t digits = 0;
  while (digits < stem.size() && std::isdigit(static_cast<unsigned char>(stem[digits]))) {
    ++digits;
  }
  if (digits == 0 || digits > 9) return bad("no version number");
  if (digits + 1 >= stem.size() || stem[digits] != '_') return bad("no name after the version");
  if (!absl::SimpleAtoi(std::string(stem.substr(0, digits)), &m.version) || m.version <= 0) {
    return bad("version must be positive");
  }
  return m;
}

// The known versions, each with the file that applies on `dialect` (nullptr when the
// version is for the other dialect only).
absl::StatusOr<std::map<int64_t, const Migration*>> Plan(const std::vector<Migration>& all,
                                                         Dialect dialect) {
  std::map<int64_t, const Migration*> plan;
  for (const Migration& m : all) {
    auto [it, inserted] = plan.emplace(m.version, nullptr);
    if (m.only_on.has_value() && *m.only_on != dialect) continue;
    if (it->second != nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("migrations \"", it->second->name, "\" and \"",
                                                     m.name, "\" both have version ", m.version,
                                                     " for this dialect"));
    }
    it->second = &m;
  }
  return plan;
}

absl::Status Lock(Transaction& tx) {
  if (tx.dialect() != Dialect::kPostgres) return absl::OkStatus();  // BEGIN IMMEDIATE
  return tx.Query(kMigrationLock).status();
}

absl::StatusOr<std::set<int64_t>> AppliedVersions(Transaction& tx) {
  ASSIGN_OR_RETURN(ResultSet rs, tx.Query("SELECT version FROM schema_migrations"));
  std::set<int64_t> versions;
  for (const Row& row : rs.rows) versions.insert(row.Int(0));
  return versions;
}

}  // namespace

std::vector<EmbeddedFile> WithMigrations(std::vector<EmbeddedFile> first,
                                         const std::vector<EmbeddedFile>& second) {
  first.insert(first.end(), second.begin(), second.end());
  return first;
}

absl::Status ApplyMigrations(Database& db, const std::vector<EmbeddedFile>& files) {
  std::vector<Migration> all;
  all.reserve(files.size());
  for (const EmbeddedFile& file : files) {
    ASSIGN_OR_RETURN(Migration m, ParseName(file));
    all.push_back(std::move(m));
  }
  ASSIGN_OR_RETURN(auto plan, Plan(all, db.dialect()));

  std::set<int64_t> applied;
  RETURN_IF_ERROR(db.InTransaction([&](Transaction& tx) -> absl::Status {
    RETURN_IF_ERROR(Lock(tx));
    RETURN_IF_ERROR(tx.ExecScript(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at_us BIGINT NOT NULL)"));
    ASSIGN_OR_RETURN(applied, AppliedVersions(tx));
    return absl::OkStatus();
  }));
  std::vector<int64_t> unknown;
  for (int64_t v : applied) {
    if (plan.find(v) == plan.end()) unknown.push_back(v);
  }
  if (!unknown.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the database has schema version(s) ", absl::StrJoin(unknown, ", "),
        " that this binary does not know: it is older than the schema; refusing to start"));
  }

  for (const auto& [version, migration] : plan) {
    if (applied.count(version) > 0) continue;
    absl::Status status = db.InTransaction([&](Transaction& tx) -> absl::Status {
      RETURN_IF_ERROR(Lock(tx));
      ASSIGN_OR_RETURN(ResultSet done,
                       tx.Query("SELECT 1 FROM schema_migrations WHERE version = ?", {version}));
      if (!done.empty()) return absl::OkStatus();  // another replica was first
      std::string name;
      if (migration != nullptr) {
        RETURN_IF_ERROR(tx.ExecScript(TranslatePortableTypes(*migration->sql, tx.dialect())));
        name = migration->name;
      } else {
        name = "(none for this dialect)";
      }
      return tx
          .Exec("INSERT INTO schema_migrations (version, name, applied_at_us) VALUES (?, ?, ?)",
                {version, name, absl::ToUnixMicros(absl::Now())})
          .status();
    });
    if (!status.ok()) {
      return absl::Status(
          status.code(),
          absl::StrCat("migration ", version,
                       migration != nullptr ? absl::StrCat(" (", migration->name, ")") : "",
                       " failed: ", status.message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace parcours::storage
