// CatalogueService: mobilisation figures and the data·inclusion interchange.
#include "libs/common/status_macros.h"
#include "services/catalogue/domain/data_inclusion.h"
#include "services/catalogue/domain/dates.h"
#include "services/catalogue/domain/validation.h"
#include "services/catalogue/service.h"

namespace parcours::catalogue {

grpc::Status CatalogueService::GetMobilisation(grpc::ServerContext* ctx,
                                               const v1::GetMobilisationRequest* req,
                                               v1::GetMobilisationResponse* resp) {
  return Handle(ctx, [&](const auth::CallAuthorization& call) -> absl::Status {
    errors::FieldViolations v;
    ValidateDateRange(req->period(), "period", /*bounds_required=*/true, v);
    ValidateId(req->offer_id(), "offer_id", false, v);
    ValidateId(req->structure_id(), "structure_id", false, v);
    if (!req->tad().empty() && !d_.ref.IsTad(req->tad())) v.Add("tad", "unknown TAD");
    if (!req->mds().empty() && !d_.ref.IsMds(req->mds())) v.Add("mds", "unknown MDS");
    if (!v1::MobilisationGrouping_IsValid(req->group_by())) v.Add("group_by", "unknown value");
    RETURN_IF_ERROR(v.ToStatus());
    MobilisationQuery q{.from = DateText(req->period().from()),
                        .to = DateText(req->period().to()),
                        .offer_id = req->offer_id(),
                        .structure_id = req->structure_id(),
                        .tad = req->tad(),
                        .mds = req->mds(),
                        .pdi_fiche = req->pdi_fiche(),
                        .group_by = req->group_by()};
    // An operator sees its own structure's figures only.
    const auth::Principal& who = call.principal;
    if (!IsUnscoped(who) && who.HasRole(auth::kOperator) && !who.HasRole(auth::kSteering)) {
      if (!q.structure_id.empty() && q.structure_id != who.structure_id) {
        return absl::PermissionDeniedError("operators see their own structure's figures only");
      }
      q.structure_id = who.structure_id;
    }
    ASSIGN_OR_RETURN(std::vector<v1::MobilisationRow> rows, d_.store.Mobilisation(q));
    for (v1::MobilisationRow& r : rows) *resp->add_rows() = std::move(r);
    return absl::OkStatus();
  });
}

grpc::Status CatalogueService::ImportDataInclusion(grpc::ServerContext* ctx,
                                                   const v1::ImportDataInclusionRequest* req,
                                                   v1::ImportDataInclusionResponse* resp) {
  return Handle(ctx, [&](const auth::CallAuthorization&) -> absl::Status {
    ASSIGN_OR_RETURN(DataInclusionDocument doc, ParseDataInclusion(req->json(), d_.ref));
    ASSIGN_OR_RETURN(*resp, d_.store.Import(doc, req->publish()));
    return absl::OkStatus();
  });
}

grpc::Status CatalogueService::ExportDataInclusion(grpc::ServerContext* ctx,
                                                   const v1::ExportDataInclusionRequest* req,
                                                   v1::ExportDataInclusionResponse* resp) {
  return Handle(ctx, [&](const auth::CallAuthorization&) -> absl::Status {
    ASSIGN_OR_RETURN(auto published, d_.store.PublishedOffer());
    resp->set_json(
        parcours::catalogue::ExportDataInclusion(published.first, published.second, d_.ref));
    return absl::OkStatus();
  });
}

}  // namespace parcours::catalogue
