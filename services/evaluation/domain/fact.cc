#include "services/evaluation/domain/fact.h"

namespace parcours::evaluation {

const char* FactKindName(FactKind kind) {
  switch (kind) {
    case FactKind::kBeneficiaryEntered:
      return "entered";
    case FactKind::kRightsAndDutiesChanged:
      return "rights_and_duties_changed";
    case FactKind::kConvened:
      return "convened";
    case FactKind::kOriented:
      return "oriented";
    case FactKind::kReoriented:
      return "reoriented";
    case FactKind::kBeneficiaryExited:
      return "exited";
    case FactKind::kOfferChanged:
      return "offer_changed";
    case FactKind::kPrescriptionCreated:
      return "prescribed";
    case FactKind::kPrescriptionAccepted:
      return "prescription_accepted";
    case FactKind::kPrescriptionRefused:
      return "prescription_refused";
    case FactKind::kPrescriptionStarted:
      return "offer_started";
    case FactKind::kPrescriptionCompleted:
      return "offer_completed";
    case FactKind::kPrescriptionAbandoned:
      return "offer_abandoned";
    case FactKind::kPrescriptionCancelled:
      return "prescription_cancelled";
    case FactKind::kContractActivated:
      return "contract_activated";
    case FactKind::kContractEnded:
      return "contract_ended";
    case FactKind::kFraudCaseOpened:
      return "fraud_case_opened";
    case FactKind::kFraudCaseChanged:
      return "fraud_case_changed";
  }
  return "unknown";
}

}  // namespace parcours::evaluation
