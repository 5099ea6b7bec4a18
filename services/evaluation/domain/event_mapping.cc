#include "services/evaluation/domain/event_mapping.h"

namespace parcours::evaluation {

const std::vector<EventMapping>& EventMappings() {
  static const auto* const kTable = new std::vector<EventMapping>{
      {"orientation", "orientation.beneficiary.entered", FactKind::kBeneficiaryEntered},
      {"orientation", "orientation.beneficiary.changed", FactKind::kRightsAndDutiesChanged},
      {"orientation", "orientation.beneficiary.convened", FactKind::kConvened},
      {"orientation", "orientation.beneficiary.oriented", FactKind::kOriented},
      {"orientation", "orientation.beneficiary.reoriented", FactKind::kReoriented},
      {"orientation", "orientation.beneficiary.exited", FactKind::kBeneficiaryExited},
      {"catalogue", "catalogue.offer.created", FactKind::kOfferChanged},
      {"catalogue", "catalogue.offer.updated", FactKind::kOfferChanged},
      {"catalogue", "catalogue.offer.published", FactKind::kOfferChanged},
      {"catalogue", "catalogue.offer.places_changed", FactKind::kOfferChanged},
      {"catalogue", "catalogue.offer.suspended", FactKind::kOfferChanged},
      {"catalogue", "catalogue.offer.archived", FactKind::kOfferChanged},
      {"catalogue", "catalogue.prescription.created", FactKind::kPrescriptionCreated},
      {"catalogue", "catalogue.prescription.accepted", FactKind::kPrescriptionAccepted},
      {"catalogue", "catalogue.prescription.refused", FactKind::kPrescriptionRefused},
      {"catalogue", "catalogue.prescription.started", FactKind::kPrescriptionStarted},
      {"catalogue", "catalogue.prescription.completed", FactKind::kPrescriptionCompleted},
      {"catalogue", "catalogue.prescription.abandoned", FactKind::kPrescriptionAbandoned},
      {"catalogue", "catalogue.prescription.cancelled", FactKind::kPrescriptionCancelled},
      // A contract counts from its activation (both parties signed); "signed" alone may
      // be one party's signature.
      {"contracts", "contracts.contract.activated", FactKind::kContractActivated},
      {"contracts", "contracts.contract.completed", FactKind::kContractEnded},
      {"contracts", "contracts.contract.terminated", FactKind::kContractEnded},
      {"contracts", "contracts.contract.expired", FactKind::kContractEnded},
      {"fraud", "fraud.case.opened", FactKind::kFraudCaseOpened},
      {"fraud", "fraud.case.status_changed", FactKind::kFraudCaseChanged},
      {"fraud", "fraud.case.fine_imposed", FactKind::kFraudCaseChanged},
      {"fraud", "fraud.case.recovery_recorded", FactKind::kFraudCaseChanged},
  };
  return *kTable;
}

std::optional<FactKind> KindForType(std::string_view source, std::string_view type) {
  for (const EventMapping& m : EventMappings()) {
    if (m.source == source && m.type == type) return m.kind;
  }
  return std::nullopt;
}

const std::vector<FeedSpec>& Feeds() {
  static const auto* const kFeeds = new std::vector<FeedSpec>{
      {"catalogue", 50051}, {"orientation", 50052}, {"contracts", 50053}, {"fraud", 50054}};
  return *kFeeds;
}

}  // namespace parcours::evaluation
