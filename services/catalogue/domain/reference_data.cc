#include "services/catalogue/domain/reference_data.h"

#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "services/catalogue/reference/reference_files.h"

namespace parcours::catalogue {
namespace {

using nlohmann::json;

absl::Status ReadValues(const json& doc, const char* key, std::set<std::string>& out) {
  if (!doc.contains(key) || !doc[key].is_array()) {
    return absl::InvalidArgumentError(absl::StrCat("vocabularies: missing array ", key));
  }
  for (const json& item : doc[key]) {
    if (!item.is_object() || !item.contains("value") || !item["value"].is_string()) {
      return absl::InvalidArgumentError(absl::StrCat("vocabularies: bad entry in ", key));
    }
    out.insert(item["value"].get<std::string>());
  }
  return absl::OkStatus();
}

std::string StringField(const json& obj, const char* key) {
  if (obj.is_object() && obj.contains(key) && obj[key].is_string()) {
    return obj[key].get<std::string>();
  }
  return "";
}

}  // namespace

absl::StatusOr<ReferenceData> ReferenceData::FromJson(std::string_view vocabularies_json,
                                                      const territory::TerritoryMap& territories) {
  ReferenceData ref;
  const json voc = json::parse(vocabularies_json, nullptr, /*allow_exceptions=*/false);
  if (voc.is_discarded() || !voc.is_object()) {
    return absl::InvalidArgumentError("vocabularies: not a JSON object");
  }
  for (auto [key, set] : std::initializer_list<std::pair<const char*, std::set<std::string>*>>{
           {"thematiques", &ref.thematiques_},
           {"publics", &ref.publics_},
           {"types", &ref.types_},
           {"frais", &ref.frais_},
           {"modes_accueil", &ref.modes_accueil_},
           {"modes_mobilisation", &ref.modes_mobilisation_},
           {"mobilisable_par", &ref.mobilisable_par_}}) {
    if (absl::Status s = ReadValues(voc, key, *set); !s.ok()) return s;
  }
  for (const json& item : voc["thematiques"]) {
    const std::string value = StringField(item, "value");
    ref.thematique_labels_[value] = StringField(item, "label");
    if (size_t sep = value.find("--"); sep != std::string::npos) {
      ref.categories_.insert(value.substr(0, sep));
    }
  }

  // The map checked its communes (INSEE codes, TAD and MDS, no duplicate) when it loaded.
  ref.departement_ = territories.departement();
  for (const Commune& commune : territories.communes()) {
    const int index = static_cast<int>(ref.communes_.size());
    if (index >= kMaxCommunes) return absl::InvalidArgumentError("territories: too many communes");
    ref.commune_index_.emplace(commune.insee, index);
    ref.tads_.insert(commune.tad);
    ref.mds_.insert(commune.mds);
    ref.groups_[commune.tad].set(index);
    ref.groups_[commune.mds].set(index);
    if (!commune.epci.empty()) ref.groups_[commune.epci].set(index);
    ref.all_.set(index);
    ref.communes_.push_back(commune);
  }
  return ref;
}

std::string ReferenceData::ThematiqueLabel(std::string_view v) const {
  auto it = thematique_labels_.find(v);
  return it == thematique_labels_.end() ? "" : it->second;
}

std::optional<int> ReferenceData::CommuneIndex(std::string_view insee) const {
  auto it = commune_index_.find(insee);
  if (it == commune_index_.end()) return std::nullopt;
  return it->second;
}

CommuneSet ReferenceData::CommunesOf(std::string_view code) const {
  if (auto it = groups_.find(code); it != groups_.end()) return it->second;
  CommuneSet s;
  if (std::optional<int> i = CommuneIndex(code); i.has_value()) s.set(*i);
  return s;
}

const ReferenceData& DefaultReferenceData() {
  static const ReferenceData* const ref = [] {
    absl::StatusOr<ReferenceData> parsed =
        ReferenceData::FromJson(EmbeddedReferenceFile("data_inclusion_vocabularies.json"),
                                territory::TerritoryMap::Default());
    if (!parsed.ok()) {
      std::fprintf(stderr, "catalogue reference data: %s\n", parsed.status().ToString().c_str());
      std::abort();
    }
    return new ReferenceData(*std::move(parsed));
  }();
  return *ref;
}

}  // namespace parcours::catalogue
