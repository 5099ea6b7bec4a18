// CatalogueService: offers and their status changes.
#include "google/protobuf/util/field_mask_util.h"
#include "libs/common/status_macros.h"
#include "libs/errors/grpc_status.h"
#include "libs/paging/page_token.h"
#include "libs/server/raw_messages.h"
#include "services/catalogue/domain/validation.h"
#include "services/catalogue/service.h"

namespace parcours::catalogue {

using google::protobuf::util::FieldMaskUtil;
using server::ParseRawRequest;
using server::RawResponse;

grpc::Status CatalogueService::CreateOffer(grpc::ServerContext* ctx,
                                           const v1::CreateOfferRequest* req, v1::Offer* resp) {
  return Handle(ctx, [&](const auth::CallAuthorization& call) -> absl::Status {
    errors::FieldViolations v;
    ValidateRequestId(req->request_id(), v);
    ValidateOffer(req->offer(), d_.ref, "offer", v);
    RETURN_IF_ERROR(v.ToStatus());
    RETURN_IF_ERROR(CheckStructureScope(call, req->offer().structure_id()));
    ASSIGN_OR_RETURN(*resp, d_.store.CreateOffer(req->request_id(), req->offer()));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CatalogueService::GetOffer(grpc::CallbackServerContext* ctx,
                                                     const grpc::ByteBuffer* request,
                                                     grpc::ByteBuffer* response) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  v1::GetOfferRequest req;
  if (grpc::Status parsed = ParseRawRequest(*request, req); !parsed.ok()) {
    reactor->Finish(parsed);
    return reactor;
  }
  bool answered = false;
  const grpc::Status status = Handle(ctx, [&](const auth::CallAuthorization&) -> absl::Status {
    errors::FieldViolations v;
    ValidateId(req.id(), "id", /*required=*/true, v);
    RETURN_IF_ERROR(v.ToStatus());
    if (std::optional<std::string> bytes = d_.store.GetOfferFromMemory(req.id())) {
      *response = RawResponse(std::move(*bytes));
      answered = true;
    }
    return absl::OkStatus();
  });
  if (!status.ok() || answered) {
    reactor->Finish(status);
    return reactor;
  }
  // A miss: the call stays open (its context and buffers live until Finish) while a
  // worker reads through Redis and the database. The caller was authorized above.
  blocking_.Submit([this, reactor, response, id = req.id()] {
    absl::StatusOr<v1::Offer> offer = d_.store.GetOffer(id);
    if (offer.ok()) *response = RawResponse(offer->SerializeAsString());
    reactor->Finish(errors::ToGrpcStatus(offer.status()));
  });
  return reactor;
}

grpc::Status CatalogueService::ListOffers(grpc::ServerContext* ctx,
                                          const v1::ListOffersRequest* req,
                                          v1::ListOffersResponse* resp) {
  return Handle(ctx, [&](const auth::CallAuthorization&) -> absl::Status {
    errors::FieldViolations v;
    const paging::Page requested = paging::Page::Read(*req, v);
    ValidateId(req->structure_id(), "structure_id", /*required=*/false, v);
    if (!v1::OfferStatus_IsValid(req->status())) v.Add("status", "unknown value");
    RETURN_IF_ERROR(v.ToStatus());
    const PageRequest page{.after_id = requested.after_key(), .limit = requested.size()};
    ASSIGN_OR_RETURN(
        Page<v1::Offer> result,
        d_.store.ListOffers({.structure_id = req->structure_id(), .status = req->status()}, page));
    for (v1::Offer& o : result.items) *resp->add_offers() = std::move(o);
    if (result.more) {
      resp->set_next_page_token(
          requested.NextToken(resp->offers(resp->offers_size() - 1).id()));
    }
    return absl::OkStatus();
  });
}

grpc::Status CatalogueService::UpdateOffer(grpc::ServerContext* ctx,
                                           const v1::UpdateOfferRequest* req, v1::Offer* resp) {
  return Handle(ctx, [&](const auth::CallAuthorization& call) -> absl::Status {
    errors::FieldViolations v;
    ValidateId(req->offer().id(), "offer.id", /*required=*/true, v);
    ValidateEtag(req->offer().etag(), "offer.etag", v);
    ValidateUpdateMask(req->update_mask(), UpdatableOfferPaths(), v);
    RETURN_IF_ERROR(v.ToStatus());
    ASSIGN_OR_RETURN(v1::Offer current, d_.store.GetOffer(req->offer().id()));
    RETURN_IF_ERROR(CheckStructureScope(call, current.structure_id()));
    // Validate what the offer would become (only the masked fields can be new).
    FieldMaskUtil::MergeOptions options;
    options.set_replace_message_fields(true);
    options.set_replace_repeated_fields(true);
    FieldMaskUtil::MergeMessageTo(req->offer(), req->update_mask(), options, &current);
    ValidateOffer(current, d_.ref, "offer", v);
    RETURN_IF_ERROR(v.ToStatus());
    ASSIGN_OR_RETURN(*resp, d_.store.UpdateOffer(req->offer(), req->update_mask(),
                                                 EtagVersion(req->offer().etag())));
    return absl::OkStatus();
  });
}

absl::Status CatalogueService::ChangeOffer(const auth::CallAuthorization& call,
                                           const v1::ChangeOfferStatusRequest& req,
                                           OfferAction action, v1::Offer* resp) {
  errors::FieldViolations v;
  ValidateId(req.id(), "id", /*required=*/true, v);
  ValidateEtag(req.etag(), "etag", v);
  RETURN_IF_ERROR(v.ToStatus());
  RETURN_IF_ERROR(CheckOfferScope(call, req.id()));
  ASSIGN_OR_RETURN(*resp, d_.store.ChangeOfferStatus(req.id(), EtagVersion(req.etag()), action));
  return absl::OkStatus();
}

grpc::Status CatalogueService::PublishOffer(grpc::ServerContext* ctx,
                                            const v1::ChangeOfferStatusRequest* req,
                                            v1::Offer* resp) {
  return Handle(ctx, [&](const auth::CallAuthorization& call) {
    return ChangeOffer(call, *req, OfferAction::kPublish, resp);
  });
}

grpc::Status CatalogueService::SuspendOffer(grpc::ServerContext* ctx,
                                            const v1::ChangeOfferStatusRequest* req,
                                            v1::Offer* resp) {
  return Handle(ctx, [&](const auth::CallAuthorization& call) {
    return ChangeOffer(call, *req, OfferAction::kSuspend, resp);
  });
}

grpc::Status CatalogueService::ArchiveOffer(grpc::ServerContext* ctx,
                                            const v1::ChangeOfferStatusRequest* req,
                                            v1::Offer* resp) {
  return Handle(ctx, [&](const auth::CallAuthorization& call) {
    return ChangeOffer(call, *req, OfferAction::kArchive, resp);
  });
}

}  // namespace parcours::catalogue
