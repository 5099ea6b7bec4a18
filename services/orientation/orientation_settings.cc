#include "services/orientation/orientation_settings.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "services/orientation/default_data.h"

namespace parcours::orientation {
namespace {

absl::StatusOr<std::string> ReadFileOrDefault(const std::string& path,
                                              const std::string& fallback) {
  if (path.empty()) return fallback;
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

OrientationSettings ReadOrientationSettings(config::ConfigReader& r) {
  OrientationSettings s;
  s.territories_file = r.String("TERRITORIES_FILE", "");
  s.rules_file = r.String("RULES_FILE", "");
  s.no_show_threshold = static_cast<int>(r.Int("NO_SHOW_THRESHOLD", s.no_show_threshold, 1, 100));
  s.not_oriented_after_days =
      static_cast<int>(r.Int("NOT_ORIENTED_AFTER_DAYS", s.not_oriented_after_days, 1, 3650));
  s.caf_import_batch = static_cast<int>(r.Int("CAF_IMPORT_BATCH", s.caf_import_batch, 1, 5000));
  s.queue_gauges_interval = r.Duration("QUEUE_GAUGES_INTERVAL", s.queue_gauges_interval);
  return s;
}

absl::StatusOr<ReferenceData> LoadReferenceData(const OrientationSettings& s) {
  absl::StatusOr<TerritoryMap> map = TerritoryMap::Default();
  if (!s.territories_file.empty()) map = TerritoryMap::FromFile(s.territories_file);
  if (!map.ok()) {
    return absl::Status(map.status().code(),
                        absl::StrCat("TERRITORIES_FILE ", map.status().message()));
  }
  absl::StatusOr<std::string> rules = ReadFileOrDefault(s.rules_file, DefaultRulesJson());
  if (!rules.ok()) return rules.status();
  absl::StatusOr<RulesEngine> engine = RulesEngine::FromJson(*rules);
  if (!engine.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("RULES_FILE ", s.rules_file, ": ", engine.status().message()));
  }
  return ReferenceData{*std::move(map), *std::move(engine)};
}

}  // namespace parcours::orientation
