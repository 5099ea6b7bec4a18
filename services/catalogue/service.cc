// CatalogueService: the shared call path and the scope checks.
#include "services/catalogue/service.h"

#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "libs/errors/grpc_status.h"
#include "libs/log/log.h"

namespace parcours::catalogue {

bool IsUnscoped(const auth::Principal& principal) {
  if (principal.HasRole(auth::kAdmin)) return true;
  for (const std::string& role : principal.roles) {
    if (role.rfind(auth::kServicePrefix, 0) == 0) return true;
  }
  return false;
}

namespace {

// Reads change nothing; every other audited method is a write.
audit::AuditAction ActionOf(const std::string& method) {
  const std::string name = method.substr(method.rfind('/') + 1);
  for (const char* prefix : {"Get", "List", "Search", "Export"}) {
    if (name.rfind(prefix, 0) == 0) return audit::AuditAction::kRead;
  }
  return audit::AuditAction::kWrite;
}

}  // namespace

grpc::Status CatalogueService::Handle(const grpc::ServerContextBase* ctx, const Body& body,
                                      const RecordId& record_id) const {
  absl::StatusOr<auth::CallAuthorization> call = d_.authorizer.Authorize(ctx);
  if (!call.ok()) return errors::ToGrpcStatus(call.status());
  absl::Status status = body(*call);
  if (call->rule.personal_data == auth::PersonalData::kYes) {
    // Attempts are audited too: a refused read of someone's prescription is worth knowing.
    absl::Status audited = d_.audit.Record(*call, ActionOf(call->method), "prescription",
                                           record_id ? record_id() : std::string());
    if (!audited.ok()) {
      log::Error("audit write failed", {{"method", call->method}, {"error", audited.ToString()}});
      if (status.ok()) status = absl::UnavailableError("audit log unavailable");
    }
  }
  return errors::ToGrpcStatus(status);
}

absl::Status CatalogueService::CheckStructureScope(const auth::CallAuthorization& call,
                                                   const std::string& structure_id) const {
  if (IsUnscoped(call.principal)) return absl::OkStatus();
  if (call.principal.HasRole(auth::kOperator) && !structure_id.empty() &&
      call.principal.structure_id == structure_id) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat("structure ", structure_id, " is not yours: operators act on their own"));
}

absl::Status CatalogueService::CheckOfferScope(const auth::CallAuthorization& call,
                                               const std::string& offer_id) const {
  if (IsUnscoped(call.principal)) return absl::OkStatus();
  ASSIGN_OR_RETURN(v1::Offer offer, d_.store.GetOffer(offer_id));
  return CheckStructureScope(call, offer.structure_id());
}

absl::Status CatalogueService::CheckPrescriptionScope(const auth::CallAuthorization& call,
                                                      const v1::Prescription& p) const {
  const auth::Principal& who = call.principal;
  if (IsUnscoped(who)) return absl::OkStatus();
  if (who.HasRole(auth::kOperator) && !who.structure_id.empty() &&
      who.structure_id == p.structure_id()) {
    return absl::OkStatus();
  }
  if ((who.HasRole(auth::kReferent) || who.HasRole(auth::kOrientationAgent)) &&
      (who.CoversTerritory(p.territory().tad()) || who.CoversTerritory(p.territory().mds()))) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat("prescription ", p.id(), " is outside your territory or structure"));
}

}  // namespace parcours::catalogue
