// The orientation service's configuration, parsed once at start into a typed struct, and
// the reference data and rules it names (files an operator can replace; defaults embedded).
//
//   config::ConfigReader reader(argc, argv);
//   OrientationSettings settings = ReadOrientationSettings(reader);
//   RETURN_IF_ERROR(reader.Finish());
//   ASSIGN_OR_RETURN(ReferenceData data, LoadReferenceData(settings));
//
// Variables (flag --lower-case-name or environment), beside the common ones libs/runtime
// reads (DATABASE_URL, AUTH_TOKENS_FILE / OIDC_*, REDIS_URL, SERVICE_TOKEN …):
//   TERRITORIES_FILE          commune → TAD/MDS map (JSON; default: embedded Essonne map)
//   RULES_FILE                orientation rules (JSON; default: embedded rules)
//   NO_SHOW_THRESHOLD         no-shows that raise orientation.beneficiary.repeated_no_show (2)
//   NOT_ORIENTED_AFTER_DAYS   the CONVENED_NOT_ORIENTED queue's N (30, Essonne's convention)
//   CAF_IMPORT_BATCH          records per import transaction (500)
//   QUEUE_GAUGES_INTERVAL     how often queue gauges are refreshed (30s)
#ifndef PARCOURS_SERVICES_ORIENTATION_ORIENTATION_SETTINGS_H_
#define PARCOURS_SERVICES_ORIENTATION_ORIENTATION_SETTINGS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/config/config.h"
#include "services/orientation/domain/model.h"
#include "services/orientation/domain/rules_engine.h"

namespace parcours::orientation {

struct OrientationSettings {
  std::string territories_file;  // empty: embedded default
  std::string rules_file;        // empty: embedded default
  int no_show_threshold = 2;
  int not_oriented_after_days = 30;
  int caf_import_batch = 500;
  absl::Duration queue_gauges_interval = absl::Seconds(30);
};

OrientationSettings ReadOrientationSettings(config::ConfigReader& reader);

struct ReferenceData {
  TerritoryMap territories;
  RulesEngine rules;
};

// Reads the configured files (or the embedded defaults); the error names the file.
absl::StatusOr<ReferenceData> LoadReferenceData(const OrientationSettings& settings);

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_ORIENTATION_SETTINGS_H_
