// The reference territories the synthetic Département is built on: Essonne's TADs, their
// MDS and communes, read from the map orientation embeds today
// (services/orientation/data/territories.json through DefaultTerritoriesJson()). This is
// the generator's only coupling to a service's reference data: when the territory maps
// move to a shared library, only this file changes.
//
//   ASSIGN_OR_RETURN(ReferenceTerritories ref, ReferenceTerritories::Load());
//   const SynthCommune& c = ref.communes()[i];   // {insee, name, tad, mds}
#ifndef PARCOURS_TOOLS_SYNTH_TERRITORIES_H_
#define PARCOURS_TOOLS_SYNTH_TERRITORIES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace parcours::synth {

struct SynthCommune {
  std::string insee;
  std::string name;
  std::string tad;
  std::string mds;
};

struct SynthMds {
  std::string code;
  std::string name;
  std::string tad;
};

class ReferenceTerritories {
 public:
  // The map orientation uses by default (validated by orientation's own TerritoryMap).
  static absl::StatusOr<ReferenceTerritories> Load();
  // From a JSON text in orientation's territories.json format (tests).
  static absl::StatusOr<ReferenceTerritories> FromJson(const std::string& json);

  const std::vector<std::string>& tads() const { return tads_; }  // in file order
  const std::vector<SynthMds>& mds() const { return mds_; }
  const std::vector<SynthCommune>& communes() const { return communes_; }  // by INSEE
  // The communes of a TAD, by INSEE code.
  std::vector<const SynthCommune*> CommunesOf(const std::string& tad) const;

 private:
  std::vector<std::string> tads_;
  std::vector<SynthMds> mds_;
  std::vector<SynthCommune> communes_;
};

}  // namespace parcours::synth

#endif  // PARCOURS_TOOLS_SYNTH_TERRITORIES_H_
