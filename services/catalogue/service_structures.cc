// CatalogueService: structures.
#include "google/protobuf/util/field_mask_util.h"
#include "libs/common/status_macros.h"
#include "libs/paging/page_token.h"
#include "services/catalogue/domain/validation.h"
#include "services/catalogue/service.h"

namespace parcours::catalogue {

using google::protobuf::util::FieldMaskUtil;

grpc::Status CatalogueService::CreateStructure(grpc::ServerContext* ctx,
                                               const v1::CreateStructureRequest* req,
                                               v1::Structure* resp) {
  return Handle(ctx, [&](const auth::CallAuthorization&) -> absl::Status {
    errors::FieldViolations v;
    ValidateRequestId(req->request_id(), v);
    ValidateStructure(req->structure(), d_.ref, "structure", v);
    RETURN_IF_ERROR(v.ToStatus());
    ASSIGN_OR_RETURN(*resp, d_.store.CreateStructure(req->request_id(), req->structure()));
    return absl::OkStatus();
  });
}

grpc::Status CatalogueService::GetStructure(grpc::ServerContext* ctx,
                                            const v1::GetStructureRequest* req,
                                            v1::Structure* resp) {
  return Handle(ctx, [&](const auth::CallAuthorization&) -> absl::Status {
    errors::FieldViolations v;
    ValidateId(req->id(), "id", /*required=*/true, v);
    RETURN_IF_ERROR(v.ToStatus());
    ASSIGN_OR_RETURN(*resp, d_.store.GetStructure(req->id()));
    return absl::OkStatus();
  });
}

grpc::Status CatalogueService::ListStructures(grpc::ServerContext* ctx,
                                              const v1::ListStructuresRequest* req,
                                              v1::ListStructuresResponse* resp) {
  return Handle(ctx, [&](const auth::CallAuthorization&) -> absl::Status {
    errors::FieldViolations v;
    const paging::Page requested = paging::Page::Read(*req, v);
    if (!v1::StructureKind_IsValid(req->kind())) v.Add("kind", "unknown value");
    if (!v1::StructureStatus_IsValid(req->status())) v.Add("status", "unknown value");
    RETURN_IF_ERROR(v.ToStatus());
    const PageRequest page{.after_id = requested.after_key(), .limit = requested.size()};
    ASSIGN_OR_RETURN(Page<v1::Structure> result,
                     d_.store.ListStructures({.kind = req->kind(), .status = req->status()}, page));
    for (v1::Structure& s : result.items) *resp->add_structures() = std::move(s);
    if (result.more) {
      resp->set_next_page_token(
          requested.NextToken(resp->structures(resp->structures_size() - 1).id()));
    }
    return absl::OkStatus();
  });
}

grpc::Status CatalogueService::UpdateStructure(grpc::ServerContext* ctx,
                                               const v1::UpdateStructureRequest* req,
                                               v1::Structure* resp) {
  return Handle(ctx, [&](const auth::CallAuthorization& call) -> absl::Status {
    errors::FieldViolations v;
    ValidateId(req->structure().id(), "structure.id", /*required=*/true, v);
    ValidateEtag(req->structure().etag(), "structure.etag", v);
    ValidateUpdateMask(req->update_mask(), UpdatableStructurePaths(), v);
    RETURN_IF_ERROR(v.ToStatus());
    RETURN_IF_ERROR(CheckStructureScope(call, req->structure().id()));
    // Validate what the structure would become (only the masked fields can be new).
    ASSIGN_OR_RETURN(v1::Structure current, d_.store.GetStructure(req->structure().id()));
    FieldMaskUtil::MergeOptions options;
    options.set_replace_message_fields(true);
    options.set_replace_repeated_fields(true);
    FieldMaskUtil::MergeMessageTo(req->structure(), req->update_mask(), options, &current);
    ValidateStructure(current, d_.ref, "structure", v);
    RETURN_IF_ERROR(v.ToStatus());
    ASSIGN_OR_RETURN(*resp, d_.store.UpdateStructure(req->structure(), req->update_mask(),
                                                     EtagVersion(req->structure().etag())));
    return absl::OkStatus();
  });
}

grpc::Status CatalogueService::CloseStructure(grpc::ServerContext* ctx,
                                              const v1::CloseStructureRequest* req,
                                              v1::Structure* resp) {
  return Handle(ctx, [&](const auth::CallAuthorization&) -> absl::Status {
    errors::FieldViolations v;
    ValidateId(req->id(), "id", /*required=*/true, v);
    ValidateEtag(req->etag(), "etag", v);
    RETURN_IF_ERROR(v.ToStatus());
    ASSIGN_OR_RETURN(*resp, d_.store.CloseStructure(req->id(), EtagVersion(req->etag())));
    return absl::OkStatus();
  });
}

}  // namespace parcours::catalogue
