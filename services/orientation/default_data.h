// The default rules compiled into the binary (data/orientation_rules.json), used when
// RULES_FILE is not set. (The default territory map is libs/territory's.)
//
//   ASSIGN_OR_RETURN(RulesEngine rules, RulesEngine::FromJson(DefaultRulesJson()));
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
inline std::string DefaultRulesJson() { return DefaultDataFile("orientation_rules.json"); }

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_DEFAULT_DATA_H_
