#include "libs/territory/territory_map.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "libs/common/embedded_file.h"
#include "nlohmann/json.hpp"

namespace parcours::territory {

std::vector<EmbeddedFile> DefaultTerritoryFiles();  // generated: data/essonne_territories.json

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
  map.departement_ = text(doc, "departement");
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
    if (!c.is_object()) {
      return absl::InvalidArgumentError("territories: a commune is not an object");
    }
    Commune commune{text(c, "insee"), text(c, "name"), text(c, "epci"), text(c, "tad"),
                    text(c, "mds")};
    if (commune.insee.size() != 5) {
      return absl::InvalidArgumentError(
          absl::StrCat("territories: commune \"", commune.insee, "\" is not an INSEE code"));
    }
    auto mds = map.mds_tad_.find(commune.mds);
    if (mds == map.mds_tad_.end() || mds->second != commune.tad) {
      return absl::InvalidArgumentError(absl::StrCat("territories: commune ", commune.insee,
                                                     ": MDS ", commune.mds, " is not in TAD ",
                                                     commune.tad));
    }
    if (!map.commune_index_.emplace(commune.insee, map.communes_.size()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("territories: commune ", commune.insee, " is listed twice"));
    }
    map.communes_.push_back(std::move(commune));
  }
  if (map.communes_.empty()) return absl::InvalidArgumentError("territories: no commune");
  return map;
}

absl::StatusOr<TerritoryMap> TerritoryMap::FromFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::ostringstream text;
  text << in.rdbuf();
  absl::StatusOr<TerritoryMap> map = FromJson(text.str());
  if (!map.ok()) {
    return absl::Status(map.status().code(), absl::StrCat(path, ": ", map.status().message()));
  }
  return map;
}

std::string TerritoryMap::DefaultJson() {
  for (EmbeddedFile& f : DefaultTerritoryFiles()) {
    if (f.name == "essonne_territories.json") return std::move(f.contents);
  }
  return "";
}

const TerritoryMap& TerritoryMap::Default() {
  static const TerritoryMap* const map = [] {
    absl::StatusOr<TerritoryMap> parsed = FromJson(DefaultJson());
    if (!parsed.ok()) {
      std::fprintf(stderr, "embedded territory map: %s\n", parsed.status().ToString().c_str());
      std::abort();
    }
    return new TerritoryMap(*std::move(parsed));
  }();
  return *map;
}

std::optional<Territory> TerritoryMap::ForCommune(const std::string& insee) const {
  auto it = commune_index_.find(insee);
  if (it == commune_index_.end()) return std::nullopt;
  const Commune& c = communes_[it->second];
  return Territory{c.tad, c.mds, c.insee};
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

std::vector<std::string> TerritoryMap::Mds() const {
  std::vector<std::string> out;
  for (const auto& [code, tad] : mds_tad_) out.push_back(code);
  return out;
}

}  // namespace parcours::territory
