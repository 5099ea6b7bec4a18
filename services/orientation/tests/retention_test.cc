// Data protection in orientation, on SQLite and PostgreSQL: a beneficiary who left the RSA
// longer ago than the retention loses its identity (CAF number, names, birth date, contact,
// address) while its pseudonymous row — status, territory, dates, orientation — is unchanged,
// so aggregates stay; one audit record each; recent leavers and current beneficiaries are
// untouched.
#include "services/orientation/store/retention.h"

#include "gtest/gtest.h"
#include "libs/audit/retention_job.h"
#include "libs/testing/status_matchers.h"
#include "services/orientation/tests/test_support.h"

namespace parcours::orientation {
namespace {

const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2024, 6, 3, 10, 0, 0), absl::UTCTimeZone());

class OrientationRetentionTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    absl::StatusOr<testing::StoreEnv> env = testing::MakeStoreEnv(GetParam());
    ASSERT_OK(env.status());
    env_ = *std::move(env);
  }
  storage::Database& db() { return env_.db->db(); }

  std::vector<storage::Row> Rows(const std::string& sql) {
    auto tx = db().Begin(storage::TxMode::kRead);
    auto rs = (*tx)->Query(sql);
    EXPECT_OK(rs);
    return rs->rows;
  }
  std::string Text(const std::string& sql) {
    std::string out;
    for (const auto& r : Rows(sql)) {
      for (size_t i = 0; i < r.size(); ++i) out += (r.IsNull(i) ? "NULL" : r.Text(i)) + "|";
      out += "\n";
    }
    return out;
  }

  testing::StoreEnv env_;
};

CafRecord Exit(int n, absl::CivilDay day) {
  CafRecord r;
  r.kind = CafRecordKind::kExit;
  r.caf_number = testing::CafNumber(n);
  r.event_date = day;
  r.exit_reason = ExitReason::kEndOfRights;
  return r;
}

TEST_P(OrientationRetentionTest, AnonymisesIdentityOfThoseWhoLeftLongAgoAndKeepsAggregates) {
  std::vector<CafRecord> flow;
  for (int n = 1; n <= 3; ++n) {
    flow.push_back(testing::Entrant(n, "91228", absl::CivilDay(2020, 3, n)));
  }
  ASSERT_OK(testing::Import(*env_.store, flow, kNow - absl::Hours(24 * 1500)).status());
  ASSERT_OK(
      testing::Import(*env_.store,
                      {Exit(1, absl::CivilDay(2021, 1, 10)), Exit(2, absl::CivilDay(2024, 5, 1))},
                      kNow - absl::Hours(24 * 30))
          .status());
  const std::string beneficiaries_before = Text("SELECT * FROM beneficiaries ORDER BY id");
  const std::string aggregates_before =
      Text("SELECT tad, status, COUNT(*) FROM beneficiaries GROUP BY tad, status ORDER BY 1, 2");

  FakeClock clock(kNow);
  audit::AuditLog audit(db());
  audit::RetentionJob job(
      "orientation exits", {.retention = absl::Hours(24 * 730), .interval = absl::Hours(24)}, clock,
      [&](absl::Time cutoff) { return AnonymiseExitedBeneficiaries(db(), audit, cutoff); });
  ASSERT_OK_AND_ASSIGN(int64_t n, job.RunOnce());
  EXPECT_EQ(n, 1);

  const auto gone = Rows(
      "SELECT i.beneficiary_id, i.caf_number, i.last_name, i.first_name, i.birth_date, i.phone, "
      "i.email, i.address_line, i.commune_insee FROM identities i "
      "WHERE i.caf_number LIKE 'anon:%'");
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].Text(1), "anon:" + gone[0].Text(0));
  for (size_t i : {2u, 3u, 5u, 6u, 7u}) EXPECT_EQ(gone[0].Text(i), "") << i;
  EXPECT_TRUE(gone[0].IsNull(4)) << "birth date";
  EXPECT_EQ(gone[0].Text(8), "91228") << "the commune stays (territorial aggregates)";
  EXPECT_EQ(
      Text("SELECT COUNT(*) FROM identities WHERE last_name = 'Quasimodo1' OR caf_number = '" +
           testing::CafNumber(1) + "'"),
      "0|\n");
  EXPECT_EQ(Text("SELECT COUNT(*) FROM identities WHERE last_name IN ('Quasimodo2', "
                 "'Quasimodo3')"),
            "2|\n")
      << "a recent leaver and a current beneficiary keep their identity";
  EXPECT_EQ(Text("SELECT * FROM beneficiaries ORDER BY id"), beneficiaries_before)
      << "the pseudonymous file is untouched";
  EXPECT_EQ(
      Text("SELECT tad, status, COUNT(*) FROM beneficiaries GROUP BY tad, status ORDER BY 1, 2"),
      aggregates_before);

  ASSERT_OK_AND_ASSIGN(auto entries, audit.List({}));
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].subject, "retention-job");
  EXPECT_EQ(entries[0].action, "write");
  EXPECT_EQ(entries[0].record_type, "beneficiary");
  EXPECT_EQ(entries[0].record_id, gone[0].Text(0));

  EXPECT_EQ(*job.RunOnce(), 0) << "idempotent";
  clock.Advance(absl::Hours(24 * 730));  // the May 2024 leaver is now past the retention
  EXPECT_EQ(*job.RunOnce(), 1);
}

INSTANTIATE_TEST_SUITE_P(Drivers, OrientationRetentionTest,
                         ::testing::Values(std::string("sqlite"), std::string("postgresql")),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace parcours::orientation
