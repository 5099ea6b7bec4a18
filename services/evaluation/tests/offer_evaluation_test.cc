// Offer figures and survey figures from counts, by hand.
#include "services/evaluation/domain/offer_evaluation.h"

#include "gtest/gtest.h"
#include "services/evaluation/domain/survey.h"

namespace parcours::evaluation {
namespace {

TEST(OfferEvaluationTest, RatiosToPlacesBudgetAndPeople) {
  const OfferStats s{.offer_id = "o",
                     .places = 12,
                     .budget_cents = 20000000,
                     .prescriptions = 30,
                     .prescribed = 25,
                     .accepted = 12,
                     .started = 20,
                     .completed = 15,
                     .abandoned = 5,
                     .positive_exits = 6};
  const OfferFigures f = EvaluateOffer(s);
  EXPECT_EQ(f.prescriptions_per_place.value, 2.5);
  EXPECT_EQ(f.fill_rate.value, 1.0);
  EXPECT_EQ(f.completion_rate.value, 0.75);
  EXPECT_EQ(f.positive_exit_rate.value, 0.4);
  EXPECT_EQ(f.cost_per_participant_cents.value, 1000000);  // the pack sortie: 200,000 € / 20
  EXPECT_FALSE(EvaluateOffer(OfferStats{.started = 3}).cost_per_participant_cents.value);
}

TEST(SurveyTest, ValidationAndResults) {
  EXPECT_TRUE(ValidateSurvey({.offer_id = "o",
                              .audience = Audience::kProfessionals,
                              .title = "t",
                              .questions = {"q"},
                              .invited_professionals = 3})
                  .empty());
  EXPECT_EQ(ValidateSurvey({.offer_id = "o",
                            .audience = Audience::kProfessionals,
                            .title = "t",
                            .questions = {"q"},
                            .invited_professionals = 0})
                .list()[0]
                .field,
            "survey.invited_professionals");
  EXPECT_EQ(ValidateScores({1, 5, 0}, 3).list()[0].field, "scores[2]");
  const SurveyFigures f = SurveyResultsOf(
      {.responses = 6, .invited = 8, .mean_score = 3.5, .question_means = {4.0}}, 2);
  EXPECT_EQ(f.response_rate.value, 0.75);
  ASSERT_EQ(f.question_means.size(), 2u);
  EXPECT_EQ(f.question_means[0].value, 4.0);
  EXPECT_FALSE(f.question_means[1].value.has_value());
}

}  // namespace
}  // namespace parcours::evaluation
