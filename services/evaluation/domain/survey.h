// Satisfaction surveys of fiche 4-1: one questionnaire per offer and audience
// (beneficiaries who took part, professionals who prescribe it), scores 1..5 per
// question, one response per respondent and survey, and the results as secrecy-ready
// figures (the respondents are the population).
//
//   errors::FieldViolations v = ValidateSurvey(draft);
//   SurveyFigures f = SurveyResultsOf(stats);
#ifndef PARCOURS_SERVICES_EVALUATION_DOMAIN_SURVEY_H_
#define PARCOURS_SERVICES_EVALUATION_DOMAIN_SURVEY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "libs/errors/field_violations.h"
#include "services/evaluation/domain/secrecy.h"

namespace parcours::evaluation {

enum class Audience { kUnspecified, kBeneficiaries, kProfessionals };

const char* AudienceName(Audience a);             // "BENEFICIARIES"
Audience ParseAudience(const std::string& name);  // kUnspecified when unknown

struct SurveyDraft {
  std::string offer_id;
  Audience audience = Audience::kUnspecified;
  std::string title;
  std::vector<std::string> questions;
  int64_t invited_professionals = 0;
};

struct Survey {
  std::string id;
  SurveyDraft draft;
  absl::Time created_at;
};

inline constexpr int kMinScore = 1;
inline constexpr int kMaxScore = 5;
inline constexpr size_t kMaxQuestions = 20;

// Field paths are the CreateSurveyRequest's ("survey.title").
errors::FieldViolations ValidateSurvey(const SurveyDraft& draft);
// Field paths are the SubmitSurveyResponseRequest's ("scores[2]").
errors::FieldViolations ValidateScores(const std::vector<int>& scores, size_t questions);

struct SurveyStats {
  int64_t responses = 0;
  int64_t invited = 0;
  std::optional<double> mean_score;                   // over every answer
  std::vector<std::optional<double>> question_means;  // in question order
};

struct SurveyFigures {
  Figure responses;
  Figure invited;
  Figure response_rate;
  Figure mean_score;
  std::vector<Figure> question_means;
};

SurveyFigures SurveyResultsOf(const SurveyStats& stats, size_t questions);

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_DOMAIN_SURVEY_H_
