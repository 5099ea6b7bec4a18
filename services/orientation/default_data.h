// The default reference data and rules compiled into the binary (data/territories.json,
// data/orientation_rules.json); used when TERRITORIES_FILE / RULES_FILE are not set.
//
//   ASSIGN_OR_RETURN(TerritoryMap map, TerritoryMap::FromJson(DefaultTerritoriesJson()));
#ifndef PARCOURS_SERVICES_ORIENTATION_DEFAULT_DATA_H_
#define PARCOURS_SERVICES_ORIENTATION_DEFAULT_DATA_H_

#include <string>
#include <vector>

#include "libs/common/embedded_file.h"

namespace parcours::orientation {

std::vector<EmbeddedFile> DefaultDataFiles();

inline std::string DefaultDataFile(const std::string& name) {
  for (const EmbeddedFile& f : DefaultDataFiles()) {
    if (f.name == name) return f.contents;
  }
  return "";
}
inline std::string DefaultTerritoriesJson() { return DefaultDataFile("territories.json"); }
inline std::string DefaultRulesJson() { return DefaultDataFile("orientation_rules.json"); }

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_DEFAULT_DATA_H_
