#include "services/orientation/domain/territory_map.h"

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace parcours::orientation {

absl::StatusOr<TerritoryMap> TerritoryMap::FromJson(const std::string& json) {
  nlohmann::json doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return absl::InvalidArgumentError("territories: not a JSON object");
  }
  auto text = [](const nlohmann::json& o, const char* key) -> std::string {
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  TerritoryMap map;
  map.version_ = text(doc, "version");
  const auto tads = doc.find("tads");
  const auto communes = doc.find("communes");
  if (tads == doc.end() || !tads->is_array() || communes == doc.end() || !communes->is_array()) {
    return absl::InvalidArgumentError("territories: \"tads\" and \"communes\" must be arrays");
  }
  for (const auto& tad : *tads) {
    const std::string code = tad.is_object() ? text(tad, "code") : "";
    if (code.empty()) return absl::InvalidArgumentError("territories: a TAD has no code");
    map.tad_names_[code] = text(tad, "name");
    auto mds_list = tad.find("mds");
    if (mds_list == tad.end() || !mds_list->is_array() || mds_list->empty()) {
      return absl::InvalidArgumentError(absl::StrCat("territories: TAD ", code, " has no MDS"));
    }
    for (const auto& mds : *mds_list) {
      const std::string mds_code = mds.is_object() ? text(mds, "code") : "";
      if (mds_code.empty() || map.mds_tad_.count(mds_code) > 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("territories: MDS \"", mds_code, "\" of ", code, " is empty or repeated"));
      }
      map.mds_tad_[mds_code] = code;
    }
  }
  for (const auto& c : *communes) {
    if (!c.is_object())
      return absl::InvalidArgumentError("territories: a commune is not an object");
    Territory t{text(c, "tad"), text(c, "mds"), text(c, "insee")};
    if (t.commune_insee.size() != 5) {
      return absl::InvalidArgumentError(
          absl::StrCat("territories: commune \"", t.commune_insee, "\" is not an INSEE code"));
    }
    auto mds = map.mds_tad_.find(t.mds);
    if (mds == map.mds_tad_.end() || mds->second != t.tad) {
      return absl::InvalidArgumentError(absl::StrCat("territories: commune ", t.commune_insee,
                                                     ": MDS ", t.mds, " is not in TAD ", t.tad));
    }
    if (!map.communes_.emplace(t.commune_insee, t).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("territories: commune ", t.commune_insee, " is listed twice"));
    }
  }
  if (map.communes_.empty()) return absl::InvalidArgumentError("territories: no commune");
  return map;
}

std::optional<Territory> TerritoryMap::ForCommune(const std::string& insee) const {
  auto it = communes_.find(insee);
  if (it == communes_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> TerritoryMap::TadOfMds(const std::string& mds) const {
  auto it = mds_tad_.find(mds);
  if (it == mds_tad_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> TerritoryMap::Tads() const {
  std::vector<std::string> out;
  for (const auto& [code, name] : tad_names_) out.push_back(code);
  return out;
}

}  // namespace parcours::orientation
