// The driver contract of database.h, one body run on SQLite and PostgreSQL.
#include "libs/storage/database.h"

#include <atomic>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "libs/common/status_macros.h"
#include "libs/storage/migrations.h"
#include "libs/testing/test_database.h"

namespace parcours::storage {
namespace {

using testutil::DualDriverTest;

const std::vector<EmbeddedFile>& Schema() {
  static const auto* files = new std::vector<EmbeddedFile>{
      {"0001_tables.sql",
       "CREATE TABLE items (id TEXT PRIMARY KEY, i BIGINT, r DOUBLE PRECISION, s TEXT,"
       "  b BLOB, n BIGINT);\n"
       "CREATE TABLE sessions (id TEXT PRIMARY KEY, places_left BIGINT NOT NULL"
       "  CHECK (places_left >= 0));\n"
       "CREATE TABLE seats (id TEXT PRIMARY KEY,"
       "  session_id TEXT NOT NULL REFERENCES sessions (id));\n"
       "CREATE TABLE people (seq SERIAL_PK, email TEXT NOT NULL,"
       "  note TEXT, CONSTRAINT people_email_key UNIQUE (email));\n"}};
  return *files;
}

int64_t Count(Database& db, const std::string& table) {
  auto tx = db.Begin(TxMode::kRead);
  if (!tx.ok()) return -1;
  auto rs = (*tx)->Query(absl::StrCat("SELECT COUNT(*) FROM ", table));
  if (!rs.ok()) return -1;
  return rs->rows.at(0).Int(0);
}

class DatabaseTest : public DualDriverTest {
 protected:
  void SetUp() override {
    DualDriverTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_OK(ApplyMigrations(db(), Schema()));
  }
  DatabaseOptions Options() const override {
    DatabaseOptions options;
    options.acquire_timeout = absl::Seconds(20);  // 64 threads share 8 connections below
    return options;
  }
};

TEST_P(DatabaseTest, DialectMatchesDriver) {
  EXPECT_EQ(db().dialect(), is_postgres() ? Dialect::kPostgres : Dialect::kSqlite);
  EXPECT_OK(db().Ping());
}

TEST_P(DatabaseTest, TypesRoundTrip) {
  const int64_t big = std::numeric_limits<int64_t>::max();
  const int64_t small = std::numeric_limits<int64_t>::min();
  const std::string utf8 = "Élodie — Fort-de-France 東京 🚀";
  const std::string binary("\0\x01\xff\0z", 5);
  std::optional<int64_t> absent;
  std::optional<std::string> present = "here";
  ASSERT_OK(db().InTransaction([&](Transaction& tx) -> absl::Status {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO items (id, i, r, s, b, n) VALUES (?, ?, ?, ?, ?, ?)",
                            {"a", big, 0.1, utf8, Bytes{binary}, absent})
                        .status());
    RETURN_IF_ERROR(tx.Exec("INSERT INTO items (id, i, r, s, b, n) VALUES (?, ?, ?, ?, ?, ?)",
                            {"b", small, -1.5e300, present, Bytes{""}, nullptr})
                        .status());
    return tx
        .Exec("INSERT INTO items (id, i, r, s, b, n) VALUES (?, ?, ?, ?, ?, ?)",
              {"c", 0, 0.0, "", std::nullopt, true})
        .status();
  }));
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kRead));
  ASSERT_OK_AND_ASSIGN(ResultSet rs, tx->Query("SELECT id, i, r, s, b, n FROM items ORDER BY id"));
  ASSERT_EQ(rs.rows.size(), 3u);
  EXPECT_EQ(rs.columns, (std::vector<std::string>{"id", "i", "r", "s", "b", "n"}));
  const Row& a = rs.rows[0];
  EXPECT_EQ(std::get<int64_t>(a.value(1)), big);
  EXPECT_EQ(std::get<double>(a.value(2)), 0.1);
  EXPECT_EQ(std::get<std::string>(a.value(3)), utf8);
  EXPECT_EQ(std::get<Bytes>(a.value(4)).data, binary);
  EXPECT_TRUE(a.IsNull(5));
  EXPECT_EQ(a.OptInt(5), std::nullopt);
  const Row& b = rs.rows[1];
  EXPECT_EQ(b.Int(1), small);
  EXPECT_EQ(b.Real(2), -1.5e300);
  EXPECT_EQ(b.OptText(3), "here");
  ASSERT_TRUE(std::holds_alternative<Bytes>(b.value(4)));  // empty, not NULL
  EXPECT_EQ(b.Blob(4), "");
  EXPECT_TRUE(b.IsNull(5));
  const Row& c = rs.rows[2];
  EXPECT_EQ(c.OptText(3), "");  // empty, not NULL
  EXPECT_TRUE(c.IsNull(4));
  EXPECT_TRUE(c.Bool(5));
  // Typed by the query, not only by the table.
  ASSERT_OK_AND_ASSIGN(
      ResultSet computed,
      tx->Query("SELECT COUNT(*), MAX(i), 1 = 1, CAST(? AS BIGINT) FROM items", {int64_t{7}}));
  EXPECT_EQ(std::get<int64_t>(computed.rows[0].value(0)), 3);
  EXPECT_EQ(std::get<int64_t>(computed.rows[0].value(1)), big);
  EXPECT_EQ(computed.rows[0].Int(2), 1);
  EXPECT_EQ(std::get<int64_t>(computed.rows[0].value(3)), 7);
}

TEST_P(DatabaseTest, ExecCountsAffectedRows) {
  ASSERT_OK(db().InTransaction([](Transaction& tx) -> absl::Status {
    for (const char* id : {"s1", "s2", "s3"}) {
      ASSIGN_OR_RETURN(int64_t n,
                       tx.Exec("INSERT INTO sessions (id, places_left) VALUES (?, ?)", {id, 5}));
      if (n != 1) return absl::InternalError("insert count");
    }
    return absl::OkStatus();
  }));
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kWrite));
  EXPECT_EQ(*tx->Exec("UPDATE sessions SET places_left = 4 WHERE id IN (?, ?)", {"s1", "s2"}), 2);
  EXPECT_EQ(*tx->Exec("UPDATE sessions SET places_left = 4 WHERE id = ?", {"nope"}), 0);
  EXPECT_EQ(*tx->Exec("DELETE FROM sessions WHERE id = ?", {"s3"}), 1);
  EXPECT_EQ(*tx->Exec("SELECT * FROM sessions"), 0);  // reads change nothing
  EXPECT_OK(tx->Commit());
  EXPECT_EQ(Count(db(), "sessions"), 2);
}

TEST_P(DatabaseTest, ReturningGivesGeneratedKeys) {
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kWrite));
  ASSERT_OK_AND_ASSIGN(ResultSet first,
                       tx->Query("INSERT INTO people (email) VALUES (?) RETURNING seq", {"a@x"}));
  ASSERT_OK_AND_ASSIGN(ResultSet second,
                       tx->Query("INSERT INTO people (email) VALUES (?) RETURNING seq", {"b@x"}));
  ASSERT_EQ(first.rows.size(), 1u);
  EXPECT_EQ(first.affected_rows, 1);
  EXPECT_GT(second.rows[0].Int(0), first.rows[0].Int(0));
  ASSERT_OK_AND_ASSIGN(ResultSet updated,
                       tx->Query("UPDATE people SET note = 'n' RETURNING seq, email"));
  EXPECT_EQ(updated.rows.size(), 2u);
  EXPECT_EQ(updated.affected_rows, 2);
  EXPECT_OK(tx->Commit());
}

TEST_P(DatabaseTest, OnConflictUpserts) {
  const char* upsert =
      "INSERT INTO sessions (id, places_left) VALUES (?, ?) "
      "ON CONFLICT (id) DO UPDATE SET places_left = excluded.places_left";
  ASSERT_OK(db().InTransaction([&](Transaction& tx) -> absl::Status {
    RETURN_IF_ERROR(tx.Exec(upsert, {"s", 3}).status());
    RETURN_IF_ERROR(tx.Exec(upsert, {"s", 9}).status());
    ASSIGN_OR_RETURN(int64_t ignored,
                     tx.Exec("INSERT INTO sessions (id, places_left) VALUES (?, ?) "
                             "ON CONFLICT (id) DO NOTHING",
                             {"s", 1}));
    if (ignored != 0) return absl::InternalError("DO NOTHING changed a row");
    return absl::OkStatus();
  }));
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kRead));
  ASSERT_OK_AND_ASSIGN(ResultSet rs, tx->Query("SELECT places_left FROM sessions"));
  ASSERT_EQ(rs.rows.size(), 1u);
  EXPECT_EQ(rs.rows[0].Int(0), 9);
}

TEST_P(DatabaseTest, UniqueViolationIsAlreadyExistsAndWritesNothing) {
  ASSERT_OK(db().InTransaction([](Transaction& tx) {
    return tx.Exec("INSERT INTO people (email) VALUES (?)", {"taken@x"}).status();
  }));
  int calls = 0;
  absl::Status status = db().InTransaction([&calls](Transaction& tx) -> absl::Status {
    ++calls;
    RETURN_IF_ERROR(tx.Exec("INSERT INTO sessions (id, places_left) VALUES ('s', 1)").status());
    absl::Status dup = tx.Exec("INSERT INTO people (email) VALUES (?)", {"taken@x"}).status();
    // The transaction is poisoned: nothing more runs in it, on either driver.
    absl::Status after = tx.Exec("INSERT INTO sessions (id, places_left) VALUES ('t', 1)").status();
    if (after.code() != dup.code()) return absl::InternalError("transaction still usable");
    return dup;
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists) << status;
  // PostgreSQL names the constraint; SQLite names the column.
  EXPECT_TRUE(
      absl::StrContains(status.message(), is_postgres() ? "people_email_key" : "people.email"))
      << status;
  EXPECT_EQ(calls, 1);  // not retried
  EXPECT_EQ(Count(db(), "sessions"), 0);
  EXPECT_EQ(Count(db(), "people"), 1);
}

TEST_P(DatabaseTest, OtherConstraintViolationsAreFailedPrecondition) {
  absl::Status fk = db().InTransaction([](Transaction& tx) {
    return tx.Exec("INSERT INTO seats (id, session_id) VALUES ('x', 'no-such-session')").status();
  });
  EXPECT_EQ(fk.code(), absl::StatusCode::kFailedPrecondition) << fk;
  absl::Status check = db().InTransaction([](Transaction& tx) {
    return tx.Exec("INSERT INTO sessions (id, places_left) VALUES ('s', -1)").status();
  });
  EXPECT_EQ(check.code(), absl::StatusCode::kFailedPrecondition) << check;
  absl::Status not_null = db().InTransaction([](Transaction& tx) {
    return tx.Exec("INSERT INTO people (email) VALUES (?)", {nullptr}).status();
  });
  EXPECT_EQ(not_null.code(), absl::StatusCode::kFailedPrecondition) << not_null;
}

TEST_P(DatabaseTest, BadCallsAreInvalidArgument) {
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kWrite));
  EXPECT_EQ(tx->Exec("UPDATE sessions SET places_left = ? WHERE id = ?", {1}).status().code(),
            absl::StatusCode::kInvalidArgument);
  ASSERT_OK_AND_ASSIGN(auto tx2, db().Begin(TxMode::kWrite));
  EXPECT_EQ(
      tx2->Exec("INSERT INTO people (email) VALUES (?)", {std::string("a\0b", 3)}).status().code(),
      absl::StatusCode::kInvalidArgument);
}

TEST_P(DatabaseTest, DestroyingWithoutCommitRollsBack) {
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kWrite));
    ASSERT_OK(tx->Exec("INSERT INTO sessions (id, places_left) VALUES ('s', 1)"));
    bool ran = false;
    tx->OnCommit([&ran] { ran = true; });
    tx.reset();
    EXPECT_FALSE(ran);
  }
  EXPECT_EQ(Count(db(), "sessions"), 0);
}

TEST_P(DatabaseTest, OnCommitRunsAfterCommitWithTheConnectionBack) {
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kWrite));
  ASSERT_OK(tx->Exec("INSERT INTO sessions (id, places_left) VALUES ('s', 1)"));
  std::vector<std::string> order;
  int64_t seen_by_hook = -1;
  tx->OnCommit([&] {
    order.push_back("first");
    seen_by_hook = Count(db(), "sessions");  // its own transaction: the write is visible
  });
  tx->OnCommit([&] { order.push_back("second"); });
  EXPECT_TRUE(order.empty());
  ASSERT_OK(tx->Commit());
  EXPECT_EQ(order, (std::vector<std::string>{"first", "second"}));
  EXPECT_EQ(seen_by_hook, 1);
  EXPECT_EQ(tx->Commit().code(), absl::StatusCode::kFailedPrecondition);  // once only
}

TEST_P(DatabaseTest, BeforeCommitRunsInsideTheTransaction) {
  std::vector<std::string> order;
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kWrite));
  tx->OnCommit([&] { order.push_back("on_commit"); });
  tx->BeforeCommit([&](Transaction& t) -> absl::Status {
    order.push_back("before_commit");
    // Hooks may add hooks (the outbox does): they run too.
    t.BeforeCommit([&](Transaction& inner) {
      order.push_back("nested");
      return inner.Exec("INSERT INTO sessions (id, places_left) VALUES ('h2', 1)").status();
    });
    return t.Exec("INSERT INTO sessions (id, places_left) VALUES ('h', 1)").status();
  });
  ASSERT_OK(tx->Commit());
  EXPECT_EQ(order, (std::vector<std::string>{"before_commit", "nested", "on_commit"}));
  EXPECT_EQ(Count(db(), "sessions"), 2);
}

TEST_P(DatabaseTest, BeforeCommitErrorAbortsTheCommit) {
  bool on_commit_ran = false;
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kWrite));
  ASSERT_OK(tx->Exec("INSERT INTO sessions (id, places_left) VALUES ('body', 1)"));
  tx->OnCommit([&] { on_commit_ran = true; });
  tx->BeforeCommit([](Transaction& t) -> absl::Status {
    RETURN_IF_ERROR(t.Exec("INSERT INTO sessions (id, places_left) VALUES ('hook', 1)").status());
    return absl::FailedPreconditionError("hook says no");
  });
  absl::Status status = tx->Commit();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(status.message(), "hook says no");
  EXPECT_FALSE(on_commit_ran);
  EXPECT_EQ(Count(db(), "sessions"), 0);
}

TEST_P(DatabaseTest, AttachmentsLiveForOneTransaction) {
  struct Probe {
    bool* destroyed = nullptr;
    ~Probe() {
      if (destroyed != nullptr) *destroyed = true;
    }
  };
  const int key_a = 0;
  const int key_b = 0;
  bool destroyed = false;
  bool destroyed_before_on_commit = false;
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kWrite));
  bool created = false;
  tx->Attachment<std::vector<int>>(&key_a, &created).push_back(1);
  EXPECT_TRUE(created);
  EXPECT_EQ(tx->Attachment<std::vector<int>>(&key_a, &created).size(), 1u);
  EXPECT_FALSE(created);
  tx->Attachment<Probe>(&key_b).destroyed = &destroyed;
  tx->OnCommit([&] { destroyed_before_on_commit = destroyed; });
  EXPECT_FALSE(destroyed);
  ASSERT_OK(tx->Commit());
  EXPECT_TRUE(destroyed_before_on_commit);
}

TEST_P(DatabaseTest, InTransactionRetriesOnlyAborted) {
  int calls = 0;
  ASSERT_OK(db().InTransaction([&calls](Transaction& tx) -> absl::Status {
    ++calls;
    RETURN_IF_ERROR(
        tx.Exec("INSERT INTO sessions (id, places_left) VALUES (?, 1)", {absl::StrCat("s", calls)})
            .status());
    if (calls < 3) return absl::AbortedError("conflict, try again");
    return absl::OkStatus();
  }));
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(Count(db(), "sessions"), 1);  // the aborted attempts left nothing

  calls = 0;
  absl::Status exhausted = db().InTransaction(
      [&calls](Transaction&) {
        ++calls;
        return absl::AbortedError("always");
      },
      2);
  EXPECT_EQ(exhausted.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(calls, 2);

  calls = 0;
  absl::Status other = db().InTransaction([&calls](Transaction&) {
    ++calls;
    return absl::NotFoundError("no");
  });
  EXPECT_EQ(other.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(calls, 1);
}

TEST_P(DatabaseTest, ConditionalDecrementNeverOverbooks) {
  ASSERT_OK(db().InTransaction([](Transaction& tx) {
    return tx.Exec("INSERT INTO sessions (id, places_left) VALUES ('s', 10)").status();
  }));
  std::atomic<int> booked{0};
  std::atomic<int> full{0};
  absl::Mutex mu;
  std::vector<absl::Status> errors;
  std::vector<std::thread> threads;
  for (int i = 0; i < 64; ++i) {
    threads.emplace_back([&] {
      absl::Status status = db().InTransaction([](Transaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(int64_t n, tx.Exec("UPDATE sessions SET places_left = places_left - 1 "
                                            "WHERE id = ? AND places_left > 0",
                                            {"s"}));
        if (n == 0) return absl::ResourceExhaustedError("full");
        return absl::OkStatus();
      });
      if (status.ok()) {
        ++booked;
      } else if (status.code() == absl::StatusCode::kResourceExhausted) {
        ++full;
      } else {
        absl::MutexLock lock(&mu);
        errors.push_back(status);
      }
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& e : errors) ADD_FAILURE() << e;
  EXPECT_EQ(booked.load(), 10);
  EXPECT_EQ(full.load(), 54);
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kRead));
  ASSERT_OK_AND_ASSIGN(ResultSet rs, tx->Query("SELECT places_left FROM sessions"));
  EXPECT_EQ(rs.rows[0].Int(0), 0);
}

// Concurrent InTransaction calls (SQLite: one group commit, each body under its own
// savepoint): a body that fails undoes its own writes only.
TEST_P(DatabaseTest, ConcurrentWritesFailAlone) {
  constexpr int kThreads = 16, kRounds = 20;
  std::atomic<int> committed{0}, refused{0}, duplicate{0};
  absl::Mutex mu;
  std::vector<absl::Status> unexpected;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int r = 0; r < kRounds; ++r) {
        const std::string own = absl::StrCat("w", t, "-", r);
        const int kind = (t + r) % 3;  // 0: commits, 1: refuses after writing, 2: duplicate
        absl::Status s = db().InTransaction([&](Transaction& tx) -> absl::Status {
          RETURN_IF_ERROR(tx.Exec("INSERT INTO items (id, i) VALUES (?, ?)", {own, t}).status());
          if (kind == 1) return absl::InvalidArgumentError("refused after writing");
          if (kind == 2) {  // every round's "dup" row after the first is a unique violation
            return tx.Exec("INSERT INTO items (id, i) VALUES (?, 0)", {absl::StrCat("dup", r)})
                .status();
          }
          return absl::OkStatus();
        });
        if (s.ok()) {
          ++committed;
        } else if (kind == 1 && s.code() == absl::StatusCode::kInvalidArgument) {
          ++refused;
        } else if (kind == 2 && s.code() == absl::StatusCode::kAlreadyExists) {
          ++duplicate;
        } else {
          absl::MutexLock lock(&mu);
          unexpected.push_back(s);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (const auto& e : unexpected) ADD_FAILURE() << e;
  // Of the kind-2 writes of each round, exactly one inserted "dup<r>" and committed.
  int kind2 = 0;
  std::set<int> rounds_with_kind2;
  for (int t = 0; t < kThreads; ++t) {
    for (int r = 0; r < kRounds; ++r) {
      if ((t + r) % 3 != 2) continue;
      ++kind2;
      rounds_with_kind2.insert(r);
    }
  }
  const int rounds_with_dup = static_cast<int>(rounds_with_kind2.size());
  EXPECT_EQ(duplicate.load(), kind2 - rounds_with_dup);
  // Rows: each committed write's own row, plus one "dup" row per round that had one.
  EXPECT_EQ(Count(db(), "items"), committed.load() + rounds_with_dup);
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kRead));
  ASSERT_OK_AND_ASSIGN(ResultSet rs,
                       tx->Query("SELECT COUNT(*) FROM items WHERE id LIKE 'w%' AND i >= 0"));
  EXPECT_EQ(rs.rows[0].Int(0), committed.load());
  EXPECT_EQ(committed.load() + refused.load() + duplicate.load(), kThreads * kRounds);
}

TEST_P(DatabaseTest, InTransactionRunsOnCommitHooksOnTheCallersThreadAfterCommit) {
  constexpr int kThreads = 8;
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::thread::id me = std::this_thread::get_id();
      const std::string id = absl::StrCat("h", t);
      bool ran = false;
      absl::Status s = db().InTransaction([&](Transaction& tx) -> absl::Status {
        tx.OnCommit([&] {
          ran = true;
          if (std::this_thread::get_id() != me) ++wrong;
          // Committed, and the connection is free: a transaction of its own sees the row.
          auto read = db().Begin(TxMode::kRead);
          if (!read.ok()) return (void)++wrong;
          auto rs = (*read)->Query("SELECT COUNT(*) FROM items WHERE id = ?", {id});
          if (!rs.ok() || rs->rows[0].Int(0) != 1) ++wrong;
        });
        return tx.Exec("INSERT INTO items (id) VALUES (?)", {id}).status();
      });
      if (!s.ok() || !ran) ++wrong;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST_P(DatabaseTest, PoolWaitTimesOutWithUnavailable) {
  DatabaseOptions options = test_db().options();
  options.pool_size = 1;
  options.acquire_timeout = absl::Milliseconds(150);
  ASSERT_OK_AND_ASSIGN(auto small, OpenDatabase(options));
  ASSERT_OK_AND_ASSIGN(auto held, small->Begin(TxMode::kRead));
  absl::Time start = absl::Now();
  absl::StatusOr<std::unique_ptr<Transaction>> waited = small->Begin(TxMode::kRead);
  absl::Duration elapsed = absl::Now() - start;
  EXPECT_EQ(waited.status().code(), absl::StatusCode::kUnavailable) << waited.status();
  EXPECT_GE(elapsed, absl::Milliseconds(150));
  EXPECT_LT(elapsed, absl::Seconds(2));
  held.reset();
  EXPECT_OK(small->Begin(TxMode::kRead));
}

TEST_P(DatabaseTest, LongStatementIsDeadlineExceeded) {
  DatabaseOptions options = test_db().options();
  options.statement_timeout = absl::Milliseconds(200);
  ASSERT_OK_AND_ASSIGN(auto impatient, OpenDatabase(options));
  ASSERT_OK_AND_ASSIGN(auto tx, impatient->Begin(TxMode::kRead));
  absl::Time start = absl::Now();
  absl::Status status = tx->Query(
                              "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
                              "WHERE x < 1000000000) SELECT COUNT(*) FROM c")
                            .status();
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded) << status;
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

PARCOURS_INSTANTIATE_DUAL_DRIVER(DatabaseTest);

// Driver-specific behaviour.

TEST(SqliteDatabase, InMemoryDatabaseWorksWithOneConnection) {
  DatabaseOptions options;
  options.url = "sqlite::memory:";
  options.acquire_timeout = absl::Milliseconds(50);
  ASSERT_OK_AND_ASSIGN(auto db, OpenDatabase(options));
  ASSERT_OK(db->InTransaction([](Transaction& tx) {
    return tx.ExecScript("CREATE TABLE t (x BIGINT); INSERT INTO t VALUES (1);");
  }));
  EXPECT_EQ(Count(*db, "t"), 1);  // same connection, same memory database
  ASSERT_OK_AND_ASSIGN(auto held, db->Begin(TxMode::kRead));
  EXPECT_EQ(db->Begin(TxMode::kRead).status().code(), absl::StatusCode::kUnavailable);
}

TEST(SqliteDatabase, RejectsUnknownUrls) {
  DatabaseOptions options;
  options.url = "mysql://nope";
  EXPECT_EQ(OpenDatabase(options).status().code(), absl::StatusCode::kInvalidArgument);
  options.url = "sqlite:";
  EXPECT_EQ(OpenDatabase(options).status().code(), absl::StatusCode::kInvalidArgument);
  options.url = "sqlite:///nonexistent-dir/x/y.db";
  EXPECT_EQ(OpenDatabase(options).status().code(), absl::StatusCode::kUnavailable);
}

TEST(SqliteDatabase, WriterWaitingPastBusyTimeoutIsUnavailable) {
  ASSERT_OK_AND_ASSIGN(auto t, testutil::TestDatabase::Create("sqlite"));
  DatabaseOptions options = t->options();
  options.statement_timeout = absl::Milliseconds(100);
  ASSERT_OK_AND_ASSIGN(auto other, OpenDatabase(options));
  ASSERT_OK_AND_ASSIGN(auto writer, t->db().Begin(TxMode::kWrite));
  absl::Time start = absl::Now();
  EXPECT_EQ(other->Begin(TxMode::kWrite).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(100));
}

// Writers of one process take turns in the process (sqlite_database.cc, WriteTurn) rather
// than in SQLite's sleeping busy handler.
TEST(SqliteDatabase, WriterOfThisProcessWaitingPastTimeoutIsUnavailable) {
  ASSERT_OK_AND_ASSIGN(auto t, testutil::TestDatabase::Create("sqlite"));
  DatabaseOptions options = t->options();
  options.statement_timeout = absl::Milliseconds(100);
  ASSERT_OK_AND_ASSIGN(auto db, OpenDatabase(options));
  absl::Notification holding, done;
  std::thread holder([&] {
    auto writer = db->Begin(TxMode::kWrite);
    ASSERT_OK(writer);
    holding.Notify();
    done.WaitForNotification();
  });
  holding.WaitForNotification();
  const absl::Time start = absl::Now();
  absl::StatusOr<std::unique_ptr<Transaction>> waited = db->Begin(TxMode::kWrite);
  EXPECT_EQ(waited.status().code(), absl::StatusCode::kUnavailable) << waited.status();
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(100));
  EXPECT_OK(db->Begin(TxMode::kRead));  // a queued writer never blocks readers
  done.Notify();
  holder.join();
  EXPECT_OK(db->Begin(TxMode::kWrite));  // the holder's end gave the turn back
}

TEST(SqliteDatabase, WriteTransactionInsideAnotherOnOneThreadFailsAtOnce) {
  ASSERT_OK_AND_ASSIGN(auto t, testutil::TestDatabase::Create("sqlite"));
  ASSERT_OK_AND_ASSIGN(auto outer, t->db().Begin(TxMode::kWrite));
  const absl::Time start = absl::Now();
  // It would wait for itself until the statement timeout (10 s) otherwise.
  EXPECT_EQ(t->db().Begin(TxMode::kWrite).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));
  EXPECT_OK(outer->Commit());
  EXPECT_OK(t->db().Begin(TxMode::kWrite));
}

TEST(SqliteDatabase, InTransactionInsideABodyOfTheSameDatabaseFailsAtOnce) {
  ASSERT_OK_AND_ASSIGN(auto t, testutil::TestDatabase::Create("sqlite"));
  Database& db = t->db();
  absl::Status inner;
  const absl::Time start = absl::Now();
  ASSERT_OK(db.InTransaction([&](Transaction&) {
    inner = db.InTransaction([](Transaction&) { return absl::OkStatus(); });
    return absl::OkStatus();
  }));
  EXPECT_EQ(inner.code(), absl::StatusCode::kFailedPrecondition) << inner;
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));
}

TEST(SqliteDatabase, EveryWayAWriteEndsGivesTheTurnBack) {
  ASSERT_OK_AND_ASSIGN(auto t, testutil::TestDatabase::Create("sqlite"));
  DatabaseOptions options = t->options();
  options.statement_timeout = absl::Milliseconds(200);
  ASSERT_OK_AND_ASSIGN(auto db, OpenDatabase(options));
  ASSERT_OK(db->InTransaction([](Transaction& tx) {
    return tx.ExecScript("CREATE TABLE t (x BIGINT PRIMARY KEY)");
  }));
  {
    ASSERT_OK_AND_ASSIGN(auto failed, db->Begin(TxMode::kWrite));
    ASSERT_OK(failed->Exec("INSERT INTO t VALUES (1)"));
    EXPECT_FALSE(failed->Exec("INSERT INTO t VALUES (1)").ok());  // rolled back at once
    ASSERT_OK_AND_ASSIGN(auto next, db->Begin(TxMode::kWrite));  // while `failed` lives
  }
  { ASSERT_OK_AND_ASSIGN(auto dropped, db->Begin(TxMode::kWrite)); }  // destroyed open
  ASSERT_OK_AND_ASSIGN(auto committed, db->Begin(TxMode::kWrite));
  ASSERT_OK(committed->Exec("INSERT INTO t VALUES (2)"));
  ASSERT_OK(committed->Commit());
  EXPECT_OK(db->Begin(TxMode::kWrite));  // while `committed` lives
  EXPECT_EQ(Count(*db, "t"), 1);
}

TEST(SqliteDatabase, ConcurrentWritersAllCommit) {
  ASSERT_OK_AND_ASSIGN(auto t, testutil::TestDatabase::Create("sqlite"));
  Database& db = t->db();
  ASSERT_OK(db.InTransaction([](Transaction& tx) {
    return tx.ExecScript("CREATE TABLE c (n BIGINT); INSERT INTO c VALUES (0);");
  }));
  constexpr int kThreads = 16, kWrites = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failed{0};
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      for (int w = 0; w < kWrites; ++w) {
        auto tx = db.Begin(TxMode::kWrite);
        if (!tx.ok() || !(*tx)->Exec("UPDATE c SET n = n + 1").ok() || !(*tx)->Commit().ok())
          ++failed;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failed.load(), 0);
  ASSERT_OK_AND_ASSIGN(auto tx, db.Begin(TxMode::kRead));
  ASSERT_OK_AND_ASSIGN(ResultSet rs, tx->Query("SELECT n FROM c"));
  EXPECT_EQ(rs.rows[0].Int(0), kThreads * kWrites);
}

TEST(SqliteDatabase, StaleReaderThatWritesIsAborted) {
  ASSERT_OK_AND_ASSIGN(auto t, testutil::TestDatabase::Create("sqlite"));
  Database& db = t->db();
  ASSERT_OK(db.InTransaction([](Transaction& tx) {
    return tx.ExecScript("CREATE TABLE t (x BIGINT); INSERT INTO t VALUES (1);");
  }));
  ASSERT_OK_AND_ASSIGN(auto reader, db.Begin(TxMode::kRead));
  ASSERT_OK(reader->Query("SELECT x FROM t"));  // the snapshot starts here
  ASSERT_OK(
      db.InTransaction([](Transaction& tx) { return tx.Exec("UPDATE t SET x = 2").status(); }));
  EXPECT_EQ(reader->Exec("UPDATE t SET x = 3").status().code(), absl::StatusCode::kAborted);
}

TEST(PostgresDatabase, RejectsBadUrlAndFailsFastWhenNothingListens) {
  DatabaseOptions options;
  options.url = "postgresql://[::1";
  EXPECT_EQ(OpenDatabase(options).status().code(), absl::StatusCode::kInvalidArgument);
  // Port 1 on loopback: refused at once.
  options.url = "postgresql://postgres@127.0.0.1:1/postgres";
  ASSERT_OK_AND_ASSIGN(auto db, OpenDatabase(options));
  absl::Time start = absl::Now();
  EXPECT_EQ(db->Begin(TxMode::kWrite).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(db->Ping().code(), absl::StatusCode::kUnavailable);
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
}

}  // namespace
}  // namespace parcours::storage
