// FileScorer over a real store, on SQLite and PostgreSQL: a batch rerun over unchanged
// files writes no score, a changed declaration rewrites that file's score only; a chunk
// with several cases opens them all in one go, never a second case for a household that
// has one open, and stages one event per case opened.
#include "services/fraud/scoring/file_scorer.h"

#include <map>
#include <set>

#include "gtest/gtest.h"
#include "libs/common/clock.h"
#include "libs/events/feed_notifier.h"
#include "libs/events/outbox.h"
#include "libs/runtime/service_runtime.h"
#include "libs/storage/migrations.h"
#include "libs/testing/test_database.h"
#include "prometheus/registry.h"
#include "services/fraud/build.h"
#include "services/fraud/store/file_store.h"

namespace parcours::fraud {
namespace {

const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2025, 1, 15, 10, 0, 0), absl::UTCTimeZone());

// Every beneficiary has had a contract: the long-RSA rule stays quiet.
class EveryoneHadAContract final : public ContractsDirectory {
 public:
  absl::StatusOr<bool> HasHadContractSince(const std::string&, absl::CivilDay) override {
    return true;
  }
};

class FileScorerTest : public testutil::DualDriverTest {
 protected:
  void SetUp() override {
    DualDriverTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_OK(storage::ApplyMigrations(db(), runtime::AllMigrations(Migrations())));
    ASSERT_OK_AND_ASSIGN(RuleSet rules, DefaultRuleSet());
    scorer_ = std::make_unique<FileScorer>(db(), outbox_, contracts_, clock_,
                                           std::make_shared<const RuleSet>(rules), metrics_,
                                           ScorerOptions{});
  }

  // Households "<caf>" with the four quarters of 2024 declared at `declared` cents of
  // salary each, and payroll seeing `seen` in 2024-Q3; returns their ids in order.
  std::vector<std::string> AddFiles(const std::vector<std::string>& cafs,
                                    const std::string& country, int64_t declared, int64_t seen) {
    std::vector<HouseholdFile> files;
    for (const std::string& caf : cafs) {
      HouseholdFile& f = files.emplace_back();
      f.caf_number = caf;
      f.beneficiary_id = "ben_" + caf;
      f.member_ids = {"m_" + caf};
      f.street = "1 rue Basse";
      f.postal_code = "91000";
      f.commune_insee = "91228";
      f.country = country;
      f.tad = "TAD-EST";
      f.mds = "MDS-EVRY";
      f.bank_fingerprint = "fp_" + caf;
      f.monthly_rsa_cents = 60000;
      f.rsa_since = absl::CivilDay(2020, 1, 1);
    }
    std::vector<std::string> ids;
    EXPECT_OK(db().InTransaction([&](storage::Transaction& tx) -> absl::Status {
      RETURN_IF_ERROR(files_.UpsertHouseholds(tx, files, kNow).status());
      ASSIGN_OR_RETURN(auto by_caf, files_.ResolveCafNumbers(tx, cafs));
      ids.clear();
      std::vector<DeclarationInput> declarations;
      std::vector<CrossCheckInput> checks;
      for (const std::string& caf : cafs) {
        const std::string& id = ids.emplace_back(by_caf[caf]);
        for (int q = 1; q <= 4; ++q) {
          declarations.push_back(
              {id, {{2024, q}, {declared, 0, 0, 0, 0, 0}}, absl::CivilDay(2024, 12, 1)});
        }
        checks.push_back({id,
                          "dsn-" + caf,
                          {.period = {2024, 3},
                           .kind = FactKind::kIncome,
                           .category = IncomeCategory::kSalary,
                           .amount_cents = seen,
                           .source = FactSource::kPayroll}});
      }
      RETURN_IF_ERROR(files_.UpsertDeclarations(tx, declarations).status());
      return files_.UpsertCrossChecks(tx, checks).status();
    }));
    return ids;
  }

  BatchProgress ScoreAll(int chunk) {
    BatchProgress last;
    EXPECT_OK(scorer_->ScoreAll(chunk, [&](const BatchProgress& p) {
      last = p;
      return true;
    }));
    return last;
  }

  int64_t Count(const std::string& sql) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_OK(tx);
    auto rs = (*tx)->Query(sql);
    EXPECT_OK(rs);
    return rs->rows[0].Int(0);
  }

  FakeClock clock_{kNow};
  EveryoneHadAContract contracts_;
  events::FeedNotifier notifier_;
  events::Outbox outbox_{"fraud", notifier_, clock_};
  prometheus::Registry registry_;
  FraudMetrics metrics_{registry_};
  FileStore files_;
  ScoringStore scoring_;
  std::unique_ptr<FileScorer> scorer_;
};

TEST_P(FileScorerTest, ARerunWritesOnlyTheFilesThatChanged) {
  // Five clean files; the last declares 500 EUR a quarter, as payroll sees.
  std::vector<std::string> ids =
      AddFiles({"1000001", "1000002", "1000003", "1000004"}, "FR", 1000, 1000);
  const std::string changing = AddFiles({"1000005"}, "FR", 50000, 50000)[0];
  BatchProgress first = ScoreAll(2);
  EXPECT_EQ(first.files_scored, 5);
  EXPECT_EQ(first.scores_written, 5);

  clock_.Advance(absl::Hours(1));
  BatchProgress rerun = ScoreAll(2);
  EXPECT_EQ(rerun.files_scored, 5);
  EXPECT_EQ(rerun.scores_written, 0);

  // It declares 100 EUR for Q3 now: 400 EUR less than payroll saw.
  ASSERT_OK(db().InTransaction([&](storage::Transaction& tx) -> absl::Status {
    return files_
        .UpsertDeclarations(
            tx, {{changing, {{2024, 3}, {10000, 0, 0, 0, 0, 0}}, absl::CivilDay(2024, 12, 2)}})
        .status();
  }));
  clock_.Advance(absl::Hours(1));
  BatchProgress after = ScoreAll(2);
  EXPECT_EQ(after.files_scored, 5);
  EXPECT_EQ(after.scores_written, 1);
  auto tx = db().Begin(storage::TxMode::kRead);
  ASSERT_OK_AND_ASSIGN(auto stored, scoring_.GetScore(**tx, changing));
  ASSERT_TRUE(stored.has_value());
  EXPECT_TRUE(stored->result.Fired(RuleId::kIncomeAboveDeclared));
  EXPECT_EQ(stored->scored_at, kNow + absl::Hours(2));
  ASSERT_OK_AND_ASSIGN(auto untouched, scoring_.GetScore(**tx, ids[0]));
  EXPECT_EQ(untouched->scored_at, kNow);  // its score has not changed since the first run
}

TEST_P(FileScorerTest, AChunkOpensAllItsCasesOnceWithAnEventEach) {
  // Abroad (30) and 2,000 EUR of wages undeclared (40): 70, above the threshold of 50.
  const std::vector<std::string> flagged =
      AddFiles({"2000001", "2000002", "2000003", "2000004"}, "BE", 0, 200000);
  AddFiles({"2000005", "2000006"}, "FR", 1000, 1000);
  // The second flagged household already has an open case.
  std::vector<ScoringInput> inputs;
  {
    auto tx = db().Begin(storage::TxMode::kRead);
    ASSERT_OK(scoring_.LoadIds(**tx, {flagged[1]}, inputs));
  }
  ScoreResult earlier;
  earlier.score = 60;
  ASSERT_OK(db().InTransaction([&](storage::Transaction& tx) -> absl::Status {
    return scoring_
        .OpenCases(tx, {{"case_earlier", &inputs[0], &earlier}}, "2025.1", kNow - absl::Hours(2),
                   kNow - absl::Hours(3))
        .status();
  }));

  BatchProgress first = ScoreAll(10);  // one chunk
  EXPECT_EQ(first.files_scored, 6);
  EXPECT_EQ(first.cases_opened, 3);
  auto tx = db().Begin(storage::TxMode::kRead);
  ASSERT_OK_AND_ASSIGN(storage::ResultSet cases,
                       (*tx)->Query("SELECT household_id, id FROM cases"));
  std::map<std::string, std::string> case_of;  // household → case
  for (const storage::Row& r : cases.rows) case_of[r.Text(0)] = r.Text(1);
  ASSERT_EQ(cases.rows.size(), 4u);
  ASSERT_EQ(case_of.size(), 4u);
  std::set<std::string> opened_ids;
  for (size_t i = 0; i < flagged.size(); ++i) {
    ASSERT_TRUE(case_of.contains(flagged[i])) << i;
    if (i != 1) opened_ids.insert(case_of[flagged[i]]);
  }
  EXPECT_EQ(case_of[flagged[1]], "case_earlier");
  ASSERT_OK_AND_ASSIGN(
      storage::ResultSet events,
      (*tx)->Query("SELECT aggregate_id FROM outbox WHERE type = 'fraud.case.opened'"));
  std::set<std::string> event_ids;
  for (const storage::Row& r : events.rows) event_ids.insert(r.Text(0));
  EXPECT_EQ(events.rows.size(), 3u);
  EXPECT_EQ(event_ids, opened_ids);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM case_rules"), 2 * 3);  // earlier: no rule
  tx->reset();

  BatchProgress rerun = ScoreAll(10);
  EXPECT_EQ(rerun.cases_opened, 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cases"), 4);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE type = 'fraud.case.opened'"), 3);
}

PARCOURS_INSTANTIATE_DUAL_DRIVER(FileScorerTest);

}  // namespace
}  // namespace parcours::fraud
