// The data·inclusion interchange (schema v1, gip-inclusion/data-inclusion-schema): reads
// structures and services from a JSON document into our Structure and Offer, record by
// record with the reasons a record is rejected, and writes our published offer back in the
// same schema.
//
//   ASSIGN_OR_RETURN(DataInclusionDocument doc, ParseDataInclusion(json_text, ref));
//   for (const ImportedService& s : doc.services) if (s.errors.empty()) … s.offer …
//   std::string out = ExportDataInclusion(structures, offers, ref);
//
// Mapping. Structure: id→external_id, source, nom→name, siret, description,
// adresse/complement_adresse/code_postal/code_insee/commune→address, courriel→email,
// telephone→phone, site_web→website, date_maj→source_date (kind: OTHER, the schema has none).
// Service: id→external_id, source, structure_id (the structure's data·inclusion id),
// nom→title, description, thematiques, type, publics, publics_precisions, frais,
// frais_precisions, modes_accueil, mobilisable_par, modes_mobilisation, conditions_acces,
// volume_horaire_hebdomadaire, nombre_semaines, address fields, contact_nom_prenom,
// courriel, telephone, lien_mobilisation, zone_eligibilite→territories.communes,
// date_maj→source_date. zone_eligibilite accepts commune codes of the Département, the
// Département's code, "france"/"99100" (whole Département: no territory) and EPCI codes
// (expanded to their communes here, so they come back as communes). Not kept: latitude,
// longitude, horaires_accueil, lien_source, mobilisation_precisions, and the structure's
// reseaux_porteurs, accessibilite_lieu (the export leaves them out).
#ifndef PARCOURS_SERVICES_CATALOGUE_DOMAIN_DATA_INCLUSION_H_
#define PARCOURS_SERVICES_CATALOGUE_DOMAIN_DATA_INCLUSION_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/field_mask.pb.h"
#include "parcours/catalogue/v1/catalogue.pb.h"
#include "services/catalogue/domain/reference_data.h"

namespace parcours::catalogue {

struct ImportedStructure {
  int index = 0;                    // position in "structures"
  std::string external_id;          // "" when unreadable
  v1::Structure structure;          // valid when errors is empty
  std::vector<std::string> errors;  // "siret: must be 14 digits"
};

struct ImportedService {
  int index = 0;
  std::string external_id;
  std::string structure_external_id;
  v1::Offer offer;  // structure_id empty: the store resolves structure_external_id
  std::vector<std::string> errors;
};

struct DataInclusionDocument {
  std::vector<ImportedStructure> structures;
  std::vector<ImportedService> services;
};

// INVALID_ARGUMENT (field "json") when the text is not a JSON object with optional
// "structures" and "services" arrays; otherwise every record is mapped and validated, and
// a bad record only rejects itself.
absl::StatusOr<DataInclusionDocument> ParseDataInclusion(std::string_view json,
                                                         const ReferenceData& ref);

// {"structures": [...], "services": [...]}, both sorted by id. `structures` must hold every
// structure an offer refers to; offers whose structure is missing are left out.
std::string ExportDataInclusion(const std::vector<v1::Structure>& structures,
                                const std::vector<v1::Offer>& offers, const ReferenceData& ref);

// The fields an import owns; an update from an import changes these and keeps the rest
// (sessions, eligibility, funding, capacity, fiche… are the Département's own).
const google::protobuf::FieldMask& ImportedStructurePaths();
const google::protobuf::FieldMask& ImportedOfferPaths();

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_DOMAIN_DATA_INCLUSION_H_
