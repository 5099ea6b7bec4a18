// An isolated database for one test, on either driver, dropped when the test ends; and
// DualDriverTest, which runs one store-test body against SQLite and PostgreSQL (SOCI's
// "one suite, every backend").
//
//   class OfferStoreTest : public parcours::testutil::DualDriverTest {};
//   TEST_P(OfferStoreTest, CreatesOnce) {
//     ASSERT_OK(ApplyMigrations(db(), catalogue::Migrations()));
//     ...
//   }
//   PARCOURS_INSTANTIATE_DUAL_DRIVER(OfferStoreTest);  // …/sqlite and …/postgresql
//
// "sqlite" is a fresh file in a temporary folder. "postgresql" is a fresh schema t_<id>
// in the database at PARCOURS_TEST_POSTGRES_URL (tests/servers/start.sh writes it), with
// search_path set on every pooled connection; it is dropped afterwards. Without that
// variable the PostgreSQL variant FAILS with a message saying how to provide it: the
// project never skips a check silently.
#ifndef PARCOURS_LIBS_TESTING_TEST_DATABASE_H_
#define PARCOURS_LIBS_TESTING_TEST_DATABASE_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "libs/storage/database.h"
#include "libs/testing/status_matchers.h"

namespace parcours::testutil {

class TestDatabase {
 public:
  // `driver` is "sqlite" or "postgresql"; `options.url` is ignored (set by Create).
  static absl::StatusOr<std::unique_ptr<TestDatabase>> Create(
      std::string_view driver, storage::DatabaseOptions options = {});

  // Closes the pool, then drops the schema or deletes the file.
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  storage::Database& db() { return *db_; }
  const std::string& driver() const { return driver_; }

  // The options db() was opened with, URL included: open a second pool on the same
  // isolated database (another pool size, another timeout) with OpenDatabase(options()).
  const storage::DatabaseOptions& options() const { return options_; }

 private:
  TestDatabase() = default;

  std::string driver_;
  storage::DatabaseOptions options_;
  std::unique_ptr<storage::Database> db_;
  std::string sqlite_dir_;                    // sqlite: the temporary folder
  std::string schema_;                        // postgresql: the schema to drop
  std::unique_ptr<storage::Database> admin_;  // postgresql: a pool outside the schema
};

// A test fixture whose body runs once per driver (the parameter is the driver name).
class DualDriverTest : public ::testing::TestWithParam<std::string> {
 protected:
  // Creates the database; subclasses that override SetUp call this first and return when
  // HasFatalFailure().
  void SetUp() override;
  void TearDown() override { test_db_.reset(); }

  // Options for the pool under test (pool size, timeouts); the URL is filled in.
  virtual storage::DatabaseOptions Options() const { return {}; }

  storage::Database& db() { return test_db_->db(); }
  TestDatabase& test_db() { return *test_db_; }
  bool is_postgres() const { return GetParam() == "postgresql"; }

 private:
  std::unique_ptr<TestDatabase> test_db_;
};

inline std::string DriverTestName(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace parcours::testutil

// Runs every TEST_P of `Suite` on SQLite and on PostgreSQL.
#define PARCOURS_INSTANTIATE_DUAL_DRIVER(Suite)                                                 \
  INSTANTIATE_TEST_SUITE_P(Drivers, Suite,                                                      \
                           ::testing::Values(std::string("sqlite"), std::string("postgresql")), \
                           ::parcours::testutil::DriverTestName)

#endif  // PARCOURS_LIBS_TESTING_TEST_DATABASE_H_
