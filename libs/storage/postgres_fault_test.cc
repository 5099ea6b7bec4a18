// The PostgreSQL driver across a server crash and restart, on a private server this test
// starts for itself (tests/servers/start.sh into a temporary folder), so stopping it
// disturbs no other test: writes succeed; with the server down, Begin/Query/Ping fail with
// UNAVAILABLE within the configured timeouts; once it is back, transactions succeed
// again on the same Database object, and every write that was acknowledged is there.
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "libs/common/status_macros.h"
#include "libs/storage/database.h"
#include "libs/testing/status_matchers.h"

namespace parcours::storage {
namespace {

std::string SourceRoot() {
  const char* root = std::getenv("PARCOURS_ROOT");
  if (root != nullptr && *root != '\0') return root;
  return PARCOURS_SOURCE_DIR;
}

absl::Status Run(const std::string& command) {
  int rc = std::system(command.c_str());
  if (rc != 0) return absl::InternalError(absl::StrCat("`", command, "` exited with ", rc));
  return absl::OkStatus();
}

// A PostgreSQL server of our own, stopped and removed by the destructor.
class PrivatePostgres {
 public:
  static absl::StatusOr<std::unique_ptr<PrivatePostgres>> Start() {
    std::string dir = "/tmp/parcours-pg-fault-XXXXXX";
    if (mkdtemp(dir.data()) == nullptr) return absl::InternalError("mkdtemp failed");
    std::unique_ptr<PrivatePostgres> pg(new PrivatePostgres(dir));
    RETURN_IF_ERROR(Run(absl::StrCat(SourceRoot(), "/tests/servers/start.sh ", dir, " postgres >",
                                     dir, ".log 2>&1")));
    std::ifstream env(dir + "/env");
    std::string line;
    while (std::getline(env, line)) {
      // export NAME='value'
      size_t eq = line.find('=');
      if (!absl::StartsWith(line, "export ") || eq == std::string::npos) continue;
      std::string name = line.substr(7, eq - 7);
      std::string value = line.substr(eq + 1);
      if (value.size() >= 2 && value.front() == '\'') value = value.substr(1, value.size() - 2);
      if (name == "PARCOURS_TEST_POSTGRES_URL") pg->url_ = value;
      if (name == "PARCOURS_TEST_POSTGRES_CTL") pg->ctl_ = value;
    }
    if (pg->url_.empty() || pg->ctl_.empty()) {
      return absl::InternalError(absl::StrCat("no PostgreSQL URL/ctl in ", dir, "/env"));
    }
    return pg;
  }

  ~PrivatePostgres() {
    (void)Run(absl::StrCat(SourceRoot(), "/tests/servers/stop.sh ", dir_));
    std::remove((dir_ + ".log").c_str());
  }

  const std::string& url() const { return url_; }

  // A crash: no checkpoint, no goodbye to clients.
  absl::Status Crash() {
    // pg_ctl start needs the server's options again (port, socket dir); postgres writes
    // the command line it was started with to postmaster.opts, as `pg_ctl restart` uses.
    std::ifstream opts(dir_ + "/postgres/data/postmaster.opts");
    std::string line;
    std::getline(opts, line);
    size_t first_space = line.find(' ');
    if (first_space == std::string::npos) return absl::InternalError("no postmaster.opts");
    options_ = line.substr(first_space + 1);
    return Run(absl::StrCat(ctl_, " -m immediate -w stop >/dev/null"));
  }

  absl::Status Restart() {
    return Run(absl::StrCat(ctl_, " -w -t 60 -o '", options_, "' start >/dev/null"));
  }

 private:
  explicit PrivatePostgres(std::string dir) : dir_(std::move(dir)) {}

  std::string dir_;
  std::string url_;
  std::string ctl_;
  std::string options_;
};

// Inserts increasing ids until told to stop, remembering which commits were acknowledged
// and which errors were seen.
class Writer {
 public:
  explicit Writer(Database& db) : db_(db), thread_([this] { Loop(); }) {}
  ~Writer() { Stop(); }

  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }

  int64_t acknowledged_count() {
    absl::MutexLock lock(&mu_);
    return static_cast<int64_t>(acknowledged_.size());
  }
  std::vector<int64_t> acknowledged() {
    absl::MutexLock lock(&mu_);
    return acknowledged_;
  }
  std::vector<absl::Status> unexpected_errors() {
    absl::MutexLock lock(&mu_);
    return unexpected_;
  }

 private:
  void Loop() {
    for (int64_t id = 1; id <= 200000 && !stop_; ++id) {
      absl::Status status = db_.InTransaction(
          [id](Transaction& tx) {
            return tx.Exec("INSERT INTO acked (id) VALUES (?)", {id}).status();
          },
          1);
      absl::MutexLock lock(&mu_);
      if (status.ok()) {
        acknowledged_.push_back(id);
      } else if (status.code() != absl::StatusCode::kUnavailable) {
        unexpected_.push_back(status);
      }
      absl::SleepFor(absl::Milliseconds(2));
    }
  }

  Database& db_;
  std::atomic<bool> stop_{false};
  absl::Mutex mu_;
  std::vector<int64_t> acknowledged_ ABSL_GUARDED_BY(mu_);
  std::vector<absl::Status> unexpected_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;  // last: starts once the rest is built
};

bool WaitFor(const std::function<bool()>& done, absl::Duration limit) {
  absl::Time deadline = absl::Now() + limit;
  while (absl::Now() < deadline) {
    if (done()) return true;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return done();
}

TEST(PostgresFault, RecoversFromARestartAndKeepsAcknowledgedWrites) {
  absl::StatusOr<std::unique_ptr<PrivatePostgres>> server = PrivatePostgres::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  PrivatePostgres& pg = **server;

  DatabaseOptions options;
  options.url = pg.url();
  options.pool_size = 4;
  options.connect_timeout = absl::Seconds(2);
  options.acquire_timeout = absl::Seconds(1);
  options.statement_timeout = absl::Seconds(5);
  absl::StatusOr<std::unique_ptr<Database>> opened = OpenDatabase(options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  Database& db = **opened;
  ASSERT_OK(db.InTransaction(
      [](Transaction& tx) { return tx.ExecScript("CREATE TABLE acked (id BIGINT PRIMARY KEY)"); }));

  // A second pool whose connections sit idle through the outage: after the restart they
  // are all stale, and its next transaction must still succeed at the first attempt.
  options.pool_size = 2;
  absl::StatusOr<std::unique_ptr<Database>> idle_opened = OpenDatabase(options);
  ASSERT_TRUE(idle_opened.ok()) << idle_opened.status();
  Database& idle = **idle_opened;
  {
    absl::StatusOr<std::unique_ptr<Transaction>> a = idle.Begin(TxMode::kRead);
    absl::StatusOr<std::unique_ptr<Transaction>> b = idle.Begin(TxMode::kRead);
    ASSERT_TRUE(a.ok() && b.ok());  // both connections are open now
  }

  Writer writer(db);
  ASSERT_TRUE(WaitFor([&] { return writer.acknowledged_count() >= 20; }, absl::Seconds(20)));
  // A transaction that is open when the server goes away.
  absl::StatusOr<std::unique_ptr<Transaction>> open_tx = db.Begin(TxMode::kWrite);
  ASSERT_TRUE(open_tx.ok()) << open_tx.status();
  ASSERT_OK((*open_tx)->Exec("INSERT INTO acked (id) VALUES (-1)").status());

  ASSERT_OK(pg.Crash());
  const absl::Duration bound = options.connect_timeout + options.acquire_timeout + absl::Seconds(1);
  absl::Time start = absl::Now();
  absl::Status query = (*open_tx)->Query("SELECT COUNT(*) FROM acked").status();
  EXPECT_EQ(query.code(), absl::StatusCode::kUnavailable) << query;
  EXPECT_EQ((*open_tx)->Commit().code(), absl::StatusCode::kUnavailable);
  open_tx->reset();
  absl::StatusOr<std::unique_ptr<Transaction>> down = db.Begin(TxMode::kWrite);
  EXPECT_EQ(down.status().code(), absl::StatusCode::kUnavailable) << down.status();
  EXPECT_EQ(db.Ping().code(), absl::StatusCode::kUnavailable);
  EXPECT_LT(absl::Now() - start, bound);
  const int64_t before_restart = writer.acknowledged_count();
  absl::SleepFor(absl::Milliseconds(300));  // the writer keeps failing meanwhile

  ASSERT_OK(pg.Restart());
  // The very next transaction succeeds, on the same Database: stale connections are
  // dropped and replaced inside Begin.
  EXPECT_OK(idle.InTransaction(
      [](Transaction& tx) { return tx.Exec("INSERT INTO acked (id) VALUES (0)").status(); }, 1));
  EXPECT_TRUE(WaitFor([&] { return writer.acknowledged_count() >= before_restart + 20; },
                      absl::Seconds(20)));
  writer.Stop();

  for (const absl::Status& s : writer.unexpected_errors()) ADD_FAILURE() << s;
  absl::StatusOr<std::unique_ptr<Transaction>> check = db.Begin(TxMode::kRead);
  ASSERT_TRUE(check.ok()) << check.status();
  absl::StatusOr<ResultSet> rows = (*check)->Query("SELECT id FROM acked");
  ASSERT_TRUE(rows.ok()) << rows.status();
  std::set<int64_t> present;
  for (const Row& row : rows->rows) present.insert(row.Int(0));
  EXPECT_EQ(present.count(-1), 0u);  // the open transaction never committed
  EXPECT_EQ(present.count(0), 1u);
  int64_t missing = 0;
  for (int64_t id : writer.acknowledged()) missing += present.count(id) == 0 ? 1 : 0;
  EXPECT_EQ(missing, 0) << "acknowledged writes lost";
  EXPECT_GT(writer.acknowledged_count(), before_restart);
}

}  // namespace
}  // namespace parcours::storage
