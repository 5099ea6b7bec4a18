// Handlers: référents, slots and appointments.
#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "libs/paging/page_token.h"
#include "services/orientation/domain/agenda.h"
#include "services/orientation/proto_mapping.h"
#include "services/orientation/service.h"
#include "services/orientation/service_helpers.h"

namespace parcours::orientation {

grpc::Status OrientationService::CreateReferent(grpc::ServerContext* ctx,
                                                const v1::CreateReferentRequest* req,
                                                v1::Referent* resp) {
  return Run(ctx, {"referent", ""}, [&](const Caller& caller) -> absl::Status {
    errors::FieldViolations v;
    CheckRequestId(req->request_id(), v);
    const pb::Referent& r = req->referent();
    CheckText(r.display_name(), "referent.display_name", true, 200, v);
    CheckText(r.structure_id(), "referent.structure_id", true, 64, v);
    if (r.orientation_type() == pb::ORIENTATION_TYPE_UNSPECIFIED ||
        !pb::OrientationType_IsValid(r.orientation_type())) {
      v.Add("referent.orientation_type", "required");
    }
    const std::optional<std::string> tad = d_.territories->TadOfMds(r.mds());
    if (!tad) v.Add("referent.mds", "unknown MDS");
    if (!r.tad().empty() && tad && r.tad() != *tad) v.Add("referent.tad", "not the MDS's TAD");
    if (r.target_caseload() < 1 || r.target_caseload() > 500) {
      v.Add("referent.target_caseload", "must be 1 to 500");
    }
    RETURN_IF_ERROR(v.ToStatus());
    RETURN_IF_ERROR(CheckCovers(caller, *tad, r.mds()));
    Referent in{"",
                r.display_name(),
                r.structure_id(),
                EnumCast<OrientationType>(r.orientation_type()),
                *tad,
                r.mds(),
                r.target_caseload(),
                0,
                0};
    ASSIGN_OR_RETURN(Referent created, d_.store->CreateReferent(req->request_id(), in));
    ToProto(created, resp);
    return absl::OkStatus();
  });
}

grpc::Status OrientationService::GetReferent(grpc::ServerContext* ctx,
                                             const v1::GetReferentRequest* req,
                                             v1::Referent* resp) {
  return Run(ctx, {"referent", req->id()}, [&](const Caller&) -> absl::Status {
    errors::FieldViolations v;
    CheckId(req->id(), "ref", "id", v);
    RETURN_IF_ERROR(v.ToStatus());
    ASSIGN_OR_RETURN(Referent r, d_.store->GetReferent(req->id()));
    ToProto(r, resp);
    return absl::OkStatus();
  });
}

grpc::Status OrientationService::ListReferents(grpc::ServerContext* ctx,
                                               const v1::ListReferentsRequest* req,
                                               v1::ListReferentsResponse* resp) {
  return Run(ctx, {"referent", ""}, [&](const Caller&) -> absl::Status {
    errors::FieldViolations v;
    if (!req->tad().empty() && !d_.territories->HasTad(req->tad())) v.Add("tad", "unknown TAD");
    if (!pb::OrientationType_IsValid(req->orientation_type())) {
      v.Add("orientation_type", "unknown type");
    }
    const paging::Page requested = paging::Page::Read(*req, v);
    RETURN_IF_ERROR(v.ToStatus());
    const PageRequest page{requested.size(), requested.after_key()};
    ASSIGN_OR_RETURN(Page<Referent> result,
                     d_.store->ListReferents(
                         req->tad(), EnumCast<OrientationType>(req->orientation_type()), page));
    for (const Referent& r : result.items) ToProto(r, resp->add_referents());
    if (!result.next.empty()) resp->set_next_page_token(requested.NextToken(result.next));
    return absl::OkStatus();
  });
}

grpc::Status OrientationService::PublishSlots(grpc::ServerContext* ctx,
                                              const v1::PublishSlotsRequest* req,
                                              v1::PublishSlotsResponse* resp) {
  return Run(ctx, {"referent", req->referent_id()}, [&](const Caller& caller) -> absl::Status {
    errors::FieldViolations v;
    CheckId(req->referent_id(), "ref", "referent_id", v);
    if (req->slots_size() < 1 || req->slots_size() > kMaxSlotsPerPublish) {
      v.Add("slots", absl::StrCat("give 1 to ", kMaxSlotsPerPublish, " slots"));
    }
    const absl::Time now = d_.clock->Now();
    std::vector<Slot> slots;
    for (int i = 0; i < req->slots_size(); ++i) {
      const pb::Slot& s = req->slots(i);
      const std::string field = absl::StrCat("slots[", i, "]");
      if (!s.has_starts_at()) {
        v.Add(field + ".starts_at", "required");
        continue;
      }
      if (auto why = CheckNewSlot(FromTimestamp(s.starts_at()), s.duration_minutes(), now)) {
        v.Add(field, *why);
      }
      slots.push_back(
          Slot{"", "", FromTimestamp(s.starts_at()), s.duration_minutes(), false, "", ""});
    }
    RETURN_IF_ERROR(v.ToStatus());
    ASSIGN_OR_RETURN(std::vector<Slot> published,
                     d_.store->PublishSlots(req->referent_id(), slots, caller.scope));
    for (const Slot& s : published) ToProto(s, resp->add_slots());
    return absl::OkStatus();
  });
}

grpc::Status OrientationService::ListFreeSlots(grpc::ServerContext* ctx,
                                               const v1::ListFreeSlotsRequest* req,
                                               v1::ListFreeSlotsResponse* resp) {
  return Run(ctx, {"referent", ""}, [&](const Caller& caller) -> absl::Status {
    errors::FieldViolations v;
    if (!d_.territories->HasTad(req->tad())) v.Add("tad", "unknown TAD");
    if (!req->mds().empty() && d_.territories->TadOfMds(req->mds()) != req->tad()) {
      v.Add("mds", "not an MDS of the TAD");
    }
    const std::optional<absl::CivilDay> from = FromDate(req->dates().from());
    const std::optional<absl::CivilDay> to = FromDate(req->dates().to());
    if (!from) v.Add("dates.from", "required, a real day");
    if (!to) v.Add("dates.to", "required, a real day");
    if (from && to) {
      if (auto why = CheckSlotSearchRange(*from, *to)) v.Add("dates", *why);
    }
    const paging::Page requested = paging::Page::Read(*req, v);
    RETURN_IF_ERROR(v.ToStatus());
    const PageRequest page{requested.size(), requested.after_key()};
    const absl::TimeZone tz = LegalTimeZone();
    ASSIGN_OR_RETURN(Page<Slot> result,
                     d_.store->ListFreeSlots(req->tad(), req->mds(), absl::FromCivil(*from, tz),
                                             absl::FromCivil(*to, tz), caller.scope, page));
    for (const Slot& s : result.items) ToProto(s, resp->add_slots());
    if (!result.next.empty()) resp->set_next_page_token(requested.NextToken(result.next));
    return absl::OkStatus();
  });
}

grpc::Status OrientationService::BookAppointment(grpc::ServerContext* ctx,
                                                 const v1::BookAppointmentRequest* req,
                                                 v1::Appointment* resp) {
  return Run(
      ctx, {"beneficiary", req->beneficiary_id()}, [&](const Caller& caller) -> absl::Status {
        errors::FieldViolations v;
        CheckRequestId(req->request_id(), v);
        CheckId(req->slot_id(), "slt", "slot_id", v);
        CheckId(req->beneficiary_id(), "ben", "beneficiary_id", v);
        RETURN_IF_ERROR(v.ToStatus());
        ASSIGN_OR_RETURN(Appointment a, d_.store->BookAppointment(req->request_id(), req->slot_id(),
                                                                  req->beneficiary_id(),
                                                                  caller.scope, d_.clock->Now()));
        ToProto(a, resp);
        return absl::OkStatus();
      });
}

grpc::Status OrientationService::CancelAppointment(grpc::ServerContext* ctx,
                                                   const v1::CancelAppointmentRequest* req,
                                                   v1::Appointment* resp) {
  return Run(
      ctx, {"appointment", req->appointment_id()}, [&](const Caller& caller) -> absl::Status {
        errors::FieldViolations v;
        CheckId(req->appointment_id(), "apt", "appointment_id", v);
        const int64_t version = ParseEtag(req->etag(), "etag", v);
        CheckText(req->reason(), "reason", true, 500, v);
        RETURN_IF_ERROR(v.ToStatus());
        ASSIGN_OR_RETURN(Appointment a,
                         d_.store->CancelAppointment(req->appointment_id(), version, req->reason(),
                                                     caller.scope, d_.clock->Now()));
        ToProto(a, resp);
        return absl::OkStatus();
      });
}

grpc::Status OrientationService::RecordAppointmentOutcome(
    grpc::ServerContext* ctx, const v1::RecordAppointmentOutcomeRequest* req,
    v1::Appointment* resp) {
  return Run(ctx, {"appointment", req->appointment_id()},
             [&](const Caller& caller) -> absl::Status {
               errors::FieldViolations v;
               CheckId(req->appointment_id(), "apt", "appointment_id", v);
               const int64_t version = ParseEtag(req->etag(), "etag", v);
               const auto o = req->outcome();
               if (o != pb::HELD && o != pb::MISSED && o != pb::EXCUSED_ABSENCE) {
                 v.Add("outcome", "must be HELD, MISSED or EXCUSED_ABSENCE");
               }
               RETURN_IF_ERROR(v.ToStatus());
               ASSIGN_OR_RETURN(AppointmentResult r,
                                d_.store->RecordAppointmentOutcome(req->appointment_id(), version,
                                                                   EnumCast<AppointmentStatus>(o),
                                                                   caller.scope, d_.clock->Now()));
               ToProto(r.appointment, resp);
               return absl::OkStatus();
             });
}

}  // namespace parcours::orientation
