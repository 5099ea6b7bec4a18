// ApplyMigrations on SQLite and PostgreSQL.
#include "libs/storage/migrations.h"

#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "libs/testing/test_database.h"

namespace parcours::storage {
namespace {

using testutil::DualDriverTest;

class MigrationsTest : public DualDriverTest {
 protected:
  // version → name, as recorded.
  std::vector<std::pair<int64_t, std::string>> Recorded() {
    std::vector<std::pair<int64_t, std::string>> out;
    auto tx = db().Begin(TxMode::kRead);
    if (!tx.ok()) return out;
    auto rs = (*tx)->Query("SELECT version, name FROM schema_migrations ORDER BY version");
    if (!rs.ok()) return out;
    for (const Row& row : rs->rows) out.emplace_back(row.Int(0), row.Text(1));
    return out;
  }

  absl::StatusOr<ResultSet> Select(const std::string& sql) {
    ASSIGN_OR_RETURN(auto tx, db().Begin(TxMode::kRead));
    return tx->Query(sql);
  }
};

const EmbeddedFile kCreate{"0001_notes.sql",
                           "-- a comment first\nCREATE TABLE notes (id SERIAL_PK, body BLOB);"};
const EmbeddedFile kInsert{"0002_seed.sql", "INSERT INTO notes (body) VALUES (NULL);"};

TEST_P(MigrationsTest, AppliesEachVersionOnceAndRerunIsANoOp) {
  ASSERT_OK(ApplyMigrations(db(), {kInsert, kCreate}));  // order of the list does not matter
  ASSERT_OK(ApplyMigrations(db(), {kCreate, kInsert}));
  ASSERT_OK_AND_ASSIGN(ResultSet rs, Select("SELECT COUNT(*) FROM notes"));
  EXPECT_EQ(rs.rows[0].Int(0), 1);
  auto recorded = Recorded();
  ASSERT_EQ(recorded.size(), 2u);
  EXPECT_EQ(recorded[0], std::make_pair(int64_t{1}, std::string("0001_notes.sql")));
  EXPECT_EQ(recorded[1], std::make_pair(int64_t{2}, std::string("0002_seed.sql")));
}

TEST_P(MigrationsTest, AppliesOnlyTheNewVersionsOfANewerBinary) {
  ASSERT_OK(ApplyMigrations(db(), {kCreate}));
  ASSERT_OK(ApplyMigrations(db(), {kCreate, kInsert}));
  ASSERT_OK_AND_ASSIGN(ResultSet rs, Select("SELECT COUNT(*) FROM notes"));
  EXPECT_EQ(rs.rows[0].Int(0), 1);
}

TEST_P(MigrationsTest, RefusesADatabaseNewerThanTheBinary) {
  ASSERT_OK(ApplyMigrations(db(), {kCreate, kInsert}));
  absl::Status status = ApplyMigrations(db(), {kCreate});
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), "version(s) 2 ")) << status;
}

TEST_P(MigrationsTest, PortableTypesWork) {
  ASSERT_OK(ApplyMigrations(db(), {kCreate}));
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kWrite));
  ASSERT_OK_AND_ASSIGN(ResultSet a, tx->Query("INSERT INTO notes (body) VALUES (?) RETURNING id",
                                              {Bytes{std::string("\0\1", 2)}}));
  ASSERT_OK_AND_ASSIGN(ResultSet b,
                       tx->Query("INSERT INTO notes (body) VALUES (?) RETURNING id", {Bytes{"x"}}));
  EXPECT_EQ(b.rows[0].Int(0), a.rows[0].Int(0) + 1);
  ASSERT_OK_AND_ASSIGN(ResultSet rs,
                       tx->Query("SELECT body FROM notes WHERE id = ?", {a.rows[0].Int(0)}));
  EXPECT_EQ(std::get<Bytes>(rs.rows[0].value(0)).data, std::string("\0\1", 2));
}

TEST_P(MigrationsTest, DialectSpecificFilesApplyOnlyOnTheirDialect) {
  std::vector<EmbeddedFile> files = {
      kCreate,
      {"0002_which.sqlite.sql",
       "CREATE TABLE which (d TEXT); INSERT INTO which VALUES ('sqlite');"},
      {"0002_which.postgresql.sql",
       "CREATE TABLE which (d TEXT); INSERT INTO which VALUES ('postgresql');"},
      {"0003_pg_only.postgresql.sql", "CREATE TABLE pg_only (x BIGINT);"},
  };
  ASSERT_OK(ApplyMigrations(db(), files));
  ASSERT_OK_AND_ASSIGN(ResultSet rs, Select("SELECT d FROM which"));
  ASSERT_EQ(rs.rows.size(), 1u);
  EXPECT_EQ(rs.rows[0].Text(0), GetParam());
  auto recorded = Recorded();
  ASSERT_EQ(recorded.size(), 3u);  // version 3 is recorded on both, applied on one
  EXPECT_EQ(recorded[1].second,
            is_postgres() ? "0002_which.postgresql.sql" : "0002_which.sqlite.sql");
  absl::StatusOr<ResultSet> pg_only = Select("SELECT COUNT(*) FROM pg_only");
  EXPECT_EQ(pg_only.ok(), is_postgres()) << pg_only.status();
  ASSERT_OK(ApplyMigrations(db(), files));  // and a re-run changes nothing
  ASSERT_OK_AND_ASSIGN(ResultSet again, Select("SELECT COUNT(*) FROM which"));
  EXPECT_EQ(again.rows[0].Int(0), 1);
}

TEST_P(MigrationsTest, AFailingMigrationLeavesNothingAndStops) {
  absl::Status status =
      ApplyMigrations(db(), {kCreate,
                             {"0002_broken.sql", "CREATE TABLE half (x BIGINT); SELEKT nonsense;"},
                             {"0003_after.sql", "CREATE TABLE after_broken (x BIGINT);"}});
  EXPECT_FALSE(status.ok());
  EXPECT_TRUE(absl::StrContains(status.message(), "0002_broken.sql")) << status;
  auto recorded = Recorded();
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(recorded[0].first, 1);
  EXPECT_FALSE(Select("SELECT COUNT(*) FROM half").ok());  // DDL rolled back with it
  EXPECT_FALSE(Select("SELECT COUNT(*) FROM after_broken").ok());
}

TEST_P(MigrationsTest, RejectsBadFileSets) {
  for (const EmbeddedFile& bad : std::vector<EmbeddedFile>{
           {"0001_x.txt", ""}, {"x.sql", ""}, {"0001.sql", ""}, {"0000_zero.sql", ""}}) {
    EXPECT_EQ(ApplyMigrations(db(), {bad}).code(), absl::StatusCode::kInvalidArgument) << bad.name;
  }
  EXPECT_EQ(ApplyMigrations(db(), {kCreate, {"0001_other.sql", ""}}).code(),
            absl::StatusCode::kInvalidArgument);
  const EmbeddedFile specific{is_postgres() ? "0001_y.postgresql.sql" : "0001_y.sqlite.sql", ""};
  EXPECT_EQ(ApplyMigrations(db(), {kCreate, specific}).code(), absl::StatusCode::kInvalidArgument);
}

TEST_P(MigrationsTest, ReplicasStartingTogetherApplyOnce) {
  const std::vector<EmbeddedFile> files = {
      kCreate, kInsert, {"0003_more.sql", "INSERT INTO notes (body) VALUES (NULL);"}};
  std::vector<absl::Status> results(4);
  std::vector<std::thread> replicas;
  for (size_t i = 0; i < results.size(); ++i) {
    replicas.emplace_back([&, i] {
      // Each replica has its own pool, as separate processes would.
      absl::StatusOr<std::unique_ptr<Database>> replica = OpenDatabase(test_db().options());
      results[i] = replica.ok() ? ApplyMigrations(**replica, files) : replica.status();
    });
  }
  for (auto& r : replicas) r.join();
  for (const absl::Status& s : results) EXPECT_OK(s);
  ASSERT_OK_AND_ASSIGN(ResultSet rs, Select("SELECT COUNT(*) FROM notes"));
  EXPECT_EQ(rs.rows[0].Int(0), 2);
  EXPECT_EQ(Recorded().size(), 3u);
}

PARCOURS_INSTANTIATE_DUAL_DRIVER(MigrationsTest);

}  // namespace
}  // namespace parcours::storage
