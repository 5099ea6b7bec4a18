// The data·inclusion JSON import on arbitrary text: a document either fails as a whole
// with INVALID_ARGUMENT or maps record by record; the valid records export again and the
// export parses back with as many records. Never a crash, leak or sanitizer report.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "services/catalogue/domain/data_inclusion.h"
#include "services/catalogue/domain/reference_data.h"

using namespace parcours::catalogue;  // NOLINT: a fuzz target's one file

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const ReferenceData& ref = DefaultReferenceData();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<DataInclusionDocument> doc = ParseDataInclusion(text, ref);
  if (!doc.ok()) {
    if (doc.status().code() != absl::StatusCode::kInvalidArgument) std::abort();
    return 0;
  }
  // Round trip of what was accepted: give the valid structures ids, link the valid offers.
  std::vector<v1::Structure> structures;
  std::map<std::string, std::string> id_of;
  for (const ImportedStructure& s : doc->structures) {
    if (!s.errors.empty()) continue;
    v1::Structure copy = s.structure;
    copy.set_id("str_" + std::to_string(structures.size()));
    id_of[s.external_id] = copy.id();
    structures.push_back(std::move(copy));
  }
  std::vector<v1::Offer> offers;
  for (const ImportedService& s : doc->services) {
    if (!s.errors.empty()) continue;
    auto it = id_of.find(s.structure_external_id);
    if (it == id_of.end()) continue;
    v1::Offer copy = s.offer;
    copy.set_id("off_" + std::to_string(offers.size()));
    copy.set_structure_id(it->second);
    copy.set_status(v1::OFFER_STATUS_PUBLISHED);
    offers.push_back(std::move(copy));
  }
  const std::string exported = ExportDataInclusion(structures, offers, ref);
  absl::StatusOr<DataInclusionDocument> again = ParseDataInclusion(exported, ref);
  if (!again.ok() || again->structures.size() != structures.size()) std::abort();
  return 0;
}
