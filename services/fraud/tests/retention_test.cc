// Data protection in fraud, on SQLite and PostgreSQL: a household whose cases have all been
// closed for longer than the retention loses its CAF number, address and bank fingerprint
// (and its cases their free-text answers), statistics columns stay, one audit record per
// household; a household with an open or recently closed case is untouched; the job's
// cutoff follows the clock and the configured retention.
#include "services/fraud/store/retention.h"

#include <atomic>

#include "gtest/gtest.h"
#include "libs/audit/retention_job.h"
#include "libs/runtime/service_runtime.h"
#include "libs/storage/migrations.h"
#include "libs/testing/status_matchers.h"
#include "libs/testing/test_database.h"
#include "services/fraud/build.h"
#include "services/fraud/store/file_store.h"

namespace parcours::fraud {
namespace {

const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2025, 1, 15, 10, 0, 0), absl::UTCTimeZone());

HouseholdFile File(const std::string& caf) {
  HouseholdFile f;
  f.caf_number = caf;
  f.beneficiary_id = "ben_" + caf;
  f.member_ids = {"m1_" + caf};
  f.street = "2 rue Haute";
  f.postal_code = "91000";
  f.commune_insee = "91228";
  f.country = "FR";
  f.tad = "TAD-EST";
  f.mds = "MDS-EVRY";
  f.bank_fingerprint = "fp-" + caf;
  f.monthly_rsa_cents = 60000;
  f.rsa_since = absl::CivilDay(2020, 1, 1);
  return f;
}

class FraudRetentionTest : public testutil::DualDriverTest {
 protected:
  void SetUp() override {
    DualDriverTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_OK(storage::ApplyMigrations(db(), runtime::AllMigrations(Migrations())));
  }

  std::string Household(const std::string& caf) {
    FileStore files;
    EXPECT_OK(db().InTransaction([&](storage::Transaction& tx) {
      return files.UpsertHouseholds(tx, {File(caf)}, kNow).status();
    }));
    auto tx = db().Begin(storage::TxMode::kRead);
    return (*files.ResolveCafNumbers(**tx, {caf}))[caf];
  }

  // A case of `household`, CLOSED at `closed` (or still open when closed is InfinitePast).
  void Case(const std::string& id, const std::string& household, absl::Time closed) {
    const bool open = closed == absl::InfinitePast();
    ASSERT_OK(db().InTransaction([&](storage::Transaction& tx) {
      return tx
          .Exec(
              "INSERT INTO cases (id, household_id, beneficiary_id, tad, status, year_opened, "
              "score_at_opening, rule_set_version, fired_rule_ids, answer_text, "
              "overpayment_cents, opened_at_us, updated_at_us, closed_at_us) "
              "VALUES (?, ?, 'ben_x', 'TAD-EST', ?, 2019, 80, 'v1', 'r1', "
              "'J''habite chez ma soeur au 3 rue Basse', 12000, ?, ?, ?)",
              {id, household, open ? "OPEN" : "CLOSED",
               absl::ToUnixMicros(kNow - absl::Hours(24 * 3000)),
               absl::ToUnixMicros(kNow - absl::Hours(24 * 10)),
               open ? int64_t{0} : absl::ToUnixMicros(closed)})
          .status();
    }));
  }

  storage::Row HouseholdRow(const std::string& id) {
    auto tx = db().Begin(storage::TxMode::kRead);
    auto rs = (*tx)->Query(
        "SELECT caf_number, street, postal_code, bank_fingerprint, tad, commune_insee "
        "FROM households WHERE id = ?",
        {id});
    EXPECT_OK(rs);
    return rs->rows.at(0);
  }

  int64_t Count(const std::string& sql, const storage::Params& params = {}) {
    auto tx = db().Begin(storage::TxMode::kRead);
    auto rs = (*tx)->Query(sql, params);
    EXPECT_OK(rs);
    return rs->rows.at(0).Int(0);
  }
};

TEST_P(FraudRetentionTest, AnonymisesHouseholdsWhoseCasesClosedBeforeTheRetention) {
  const absl::Duration five_years = absl::Hours(24 * 1825);
  const std::string old_closed = Household("1000001");
  const std::string recent = Household("1000002");
  const std::string still_open = Household("1000003");
  const std::string no_case = Household("1000004");
  Case("case_old_1", old_closed, kNow - five_years - absl::Hours(24 * 30));
  Case("case_old_2", old_closed, kNow - five_years - absl::Hours(24 * 400));
  Case("case_recent", recent, kNow - absl::Hours(24 * 100));
  Case("case_open_old", still_open, kNow - five_years - absl::Hours(24 * 60));
  Case("case_open", still_open, absl::InfinitePast());

  FakeClock clock(kNow);
  audit::AuditLog audit(db());
  audit::RetentionJob job(
      "fraud cases", {.retention = five_years, .interval = absl::Hours(24)}, clock,
      [&](absl::Time cutoff) { return AnonymiseClosedCases(db(), audit, cutoff); });
  ASSERT_TRUE(job.enabled());
  ASSERT_OK_AND_ASSIGN(int64_t n, job.RunOnce());
  EXPECT_EQ(n, 1);

  const storage::Row gone = HouseholdRow(old_closed);
  EXPECT_EQ(gone.Text(0), "anon:" + old_closed);
  EXPECT_EQ(gone.Text(1), "");
  EXPECT_EQ(gone.Text(2), "");
  EXPECT_EQ(gone.Text(3), "");
  EXPECT_EQ(gone.Text(4), "TAD-EST") << "territory stays, for the statistics";
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cases WHERE household_id = ? AND answer_text = '' "
                  "AND overpayment_cents = 12000",
                  {old_closed}),
            2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM households WHERE caf_number LIKE '%1000001%'"), 0);
  for (const std::string& kept : {recent, still_open, no_case}) {
    const storage::Row row = HouseholdRow(kept);
    EXPECT_EQ(row.Text(1), "2 rue Haute") << kept;
    EXPECT_NE(row.Text(0).rfind("anon:", 0), 0u) << kept;
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cases WHERE answer_text <> ''"), 3);

  // Audited: one write record per household, by the retention job.
  ASSERT_OK_AND_ASSIGN(auto entries, audit.List({}));
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].subject, "retention-job");
  EXPECT_EQ(entries[0].action, "write");
  EXPECT_EQ(entries[0].record_type, "household");
  EXPECT_EQ(entries[0].record_id, old_closed);
  EXPECT_EQ(entries[0].method, "retention/closed-cases");

  // A second run finds nothing more; a hundred days later the recent one is still kept, and
  // once its closing is older than the retention it goes too.
  EXPECT_EQ(*job.RunOnce(), 0);
  clock.Advance(absl::Hours(24 * 100));
  EXPECT_EQ(*job.RunOnce(), 0);
  clock.Advance(five_years);
  EXPECT_EQ(*job.RunOnce(), 1);
  EXPECT_EQ(HouseholdRow(recent).Text(0), "anon:" + recent);
}

TEST(RetentionJob, ZeroRetentionOrIntervalIsOff) {
  FakeClock clock(kNow);
  int runs = 0;
  auto sweep = [&](absl::Time) -> absl::StatusOr<int64_t> { return ++runs; };
  audit::RetentionJob off("x", {.retention = absl::ZeroDuration()}, clock, sweep);
  EXPECT_FALSE(off.enabled());
  off.Start();
  off.Stop();
  audit::RetentionJob no_interval(
      "x", {.retention = absl::Hours(1), .interval = absl::ZeroDuration()}, clock, sweep);
  EXPECT_FALSE(no_interval.enabled());
  EXPECT_EQ(runs, 0);
  // On: the first sweep runs at start, with the cutoff now - retention.
  std::atomic<int64_t> seen_us{0};
  audit::RetentionJob on("x", {.retention = absl::Hours(10), .interval = absl::Hours(1)}, clock,
                         [&](absl::Time cutoff) -> absl::StatusOr<int64_t> {
                           seen_us = absl::ToUnixMicros(cutoff);
                           return 0;
                         });
  on.Start();
  for (int i = 0; i < 500 && seen_us == 0; ++i) absl::SleepFor(absl::Milliseconds(10));
  on.Stop();
  EXPECT_EQ(seen_us, absl::ToUnixMicros(kNow - absl::Hours(10)));
}

PARCOURS_INSTANTIATE_DUAL_DRIVER(FraudRetentionTest);

}  // namespace
}  // namespace parcours::fraud
