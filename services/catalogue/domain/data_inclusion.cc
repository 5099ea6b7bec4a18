#include "services/catalogue/domain/data_inclusion.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "absl/strings/str_cat.h"
#include "libs/errors/field_violations.h"
#include "nlohmann/json.hpp"
#include "services/catalogue/domain/dates.h"
#include "services/catalogue/domain/eligibility.h"
#include "services/catalogue/domain/validation.h"

namespace parcours::catalogue {
namespace {

using nlohmann::json;

constexpr char kOurSource[] = "cd91-parcours";

// Reads the fields of one record, collecting type errors instead of throwing; null counts
// as absent (the schema's default).
class RecordReader {
 public:
  RecordReader(const json& obj, std::vector<std::string>& errors) : obj_(obj), errors_(errors) {}

  std::string String(const char* key, bool required = false) {
    const json* v = Find(key);
    if (v == nullptr) {
      if (required) errors_.push_back(absl::StrCat(key, ": required"));
      return "";
    }
    if (!v->is_string()) {
      errors_.push_back(absl::StrCat(key, ": must be a string"));
      return "";
    }
    return v->get<std::string>();
  }

  std::vector<std::string> Strings(const char* key) {
    std::vector<std::string> out;
    const json* v = Find(key);
    if (v == nullptr) return out;
    if (!v->is_array()) {
      errors_.push_back(absl::StrCat(key, ": must be an array of strings"));
      return out;
    }
    for (size_t i = 0; i < v->size(); ++i) {
      if (!(*v)[i].is_string()) {
        errors_.push_back(absl::StrCat(key, "[", i, "]: must be a string"));
        continue;
      }
      out.push_back((*v)[i].get<std::string>());
    }
    return out;
  }

  double Number(const char* key) {
    const json* v = Find(key);
    if (v == nullptr) return 0;
    if (!v->is_number()) {
      errors_.push_back(absl::StrCat(key, ": must be a number"));
      return 0;
    }
    return v->get<double>();
  }

  int Int(const char* key) {
    const json* v = Find(key);
    if (v == nullptr) return 0;
    if (!v->is_number_integer() || v->get<int64_t>() < 0 || v->get<int64_t>() > 100000) {
      errors_.push_back(absl::StrCat(key, ": must be a non-negative integer"));
      return 0;
    }
    return static_cast<int>(v->get<int64_t>());
  }

 private:
  const json* Find(const char* key) const {
    auto it = obj_.find(key);
    if (it == obj_.end() || it->is_null()) return nullptr;
    return &*it;
  }

  const json& obj_;
  std::vector<std::string>& errors_;
};

v1::Address ReadAddress(RecordReader& r) {
  v1::Address a;
  a.set_street(r.String("adresse"));
  a.set_complement(r.String("complement_adresse"));
  a.set_postal_code(r.String("code_postal"));
  a.set_commune_insee(r.String("code_insee"));
  a.set_commune_name(r.String("commune"));
  return a;
}

void WriteAddress(const v1::Address& a, json& out) {
  if (!a.street().empty()) out["adresse"] = a.street();
  if (!a.complement().empty()) out["complement_adresse"] = a.complement();
  if (!a.postal_code().empty()) out["code_postal"] = a.postal_code();
  if (!a.commune_insee().empty()) out["code_insee"] = a.commune_insee();
  if (!a.commune_name().empty()) out["commune"] = a.commune_name();
}

void ReadDate(RecordReader& r, parcours::common::v1::Date* out, std::vector<std::string>& errors) {
  const std::string text = r.String("date_maj", /*required=*/true);
  if (text.empty()) return;
  std::optional<parcours::common::v1::Date> d = ParseDateText(text);
  if (!d.has_value()) {
    errors.push_back("date_maj: must be a date YYYY-MM-DD");
    return;
  }
  *out = *d;
}

// Our field paths in validation messages, written with the schema's names.
std::string SchemaField(std::string field) {
  static const std::map<std::string, std::string>* const names =
      new std::map<std::string, std::string>{{"title", "nom"},
                                             {"name", "nom"},
                                             {"email", "courriel"},
                                             {"phone", "telephone"},
                                             {"website", "site_web"},
                                             {"contact_name", "contact_nom_prenom"},
                                             {"address.street", "adresse"},
                                             {"address.complement", "complement_adresse"},
                                             {"address.postal_code", "code_postal"},
                                             {"address.commune_insee", "code_insee"},
                                             {"address.commune_name", "commune"},
                                             {"territories.communes", "zone_eligibilite"},
                                             {"external_id", "id"}};
  for (const auto& [ours, theirs] : *names) {
    if (field == ours || field.rfind(ours + "[", 0) == 0 || field.rfind(ours + ".", 0) == 0) {
      return theirs + field.substr(ours.size());
    }
  }
  return field;
}

void AddViolations(const errors::FieldViolations& v, std::vector<std::string>& errors) {
  for (const errors::FieldViolation& fv : v.list()) {
    errors.push_back(absl::StrCat(SchemaField(fv.field), ": ", fv.description));
  }
}

void ReadZone(RecordReader& r, const ReferenceData& ref, v1::Territories* territories,
              std::vector<std::string>& errors) {
  const std::vector<std::string> codes = r.Strings("zone_eligibilite");
  CommuneSet communes;
  bool whole = false;
  for (size_t i = 0; i < codes.size(); ++i) {
    const std::string& code = codes[i];
    if (code == ref.departement() || code == "france" || code == "99100") {
      whole = true;
    } else if (ref.IsCommune(code) || (code.size() == 9 && ref.CommunesOf(code).any())) {
      communes |= ref.CommunesOf(code);
    } else {
      errors.push_back(absl::StrCat("zone_eligibilite[", i, "]: \"", code,
                                    "\" is not a commune, EPCI or the code of the Département"));
    }
  }
  if (whole || communes.none()) return;
  for (size_t i = 0; i < ref.communes().size(); ++i) {
    if (communes.test(i)) territories->add_communes(ref.communes()[i].insee);
  }
}

ImportedStructure ReadStructure(const json& item, int index, const ReferenceData& ref) {
  ImportedStructure out;
  out.index = index;
  if (!item.is_object()) {
    out.errors.push_back("not a JSON object");
    return out;
  }
  RecordReader r(item, out.errors);
  v1::Structure& s = out.structure;
  out.external_id = r.String("id", /*required=*/true);
  s.set_external_id(out.external_id);
  s.set_source(r.String("source", /*required=*/true));
  s.set_name(r.String("nom", /*required=*/true));
  s.set_kind(v1::STRUCTURE_KIND_OTHER);
  s.set_siret(r.String("siret"));
  s.set_description(r.String("description"));
  *s.mutable_address() = ReadAddress(r);
  s.set_email(r.String("courriel"));
  s.set_phone(r.String("telephone"));
  s.set_website(r.String("site_web"));
  ReadDate(r, s.mutable_source_date(), out.errors);
  errors::FieldViolations v;
  ValidateStructure(s, ref, "", v);
  AddViolations(v, out.errors);
  return out;
}

ImportedService ReadService(const json& item, int index, const ReferenceData& ref) {
  ImportedService out;
  out.index = index;
  if (!item.is_object()) {
    out.errors.push_back("not a JSON object");
    return out;
  }
  RecordReader r(item, out.errors);
  v1::Offer& o = out.offer;
  out.external_id = r.String("id", /*required=*/true);
  o.set_external_id(out.external_id);
  o.set_source(r.String("source", /*required=*/true));
  out.structure_external_id = r.String("structure_id", /*required=*/true);
  o.set_title(r.String("nom", /*required=*/true));
  o.set_description(r.String("description", /*required=*/true));
  for (std::string& t : r.Strings("thematiques")) o.add_thematiques(std::move(t));
  o.set_type(r.String("type"));
  for (std::string& p : r.Strings("publics")) o.add_publics(std::move(p));
  o.set_publics_precisions(r.String("publics_precisions"));
  o.set_frais(r.String("frais"));
  o.set_frais_precisions(r.String("frais_precisions"));
  for (std::string& m : r.Strings("modes_accueil")) o.add_modes_accueil(std::move(m));
  for (std::string& m : r.Strings("mobilisable_par")) o.add_mobilisable_par(std::move(m));
  for (std::string& m : r.Strings("modes_mobilisation")) o.add_modes_mobilisation(std::move(m));
  o.set_conditions_acces(r.String("conditions_acces"));
  o.set_volume_horaire_hebdomadaire(r.Number("volume_horaire_hebdomadaire"));
  o.set_nombre_semaines(r.Int("nombre_semaines"));
  *o.mutable_address() = ReadAddress(r);
  o.set_contact_name(r.String("contact_nom_prenom"));
  o.set_email(r.String("courriel"));
  o.set_phone(r.String("telephone"));
  o.set_lien_mobilisation(r.String("lien_mobilisation"));
  ReadZone(r, ref, o.mutable_territories(), out.errors);
  ReadDate(r, o.mutable_source_date(), out.errors);
  errors::FieldViolations v;
  v1::Offer checked = o;
  checked.set_structure_id("resolved_by_store");  // the structure is looked up on write
  ValidateOffer(checked, ref, "", v);
  AddViolations(v, out.errors);
  return out;
}

std::string DateOf(const v1::Offer& o) {
  if (o.has_source_date()) return DateText(o.source_date());
  return absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(o.update_time().seconds()),
                          absl::UTCTimeZone());
}

std::string DateOf(const v1::Structure& s) {
  if (s.has_source_date()) return DateText(s.source_date());
  return absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(s.update_time().seconds()),
                          absl::UTCTimeZone());
}

template <typename R>
void PutStrings(json& out, const char* key, const R& values) {
  if (values.empty()) return;
  json arr = json::array();
  for (const std::string& v : values) arr.push_back(v);
  out[key] = std::move(arr);
}

void PutString(json& out, const char* key, const std::string& value) {
  if (!value.empty()) out[key] = value;
}

// A document naming one id twice is ambiguous (which record is meant?): the first is
// kept, each later one is rejected, so an import never applies two records to one row.
template <typename Record>
void RejectRepeatedIds(std::vector<Record>& records, const char* list) {
  std::map<std::string, size_t> first;
  for (size_t i = 0; i < records.size(); ++i) {
    if (records[i].external_id.empty()) continue;
    auto [it, inserted] = first.emplace(records[i].external_id, i);
    if (!inserted) {
      records[i].errors.push_back(absl::StrCat("id: \"", records[i].external_id,
                                               "\" is already used by ", list, "[", it->second,
                                               "] in this document"));
    }
  }
}

}  // namespace

absl::StatusOr<DataInclusionDocument> ParseDataInclusion(std::string_view text,
                                                         const ReferenceData& ref) {
  const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return errors::InvalidField("json", "not a JSON object");
  }
  DataInclusionDocument out;
  for (const char* key : {"structures", "services"}) {
    if (doc.contains(key) && !doc[key].is_array()) {
      return errors::InvalidField("json", absl::StrCat("\"", key, "\" must be an array"));
    }
  }
  if (doc.contains("structures")) {
    const json& arr = doc["structures"];
    for (size_t i = 0; i < arr.size(); ++i) {
      out.structures.push_back(ReadStructure(arr[i], static_cast<int>(i), ref));
    }
  }
  if (doc.contains("services")) {
    const json& arr = doc["services"];
    for (size_t i = 0; i < arr.size(); ++i) {
      out.services.push_back(ReadService(arr[i], static_cast<int>(i), ref));
    }
  }
  RejectRepeatedIds(out.structures, "structures");
  RejectRepeatedIds(out.services, "services");
  return out;
}

std::string ExportDataInclusion(const std::vector<v1::Structure>& structures,
                                const std::vector<v1::Offer>& offers, const ReferenceData& ref) {
  std::map<std::string, const v1::Structure*> by_id;
  for (const v1::Structure& s : structures) by_id[s.id()] = &s;

  std::map<std::string, json> out_structures;
  for (const v1::Structure& s : structures) {
    json j = json::object();
    const std::string id = s.external_id().empty() ? s.id() : s.external_id();
    j["id"] = id;
    j["source"] = s.source().empty() ? kOurSource : s.source();
    j["nom"] = s.name();
    PutString(j, "siret", s.siret());
    PutString(j, "description", s.description());
    WriteAddress(s.address(), j);
    PutString(j, "courriel", s.email());
    PutString(j, "telephone", s.phone());
    PutString(j, "site_web", s.website());
    j["date_maj"] = DateOf(s);
    out_structures[id] = std::move(j);
  }

  std::map<std::string, json> out_services;
  for (const v1::Offer& o : offers) {
    auto st = by_id.find(o.structure_id());
    if (st == by_id.end()) continue;
    json j = json::object();
    const std::string id = o.external_id().empty() ? o.id() : o.external_id();
    j["id"] = id;
    j["source"] = o.source().empty() ? kOurSource : o.source();
    j["structure_id"] =
        st->second->external_id().empty() ? st->second->id() : st->second->external_id();
    j["nom"] = o.title();
    j["description"] = o.description();
    PutStrings(j, "thematiques", o.thematiques());
    PutString(j, "type", o.type());
    PutStrings(j, "publics", o.publics());
    PutString(j, "publics_precisions", o.publics_precisions());
    PutString(j, "frais", o.frais());
    PutString(j, "frais_precisions", o.frais_precisions());
    PutStrings(j, "modes_accueil", o.modes_accueil());
    PutStrings(j, "mobilisable_par", o.mobilisable_par());
    PutStrings(j, "modes_mobilisation", o.modes_mobilisation());
    PutString(j, "conditions_acces", o.conditions_acces());
    if (o.volume_horaire_hebdomadaire() > 0) {
      j["volume_horaire_hebdomadaire"] = o.volume_horaire_hebdomadaire();
    }
    if (o.nombre_semaines() > 0) j["nombre_semaines"] = o.nombre_semaines();
    WriteAddress(o.address(), j);
    PutString(j, "contact_nom_prenom", o.contact_name());
    PutString(j, "courriel", o.email());
    PutString(j, "telephone", o.phone());
    PutString(j, "lien_mobilisation", o.lien_mobilisation());
    const v1::Territories& t = o.territories();
    json zone = json::array();
    if (t.tads().empty() && t.mds().empty() && t.communes().empty()) {
      zone.push_back(ref.departement());
    } else {
      const CommuneSet served = ServedCommunes(t, ref);
      for (size_t i = 0; i < ref.communes().size(); ++i) {
        if (served.test(i)) zone.push_back(ref.communes()[i].insee);
      }
    }
    j["zone_eligibilite"] = std::move(zone);
    j["date_maj"] = DateOf(o);
    out_services[id] = std::move(j);
  }

  json doc = json::object();
  doc["structures"] = json::array();
  for (auto& [id, j] : out_structures) doc["structures"].push_back(std::move(j));
  doc["services"] = json::array();
  for (auto& [id, j] : out_services) doc["services"].push_back(std::move(j));
  return doc.dump(1);
}

const google::protobuf::FieldMask& ImportedStructurePaths() {
  static const auto* const mask = [] {
    auto* m = new google::protobuf::FieldMask();
    for (const char* p : {"name", "siret", "description", "address", "email", "phone", "website",
                          "source", "source_date"}) {
      m->add_paths(p);
    }
    return m;
  }();
  return *mask;
}

const google::protobuf::FieldMask& ImportedOfferPaths() {
  static const auto* const mask = [] {
    auto* m = new google::protobuf::FieldMask();
    for (const char* p : {"title",
                          "description",
                          "thematiques",
                          "type",
                          "publics",
                          "publics_precisions",
                          "frais",
                          "frais_precisions",
                          "modes_accueil",
                          "mobilisable_par",
                          "modes_mobilisation",
                          "conditions_acces",
                          "volume_horaire_hebdomadaire",
                          "nombre_semaines",
                          "address",
                          "contact_name",
                          "email",
                          "phone",
                          "lien_mobilisation",
                          "territories",
                          "source",
                          "source_date"}) {
      m->add_paths(p);
    }
    return m;
  }();
  return *mask;
}

}  // namespace parcours::catalogue
