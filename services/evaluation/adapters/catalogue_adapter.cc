// catalogue's payloads: the offer (structure, PDI fiche, places, budget) and the
// prescription (offer, fiche, outcome at exit). See ExpectedOfferEvent and
// ExpectedPrescriptionEvent in source_payloads.proto.
#include "parcours/evaluation/v1/source_payloads.pb.h"
#include "services/evaluation/adapters/adapter_support.h"

namespace parcours::evaluation::adapters {
namespace {

const std::vector<const char*> kOutcomes = {"",
                                            "EMPLOYMENT_CDI",
                                            "EMPLOYMENT_CDD_6_MONTHS_OR_MORE",
                                            "EMPLOYMENT_CDD_UNDER_6_MONTHS",
                                            "TRAINING",
                                            "BUSINESS_CREATION",
                                            "OTHER_OFFER",
                                            "NONE"};

}  // namespace

absl::Status FillCatalogue(const google::protobuf::Any& payload, Fact& fact) {
  if (fact.kind == FactKind::kOfferChanged) {
    v1::ExpectedOfferEvent p;
    if (absl::Status s = ParsePayload(payload, p); !s.ok()) return s;
    fact.offer_id = p.offer_id().empty() ? fact.aggregate_id : p.offer_id();
    fact.structure_id = p.structure_id();
    fact.pdi_fiche = p.pdi_fiche();
    fact.places = p.places();
    fact.budget_cents = p.budget_cents();
    return absl::OkStatus();
  }
  v1::ExpectedPrescriptionEvent p;
  if (absl::Status s = ParsePayload(payload, p); !s.ok()) return s;
  if (p.offer_id().empty()) {
    return absl::InvalidArgumentError("prescription: offer_id (3) is missing");
  }
  fact.offer_id = p.offer_id();
  fact.structure_id = p.structure_id();
  fact.pdi_fiche = p.pdi_fiche();
  fact.outcome = EnumName(p.outcome(), kOutcomes);
  fact.positive_exit = p.positive_exit();
  return absl::OkStatus();
}

}  // namespace parcours::evaluation::adapters
