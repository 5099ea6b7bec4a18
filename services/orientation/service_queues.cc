// Handlers: operational queues.
#include "libs/common/status_macros.h"
#include "libs/paging/page_token.h"
#include "services/orientation/proto_mapping.h"
#include "services/orientation/service.h"
#include "services/orientation/service_helpers.h"

namespace parcours::orientation {

grpc::Status OrientationService::GetQueueCounts(grpc::ServerContext* ctx,
                                                const v1::GetQueueCountsRequest* req,
                                                v1::GetQueueCountsResponse* resp) {
  return Run(ctx, {"queue", ""}, [&](const Caller& caller) -> absl::Status {
    errors::FieldViolations v;
    if (!req->tad().empty() && !d_.territories->HasTad(req->tad())) v.Add("tad", "unknown TAD");
    RETURN_IF_ERROR(v.ToStatus());
    ASSIGN_OR_RETURN(std::vector<QueueCount> counts,
                     d_.store->QueueCounts(req->tad(), caller.scope, NotOrientedBefore()));
    for (const QueueCount& c : counts) {
      v1::QueueCount* out = resp->add_counts();
      out->set_queue(EnumCast<pb::QueueKind>(c.queue));
      out->set_tad(c.tad);
      out->set_mds(c.mds);
      out->set_count(c.count);
    }
    resp->set_not_oriented_after_days(d_.settings.not_oriented_after_days);
    return absl::OkStatus();
  });
}

grpc::Status OrientationService::ListQueue(grpc::ServerContext* ctx,
                                           const v1::ListQueueRequest* req,
                                           v1::ListQueueResponse* resp) {
  return Run(ctx, {"queue", ""}, [&](const Caller& caller) -> absl::Status {
    errors::FieldViolations v;
    if (req->queue() == pb::QUEUE_KIND_UNSPECIFIED || !pb::QueueKind_IsValid(req->queue())) {
      v.Add("queue", "required");
    }
    if (!req->tad().empty() && !d_.territories->HasTad(req->tad())) v.Add("tad", "unknown TAD");
    if (!req->mds().empty() && !d_.territories->TadOfMds(req->mds())) v.Add("mds", "unknown MDS");
    const paging::Page requested = paging::Page::Read(*req, v);
    RETURN_IF_ERROR(v.ToStatus());
    const PageRequest page{requested.size(), requested.after_key()};
    ASSIGN_OR_RETURN(
        Page<QueueEntry> result,
        d_.store->ListQueue(EnumCast<QueueKind>(req->queue()), req->tad(), req->mds(), caller.scope,
                            NotOrientedBefore(), d_.clock->Today(), page));
    for (const QueueEntry& e : result.items) {
      v1::QueueEntry* out = resp->add_entries();
      out->set_beneficiary_id(e.beneficiary_id);
      out->mutable_territory()->set_tad(e.territory.tad);
      out->mutable_territory()->set_mds(e.territory.mds);
      *out->mutable_entry_date() = ToDate(e.entry_date);
      out->set_days_waiting(e.days_waiting);
    }
    if (!result.next.empty()) resp->set_next_page_token(requested.NextToken(result.next));
    return absl::OkStatus();
  });
}

}  // namespace parcours::orientation
