// The fraud stores on SQLite and PostgreSQL (same body): idempotent upserts reporting only
// real changes, the chunked merge of files with their declarations and cross-checks, score
// round trips, one open case per household, dirty marks that survive a concurrent change,
// etag-checked case updates, recovery never above what is owed, statistics.
#include "gtest/gtest.h"
#include "libs/runtime/service_runtime.h"
#include "libs/storage/migrations.h"
#include "libs/testing/test_database.h"
#include "services/fraud/build.h"
#include "services/fraud/store/case_store.h"
#include "services/fraud/store/file_store.h"
#include "services/fraud/store/scoring_store.h"
#include "services/fraud/store/statistics_store.h"

namespace parcours::fraud {
namespace {

const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2025, 1, 15, 10, 0, 0), absl::UTCTimeZone());

HouseholdFile File(const std::string& caf, const std::string& fingerprint = "") {
  HouseholdFile f;
  f.caf_number = caf;
  f.beneficiary_id = "ben_" + caf;
  f.member_ids = {"m1_" + caf, "m2_" + caf};
  f.street = "2 rue Haute";
  f.postal_code = "91000";
  f.commune_insee = "91228";
  f.country = "FR";
  f.tad = "TAD-EST";
  f.mds = "MDS-EVRY";
  f.bank_fingerprint = fingerprint;
  f.monthly_rsa_cents = 60000;
  f.rsa_since = absl::CivilDay(2020, 1, 1);
  return f;
}

class FraudStoreTest : public testutil::DualDriverTest {
 protected:
  void SetUp() override {
    DualDriverTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_OK(storage::ApplyMigrations(db(), runtime::AllMigrations(Migrations())));
  }
  // Writes in one transaction and returns what `fn` returned.
  template <typename Fn>
  auto Write(Fn fn) -> decltype(fn(std::declval<storage::Transaction&>())) {
    auto tx = db().Begin(storage::TxMode::kWrite);
    EXPECT_OK(tx);
    auto out = fn(**tx);
    EXPECT_OK((*tx)->Commit());
    return out;
  }
  std::vector<std::string> Ids(const std::vector<std::string>& cafs) {
    auto tx = db().Begin(storage::TxMode::kRead);
    auto m = files_.ResolveCafNumbers(**tx, cafs);
    std::vector<std::string> out;
    for (const auto& caf : cafs) out.push_back((*m)[caf]);
    return out;
  }
  FileStore files_;
  ScoringStore scoring_;
  CaseStore cases_;
};

TEST_P(FraudStoreTest, UpsertsReportOnlyRealChanges) {
  auto created = Write([&](auto& tx) {
    return files_.UpsertHouseholds(tx, {File("1111111"), File("2222222")}, kNow);
  });
  ASSERT_OK(created);
  EXPECT_EQ(created->size(), 2u);
  auto same = Write([&](auto& tx) { return files_.UpsertHouseholds(tx, {File("1111111")}, kNow); });
  EXPECT_TRUE(same->empty());
  HouseholdFile moved = File("1111111");
  moved.country = "BE";
  auto changed = Write([&](auto& tx) { return files_.UpsertHouseholds(tx, {moved}, kNow); });
  ASSERT_EQ(changed->size(), 1u);
  const std::vector<std::string> ids = Ids({"1111111", "2222222"});
  EXPECT_EQ((*changed)[0], ids[0]);  // the id is kept across updates

  DeclarationInput d{ids[0], {{2024, 3}, {1000, 0, 0, 0, 0, 0}}, absl::CivilDay(2024, 10, 5)};
  EXPECT_EQ(Write([&](auto& tx) { return files_.UpsertDeclarations(tx, {d}); })->size(), 1u);
  EXPECT_EQ(Write([&](auto& tx) { return files_.UpsertDeclarations(tx, {d}); })->size(), 0u);
  d.declaration.amounts[0] = 2000;
  EXPECT_EQ(Write([&](auto& tx) { return files_.UpsertDeclarations(tx, {d}); })->size(), 1u);
  CrossCheckInput c{ids[1],
                    "ref-1",
                    {.period = {2024, 3},
                     .kind = FactKind::kIncome,
                     .category = IncomeCategory::kPension,
                     .amount_cents = 5,
                     .source = FactSource::kCnav}};
  EXPECT_EQ(Write([&](auto& tx) { return files_.UpsertCrossChecks(tx, {c, c}); })->size(), 1u);
  EXPECT_EQ(Write([&](auto& tx) { return files_.UpsertCrossChecks(tx, {c}); })->size(), 0u);

  auto tx = db().Begin(storage::TxMode::kRead);
  auto got = files_.GetHousehold(**tx, ids[0]);
  ASSERT_OK(got);
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->caf_number, "1111111");
  EXPECT_EQ((*got)->country, "BE");
  EXPECT_EQ((*got)->member_ids.size(), 2u);
  EXPECT_EQ(files_.ListDeclarations(**tx, ids[0])->at(0).declaration.amounts[0], 2000);
  EXPECT_EQ(files_.ListCrossChecks(**tx, ids[1])->at(0).fact.category, IncomeCategory::kPension);
}

TEST_P(FraudStoreTest, ChunksCarryEachFilesOwnRows) {
  std::vector<HouseholdFile> all;
  std::vector<std::string> cafs;
  for (int i = 0; i < 5; ++i) {
    cafs.push_back(std::to_string(3000000 + i));
    all.push_back(File(cafs.back(), i < 3 ? "shared" : ""));
  }
  ASSERT_OK(Write([&](auto& tx) { return files_.UpsertHouseholds(tx, all, kNow); }));
  const std::vector<std::string> ids = Ids(cafs);
  std::vector<DeclarationInput> decls;
  std::vector<CrossCheckInput> checks;
  for (int i = 0; i < 5; ++i) {
    for (int q = 1; q <= i; ++q)
      decls.push_back({ids[i], {{2024, q}, {}}, absl::CivilDay(2024, 12, 1)});
    checks.push_back({ids[i],
                      "r" + std::to_string(i),
                      {.period = {2024, 1},
                       .kind = FactKind::kPersonsInHousehold,
                       .persons = i + 1,
                       .source = FactSource::kDgfip}});
  }
  ASSERT_OK(Write([&](auto& tx) { return files_.UpsertDeclarations(tx, decls); }));
  ASSERT_OK(Write([&](auto& tx) { return files_.UpsertCrossChecks(tx, checks); }));
  ASSERT_OK(Write([&](auto& tx) -> absl::Status { return files_.MarkDirty(tx, {ids[2]}); }));

  std::map<std::string, ScoringInput> seen;
  std::vector<ScoringInput> chunk;
  std::string after;
  for (int pass = 0; pass < 10; ++pass) {
    auto tx = db().Begin(storage::TxMode::kRead);
    ASSERT_OK(scoring_.LoadRange(**tx, after, 2, chunk));
    if (chunk.empty()) break;
    EXPECT_LE(chunk.size(), 2u);
    for (const auto& in : chunk) seen[in.household_id] = in;
    after = chunk.back().household_id;
  }
  ASSERT_EQ(seen.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    const ScoringInput& in = seen[ids[i]];
    EXPECT_EQ(in.facts.declarations.size(), static_cast<size_t>(i)) << i;
    ASSERT_EQ(in.facts.cross_checks.size(), 1u);
    EXPECT_EQ(in.facts.cross_checks[0].persons, i + 1);
    EXPECT_EQ(in.facts.persons, 2);
    EXPECT_EQ(in.dirty_mark != 0, i == 2);
  }
  auto tx = db().Begin(storage::TxMode::kRead);
  auto shared = scoring_.SharedAccounts(**tx, 2);
  ASSERT_OK(shared);
  EXPECT_EQ(shared->size(), 1u);
  EXPECT_EQ((*shared)["shared"], 3);
  EXPECT_EQ((*scoring_.AccountSharing(**tx, {"shared", ""}))["shared"], 3);
  std::vector<ScoringInput> by_id;
  ASSERT_OK(scoring_.LoadIds(**tx, {ids[4], "hh_unknown"}, by_id));
  ASSERT_EQ(by_id.size(), 1u);
  EXPECT_EQ(by_id[0].facts.declarations.size(), 4u);
}

TEST_P(FraudStoreTest, ScoresCasesAndDirtyMarks) {
  ASSERT_OK(Write([&](auto& tx) { return files_.UpsertHouseholds(tx, {File("4444444")}, kNow); }));
  const std::string id = Ids({"4444444"})[0];
  ASSERT_OK(Write([&](auto& tx) -> absl::Status { return files_.MarkDirty(tx, {id}); }));
  std::vector<ScoringInput> inputs;
  {
    auto tx = db().Begin(storage::TxMode::kRead);
    ASSERT_OK(scoring_.LoadIds(**tx, {id}, inputs));
  }
  // An import marks the file again after it was read: the newer mark must survive.
  ASSERT_OK(Write([&](auto& tx) -> absl::Status { return files_.MarkDirty(tx, {id}); }));
  ScoreResult result;
  result.score = 65;
  result.fired.push_back(
      {RuleId::kIncomeAboveDeclared, 40, "a \"quoted\"\n\\ reason\x01", {{"gap_cents", "900"}}});
  result.fired.push_back({RuleId::kDeclarationsMissing, 25, "other", {{"quarters", "2024-Q1"}}});
  std::vector<ScoredFile> scored = {{&inputs[0], result}};
  ASSERT_OK(Write([&](auto& tx) -> absl::Status {
    RETURN_IF_ERROR(scoring_.SaveScores(tx, scored, "v1", kNow));
    return scoring_.ClearDirty(tx, scored);
  }));
  {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_EQ(scoring_.DirtyHouseholds(**tx, 10)->size(), 1u);
    auto stored = scoring_.GetScore(**tx, id);
    ASSERT_TRUE(stored->has_value());
    EXPECT_EQ((*stored)->rule_set_version, "v1");
    ASSERT_EQ((*stored)->result.fired.size(), 2u);
    EXPECT_EQ((*stored)->result.fired[0].EvidenceValue("gap_cents"), "900");
    EXPECT_EQ((*stored)->result.fired[0].reason, result.fired[0].reason);  // escaped and back
    EXPECT_EQ((*stored)->result.fired[1].id, RuleId::kDeclarationsMissing);
    EXPECT_EQ(scoring_.ListScores(**tx, 50, std::nullopt, 10, {"TAD-NORD"})->size(), 0u);
    EXPECT_EQ(scoring_.ListScores(**tx, 50, std::nullopt, 10, {})->size(), 1u);
  }

  CaseOpening opening{"case_1", &inputs[0], &scored[0].result};
  EXPECT_TRUE(*Write(
      [&](auto& tx) { return scoring_.OpenCase(tx, opening, "v1", kNow, kNow - absl::Hours(1)); }));
  CaseOpening second{"case_2", &inputs[0], &scored[0].result};
  EXPECT_FALSE(*Write(
      [&](auto& tx) { return scoring_.OpenCase(tx, second, "v1", kNow, kNow - absl::Hours(1)); }));

  // Etag-checked update; a stale version is ABORTED, an unknown case NOT_FOUND.
  auto tx = db().Begin(storage::TxMode::kWrite);
  ASSERT_OK_AND_ASSIGN(ControlCase c, cases_.Get(**tx, "case_1"));
  EXPECT_EQ(c.fired_rule_ids,
            (std::vector<std::string>{"income_above_declared", "declarations_missing"}));
  c.status = CaseStatus::kQualifiedFraud;
  c.qualification = Qualification::kFraud;
  c.year_qualified = 2025;
  c.overpayment_cents = 1000;
  c.overpayment_from = absl::CivilDay(2024, 1, 1);
  ASSERT_OK(cases_.Update(**tx, c, 1, kNow));
  EXPECT_EQ(c.version, 2);
  ControlCase stale = c;
  EXPECT_EQ(cases_.Update(**tx, stale, 1, kNow).code(), absl::StatusCode::kAborted);
  ASSERT_OK((*tx)->Commit());
  tx = db().Begin(storage::TxMode::kWrite);
  ControlCase ghost = c;
  ghost.id = "case_nope";
  EXPECT_EQ(cases_.Update(**tx, ghost, 1, kNow).code(), absl::StatusCode::kNotFound);
  tx->reset();

  EXPECT_TRUE(*Write([&](auto& t) {
    return cases_.AddRecovery(t, "case_1", {"p1", false, 600, absl::CivilDay(2025, 1, 2)}, kNow);
  }));
  EXPECT_FALSE(*Write([&](auto& t) {
    return cases_.AddRecovery(t, "case_1", {"p1", false, 600, absl::CivilDay(2025, 1, 2)}, kNow);
  }));
  {
    auto t = db().Begin(storage::TxMode::kWrite);
    auto over =
        cases_.AddRecovery(**t, "case_1", {"p2", false, 401, absl::CivilDay(2025, 1, 3)}, kNow);
    EXPECT_EQ(over.status().code(), absl::StatusCode::kFailedPrecondition);
  }
  auto r = db().Begin(storage::TxMode::kRead);
  EXPECT_EQ(cases_.ListRecoveries(**r, "case_1")->size(), 1u);
  ASSERT_OK_AND_ASSIGN(FraudStatistics stats, StatisticsStore().Compute(**r, 2025, ""));
  EXPECT_EQ(stats.files_scored, 1);
  EXPECT_EQ(stats.cases_opened, 1);
  EXPECT_EQ(stats.qualified_fraud, 1);
  EXPECT_EQ(stats.overpayments_cents, 1000);
  EXPECT_EQ(stats.recovered_cents, 600);
  EXPECT_DOUBLE_EQ(stats.recovery_rate(), 0.6);
  ASSERT_EQ(stats.rules.size(), 2u);
  EXPECT_DOUBLE_EQ(stats.rules[0].precision(), 1.0);
  ASSERT_OK_AND_ASSIGN(FraudStatistics other, StatisticsStore().Compute(**r, 2025, "TAD-NORD"));
  EXPECT_EQ(other.cases_opened, 0);
  EXPECT_EQ(StatisticsStore().RecoveryRates(**r)->at(0).first, 2025);
}

PARCOURS_INSTANTIATE_DUAL_DRIVER(FraudStoreTest);

}  // namespace
}  // namespace parcours::fraud
