#include "tools/synth/territories.h"

#include <algorithm>

#include "libs/common/status_macros.h"
#include "nlohmann/json.hpp"
#include "services/orientation/default_data.h"
#include "services/orientation/domain/territory_map.h"

namespace parcours::synth {

absl::StatusOr<ReferenceTerritories> ReferenceTerritories::Load() {
  return FromJson(orientation::DefaultTerritoriesJson());
}

absl::StatusOr<ReferenceTerritories> ReferenceTerritories::FromJson(const std::string& text) {
  // Orientation's own checks first (every MDS in one TAD, no commune twice…), so the
  // generator never builds on a map the service would refuse.
  RETURN_IF_ERROR(orientation::TerritoryMap::FromJson(text).status());
  const nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  ReferenceTerritories out;
  for (const auto& tad : doc["tads"]) {
    const std::string code = tad.value("code", "");
    out.tads_.push_back(code);
    for (const auto& m : tad["mds"]) {
      out.mds_.push_back({m.value("code", ""), m.value("name", ""), code});
    }
  }
  for (const auto& c : doc["communes"]) {
    out.communes_.push_back(
        {c.value("insee", ""), c.value("name", ""), c.value("tad", ""), c.value("mds", "")});
  }
  std::sort(out.communes_.begin(), out.communes_.end(),
            [](const SynthCommune& a, const SynthCommune& b) { return a.insee < b.insee; });
  if (out.tads_.empty() || out.communes_.empty()) {
    return absl::InvalidArgumentError("territories: no TAD or no commune");
  }
  return out;
}

std::vector<const SynthCommune*> ReferenceTerritories::CommunesOf(const std::string& tad) const {
  std::vector<const SynthCommune*> out;
  for (const SynthCommune& c : communes_) {
    if (c.tad == tad) out.push_back(&c);
  }
  return out;
}

}  // namespace parcours::synth
