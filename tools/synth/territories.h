// The reference territories the synthetic Département is built on: Essonne's TADs, their
// MDS and communes, read from the shared map every service embeds (libs/territory,
// TerritoryMap::DefaultJson()).
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
  // The default map of libs/territory (validated by its TerritoryMap).
  static absl::StatusOr<ReferenceTerritories> Load();
  // From a JSON text in libs/territory's format (tests).
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
