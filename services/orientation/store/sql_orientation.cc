// Orientation decisions, reorientation requests and the history.
#include "absl/strings/str_cat.h"
#include "libs/common/ids.h"
#include "libs/common/status_macros.h"
#include "nlohmann/json.hpp"
#include "services/orientation/domain/orientation_decision.h"
#include "services/orientation/events/orientation_events.h"
#include "services/orientation/store/outbox.h"
#include "services/orientation/store/sql_orientation_store.h"
#include "services/orientation/store/sql_referents.h"
#include "services/orientation/store/sql_rows.h"

namespace parcours::orientation {
namespace {

constexpr char kDecisionSelect[] =
    "SELECT id, beneficiary_id, kind, orientation_type, structure_id, referent_id, "
    "suggested_type, suggestion_rules, rules_version, overrides_suggestion, comment, "
    "decided_by, decided_at_us, reorientation_id FROM orientation_decisions";

std::string EncodeFired(const std::vector<FiredRule>& fired) {
  nlohmann::json out = nlohmann::json::array();
  for (const FiredRule& f : fired) {
    out.push_back({{"rule_id", f.rule_id}, {"reason", f.reason}, {"type", Name(f.suggested_type)}});
  }
  return out.dump();
}

std::vector<FiredRule> DecodeFired(const std::string& text) {
  std::vector<FiredRule> out;
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_array()) return out;
  for (const nlohmann::json& f : doc) {
    if (!f.is_object()) continue;
    out.push_back(
        {f.value("rule_id", ""), f.value("reason", ""), ParseOrientationType(f.value("type", ""))});
  }
  return out;
}

OrientationDecision DecisionFromRow(const storage::Row& r) {
  OrientationDecision d;
  d.id = r.Text(0);
  d.beneficiary_id = r.Text(1);
  d.kind = ParseDecisionKind(r.Text(2));
  d.type = ParseOrientationType(r.Text(3));
  d.structure_id = r.Text(4);
  d.referent_id = r.Text(5);
  d.suggestion.type = ParseOrientationType(r.Text(6));
  d.suggestion.fired = DecodeFired(r.Text(7));
  d.suggestion.rules_version = r.Text(8);
  d.overrides_suggestion = r.Bool(9);
  d.comment = r.Text(10);
  d.decided_by = r.Text(11);
  d.decided_at = sql::FromMicros(r.Int(12));
  d.reorientation_request_id = r.Text(13);
  return d;
}

constexpr char kReorientationSelect[] =
    "SELECT q.id, q.beneficiary_id, q.requested_type, q.reason, q.status, q.requested_by, "
    "q.decided_by, q.decision_reason, q.decision_id, q.version, q.create_time_us "
    "FROM reorientation_requests q JOIN beneficiaries b ON b.id = q.beneficiary_id";

ReorientationRequest ReorientationFromRow(const storage::Row& r) {
  ReorientationRequest q;
  q.id = r.Text(0);
  q.beneficiary_id = r.Text(1);
  q.requested_type = ParseOrientationType(r.Text(2));
  q.reason = r.Text(3);
  q.status = ParseReorientationStatus(r.Text(4));
  q.requested_by = r.Text(5);
  q.decided_by = r.Text(6);
  q.decision_reason = r.Text(7);
  q.decision_id = r.Text(8);
  q.version = r.Int(9);
  q.create_time = sql::FromMicros(r.Int(10));
  return q;
}

absl::Status InsertDecision(storage::Transaction& tx, const std::string& request_id,
                            const OrientationDecision& d) {
  ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec("INSERT INTO orientation_decisions (id, request_id, beneficiary_id, kind, "
              "orientation_type, structure_id, referent_id, suggested_type, suggestion_rules, "
              "rules_version, overrides_suggestion, comment, decided_by, decided_at_us, "
              "reorientation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              {d.id, request_id, d.beneficiary_id, Name(d.kind), Name(d.type), d.structure_id,
               d.referent_id, Name(d.suggestion.type), EncodeFired(d.suggestion.fired),
               d.suggestion.rules_version, d.overrides_suggestion, d.comment, d.decided_by,
               sql::Micros(d.decided_at),
               d.reorientation_request_id.empty() ? std::optional<std::string>()
                                                  : d.reorientation_request_id}));
  (void)n;
  return absl::OkStatus();
}

// Applies a decision to the beneficiary (status, type, référent) and stages its event.
absl::Status ApplyDecision(events::Outbox& outbox, storage::Transaction& tx, Beneficiary& b,
                           const OrientationDecision& d) {
  b.status = BeneficiaryStatus::kOriented;
  b.orientation_type = d.type;
  b.referent_id = d.referent_id;
  b.update_time = d.decided_at;
  RETURN_IF_ERROR(sql::SaveBeneficiary(tx, b));
  StageEvents(outbox, tx, {BeneficiaryOrientedEvent(b, d)});
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<OrientationDecision> SqlOrientationStore::DecideOrientation(
    const std::string& request_id, const std::string& beneficiary_id, int64_t beneficiary_version,
    const std::string& referent_id, const AccessScope& scope, const DecisionBuilder& build) {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  ASSIGN_OR_RETURN(storage::ResultSet prior,
                   tx->Query(absl::StrCat(kDecisionSelect, " WHERE request_id = ?"), {request_id}));
  if (!prior.empty()) return DecisionFromRow(prior.rows[0]);  // a retry: the first answer
  ASSIGN_OR_RETURN(Beneficiary b, sql::LoadBeneficiary(*tx, beneficiary_id, scope));
  if (b.version != beneficiary_version) {
    return absl::AbortedError(absl::StrCat("etag mismatch: ", b.id, " changed, read it again"));
  }
  ASSIGN_OR_RETURN(Referent referent, sql::LoadReferent(*tx, referent_id));
  ASSIGN_OR_RETURN(OrientationDecision d, build(b, referent));
  RETURN_IF_ERROR(InsertDecision(*tx, request_id, d));
  RETURN_IF_ERROR(ApplyDecision(outbox_, *tx, b, d));
  RETURN_IF_ERROR(tx->Commit());
  return d;
}

absl::StatusOr<ReorientationRequest> SqlOrientationStore::RequestReorientation(
    const std::string& request_id, const ReorientationRequest& request, const AccessScope& scope) {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  ASSIGN_OR_RETURN(
      storage::ResultSet prior,
      tx->Query(absl::StrCat(kReorientationSelect, " WHERE q.request_id = ?"), {request_id}));
  if (!prior.empty()) return ReorientationFromRow(prior.rows[0]);
  ASSIGN_OR_RETURN(Beneficiary b, sql::LoadBeneficiary(*tx, request.beneficiary_id, scope));
  RETURN_IF_ERROR(CheckReorientationRequest(b, request.requested_type));
  ReorientationRequest q = request;
  q.id = NewId("reo", request.create_time);
  q.status = ReorientationStatus::kPending;
  q.version = 1;
  // The partial unique index refuses a second pending request (ALREADY_EXISTS).
  ASSIGN_OR_RETURN(int64_t n,
                   tx->Exec("INSERT INTO reorientation_requests (id, request_id, beneficiary_id, "
                            "requested_type, reason, status, requested_by, version, "
                            "create_time_us, update_time_us) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
                            {q.id, request_id, q.beneficiary_id, Name(q.requested_type), q.reason,
                             Name(q.status), q.requested_by, sql::Micros(q.create_time),
                             sql::Micros(q.create_time)}));
  (void)n;
  RETURN_IF_ERROR(tx->Commit());
  return q;
}

absl::StatusOr<std::pair<ReorientationRequest, std::optional<OrientationDecision>>>
SqlOrientationStore::DecideReorientation(const std::string& reorientation_id, int64_t version,
                                         bool accept, const std::string& decided_by,
                                         const std::string& decision_reason,
                                         const std::string& referent_id, const AccessScope& scope,
                                         const DecisionBuilder& build, absl::Time now) {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  std::string sql = absl::StrCat(kReorientationSelect, " WHERE q.id = ?");
  storage::Params params = {reorientation_id};
  sql::AppendScope(scope, "b.tad", "b.mds", sql, params);
  ASSIGN_OR_RETURN(storage::ResultSet rs, tx->Query(sql, params));
  if (rs.empty()) {
    return absl::NotFoundError(
        absl::StrCat("reorientation request ", reorientation_id, " not found"));
  }
  ReorientationRequest q = ReorientationFromRow(rs.rows[0]);
  if (q.version != version) {
    return absl::AbortedError(absl::StrCat("etag mismatch: ", q.id, " changed, read it again"));
  }
  if (q.status != ReorientationStatus::kPending) {
    return absl::FailedPreconditionError(absl::StrCat("reorientation request is ", Name(q.status),
                                                      "; only a pending one is decided"));
  }
  std::optional<OrientationDecision> decision;
  if (accept) {
    ASSIGN_OR_RETURN(Beneficiary b,
                     sql::LoadBeneficiary(*tx, q.beneficiary_id, AccessScope::All()));
    ASSIGN_OR_RETURN(Referent referent, sql::LoadReferent(*tx, referent_id));
    ASSIGN_OR_RETURN(OrientationDecision d, build(b, referent));
    RETURN_IF_ERROR(InsertDecision(*tx, absl::StrCat("reorientation:", q.id), d));
    RETURN_IF_ERROR(ApplyDecision(outbox_, *tx, b, d));
    q.decision_id = d.id;
    decision = std::move(d);
  }
  q.status = accept ? ReorientationStatus::kAccepted : ReorientationStatus::kDenied;
  q.decided_by = decided_by;
  q.decision_reason = decision_reason;
  ASSIGN_OR_RETURN(int64_t n,
                   tx->Exec("UPDATE reorientation_requests SET status = ?, decided_by = ?, "
                            "decision_reason = ?, decision_id = ?, version = version + 1, "
                            "update_time_us = ? WHERE id = ? AND version = ?",
                            {Name(q.status), q.decided_by, q.decision_reason, q.decision_id,
                             sql::Micros(now), q.id, version}));
  if (n == 0) return sql::StaleOrMissing(*tx, "reorientation_requests", q.id);
  ++q.version;
  RETURN_IF_ERROR(tx->Commit());
  return std::make_pair(q, decision);
}

absl::StatusOr<std::pair<std::vector<OrientationDecision>, std::vector<ReorientationRequest>>>
SqlOrientationStore::GetOrientationHistory(const std::string& beneficiary_id,
                                           const AccessScope& scope) {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(Beneficiary b, sql::LoadBeneficiary(*tx, beneficiary_id, scope));
  // Bounded: a person has a handful of decisions in a lifetime; 1000 is a safety net.
  ASSIGN_OR_RETURN(
      storage::ResultSet ds,
      tx->Query(absl::StrCat(kDecisionSelect, " WHERE beneficiary_id = ? ORDER BY id LIMIT 1000"),
                {b.id}));
  ASSIGN_OR_RETURN(storage::ResultSet qs,
                   tx->Query(absl::StrCat(kReorientationSelect,
                                          " WHERE q.beneficiary_id = ? ORDER BY q.id LIMIT 1000"),
                             {b.id}));
  std::vector<OrientationDecision> decisions;
  for (const storage::Row& r : ds.rows) decisions.push_back(DecisionFromRow(r));
  std::vector<ReorientationRequest> requests;
  for (const storage::Row& r : qs.rows) requests.push_back(ReorientationFromRow(r));
  return std::make_pair(std::move(decisions), std::move(requests));
}

}  // namespace parcours::orientation
