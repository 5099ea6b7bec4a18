#include "services/evaluation/domain/survey.h"

#include "absl/strings/str_cat.h"

namespace parcours::evaluation {

const char* AudienceName(Audience a) {
  switch (a) {
    case Audience::kBeneficiaries:
      return "BENEFICIARIES";
    case Audience::kProfessionals:
      return "PROFESSIONALS";
    case Audience::kUnspecified:
      break;
  }
  return "";
}

Audience ParseAudience(const std::string& name) {
  if (name == "BENEFICIARIES") return Audience::kBeneficiaries;
  if (name == "PROFESSIONALS") return Audience::kProfessionals;
  return Audience::kUnspecified;
}

errors::FieldViolations ValidateSurvey(const SurveyDraft& d) {
  errors::FieldViolations v;
  if (d.offer_id.empty() || d.offer_id.size() > 64) {
    v.Add("survey.offer_id", "is required (at most 64 characters)");
  }
  if (d.audience == Audience::kUnspecified) {
    v.Add("survey.audience", "must be BENEFICIARIES or PROFESSIONALS");
  }
  if (d.title.empty() || d.title.size() > 200) {
    v.Add("survey.title", "is required (at most 200 characters)");
  }
  if (d.questions.empty() || d.questions.size() > kMaxQuestions) {
    v.Add("survey.questions", absl::StrCat("between 1 and ", kMaxQuestions, " questions"));
  }
  for (size_t i = 0; i < d.questions.size() && i < kMaxQuestions; ++i) {
    if (d.questions[i].empty() || d.questions[i].size() > 500) {
      v.Add(absl::StrCat("survey.questions[", i, "]"), "1 to 500 characters");
    }
  }
  if (d.audience == Audience::kProfessionals &&
      (d.invited_professionals < 1 || d.invited_professionals > 100000)) {
    v.Add("survey.invited_professionals", "between 1 and 100000 for a professionals survey");
  }
  if (d.audience == Audience::kBeneficiaries && d.invited_professionals != 0) {
    v.Add("survey.invited_professionals",
          "must be 0: the beneficiaries invited are those who started the offer");
  }
  return v;
}

errors::FieldViolations ValidateScores(const std::vector<int>& scores, size_t questions) {
  errors::FieldViolations v;
  if (scores.size() != questions) {
    v.Add("scores", absl::StrCat("one score per question: ", questions, " expected"));
    return v;
  }
  for (size_t i = 0; i < scores.size(); ++i) {
    if (scores[i] < kMinScore || scores[i] > kMaxScore) {
      v.Add(absl::StrCat("scores[", i, "]"), "must be between 1 and 5");
    }
  }
  return v;
}

SurveyFigures SurveyResultsOf(const SurveyStats& s, size_t questions) {
  SurveyFigures f{
      .responses = Figure::Count(static_cast<double>(s.responses), s.responses),
      .invited = Figure::Count(static_cast<double>(s.invited), s.invited),
      .response_rate = Figure::Rate(static_cast<double>(s.responses),
                                    static_cast<double>(s.invited), s.responses, s.invited),
      .mean_score = Figure::Of(s.mean_score, s.responses),
      .question_means = {},
  };
  for (size_t q = 0; q < questions; ++q) {
    f.question_means.push_back(
        Figure::Of(q < s.question_means.size() ? s.question_means[q] : std::nullopt, s.responses));
  }
  return f;
}

}  // namespace parcours::evaluation
