#include "services/evaluation/store/projection_writer.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "services/evaluation/domain/period.h"

namespace parcours::evaluation {
namespace {

using storage::Transaction;

// What the timeline row says beyond its kind.
std::string Detail(const Fact& f) {
  switch (f.kind) {
    case FactKind::kOriented:
    case FactKind::kReoriented:
      return f.orientation_type;
    case FactKind::kBeneficiaryExited:
      return f.exit_to_employment ? "employment" : "other";
    case FactKind::kPrescriptionCompleted:
      return f.outcome;
    case FactKind::kContractActivated:
      return f.contract_kind;
    default:
      return f.offer_id;
  }
}

// Creates the beneficiary's row if needed and moves `column` to `day` if earlier. The
// territory comes from orientation (which owns the registry); other feeds only fill it
// when orientation has not spoken yet.
absl::Status SetEarliest(Transaction& tx, const Fact& f, const char* column, int64_t day) {
  const bool owner = f.source == "orientation";
  const std::string territory =
      owner ? "tad = excluded.tad, mds = excluded.mds"
            : "tad = CASE WHEN eval_beneficiaries.tad = '' THEN excluded.tad "
              "ELSE eval_beneficiaries.tad END, "
              "mds = CASE WHEN eval_beneficiaries.mds = '' THEN excluded.mds "
              "ELSE eval_beneficiaries.mds END";
  return tx
      .Exec(absl::StrCat("INSERT INTO eval_beneficiaries (beneficiary_id, tad, mds, ", column,
                         ") VALUES (?, ?, ?, ?) ON CONFLICT (beneficiary_id) DO UPDATE SET ",
                         territory, ", ", column, " = CASE WHEN eval_beneficiaries.", column,
                         " IS NULL OR eval_beneficiaries.", column, " > excluded.", column,
                         " THEN excluded.", column, " ELSE eval_beneficiaries.", column, " END"),
            {f.beneficiary_id, f.tad, f.mds, day})
      .status();
}

absl::Status EnsureBeneficiary(Transaction& tx, const Fact& f) {
  return tx
      .Exec(
          "INSERT INTO eval_beneficiaries (beneficiary_id, tad, mds) VALUES (?, ?, ?) "
          "ON CONFLICT (beneficiary_id) DO UPDATE SET tad = excluded.tad, mds = excluded.mds",
          {f.beneficiary_id, f.tad, f.mds})
      .status();
}

absl::Status SetOrientationType(Transaction& tx, const Fact& f) {
  return tx
      .Exec("UPDATE eval_beneficiaries SET orientation_type = ? WHERE beneficiary_id = ?",
            {f.orientation_type, f.beneficiary_id})
      .status();
}

absl::Status ApplyOrientation(Transaction& tx, const Fact& f) {
  const int64_t day = EpochDay(f.day);
  switch (f.kind) {
    case FactKind::kBeneficiaryEntered:
      RETURN_IF_ERROR(SetEarliest(tx, f, "entry_day", EpochDay(*f.entry_date)));
      return tx
          .Exec("UPDATE eval_beneficiaries SET subject_rd = ? WHERE beneficiary_id = ?",
                {f.subject_to_rights_and_duties.value_or(false), f.beneficiary_id})
          .status();
    case FactKind::kRightsAndDutiesChanged:
      RETURN_IF_ERROR(EnsureBeneficiary(tx, f));
      return tx
          .Exec("UPDATE eval_beneficiaries SET subject_rd = ? WHERE beneficiary_id = ?",
                {f.subject_to_rights_and_duties.value_or(false), f.beneficiary_id})
          .status();
    case FactKind::kConvened:
      return SetEarliest(tx, f, "convened_day", day);
    case FactKind::kOriented:
      RETURN_IF_ERROR(SetEarliest(tx, f, "oriented_day", day));
      if (f.entry_date.has_value()) {
        RETURN_IF_ERROR(SetEarliest(tx, f, "entry_day", EpochDay(*f.entry_date)));
      }
      return SetOrientationType(tx, f);
    case FactKind::kReoriented:  // a new type; the first orientation's day stays
      RETURN_IF_ERROR(EnsureBeneficiary(tx, f));
      return SetOrientationType(tx, f);
    case FactKind::kBeneficiaryExited: {
      const int64_t exit_day = EpochDay(f.exit_date.value_or(f.day));
      RETURN_IF_ERROR(SetEarliest(tx, f, "exit_day", exit_day));
      // The latest exit wins (a re-entry then a new exit replaces the first).
      return tx
          .Exec(
              "UPDATE eval_beneficiaries SET exit_day = ?, exit_employment = ? "
              "WHERE beneficiary_id = ?",
              {exit_day, f.exit_to_employment, f.beneficiary_id})
          .status();
    }
    default:
      return absl::OkStatus();
  }
}

absl::Status ApplyPrescription(Transaction& tx, const Fact& f) {
  const int64_t day = EpochDay(f.day);
  const char* column = nullptr;
  switch (f.kind) {
    case FactKind::kPrescriptionCreated:
      column = "created_day";
      break;
    case FactKind::kPrescriptionAccepted:
      column = "accepted_day";
      break;
    case FactKind::kPrescriptionStarted:
      column = "started_day";
      break;
    case FactKind::kPrescriptionCompleted:
      column = "completed_day";
      break;
    case FactKind::kPrescriptionAbandoned:
      column = "abandoned_day";
      break;
    default:
      break;
  }
  RETURN_IF_ERROR(
      tx.Exec("INSERT INTO eval_prescriptions (prescription_id, beneficiary_id, "
              "offer_id, structure_id, pdi_fiche, tad) VALUES (?, ?, ?, ?, ?, ?) "
              "ON CONFLICT (prescription_id) DO NOTHING",
              {f.aggregate_id, f.beneficiary_id, f.offer_id, f.structure_id, f.pdi_fiche, f.tad})
          .status());
  if (column != nullptr) {
    RETURN_IF_ERROR(tx.Exec(absl::StrCat("UPDATE eval_prescriptions SET ", column, " = COALESCE(",
                                         column, ", ?) WHERE prescription_id = ?"),
                            {day, f.aggregate_id})
                        .status());
  }
  if (f.kind == FactKind::kPrescriptionCompleted) {
    RETURN_IF_ERROR(tx.Exec("UPDATE eval_prescriptions SET outcome = ?, positive_exit = ? "
                            "WHERE prescription_id = ?",
                            {f.outcome, f.positive_exit, f.aggregate_id})
                        .status());
  }
  if (f.kind == FactKind::kPrescriptionStarted) return SetEarliest(tx, f, "offer_day", day);
  return absl::OkStatus();
}

absl::Status ApplyContract(Transaction& tx, const Fact& f) {
  const int64_t day = EpochDay(f.day);
  RETURN_IF_ERROR(tx.Exec("INSERT INTO eval_contracts (contract_id, beneficiary_id, kind, tad) "
                          "VALUES (?, ?, ?, ?) ON CONFLICT (contract_id) DO UPDATE SET "
                          "kind = CASE WHEN excluded.kind = '' THEN eval_contracts.kind "
                          "ELSE excluded.kind END",
                          {f.aggregate_id, f.beneficiary_id, f.contract_kind, f.tad})
                      .status());
  if (f.kind == FactKind::kContractActivated) {
    RETURN_IF_ERROR(tx.Exec("UPDATE eval_contracts SET activated_day = COALESCE(activated_day, "
                            "?), ended_day = NULL WHERE contract_id = ?",
                            {day, f.aggregate_id})
                        .status());
    return SetEarliest(tx, f, "contract_day", day);
  }
  return tx
      .Exec("UPDATE eval_contracts SET ended_day = ? WHERE contract_id = ?", {day, f.aggregate_id})
      .status();
}

absl::Status ApplyFraudCase(Transaction& tx, const Fact& f) {
  // Amounts are the case's running totals: the latest event's values replace the row's.
  return tx
      .Exec(
          "INSERT INTO eval_fraud_cases (case_id, beneficiary_id, tad, opened_day, "
          "year_opened, qualified_fraud, overpayment_cents, fine_cents, recovered_cents) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (case_id) DO UPDATE SET "
          "year_opened = CASE WHEN excluded.year_opened = 0 THEN eval_fraud_cases.year_opened "
          "ELSE excluded.year_opened END, "
          "qualified_fraud = CASE WHEN eval_fraud_cases.qualified_fraud = 1 THEN 1 "
          "ELSE excluded.qualified_fraud END, "
          "overpayment_cents = excluded.overpayment_cents, fine_cents = excluded.fine_cents, "
          "recovered_cents = excluded.recovered_cents",
          {f.aggregate_id, f.beneficiary_id, f.tad, EpochDay(f.day), f.year_opened,
           f.qualified_fraud, f.overpayment_cents, f.fine_cents, f.recovered_cents})
      .status();
}

}  // namespace

absl::Status ProjectionWriter::Apply(Transaction& tx, const Fact& f) const {
  if (f.kind == FactKind::kOfferChanged) {
    return tx
        .Exec(
            "INSERT INTO eval_offers (offer_id, structure_id, pdi_fiche, places, budget_cents) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (offer_id) DO UPDATE SET "
            "structure_id = excluded.structure_id, pdi_fiche = excluded.pdi_fiche, "
            "places = excluded.places, budget_cents = excluded.budget_cents",
            {f.offer_id, f.structure_id, f.pdi_fiche, f.places, f.budget_cents})
        .status();
  }
  const std::string month = MonthLabel(absl::CivilMonth(f.day));
  ASSIGN_OR_RETURN(int64_t inserted,
                   tx.Exec("INSERT INTO eval_timeline (source, sequence, beneficiary_id, kind, "
                           "day, month, tad, mds, aggregate_id, detail) VALUES "
                           "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, sequence) "
                           "DO NOTHING",
                           {f.source, f.sequence, f.beneficiary_id, FactKindName(f.kind),
                            EpochDay(f.day), month, f.tad, f.mds, f.aggregate_id, Detail(f)}));
  if (inserted == 0) return absl::OkStatus();  // projected already
  RETURN_IF_ERROR(tx.Exec("INSERT INTO eval_counters (kind, tad, mds, month, events) VALUES "
                          "(?, ?, ?, ?, 1) ON CONFLICT (kind, tad, mds, month) DO UPDATE SET "
                          "events = eval_counters.events + 1",
                          {FactKindName(f.kind), f.tad, f.mds, month})
                      .status());
  switch (f.kind) {
    case FactKind::kPrescriptionCreated:
    case FactKind::kPrescriptionAccepted:
    case FactKind::kPrescriptionRefused:
    case FactKind::kPrescriptionStarted:
    case FactKind::kPrescriptionCompleted:
    case FactKind::kPrescriptionAbandoned:
    case FactKind::kPrescriptionCancelled:
      return ApplyPrescription(tx, f);
    case FactKind::kContractActivated:
    case FactKind::kContractEnded:
      return ApplyContract(tx, f);
    case FactKind::kFraudCaseOpened:
    case FactKind::kFraudCaseChanged:
      return ApplyFraudCase(tx, f);
    default:
      return ApplyOrientation(tx, f);
  }
}

}  // namespace parcours::evaluation
