// The scripted year 2024 (scenario_data.h) through the four feeds into the service over
// in-process gRPC: every bilan indicator, cohort and offer figure against values computed
// by hand below; surveys; and a stop in the middle of the feeds then a restart on the
// same database giving the same figures.
#include "absl/time/clock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "libs/testing/status_matchers.h"
#include "libs/testing/test_database.h"
#include "services/evaluation/tests/scenario_data.h"
#include "services/evaluation/tests/scenario_support.h"
#include "services/evaluation/tests/test_evaluation.h"

namespace parcours::evaluation::testing {
namespace {

const absl::Time kDuringYear =
    absl::FromCivil(absl::CivilSecond(2024, 12, 15, 12, 0, 0), absl::UTCTimeZone());
const absl::Time kLater =
    absl::FromCivil(absl::CivilSecond(2026, 3, 1, 12, 0, 0), absl::UTCTimeZone());

class ScenarioTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK(feeds_.Start());
    ASSERT_OK_AND_ASSIGN(db_, parcours::testutil::TestDatabase::Create("sqlite"));
  }

  v1::Bilan GetBilan(TestEvaluation& ev, const std::string& token = "steering") {
    grpc::ClientContext ctx;
    ev.Authorize(ctx, token);
    v1::GetBilanRequest req;
    req.set_year(2024);
    v1::Bilan bilan;
    grpc::Status s = ev.stub().GetBilan(&ctx, req, &bilan);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return bilan;
  }

  v1::ListCohortsResponse GetCohorts(TestEvaluation& ev) {
    grpc::ClientContext ctx;
    ev.Authorize(ctx, "steering");
    v1::ListCohortsRequest req;
    req.set_from_month("2024-01");
    req.set_to_month("2024-03");
    v1::ListCohortsResponse resp;
    grpc::Status s = ev.stub().ListCohorts(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp;
  }

  v1::ListOfferEvaluationsResponse GetOffers(TestEvaluation& ev) {
    grpc::ClientContext ctx;
    ev.Authorize(ctx, "steering");
    v1::ListOfferEvaluationsRequest req;
    req.set_year(2024);
    v1::ListOfferEvaluationsResponse resp;
    grpc::Status s = ev.stub().ListOfferEvaluations(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp;
  }

  // Every figure that comes from the feeds (surveys apart), computed by hand.
  void ExpectProjectionFigures(TestEvaluation& ev) {
    const v1::Bilan bilan = GetBilan(ev);
    EXPECT_EQ(bilan.secrecy_k(), 5);

    // Contractualisation at 2025-01-01 among those subject to rights and duties and still
    // in the RSA: EST E1..E8 (E9, E10 exited), CENTRE C1..C5 (C6 is not subject), SUD S1,
    // S2 = 15; with a contract in force: E1, E2, E3, E5 (E4's ended 06-01), C1..C5, S1 = 10.
    const v1::IndicatorResult& contract = Indicator(bilan, "2-4", "taux_contractualisation");
    EXPECT_CELL(contract.total(), 10.0 / 15.0, 15);
    EXPECT_HIDDEN(TadCell(contract, "TAD-EST"));  // 4 of 8: a numerator of 4 < 5
    EXPECT_CELL(TadCell(contract, "TAD-CENTRE"), 1.0, 5);
    EXPECT_HIDDEN(TadCell(contract, "TAD-SUD"));
    EXPECT_FALSE(contract.has_target());
    ASSERT_EQ(contract.history_size(), 1);
    EXPECT_EQ(contract.history(0).series(), "taux_contractualisation_tous_brsa");
    EXPECT_EQ(contract.history(0).period(), "2018");
    EXPECT_DOUBLE_EQ(contract.history(0).value(), 0.57);
    EXPECT_CELL(Indicator(bilan, "1-1", "taux_contractualisation").total(), 10.0 / 15.0, 15);
    // SOCIAL: E1..E4, S1, S2 = 6, with a contract E1..E3, S1 = 4 → hidden.
    EXPECT_HIDDEN(Indicator(bilan, "2-4", "taux_contractualisation_social").total());
    // Contracts activated in 2024: E1..E5, C1..C5, S1.
    const v1::IndicatorResult& signed_ = Indicator(bilan, "2-4", "contrats_signes");
    EXPECT_CELL(signed_.total(), 11, 11);
    EXPECT_CELL(TadCell(signed_, "TAD-EST"), 5, 5);
    EXPECT_CELL(TadCell(signed_, "TAD-CENTRE"), 5, 5);
    EXPECT_HIDDEN(TadCell(signed_, "TAD-SUD"));

    // Fiche 2-2. Convocations: EST 8 + 2, CENTRE 6, SUD 2 = 18 events for 16 people.
    const v1::IndicatorResult& convocations = Indicator(bilan, "2-2", "convocations");
    EXPECT_CELL(convocations.total(), 18, 16);
    EXPECT_CELL(TadCell(convocations, "TAD-EST"), 10, 8);
    EXPECT_CELL(TadCell(convocations, "TAD-CENTRE"), 6, 6);
    EXPECT_HIDDEN(TadCell(convocations, "TAD-SUD"));
    EXPECT_CELL(Indicator(bilan, "2-2", "beneficiaires_convoques").total(), 16, 16);
    // Oriented within 30 days of entry: E1..E7 (15 days), C1..C6 (10), S1, S2 (9) = 15 of
    // 18 entrants; E8 took 60 days.
    const v1::IndicatorResult& within = Indicator(bilan, "2-2", "orientes_moins_30_jours");
    EXPECT_CELL(within.total(), 15.0 / 18.0, 18);
    EXPECT_CELL(TadCell(within, "TAD-EST"), 0.7, 10);
    EXPECT_CELL(TadCell(within, "TAD-CENTRE"), 1.0, 6);
    EXPECT_HIDDEN(TadCell(within, "TAD-SUD"));
    EXPECT_DOUBLE_EQ(within.target(), 0.7);
    EXPECT_EQ(within.comparator(), ">=");
    EXPECT_TRUE(within.has_target_met() && within.target_met());
    // Delays: 9, 9, 10 ×6, 15 ×7, 60 → 16 values, median (10 + 15) / 2.
    const v1::IndicatorResult& delay = Indicator(bilan, "2-2", "delai_median_orientation");
    EXPECT_CELL(delay.total(), 12.5, 16);
    EXPECT_CELL(TadCell(delay, "TAD-EST"), 15, 8);
    EXPECT_CELL(TadCell(delay, "TAD-CENTRE"), 10, 6);
    EXPECT_TRUE(delay.has_target_met() && delay.target_met());
    // Abandons: E6 alone of 7 exits → hidden.
    EXPECT_HIDDEN(Indicator(bilan, "2-2", "taux_abandon").total());
    EXPECT_EQ(Fiche(bilan, "2-2").level(), v1::ATTEINT);
    EXPECT_EQ(Fiche(bilan, "2-2").level_2020(), v1::PARTIELLEMENT_ATTEINT);
    EXPECT_EQ(Fiche(bilan, "2-4").level(), v1::PARTIELLEMENT_ATTEINT);  // no numeric target

    // Exits from the RSA: E9 and E10 → hidden.
    EXPECT_HIDDEN(Indicator(bilan, "2-5", "taux_sortie_rsa_emploi").total());

    // Offers. Fiche 3-7 (OFF-A): 7 starters; 4 positive of 6 completed → hidden; CDI 2.
    EXPECT_CELL(Indicator(bilan, "3-7", "beneficiaires").total(), 7, 7);
    EXPECT_HIDDEN(Indicator(bilan, "3-7", "taux_sorties_positives").total());
    EXPECT_HIDDEN(Indicator(bilan, "3-7", "nombre_cdi").total());
    // Fiche 3-1 (OFF-B): 2 starters hidden; nobody completed: an empty, shown rate.
    EXPECT_HIDDEN(Indicator(bilan, "3-1", "beneficiaires_en_formation").total());
    const v1::Cell nobody = Indicator(bilan, "3-1", "taux_sortie_positive").total();
    EXPECT_FALSE(nobody.suppressed());
    EXPECT_FALSE(nobody.has_value());
    EXPECT_EQ(Fiche(bilan, "3-1").level(), v1::PARTIELLEMENT_ATTEINT);
    // Fiches 3-9 and 3-10: no offer of theirs ran.
    EXPECT_EQ(Fiche(bilan, "3-9").level(), v1::NON_ATTEINT);
    EXPECT_FALSE(Indicator(bilan, "3-9", "taux_sortie_emploi_formation").has_target_met());
    EXPECT_EQ(Fiche(bilan, "3-10").level(), v1::NON_ATTEINT);
    EXPECT_CELL(Indicator(bilan, "3-10", "activites_creees").total(), 0, 0);
    // A fiche no live indicator measures keeps the review's level only.
    EXPECT_EQ(Fiche(bilan, "1-3").level(), v1::ACHIEVEMENT_LEVEL_UNSPECIFIED);
    EXPECT_EQ(Fiche(bilan, "1-3").level_2020(), v1::PARTIELLEMENT_ATTEINT);

    // Fraud: qualified K1, K2, K3, K6 = 4 → hidden; fines K1, K3, K6 = 3 → hidden.
    EXPECT_HIDDEN(Indicator(bilan, "3-17", "dossiers_frauduleux_detectes").total());
    EXPECT_HIDDEN(Indicator(bilan, "3-17", "amendes_appliquees").total());
    EXPECT_HIDDEN(Indicator(bilan, "3-17", "montant_amendes").total());
    // Recovery over the 5 cases with an amount due (K4 owes nothing): due 1500 + 2000 +
    // 700 + 300 + 300 = 4800 €, recovered 300 + 1000 + 700 = 2000 €.
    const v1::IndicatorResult& recovery = Indicator(bilan, "4-3", "taux_recouvrement_indus");
    EXPECT_CELL(recovery.total(), 2000.0 / 4800.0, 5);
    EXPECT_HIDDEN(TadCell(recovery, "TAD-EST"));         // K1, K2, K6
    EXPECT_HIDDEN(TadCell(recovery, "TAD-CENTRE"));      // K3, K5
    ASSERT_GE(Fiche(bilan, "3-17").history_size(), 10);  // 2015-2019 figures kept
    EXPECT_EQ(Indicator(bilan, "3-17", "dossiers_frauduleux_detectes").history_size(), 4);
    // Pack sortie: C5 alone → hidden.
    EXPECT_HIDDEN(Indicator(bilan, "4-2", "cer_pack_sortie").total());

    // Cohorts (today 2026-03-01).
    const v1::ListCohortsResponse cohorts = GetCohorts(ev);
    const v1::Cohort& jan = CohortRow(cohorts, "2024-01", "");
    EXPECT_CELL(jan.entrants(), 10, 10);
    EXPECT_CELL(jan.convened(), 8, 8);
    EXPECT_CELL(jan.oriented_within_deadline(), 7, 7);
    EXPECT_CELL(jan.oriented_within_deadline_rate(), 0.7, 10);
    // E1..E4 SOCIAL signed 12 days after orientation (≤ 60); E5 PROFESSIONAL 55 days (> 30).
    EXPECT_HIDDEN(jan.contract_within_legal_delay());
    EXPECT_HIDDEN(jan.contract_within_legal_delay_rate());
    EXPECT_CELL(jan.started_offer(), 6, 6);
    EXPECT_CELL(jan.started_offer_rate(), 0.6, 10);
    EXPECT_HIDDEN(jan.exited_to_employment_6_months());  // E9 alone
    EXPECT_TRUE(jan.complete_24_months());
    EXPECT_EQ(CohortRow(cohorts, "2024-01", "TAD-EST").entrants().value(), 10);
    const v1::Cohort& feb = CohortRow(cohorts, "2024-02", "");
    EXPECT_CELL(feb.entrants(), 6, 6);
    EXPECT_CELL(feb.oriented_within_deadline_rate(), 1.0, 6);
    EXPECT_CELL(feb.contract_within_legal_delay(), 5, 5);  // 10 days ≤ 30
    EXPECT_CELL(feb.contract_within_legal_delay_rate(), 5.0 / 6.0, 6);
    EXPECT_HIDDEN(feb.started_offer());  // C1 alone
    EXPECT_CELL(feb.exited_to_employment_12_months(), 0, 6);
    EXPECT_TRUE(feb.complete_24_months());  // 2024-02-29 + 24 months = 2026-02-28
    const v1::Cohort& mar = CohortRow(cohorts, "2024-03", "");
    EXPECT_HIDDEN(mar.entrants());
    EXPECT_HIDDEN(mar.oriented_within_deadline_rate());
    EXPECT_TRUE(mar.complete_12_months());
    EXPECT_FALSE(mar.complete_24_months());
    EXPECT_HIDDEN(CohortRow(cohorts, "2024-03", "TAD-SUD").entrants());

    // Offers of 2024.
    const v1::ListOfferEvaluationsResponse offers = GetOffers(ev);
    ASSERT_EQ(offers.offers_size(), 2);
    const v1::OfferEvaluation& a = OfferRow(offers, "OFF-A");
    EXPECT_EQ(a.structure_id(), "STR-1");
    EXPECT_EQ(a.pdi_fiche(), "3-7");
    EXPECT_EQ(a.places(), 10);
    EXPECT_EQ(a.budget_cents(), 600000);
    EXPECT_CELL(a.prescriptions(), 8, 8);
    EXPECT_CELL(a.prescriptions_per_place(), 0.8, 8);
    EXPECT_CELL(a.accepted(), 8, 8);
    EXPECT_CELL(a.fill_rate(), 0.8, 8);
    EXPECT_CELL(a.started(), 7, 7);
    EXPECT_CELL(a.completed(), 6, 6);
    EXPECT_CELL(a.completion_rate(), 6.0 / 7.0, 7);  // E6 abandoned
    EXPECT_HIDDEN(a.positive_exits());               // E1, E2, E3, C1
    EXPECT_HIDDEN(a.positive_exit_rate());
    EXPECT_CELL(a.cost_per_participant_cents(), 600000.0 / 7.0, 7);
    const v1::OfferEvaluation& b = OfferRow(offers, "OFF-B");
    EXPECT_EQ(b.places(), 4);
    EXPECT_HIDDEN(b.prescriptions());
    EXPECT_HIDDEN(b.started());
    EXPECT_HIDDEN(b.cost_per_participant_cents());
  }

  FakeClock clock_{kDuringYear};
  ScriptedFeeds feeds_;
  std::unique_ptr<parcours::testutil::TestDatabase> db_;
};

TEST_F(ScenarioTest, EveryFigureEqualsTheHandComputedValue) {
  PublishScenario(feeds_);
  TestEvaluation ev(db_->db(), feeds_.Channels(), clock_);
  ASSERT_OK(ev.Start());
  ASSERT_TRUE(ev.WaitCaughtUp(feeds_));

  // Surveys of OFF-A, answered in December 2024.
  auto create = [&](const std::string& request_id, v1::Audience audience, int invited) {
    grpc::ClientContext ctx;
    ev.Authorize(ctx, "steering");
    v1::CreateSurveyRequest req;
    req.set_request_id(request_id);
    req.mutable_survey()->set_offer_id("OFF-A");
    req.mutable_survey()->set_audience(audience);
    req.mutable_survey()->set_title("Satisfaction");
    req.mutable_survey()->add_questions("Utile ?");
    req.mutable_survey()->add_questions("Bien accueilli ?");
    req.mutable_survey()->set_invited_professionals(invited);
    v1::Survey survey;
    EXPECT_TRUE(ev.stub().CreateSurvey(&ctx, req, &survey).ok());
    return survey.id();
  };
  const std::string beneficiaries = create("s-ben", v1::BENEFICIARIES, 0);
  const std::string professionals = create("s-pro", v1::PROFESSIONALS, 10);
  auto respond = [&](const std::string& token, const std::string& survey, const std::string& who,
                     int s1, int s2) {
    grpc::ClientContext ctx;
    ev.Authorize(ctx, token);
    v1::SubmitSurveyResponseRequest req;
    req.set_request_id(survey + who + token);
    req.set_survey_id(survey);
    req.set_beneficiary_id(who);
    req.add_scores(s1);
    req.add_scores(s2);
    v1::SurveyResponseReceipt receipt;
    return ev.stub().SubmitSurveyResponse(&ctx, req, &receipt).error_code();
  };
  // Response means 4.5, 4, 4, 2.5, 5 → 4.0; question 1: 19 / 5, question 2: 21 / 5.
  EXPECT_EQ(respond("referent-est", beneficiaries, "E1", 5, 4), grpc::StatusCode::OK);
  EXPECT_EQ(respond("referent-est", beneficiaries, "E2", 4, 4), grpc::StatusCode::OK);
  EXPECT_EQ(respond("operator", beneficiaries, "E3", 3, 5), grpc::StatusCode::OK);
  EXPECT_EQ(respond("operator", beneficiaries, "E4", 2, 3), grpc::StatusCode::OK);
  EXPECT_EQ(respond("operator", beneficiaries, "E5", 5, 5), grpc::StatusCode::OK);
  EXPECT_EQ(respond("referent-est", professionals, "", 4, 4), grpc::StatusCode::OK);
  EXPECT_EQ(respond("operator", professionals, "", 2, 2), grpc::StatusCode::OK);

  clock_.Set(kLater);
  ExpectProjectionFigures(ev);

  const v1::Bilan bilan = GetBilan(ev);
  EXPECT_CELL(Indicator(bilan, "1-1", "reponses_enquetes").total(), 7, 7);
  EXPECT_CELL(Indicator(bilan, "4-1", "questionnaires").total(), 2, 0);      // not about people
  EXPECT_CELL(Indicator(bilan, "4-1", "organismes_evalues").total(), 1, 7);  // STR-1
  EXPECT_CELL(Indicator(bilan, "4-1", "satisfaction_beneficiaires").total(), 4.0, 5);
  EXPECT_EQ(Fiche(bilan, "4-1").level(), v1::PARTIELLEMENT_ATTEINT);
  EXPECT_EQ(Fiche(bilan, "4-1").level_2020(), v1::NON_ATTEINT);

  const v1::OfferEvaluation a = OfferRow(GetOffers(ev), "OFF-A");
  EXPECT_CELL(a.beneficiary_satisfaction(), 4.0, 5);
  EXPECT_HIDDEN(a.professional_satisfaction());  // 2 professionals

  grpc::ClientContext ctx;
  ev.Authorize(ctx, "steering");
  v1::GetSurveyResultsRequest req;
  req.set_survey_id(beneficiaries);
  v1::SurveyResults results;
  ASSERT_TRUE(ev.stub().GetSurveyResults(&ctx, req, &results).ok());
  EXPECT_CELL(results.responses(), 5, 5);
  EXPECT_CELL(results.invited(), 7, 7);  // who started OFF-A
  EXPECT_CELL(results.response_rate(), 5.0 / 7.0, 7);
  EXPECT_CELL(results.mean_score(), 4.0, 5);
  ASSERT_EQ(results.question_mean_scores_size(), 2);
  EXPECT_CELL(results.question_mean_scores(0), 3.8, 5);
  EXPECT_CELL(results.question_mean_scores(1), 4.2, 5);
}

TEST_F(ScenarioTest, AReferentSeesTheirTerritoryOnly) {
  PublishScenario(feeds_);
  TestEvaluation ev(db_->db(), feeds_.Channels(), clock_);
  ASSERT_OK(ev.Start());
  ASSERT_TRUE(ev.WaitCaughtUp(feeds_));
  const v1::Bilan bilan = GetBilan(ev, "referent-est");
  const v1::IndicatorResult& within = Indicator(bilan, "2-2", "orientes_moins_30_jours");
  EXPECT_CELL(within.total(), 0.7, 10);  // TAD-EST's entrants only
  ASSERT_EQ(within.by_tad_size(), 1);
  EXPECT_EQ(within.by_tad(0).tad(), "TAD-EST");
  EXPECT_CELL(Indicator(bilan, "2-2", "convocations").total(), 10, 8);
}

TEST_F(ScenarioTest, StoppedInTheMiddleAndRestartedGivesTheSameFigures) {
  PublishScenarioFirstHalf(feeds_);
  {
    TestEvaluation first(db_->db(), feeds_.Channels(), clock_);
    ASSERT_OK(first.Start());
    ASSERT_TRUE(first.WaitCaughtUp(feeds_));
    first.Stop();  // as a shutdown, before the second half is published
  }
  PublishScenarioSecondHalf(feeds_);
  clock_.Set(kLater);
  TestEvaluation second(db_->db(), feeds_.Channels(), clock_);
  ASSERT_OK(second.Start());
  ASSERT_TRUE(second.WaitCaughtUp(feeds_));
  ExpectProjectionFigures(second);
  // Each event is in the timeline once: every feed event about a person, no more.
  ASSERT_OK_AND_ASSIGN(auto tx, db_->db().Begin(storage::TxMode::kRead));
  ASSERT_OK_AND_ASSIGN(auto rs, tx->Query("SELECT COUNT(*) FROM eval_timeline"));
  EXPECT_EQ(rs.rows[0].Int(0), feeds_.TotalEvents() - 2);  // the two offer events
}

}  // namespace
}  // namespace parcours::evaluation::testing
