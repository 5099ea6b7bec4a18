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
#include "services/fraud/store/sql_util.h"
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
  // The files with these ids, as scoring reads them.
  std::vector<ScoringInput> Inputs(const std::vector<std::string>& ids) {
    std::vector<ScoringInput> out;
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_OK(tx);
    EXPECT_OK(scoring_.LoadIds(**tx, ids, out));
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
    RETURN_IF_ERROR(scoring_.SaveScores(tx, scored, "v1", kNow).status());
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

  const std::vector<CaseOpening> opening = {{"case_1", &inputs[0], &scored[0].result}};
  EXPECT_EQ(Write([&](auto& tx) {
              return scoring_.OpenCases(tx, opening, "v1", kNow, kNow - absl::Hours(1));
            })->size(),
            1u);
  const std::vector<CaseOpening> second = {{"case_2", &inputs[0], &scored[0].result}};
  EXPECT_TRUE(Write([&](auto& tx) {
                return scoring_.OpenCases(tx, second, "v1", kNow, kNow - absl::Hours(1));
              })->empty());

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
  // A page's payments in one read: the case with payments, none for the others.
  ASSERT_OK_AND_ASSIGN(auto of_page, cases_.ListRecoveriesOf(**r, {"case_1", "case_nope"}));
  ASSERT_EQ(of_page.size(), 1u);
  ASSERT_EQ(of_page["case_1"].size(), 1u);
  EXPECT_EQ(of_page["case_1"][0].request_id, "p1");
  EXPECT_EQ(of_page["case_1"][0].amount_cents, 600);
  EXPECT_EQ(of_page["case_1"][0].paid_on, absl::CivilDay(2025, 1, 2));
  EXPECT_TRUE(cases_.ListRecoveriesOf(**r, {})->empty());
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

TEST_P(FraudStoreTest, ScoresAreWrittenOnlyWhenTheyChange) {
  ASSERT_OK(Write([&](auto& tx) {
    return files_.UpsertHouseholds(tx, {File("5000001"), File("5000002"), File("5000003")}, kNow);
  }));
  const std::vector<std::string> ids = Ids({"5000001", "5000002", "5000003"});
  const std::vector<ScoringInput> inputs = Inputs(ids);
  ASSERT_EQ(inputs.size(), 3u);
  ScoreResult fired;
  fired.score = 25;
  fired.fired.push_back({RuleId::kDeclarationsMissing, 25, "none", {{"missing_quarters", "2"}}});
  std::vector<ScoredFile> scored = {{&inputs[0], {}}, {&inputs[1], fired}, {&inputs[2], {}}};
  auto save = [&](const std::string& version, absl::Time at) {
    return Write([&](auto& tx) { return scoring_.SaveScores(tx, scored, version, at); });
  };
  auto scored_at = [&](const std::string& id) {
    auto tx = db().Begin(storage::TxMode::kRead);
    return (*scoring_.GetScore(**tx, id))->scored_at;
  };
  const absl::Time later = kNow + absl::Hours(1), later_still = kNow + absl::Hours(2);
  EXPECT_EQ(*save("v1", kNow), 3);
  EXPECT_EQ(*save("v1", later), 0);  // the same scores: nothing written
  EXPECT_EQ(scored_at(ids[1]), kNow);

  scored[2].result.score = 10;                        // a new score
  scored[1].result.fired[0].evidence[0].value = "3";  // same score, another explanation
  EXPECT_EQ(*save("v1", later), 2);
  EXPECT_EQ(scored_at(ids[0]), kNow);
  EXPECT_EQ(scored_at(ids[1]), later);
  EXPECT_EQ(scored_at(ids[2]), later);
  {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_EQ((*scoring_.GetScore(**tx, ids[1]))->result.fired[0].EvidenceValue("missing_quarters"),
              "3");
    EXPECT_EQ((*scoring_.GetScore(**tx, ids[2]))->score, 10);
  }
  EXPECT_EQ(*save("v2", later_still), 3);  // a new rule set rewrites every score
  EXPECT_EQ(scored_at(ids[0]), later_still);
  // Every file scored counts in the statistics, written or not: 3 per SaveScores.
  auto tx = db().Begin(storage::TxMode::kRead);
  ASSERT_OK_AND_ASSIGN(FraudStatistics stats, StatisticsStore().Compute(**tx, 2025, ""));
  EXPECT_EQ(stats.files_scored, 12);
}

TEST_P(FraudStoreTest, AScoreUnchangedSinceItWasReadIsNotSent) {
  ASSERT_OK(Write([&](auto& tx) { return files_.UpsertHouseholds(tx, {File("5100001")}, kNow); }));
  const std::vector<std::string> ids = Ids({"5100001"});
  ScoreResult result;
  result.score = 30;
  result.fired.push_back({RuleId::kSharedBankAccount, 30, "shared", {}});
  {
    const std::vector<ScoringInput> unscored = Inputs(ids);
    EXPECT_FALSE(unscored[0].has_stored_score);
    const std::vector<ScoredFile> scored = {{&unscored[0], result}};
    EXPECT_EQ(*Write([&](auto& tx) { return scoring_.SaveScores(tx, scored, "v1", kNow); }), 1);
  }
  const std::vector<ScoringInput> inputs = Inputs(ids);
  ASSERT_TRUE(inputs[0].has_stored_score);
  EXPECT_EQ(inputs[0].stored_score, 30);
  EXPECT_EQ(inputs[0].stored_rule_set_version, "v1");
  EXPECT_EQ(inputs[0].stored_explanation, EncodeExplanation(result));
  // Another writer changes the score after the read: the batch, whose result equals what
  // it read, sends nothing and leaves the newer score alone.
  ASSERT_OK(Write([&](auto& tx) {
    return tx.Exec("UPDATE scores SET score = 99 WHERE household_id = ?", {ids[0]});
  }));
  const std::vector<ScoredFile> scored = {{&inputs[0], result}};
  EXPECT_EQ(*Write([&](auto& tx) { return scoring_.SaveScores(tx, scored, "v1", kNow); }), 0);
  auto tx = db().Begin(storage::TxMode::kRead);
  EXPECT_EQ((*scoring_.GetScore(**tx, ids[0]))->score, 99);
}

TEST_P(FraudStoreTest, OpensTheCasesOfAListTogether) {
  std::vector<HouseholdFile> all;
  std::vector<std::string> cafs;
  for (int i = 0; i < 6; ++i) {
    cafs.push_back(std::to_string(6000000 + i));
    all.push_back(File(cafs.back()));
  }
  ASSERT_OK(Write([&](auto& tx) { return files_.UpsertHouseholds(tx, all, kNow); }));
  const std::vector<std::string> ids = Ids(cafs);
  const std::vector<ScoringInput> inputs = Inputs(ids);
  ASSERT_EQ(inputs.size(), 6u);
  ScoreResult result;
  result.score = 70;
  result.fired.push_back({RuleId::kIncomeAboveDeclared, 40, "r", {}});
  result.fired.push_back({RuleId::kSharedBankAccount, 30, "r", {}});
  // Household 0 has an open case, household 1 one closed an hour ago (within the cooldown),
  // household 2 one closed long ago.
  const std::vector<CaseOpening> before = {{"case_a", &inputs[0], &result},
                                           {"case_b", &inputs[1], &result},
                                           {"case_c", &inputs[2], &result}};
  ASSERT_EQ(Write([&](auto& tx) {
              return scoring_.OpenCases(tx, before, "v1", kNow - absl::Hours(48),
                                        kNow - absl::Hours(49));
            })->size(),
            3u);
  ASSERT_OK(Write([&](auto& tx) -> absl::Status {
    RETURN_IF_ERROR(tx.Exec("UPDATE cases SET status = 'CLOSED', closed_at_us = ? WHERE id = ?",
                            {ToMicros(kNow - absl::Hours(1)), "case_b"})
                        .status());
    return tx
        .Exec("UPDATE cases SET status = 'CLOSED', closed_at_us = ? WHERE id = ?",
              {ToMicros(kNow - absl::Hours(40)), "case_c"})
        .status();
  }));
  // One list: the three households with history, two new ones, and household 3 twice.
  const std::vector<CaseOpening> list = {
      {"case_0", &inputs[0], &result},  {"case_1", &inputs[1], &result},
      {"case_2", &inputs[2], &result},  {"case_3", &inputs[3], &result},
      {"case_3b", &inputs[3], &result}, {"case_4", &inputs[4], &result},
      {"case_5", &inputs[5], &result}};
  auto opened = Write(
      [&](auto& tx) { return scoring_.OpenCases(tx, list, "v1", kNow, kNow - absl::Hours(24)); });
  ASSERT_OK(opened);
  std::vector<std::string> opened_ids;
  for (const CaseOpening* o : *opened) opened_ids.push_back(o->case_id);
  EXPECT_EQ(opened_ids, (std::vector<std::string>{"case_2", "case_3", "case_4", "case_5"}));

  auto tx = db().Begin(storage::TxMode::kRead);
  ASSERT_OK_AND_ASSIGN(storage::ResultSet open,
                       (*tx)->Query("SELECT household_id, COUNT(*) FROM cases WHERE status <> "
                                    "'CLOSED' GROUP BY household_id"));
  EXPECT_EQ(open.rows.size(), 5u);  // households 0, 2, 3, 4, 5
  for (const storage::Row& r : open.rows) EXPECT_EQ(r.Int(1), 1) << r.Text(0);
  ASSERT_OK_AND_ASSIGN(ControlCase c, cases_.Get(**tx, "case_4"));
  EXPECT_EQ(c.status, CaseStatus::kDetected);
  EXPECT_EQ(c.household_id, ids[4]);
  EXPECT_EQ(c.score_at_opening, 70);
  EXPECT_EQ(c.fired_rule_ids,
            (std::vector<std::string>{"income_above_declared", "shared_bank_account"}));
  ASSERT_OK_AND_ASSIGN(storage::ResultSet rules, (*tx)->Query("SELECT COUNT(*) FROM case_rules"));
  EXPECT_EQ(rules.rows[0].Int(0), 2 * 7);  // case_a, _b, _c, then case_2 to case_5
}

PARCOURS_INSTANTIATE_DUAL_DRIVER(FraudStoreTest);

}  // namespace
}  // namespace parcours::fraud
