// One record per access, filters and cursor, and no way to change a record: the triggers
// refuse UPDATE and DELETE on both drivers, and the RPC is the DPO's only.
#include "libs/audit/audit_log.h"

#include <atomic>
#include <set>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "libs/audit/audit_service.h"
#include "libs/common/clock.h"
#include "libs/server/service_host.h"
#include "libs/storage/migrations.h"
#include "libs/testing/test_database.h"

namespace parcours::audit {
namespace {

auth::CallAuthorization Call(const std::string& subject, const std::string& purpose) {
  auth::CallAuthorization call;
  call.method = "/parcours.orientation.v1.Orientation/GetBeneficiary";
  call.principal.subject = subject;
  call.principal.roles = {"referent", "orientation_agent"};
  call.purpose = purpose;
  return call;
}

class AuditLogTest : public testutil::DualDriverTest {
 protected:
  void SetUp() override {
    DualDriverTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_OK(storage::ApplyMigrations(db(), AuditMigrations()));
  }
  int64_t Count() {
    auto tx = db().Begin(storage::TxMode::kRead);
    return (*tx)->Query("SELECT COUNT(*) FROM audit_log")->rows[0].Int(0);
  }
};

TEST_P(AuditLogTest, RecordsEveryAccessWithWhoWhatWhenWhy) {
  FakeClock clock(absl::FromUnixSeconds(1700000000));
  AuditLog log(db(), clock);
  ASSERT_OK(log.Record(Call("alice", "suivi"), AuditAction::kRead, "beneficiary", "ben_1"));
  clock.Advance(absl::Minutes(1));
  ASSERT_OK(log.Record(Call("bob", "orientation"), AuditAction::kRead, "beneficiary", "ben_2"));
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kWrite));
    ASSERT_OK(log.Record(*tx, Call("alice", "contrat"), AuditAction::kWrite, "contract", "c_1"));
    // Rolled back with the change it belonged to.
  }
  EXPECT_EQ(Count(), 2);

  ASSERT_OK_AND_ASSIGN(auto all, log.List({}));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].subject, "alice");
  EXPECT_EQ(all[0].purpose, "suivi");
  EXPECT_EQ(all[0].action, "read");
  EXPECT_EQ(all[0].record_id, "ben_1");
  EXPECT_EQ(all[0].at, absl::FromUnixSeconds(1700000000));
  EXPECT_EQ(all[0].roles, (std::vector<std::string>{"referent", "orientation_agent"}));
  EXPECT_EQ(all[0].method, "/parcours.orientation.v1.Orientation/GetBeneficiary");

  ASSERT_OK_AND_ASSIGN(auto bobs, log.List({.subject = "bob"}));
  ASSERT_EQ(bobs.size(), 1u);
  EXPECT_EQ(bobs[0].record_id, "ben_2");
  ASSERT_OK_AND_ASSIGN(auto page, log.List({.after_sequence = all[0].sequence, .limit = 5}));
  ASSERT_EQ(page.size(), 1u);
  ASSERT_OK_AND_ASSIGN(auto late, log.List({.from = absl::FromUnixSeconds(1700000030)}));
  EXPECT_EQ(late.size(), 1u);
}

// Concurrent records share write transactions (group commit): every record lands exactly
// once, whatever batch it rode in, and a batch's failure reaches every caller in it.
TEST_P(AuditLogTest, ConcurrentRecordsEachLandOnce) {
  AuditLog log(db());
  constexpr int kThreads = 24, kEach = 10;
  std::vector<std::thread> threads;
  std::atomic<int> failed{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        if (!log.Record(Call(absl::StrCat("user", t), "suivi"), AuditAction::kRead, "beneficiary",
                        absl::StrCat("ben_", t, "_", i))
                 .ok())
          ++failed;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(Count(), kThreads * kEach);
  ASSERT_OK_AND_ASSIGN(auto all, log.List({.limit = kThreads * kEach + 1}));
  std::set<std::string> ids;
  for (const AuditEntry& e : all) {
    EXPECT_TRUE(absl::StartsWith(e.record_id, absl::StrCat("ben_", e.subject.substr(4), "_")))
        << e.subject << " " << e.record_id;  // each record kept its own fields
    ids.insert(e.record_id);
  }
  EXPECT_EQ(ids.size(), static_cast<size_t>(kThreads * kEach));
}

TEST_P(AuditLogTest, AFailedBatchFailsEveryCallerInIt) {
  AuditLog log(db());
  ASSERT_OK(db().InTransaction(
      [](storage::Transaction& tx) { return tx.ExecScript("ALTER TABLE audit_log RENAME TO gone"); }));
  std::vector<std::thread> threads;
  std::atomic<int> failed{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      if (!log.Record(Call("eve", "suivi"), AuditAction::kRead, "beneficiary", absl::StrCat(t))
               .ok())
        ++failed;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failed.load(), 8);
}

TEST_P(AuditLogTest, RecordsCannotBeChangedOrDeleted) {
  AuditLog log(db());
  ASSERT_OK(log.Record(Call("alice", "suivi"), AuditAction::kRead, "beneficiary", "ben_1"));
  absl::Status update = db().InTransaction([](storage::Transaction& tx) {
    return tx.Exec("UPDATE audit_log SET subject = 'mallory'").status();
  });
  EXPECT_FALSE(update.ok());
  absl::Status del = db().InTransaction([](storage::Transaction& tx) {
    return tx.Exec("DELETE FROM audit_log").status();
  });
  EXPECT_FALSE(del.ok());
  ASSERT_OK_AND_ASSIGN(auto all, log.List({}));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].subject, "alice");
}

TEST_P(AuditLogTest, RetentionPurgesOnlyOldRecords) {
  FakeClock clock(absl::FromUnixSeconds(1600000000));
  AuditLog log(db(), clock);
  ASSERT_OK(log.Record(Call("old", ""), AuditAction::kRead, "beneficiary", "ben_1"));
  clock.Advance(absl::Hours(24 * 400));
  ASSERT_OK(log.Record(Call("new", ""), AuditAction::kRead, "beneficiary", "ben_1"));
  ASSERT_OK_AND_ASSIGN(int64_t purged, log.Purge(clock.Now() - absl::Hours(24 * 365)));
  EXPECT_EQ(purged, 1);
  ASSERT_OK_AND_ASSIGN(auto left, log.List({}));
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].subject, "new");
  // The permission does not outlive the purge.
  absl::Status del = db().InTransaction([](storage::Transaction& tx) {
    return tx.Exec("DELETE FROM audit_log").status();
  });
  EXPECT_FALSE(del.ok());
}

TEST_P(AuditLogTest, OnlyTheDpoListsRecordsOverGrpc) {
  AuditLog log(db());
  ASSERT_OK(log.Record(Call("alice", "suivi"), AuditAction::kRead, "beneficiary", "ben_1"));
  auto tokens = auth::StaticTokenVerifier::FromJson(absl::StrCat(
      R"([{"sha256":")", auth::Sha256Hex("dpo"), R"(","subject":"dpo","roles":["dpo"]},)",
      R"({"sha256":")", auth::Sha256Hex("adm"), R"(","subject":"adm","roles":["admin"]}])"));
  ASSERT_OK(tokens.status());
  auth::AuthorizationPolicy policy;
  AllowAuditReaders(policy);
  auth::Authorizer authorizer(std::shared_ptr<const auth::TokenVerifier>(std::move(*tokens)),
                              policy);
  server::ServerOptions options;
  options.metrics_address = "";
  server::ServiceHost host(options);
  AuditLogService service(log, authorizer);
  host.AddService(&service, v1::AuditLog::service_full_name());
  host.AddInterceptors(authorizer.MakeInterceptors());
  ASSERT_OK(host.Start());
  auto stub = v1::AuditLog::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", host.grpc_port()), grpc::InsecureChannelCredentials()));
  auto list = [&](const std::string& token, v1::ListAuditRecordsResponse* resp) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + token);
    v1::ListAuditRecordsRequest req;
    return stub->ListAuditRecords(&ctx, req, resp);
  };
  v1::ListAuditRecordsResponse resp;
  ASSERT_TRUE(list("dpo", &resp).ok());
  ASSERT_EQ(resp.records_size(), 1);
  EXPECT_EQ(resp.records(0).subject(), "alice");
  EXPECT_EQ(list("adm", &resp).error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

PARCOURS_INSTANTIATE_DUAL_DRIVER(AuditLogTest);

}  // namespace
}  // namespace parcours::audit
