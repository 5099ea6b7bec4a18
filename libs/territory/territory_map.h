// The Département's territories, one map for every service: which TAD (territoire
// d'action départementale) and MDS (maison des solidarités) serve each commune, by INSEE
// code. The default, an illustrative map of Essonne's 194 communes in 6 TADs
// (libs/territory/data/essonne_territories.json, built by make_territories.py from INSEE's
// list of communes with a rule it documents), is embedded in the binaries; the
// Département's own map is loaded from a file an operator names (orientation's
// TERRITORIES_FILE).
//
//   const TerritoryMap& map = TerritoryMap::Default();
//   std::optional<Territory> t = map.ForCommune("91228");   // TAD-EST / MDS-EVRY
//   ASSIGN_OR_RETURN(TerritoryMap own, TerritoryMap::FromFile("/etc/parcours/map.json"));
//
// Format: {"version", "departement", "tads": [{"code", "name", "mds": [{"code", "name"}]}],
//          "communes": [{"insee", "name", "epci", "tad", "mds"}]}
#ifndef PARCOURS_LIBS_TERRITORY_TERRITORY_MAP_H_
#define PARCOURS_LIBS_TERRITORY_TERRITORY_MAP_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace parcours::territory {

// Where a person or a commune belongs.
struct Territory {
  std::string tad;
  std::string mds;
  std::string commune_insee;
};

struct Commune {
  std::string insee;  // "91228"
  std::string name;   // "Évry-Courcouronnes"
  std::string epci;   // the EPCI's SIREN, may be empty
  std::string tad;
  std::string mds;
};

class TerritoryMap {
 public:
  // INVALID_ARGUMENT naming the entry when the JSON is malformed, an MDS belongs to two
  // TADs, a commune has no 5-character INSEE code, names an unknown TAD or MDS or an MDS
  // outside its TAD, or appears twice, or when there is no commune.
  static absl::StatusOr<TerritoryMap> FromJson(const std::string& json);
  // The map in file `path`: NOT_FOUND when it cannot be read, else as FromJson, the
  // message prefixed with the path.
  static absl::StatusOr<TerritoryMap> FromFile(const std::string& path);
  // The embedded default map; aborts at first use if it does not parse (a build defect,
  // caught by territory_test).
  static const TerritoryMap& Default();
  // The embedded default map's JSON text.
  static std::string DefaultJson();

  // The territory of a commune (INSEE code), or nullopt when the commune is unknown.
  std::optional<Territory> ForCommune(const std::string& insee) const;
  // The TAD of an MDS, or nullopt.
  std::optional<std::string> TadOfMds(const std::string& mds) const;
  bool HasTad(const std::string& tad) const { return tad_names_.count(tad) > 0; }
  bool HasMds(const std::string& mds) const { return mds_tad_.count(mds) > 0; }

  const std::string& version() const { return version_; }
  const std::string& departement() const { return departement_; }
  std::vector<std::string> Tads() const;  // sorted codes
  std::vector<std::string> Mds() const;   // sorted codes
  // Every commune, in the file's order.
  const std::vector<Commune>& communes() const { return communes_; }
  size_t commune_count() const { return communes_.size(); }

 private:
  std::string version_;
  std::string departement_;
  std::map<std::string, std::string> tad_names_;  // code → name
  std::map<std::string, std::string> mds_tad_;    // MDS code → TAD code
  std::vector<Commune> communes_;
  std::map<std::string, size_t> commune_index_;  // INSEE → position in communes_
};

}  // namespace parcours::territory

#endif  // PARCOURS_LIBS_TERRITORY_TERRITORY_MAP_H_
