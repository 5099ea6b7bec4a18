// The evaluation service's own settings, read once at start-up.
//
//   SECRECY_K                    smallest cell of beneficiaries shown (default 5, >= 2)
//   ORIENTATION_DEADLINE_DAYS    cohorts' "oriented within" deadline (default 30)
//   CONTRACT_DELAY_DAYS          legal delay orientation → contract, per orientation type
//                                (default "PROFESSIONAL:30,SOCIO_PROFESSIONAL:30,SOCIAL:60")
//   INDICATORS_FILE, PACTE_FILE  replace the embedded definitions / pacte (paths; optional)
//   SURVEY_RESPONDENT_KEY        secret mixed into respondents' digests (optional)
//   METRICS_REFRESH_INTERVAL     how often the /metrics gauges are recomputed (default 30s)
//   <FEED>_ADDR                  the feeds (CATALOGUE_ADDR... default 127.0.0.1:5005x)
//
//   ASSIGN_OR_RETURN(EvaluationConfig config, ReadEvaluationConfig(ctx.config));
#ifndef PARCOURS_SERVICES_EVALUATION_EVALUATION_CONFIG_H_
#define PARCOURS_SERVICES_EVALUATION_EVALUATION_CONFIG_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/config/config.h"
#include "services/evaluation/domain/cohort.h"

namespace parcours::evaluation {

struct EvaluationConfig {
  int secrecy_k = 5;
  CohortRules cohort_rules;
  std::string pacte_json;       // contents
  std::string indicators_json;  // contents
  std::string respondent_key;
  absl::Duration metrics_refresh = absl::Seconds(30);
};

// Range errors are reported through the reader (its Finish() names the variables); an
// unreadable file or a malformed CONTRACT_DELAY_DAYS is INVALID_ARGUMENT naming it.
absl::StatusOr<EvaluationConfig> ReadEvaluationConfig(config::ConfigReader& reader);

// The embedded defaults: data/pacte-2016-2021-actions.json and data/indicators.json.
std::string DefaultPacteJson();
std::string DefaultIndicatorsJson();

// "PROFESSIONAL:30,SOCIAL:60" → the map; INVALID_ARGUMENT naming the bad item.
absl::StatusOr<std::map<std::string, int>> ParseContractDelays(const std::string& text);

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_EVALUATION_CONFIG_H_
