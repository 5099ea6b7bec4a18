#include "libs/testing/test_database.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "libs/common/ids.h"
#include "libs/common/status_macros.h"

namespace parcours::testutil {
namespace {

std::string LowerCase(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

absl::StatusOr<std::string> MakeTempDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern =
      absl::StrCat(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp", "/parcours-test-db-XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("mkdtemp ", pattern, " failed"));
  }
  return pattern;
}

}  // namespace

absl::StatusOr<std::unique_ptr<TestDatabase>> TestDatabase::Create(
    std::string_view driver, storage::DatabaseOptions options) {
  std::unique_ptr<TestDatabase> t(new TestDatabase());
  t->driver_ = std::string(driver);
  if (driver == "sqlite") {
    ASSIGN_OR_RETURN(t->sqlite_dir_, MakeTempDir());
    options.url = absl::StrCat("sqlite://", t->sqlite_dir_, "/test.db");
  } else if (driver == "postgresql") {
    const char* base = std::getenv("PARCOURS_TEST_POSTGRES_URL");
    if (base == nullptr || *base == '\0') {
      return absl::FailedPreconditionError(
          "PARCOURS_TEST_POSTGRES_URL is not set, so the PostgreSQL variant of this test "
          "cannot run (and is not skipped): run the tests with scripts/test, or start a "
          "server with `d=$(mktemp -d); tests/servers/start.sh $d postgres; source $d/env`");
    }
    storage::DatabaseOptions admin_options;
    admin_options.url = base;
    admin_options.pool_size = 1;
    ASSIGN_OR_RETURN(t->admin_, storage::OpenDatabase(admin_options));
    std::string schema = absl::StrCat("t_", LowerCase(NewId("")));
    RETURN_IF_ERROR(t->admin_->InTransaction([&schema](storage::Transaction& tx) {
      return tx.ExecScript(absl::StrCat("CREATE SCHEMA ", schema));
    }));
    t->schema_ = schema;
    // libpq decodes %3D, so every pooled connection starts with this search_path.
    options.url = absl::StrCat(base, absl::StrContains(base, "?") ? "&" : "?",
                               "options=-csearch_path%3D", schema);
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown test driver \"", std::string(driver), "\" (sqlite or postgresql)"));
  }
  t->options_ = options;
  ASSIGN_OR_RETURN(t->db_, storage::OpenDatabase(options));
  return t;
}

TestDatabase::~TestDatabase() {
  db_.reset();  // close every connection before dropping what they used
  if (!schema_.empty() && admin_ != nullptr) {
    absl::Status dropped = admin_->InTransaction([this](storage::Transaction& tx) {
      return tx.ExecScript(absl::StrCat("DROP SCHEMA ", schema_, " CASCADE"));
    });
    if (!dropped.ok()) {
      std::fprintf(stderr, "TestDatabase: could not drop schema %s: %s\n", schema_.c_str(),
                   dropped.ToString().c_str());
    }
  }
  if (!sqlite_dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(sqlite_dir_, ignored);
  }
}

void DualDriverTest::SetUp() {
  absl::StatusOr<std::unique_ptr<TestDatabase>> created =
      TestDatabase::Create(GetParam(), Options());
  ASSERT_TRUE(created.ok()) << created.status();
  test_db_ = *std::move(created);
}

}  // namespace parcours::testutil
