// Handlers: the beneficiary registry (get, list, update with field mask and etag).
#include <set>

#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "libs/paging/page_token.h"
#include "services/orientation/domain/beneficiary_status.h"
#include "services/orientation/domain/identity_validation.h"
#include "services/orientation/proto_mapping.h"
#include "services/orientation/service.h"
#include "services/orientation/service_helpers.h"

namespace parcours::orientation {
namespace {

// The paths UpdateBeneficiary accepts; names, birth date and CAF number come from the CAF.
const std::set<std::string>& UpdatablePaths() {
  static const auto* paths = new std::set<std::string>{"identity.phone",
                                                       "identity.email",
                                                       "identity.address_line",
                                                       "identity.commune_insee",
                                                       "subject_to_rights_and_duties",
                                                       "diagnostic"};
  return *paths;
}

void ValidateDiagnostic(const pb::Diagnostic& d, absl::CivilDay today, errors::FieldViolations& v) {
  std::set<int> seen;
  for (int i = 0; i < d.barriers_size(); ++i) {
    const int b = d.barriers(i);
    const std::string field = absl::StrCat("beneficiary.diagnostic.barriers[", i, "]");
    if (b == pb::BARRIER_UNSPECIFIED || !pb::Barrier_IsValid(b)) v.Add(field, "unknown barrier");
    if (!seen.insert(b).second) v.Add(field, "repeated");
  }
  if (d.qualification_level() == pb::QUALIFICATION_LEVEL_UNSPECIFIED ||
      !pb::QualificationLevel_IsValid(d.qualification_level())) {
    v.Add("beneficiary.diagnostic.qualification_level", "required");
  }
  if (!IsUnset(d.last_employment_end())) {
    std::optional<absl::CivilDay> end = FromDate(d.last_employment_end());
    if (!end.has_value()) {
      v.Add("beneficiary.diagnostic.last_employment_end", "not a real day");
    } else if (*end > today) {
      v.Add("beneficiary.diagnostic.last_employment_end", "in the future");
    }
  }
}

}  // namespace

grpc::Status OrientationService::GetBeneficiary(grpc::ServerContext* ctx,
                                                const v1::GetBeneficiaryRequest* req,
                                                v1::Beneficiary* resp) {
  return Run(ctx, {"beneficiary", req->id()}, [&](const Caller& caller) -> absl::Status {
    errors::FieldViolations v;
    CheckId(req->id(), "ben", "id", v);
    RETURN_IF_ERROR(v.ToStatus());
    ASSIGN_OR_RETURN(Beneficiary b, d_.store->GetBeneficiary(req->id(), caller.scope));
    ToProto(b, resp);
    return absl::OkStatus();
  });
}

grpc::Status OrientationService::ListBeneficiaries(grpc::ServerContext* ctx,
                                                   const v1::ListBeneficiariesRequest* req,
                                                   v1::ListBeneficiariesResponse* resp) {
  return Run(ctx, {"beneficiary", ""}, [&](const Caller& caller) -> absl::Status {
    errors::FieldViolations v;
    if (!pb::BeneficiaryStatus_IsValid(req->status())) v.Add("status", "unknown status");
    if (!req->tad().empty() && !d_.territories->HasTad(req->tad())) v.Add("tad", "unknown TAD");
    if (!req->mds().empty() && !d_.territories->TadOfMds(req->mds())) v.Add("mds", "unknown MDS");
    if (!req->commune_insee().empty() && !d_.territories->ForCommune(req->commune_insee())) {
      v.Add("commune_insee", "unknown commune");
    }
    const paging::Page requested = paging::Page::Read(*req, v);
    RETURN_IF_ERROR(v.ToStatus());
    const PageRequest page{requested.size(), requested.after_key()};
    BeneficiaryFilter filter{EnumCast<BeneficiaryStatus>(req->status()), req->tad(), req->mds(),
                             req->commune_insee()};
    ASSIGN_OR_RETURN(Page<Beneficiary> result,
                     d_.store->ListBeneficiaries(filter, caller.scope, page));
    for (const Beneficiary& b : result.items) ToProto(b, resp->add_beneficiaries());
    if (!result.next.empty()) resp->set_next_page_token(requested.NextToken(result.next));
    return absl::OkStatus();
  });
}

grpc::Status OrientationService::UpdateBeneficiary(grpc::ServerContext* ctx,
                                                   const v1::UpdateBeneficiaryRequest* req,
                                                   v1::Beneficiary* resp) {
  const pb::Beneficiary& in = req->beneficiary();
  return Run(ctx, {"beneficiary", in.id()}, [&](const Caller& caller) -> absl::Status {
    errors::FieldViolations v;
    CheckId(in.id(), "ben", "beneficiary.id", v);
    const int64_t version = ParseEtag(in.etag(), "beneficiary.etag", v);
    std::set<std::string> paths;
    if (req->update_mask().paths_size() == 0) v.Add("update_mask", "list the fields to change");
    for (const std::string& p : req->update_mask().paths()) {
      if (UpdatablePaths().count(p) == 0) {
        v.Add("update_mask", absl::StrCat("\"", p, "\" cannot be updated"));
      }
      paths.insert(p);
    }
    const pb::Identity& id = in.identity();
    std::optional<Territory> territory;
    if (paths.count("identity.phone") && !IsValidPhone(id.phone())) {
      v.Add("beneficiary.identity.phone", "not a French phone number");
    }
    if (paths.count("identity.email") && !IsValidEmail(id.email())) {
      v.Add("beneficiary.identity.email", "not an e-mail address");
    }
    if (paths.count("identity.address_line")) {
      CheckText(id.address_line(), "beneficiary.identity.address_line", false, 200, v);
    }
    if (paths.count("identity.commune_insee")) {
      territory = d_.territories->ForCommune(id.commune_insee());
      if (!territory) v.Add("beneficiary.identity.commune_insee", "unknown commune");
    }
    const absl::CivilDay today = d_.clock->Today();
    if (paths.count("diagnostic")) ValidateDiagnostic(in.diagnostic(), today, v);
    RETURN_IF_ERROR(v.ToStatus());

    const absl::Time now = d_.clock->Now();
    auto mutate = [&](Beneficiary& b) -> absl::StatusOr<std::vector<std::string>> {
      if (b.status == BeneficiaryStatus::kExited) {
        return absl::FailedPreconditionError("an exited beneficiary's file is closed");
      }
      std::vector<std::string> changed;
      auto set = [&](std::string& field, const std::string& value, const char* path) {
        if (paths.count(path) && field != value) {
          field = value;
          changed.push_back(path);
        }
      };
      set(b.identity.phone, id.phone(), "identity.phone");
      set(b.identity.email, id.email(), "identity.email");
      set(b.identity.address_line, id.address_line(), "identity.address_line");
      if (territory && b.identity.commune_insee != territory->commune_insee) {
        b.identity.commune_insee = territory->commune_insee;
        b.territory = *territory;
        changed.push_back("identity.commune_insee");
      }
      if (paths.count("subject_to_rights_and_duties") &&
          in.subject_to_rights_and_duties() != b.subject_to_rights_and_duties) {
        b.subject_to_rights_and_duties = in.subject_to_rights_and_duties();
        const StatusEvent ev = b.subject_to_rights_and_duties
                                   ? StatusEvent::kBecameSubjectToRightsAndDuties
                                   : StatusEvent::kNoLongerSubject;
        absl::StatusOr<BeneficiaryStatus> next = Transition(b.status, ev);
        if (next.ok()) b.status = *next;  // later statuses keep their course
        changed.push_back("subject_to_rights_and_duties");
      }
      if (paths.count("diagnostic")) {
        Diagnostic diag;
        for (int x : in.diagnostic().barriers()) diag.barriers.push_back(static_cast<Barrier>(x));
        diag.qualification_level =
            EnumCast<QualificationLevel>(in.diagnostic().qualification_level());
        diag.last_employment_end = FromDate(in.diagnostic().last_employment_end());
        diag.france_travail_registered = in.diagnostic().france_travail_registered();
        diag.assessed_at = now;
        b.diagnostic = diag;
        changed.push_back("diagnostic");
      }
      b.update_time = now;
      return changed;
    };
    ASSIGN_OR_RETURN(Beneficiary b,
                     d_.store->UpdateBeneficiary(in.id(), version, caller.scope, mutate));
    ToProto(b, resp);
    return absl::OkStatus();
  });
}

}  // namespace parcours::orientation
