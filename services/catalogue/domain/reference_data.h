// Reference data the catalogue validates and searches with: the data·inclusion
// vocabularies (thematiques, publics, types…) and the Département's territories (communes,
// TAD, MDS, and which communes each TAD and MDS covers). The vocabularies are a JSON file
// compiled into the binary (services/catalogue/reference/); the territories are the shared
// map of libs/territory.
//
//   const ReferenceData& ref = DefaultReferenceData();
//   ref.IsThematique("mobilite--preparer-un-permis");          // true
//   CommuneSet s = ref.CommunesOf("TAD-CENTRE");                // every commune of the TAD
//   std::optional<int> i = ref.CommuneIndex("91228");           // bit of Evry-Courcouronnes
#ifndef PARCOURS_SERVICES_CATALOGUE_DOMAIN_REFERENCE_DATA_H_
#define PARCOURS_SERVICES_CATALOGUE_DOMAIN_REFERENCE_DATA_H_

#include <bitset>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/territory/territory_map.h"

namespace parcours::catalogue {

// A set of communes of the Département, one bit per commune (a Département has fewer than
// 1,000 communes; Essonne has 194).
inline constexpr int kMaxCommunes = 1024;
using CommuneSet = std::bitset<kMaxCommunes>;

using Commune = territory::Commune;

class ReferenceData {
 public:
  // Parses the vocabularies (format: services/catalogue/reference/*.json) and indexes the
  // communes of `territories`.
  static absl::StatusOr<ReferenceData> FromJson(std::string_view vocabularies_json,
                                                const territory::TerritoryMap& territories);

  bool IsThematique(std::string_view v) const { return thematiques_.count(std::string(v)) > 0; }
  // "mobilite" for every "mobilite--…".
  bool IsThematiqueCategory(std::string_view v) const {
    return categories_.count(std::string(v)) > 0;
  }
  bool IsPublic(std::string_view v) const { return publics_.count(std::string(v)) > 0; }
  bool IsType(std::string_view v) const { return types_.count(std::string(v)) > 0; }
  bool IsFrais(std::string_view v) const { return frais_.count(std::string(v)) > 0; }
  bool IsModeAccueil(std::string_view v) const { return modes_accueil_.count(std::string(v)) > 0; }
  bool IsModeMobilisation(std::string_view v) const {
    return modes_mobilisation_.count(std::string(v)) > 0;
  }
  bool IsMobilisablePar(std::string_view v) const {
    return mobilisable_par_.count(std::string(v)) > 0;
  }
  // The French label of a thematique ("Préparer un permis"), or "" if unknown.
  std::string ThematiqueLabel(std::string_view v) const;

  bool IsTad(std::string_view code) const { return tads_.count(std::string(code)) > 0; }
  bool IsMds(std::string_view code) const { return mds_.count(std::string(code)) > 0; }
  bool IsCommune(std::string_view insee) const { return CommuneIndex(insee).has_value(); }
  std::optional<int> CommuneIndex(std::string_view insee) const;
  const std::vector<Commune>& communes() const { return communes_; }
  const std::string& departement() const { return departement_; }

  // The communes a TAD, an MDS, a commune or an EPCI code covers (empty if unknown).
  CommuneSet CommunesOf(std::string_view code) const;
  // Every commune of the Département.
  const CommuneSet& AllCommunes() const { return all_; }

 private:
  std::set<std::string> thematiques_, categories_, publics_, types_, frais_, modes_accueil_,
      modes_mobilisation_, mobilisable_par_;
  std::map<std::string, std::string, std::less<>> thematique_labels_;
  std::set<std::string> tads_, mds_;
  std::string departement_;
  std::vector<Commune> communes_;
  std::map<std::string, int, std::less<>> commune_index_;
  std::map<std::string, CommuneSet, std::less<>> groups_;  // TAD, MDS and EPCI codes
  CommuneSet all_;
};

// The reference data compiled into the binary; aborts at first use if it does not parse
// (a build defect, caught by the unit tests).
const ReferenceData& DefaultReferenceData();

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_DOMAIN_REFERENCE_DATA_H_
