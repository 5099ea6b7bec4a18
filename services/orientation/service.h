// The gRPC handlers of parcours.orientation.v1.Orientation. Each handler authorizes the
// call, validates the request (naming every bad field, writing nothing), maps it to the
// domain, calls the store, and maps the result back; personal-data RPCs are audited.
// The logic lives in domain/ and store/: handlers stay thin.
//
//   OrientationService service({&store, &audit, &authorizer, &data.territories, &data.rules,
//                               &Clock::Real(), &metrics, settings});
//   host.AddService(&service, pb::Orientation::service_full_name());
#ifndef PARCOURS_SERVICES_ORIENTATION_SERVICE_H_
#define PARCOURS_SERVICES_ORIENTATION_SERVICE_H_

#include <functional>
#include <string>

#include "libs/audit/audit_log.h"
#include "libs/auth/authorizer.h"
#include "libs/common/clock.h"
#include "parcours/orientation/v1/orientation.grpc.pb.h"
#include "services/orientation/domain/model.h"
#include "services/orientation/domain/rules_engine.h"
#include "services/orientation/orientation_metrics.h"
#include "services/orientation/orientation_settings.h"
#include "services/orientation/store/orientation_store.h"

namespace parcours::orientation {

struct OrientationServiceDeps {
  OrientationStore* store;
  audit::AuditLog* audit;
  const auth::Authorizer* authorizer;
  const TerritoryMap* territories;
  const RulesEngine* rules;
  const Clock* clock;
  OrientationMetrics* metrics;
  OrientationSettings settings;
};

// The record a call is about, for the audit log ("beneficiary", id); the id may be empty
// for lists and batches.
struct AuditedRecord {
  const char* type;
  std::string id;
};

// Who is calling and what they may reach, for one call.
struct Caller {
  auth::CallAuthorization call;
  AccessScope scope;
};

class OrientationService final : public v1::Orientation::Service {
 public:
  explicit OrientationService(OrientationServiceDeps deps) : d_(std::move(deps)) {}

  grpc::Status GetBeneficiary(grpc::ServerContext* ctx, const v1::GetBeneficiaryRequest* req,
                              v1::Beneficiary* resp) override;
  grpc::Status ListBeneficiaries(grpc::ServerContext* ctx, const v1::ListBeneficiariesRequest* req,
                                 v1::ListBeneficiariesResponse* resp) override;
  grpc::Status UpdateBeneficiary(grpc::ServerContext* ctx, const v1::UpdateBeneficiaryRequest* req,
                                 v1::Beneficiary* resp) override;
  grpc::Status ImportCafFlow(grpc::ServerContext* ctx, grpc::ServerReader<v1::CafRecord>* reader,
                             v1::ImportCafFlowResponse* resp) override;

  grpc::Status CreateInformationSession(grpc::ServerContext* ctx,
                                        const v1::CreateInformationSessionRequest* req,
                                        v1::InformationSession* resp) override;
  grpc::Status ListInformationSessions(grpc::ServerContext* ctx,
                                       const v1::ListInformationSessionsRequest* req,
                                       v1::ListInformationSessionsResponse* resp) override;
  grpc::Status ConveneEntrants(grpc::ServerContext* ctx, const v1::ConveneEntrantsRequest* req,
                               v1::ConveneEntrantsResponse* resp) override;
  grpc::Status RecordAttendance(grpc::ServerContext* ctx, const v1::RecordAttendanceRequest* req,
                                v1::Convocation* resp) override;
  grpc::Status ListConvocations(grpc::ServerContext* ctx, const v1::ListConvocationsRequest* req,
                                v1::ListConvocationsResponse* resp) override;

  grpc::Status SuggestOrientation(grpc::ServerContext* ctx,
                                  const v1::SuggestOrientationRequest* req,
                                  v1::OrientationSuggestion* resp) override;
  grpc::Status DecideOrientation(grpc::ServerContext* ctx, const v1::DecideOrientationRequest* req,
                                 v1::OrientationDecision* resp) override;
  grpc::Status RequestReorientation(grpc::ServerContext* ctx,
                                    const v1::RequestReorientationRequest* req,
                                    v1::ReorientationRequest* resp) override;
  grpc::Status DecideReorientation(grpc::ServerContext* ctx,
                                   const v1::DecideReorientationRequest* req,
                                   v1::DecideReorientationResponse* resp) override;
  grpc::Status GetOrientationHistory(grpc::ServerContext* ctx,
                                     const v1::GetOrientationHistoryRequest* req,
                                     v1::OrientationHistory* resp) override;
  // For peers: the orientation in force, without identity.
  grpc::Status GetOrientationStatus(grpc::ServerContext* ctx,
                                    const v1::GetOrientationStatusRequest* req,
                                    v1::OrientationStatus* resp) override;

  grpc::Status CreateReferent(grpc::ServerContext* ctx, const v1::CreateReferentRequest* req,
                              v1::Referent* resp) override;
  grpc::Status GetReferent(grpc::ServerContext* ctx, const v1::GetReferentRequest* req,
                           v1::Referent* resp) override;
  grpc::Status ListReferents(grpc::ServerContext* ctx, const v1::ListReferentsRequest* req,
                             v1::ListReferentsResponse* resp) override;
  grpc::Status PublishSlots(grpc::ServerContext* ctx, const v1::PublishSlotsRequest* req,
                            v1::PublishSlotsResponse* resp) override;
  grpc::Status ListFreeSlots(grpc::ServerContext* ctx, const v1::ListFreeSlotsRequest* req,
                             v1::ListFreeSlotsResponse* resp) override;
  grpc::Status BookAppointment(grpc::ServerContext* ctx, const v1::BookAppointmentRequest* req,
                               v1::Appointment* resp) override;
  grpc::Status CancelAppointment(grpc::ServerContext* ctx, const v1::CancelAppointmentRequest* req,
                                 v1::Appointment* resp) override;
  grpc::Status RecordAppointmentOutcome(grpc::ServerContext* ctx,
                                        const v1::RecordAppointmentOutcomeRequest* req,
                                        v1::Appointment* resp) override;

  grpc::Status GetQueueCounts(grpc::ServerContext* ctx, const v1::GetQueueCountsRequest* req,
                              v1::GetQueueCountsResponse* resp) override;
  grpc::Status ListQueue(grpc::ServerContext* ctx, const v1::ListQueueRequest* req,
                         v1::ListQueueResponse* resp) override;

  // Reads the queue counts and sets the gauges (main calls it on a timer).
  absl::Status RefreshQueueGauges();

 private:
  // Authorizes, runs `body`, audits personal-data calls (allowed ones, whatever their
  // outcome), and maps the status. Every handler goes through here.
  grpc::Status Run(grpc::ServerContext* ctx, const AuditedRecord& record,
                   const std::function<absl::Status(const Caller&)>& body);
  // PERMISSION_DENIED unless the caller's scope covers the TAD or MDS.
  static absl::Status CheckCovers(const Caller& caller, const std::string& tad,
                                  const std::string& mds);
  absl::CivilDay NotOrientedBefore() const;

  OrientationServiceDeps d_;
};

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_SERVICE_H_
