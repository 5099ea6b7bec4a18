// Reference data: which TAD and MDS serve each commune. Loaded once at start from a JSON
// file an operator can replace (TERRITORIES_FILE); the default, an illustrative map of
// Essonne's 194 communes (services/orientation/data/territories.json, its rule documented
// in make_territories.py), is embedded in the binary.
//
//   ASSIGN_OR_RETURN(TerritoryMap map, TerritoryMap::FromJson(text));
//   std::optional<Territory> t = map.ForCommune("91228");   // TAD-EST / MDS-EVRY
//
// Format: {"version": "...", "tads": [{"code", "name", "mds": [{"code", "name"}]}],
//          "communes": [{"insee", "name", "tad", "mds"}]}
#ifndef PARCOURS_SERVICES_ORIENTATION_DOMAIN_TERRITORY_MAP_H_
#define PARCOURS_SERVICES_ORIENTATION_DOMAIN_TERRITORY_MAP_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/orientation/domain/model.h"

namespace parcours::orientation {

class TerritoryMap {
 public:
  // INVALID_ARGUMENT naming the entry when the JSON is malformed, an MDS belongs to two
  // TADs, a commune names an unknown TAD or MDS or an MDS outside its TAD, or a commune
  // appears twice.
  static absl::StatusOr<TerritoryMap> FromJson(const std::string& json);

  // The territory of a commune (INSEE code), or nullopt when the commune is unknown.
  std::optional<Territory> ForCommune(const std::string& insee) const;
  // The TAD of an MDS, or nullopt.
  std::optional<std::string> TadOfMds(const std::string& mds) const;
  bool HasTad(const std::string& tad) const { return tad_names_.count(tad) > 0; }

  const std::string& version() const { return version_; }
  std::vector<std::string> Tads() const;
  size_t commune_count() const { return communes_.size(); }

 private:
  std::string version_;
  std::map<std::string, std::string> tad_names_;  // code → name
  std::map<std::string, std::string> mds_tad_;    // MDS code → TAD code
  std::map<std::string, Territory> communes_;     // INSEE → territory
};

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_DOMAIN_TERRITORY_MAP_H_
