#include "services/evaluation/evaluation_config.h"

#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "libs/common/embedded_file.h"

namespace parcours::evaluation {

std::vector<EmbeddedFile> DataFiles();  // parcours_embed_files (CMakeLists.txt)

namespace {

std::string Embedded(const std::string& name) {
  for (const EmbeddedFile& f : DataFiles()) {
    if (f.name == name) return f.contents;
  }
  return "";
}

absl::StatusOr<std::string> ReadFileOr(const std::string& variable, const std::string& path,
                                       const std::string& fallback) {
  if (path.empty()) return fallback;
  std::ifstream in(path);
  if (!in) return absl::InvalidArgumentError(absl::StrCat(variable, ": cannot read ", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::string DefaultPacteJson() { return Embedded("pacte-2016-2021-actions.json"); }
std::string DefaultIndicatorsJson() { return Embedded("indicators.json"); }

absl::StatusOr<std::map<std::string, int>> ParseContractDelays(const std::string& text) {
  std::map<std::string, int> out;
  for (absl::string_view item : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    std::vector<std::string> kv = absl::StrSplit(item, ':');
    int days = 0;
    if (kv.size() != 2 || kv[0].empty() || !absl::SimpleAtoi(kv[1], &days) || days < 0 ||
        days > 3650) {
      return absl::InvalidArgumentError(
          absl::StrCat("CONTRACT_DELAY_DAYS: '", item, "' is not TYPE:days (days in 0..3650)"));
    }
    out[kv[0]] = days;
  }
  return out;
}

absl::StatusOr<EvaluationConfig> ReadEvaluationConfig(config::ConfigReader& reader) {
  EvaluationConfig c;
  c.secrecy_k = static_cast<int>(reader.Int("SECRECY_K", 5, 2, 1000));
  c.cohort_rules.orientation_deadline_days =
      static_cast<int>(reader.Int("ORIENTATION_DEADLINE_DAYS", 30, 1, 3650));
  auto delays = ParseContractDelays(
      reader.String("CONTRACT_DELAY_DAYS", "PROFESSIONAL:30,SOCIO_PROFESSIONAL:30,SOCIAL:60"));
  if (!delays.ok()) return delays.status();
  c.cohort_rules.contract_delay_days = *std::move(delays);
  auto pacte = ReadFileOr("PACTE_FILE", reader.String("PACTE_FILE", ""), DefaultPacteJson());
  if (!pacte.ok()) return pacte.status();
  c.pacte_json = *std::move(pacte);
  auto indicators =
      ReadFileOr("INDICATORS_FILE", reader.String("INDICATORS_FILE", ""), DefaultIndicatorsJson());
  if (!indicators.ok()) return indicators.status();
  c.indicators_json = *std::move(indicators);
  c.respondent_key = reader.Secret("SURVEY_RESPONDENT_KEY", "");
  c.metrics_refresh = reader.Duration("METRICS_REFRESH_INTERVAL", absl::Seconds(30));
  if (c.metrics_refresh < absl::Seconds(1)) c.metrics_refresh = absl::Seconds(1);
  return c;
}

}  // namespace parcours::evaluation
