// The gRPC handlers of parcours.catalogue.v1.Catalogue. Each handler authorizes the call,
// validates the request (nothing is written for a bad one), maps it to the store or the
// search index, and maps the resulting absl::Status to the canonical gRPC status.
//
//   CatalogueService service({.store = store, .index = index, .authorizer = authorizer,
//                             .audit = audit, .ref = DefaultReferenceData(),
//                             .clock = Clock::Real()});
//   host.AddService(&service, v1::Catalogue::service_full_name());
//
// Scopes (authorization.cc lists who may call what): an operator acts on its own
// structure's offers and prescriptions; référents and orientation agents on prescriptions
// of their territories; admins and service identities everywhere. Methods the table marks
// PersonalData::kYes (the prescriptions: a beneficiary id and what was prescribed to them)
// write one audit record per call, attempts included.
#ifndef PARCOURS_SERVICES_CATALOGUE_SERVICE_H_
#define PARCOURS_SERVICES_CATALOGUE_SERVICE_H_

#include <functional>

#include "absl/status/status.h"
#include "libs/audit/audit_log.h"
#include "libs/auth/authorizer.h"
#include "libs/common/clock.h"
#include "libs/common/worker_pool.h"
#include "parcours/catalogue/v1/catalogue.grpc.pb.h"
#include "services/catalogue/domain/reference_data.h"
#include "services/catalogue/search/offer_index.h"
#include "services/catalogue/store/catalogue_store.h"

namespace parcours::catalogue {

struct CatalogueServiceDeps {
  CatalogueStore& store;  // usually the CachedCatalogueStore
  OfferIndex& index;
  const auth::Authorizer& authorizer;
  audit::AuditLog& audit;
  const ReferenceData& ref;
  const Clock& clock;
};

// The two hot reads are served through gRPC's raw callback API (ByteBuffer in, ByteBuffer
// out), because their answers already exist as wire bytes, which the typed API cannot take:
//  - SearchOffers writes its response from the index's pre-serialized offers
//    (search/encoded_hits.h); it only reads memory (the index snapshot);
//  - GetOffer answers a hit of the replica-local cache level with the cached bytes (an
//    Offer response is exactly the Offer's bytes); a miss, which may wait on Redis or the
//    database, is handed to `blocking_` so that gRPC's callback threads never block.
// The proto contract is unchanged; the other methods are synchronous.
class CatalogueService final
    : public v1::Catalogue::WithRawCallbackMethod_GetOffer<
          v1::Catalogue::WithRawCallbackMethod_SearchOffers<v1::Catalogue::Service>> {
 public:
  explicit CatalogueService(CatalogueServiceDeps deps) : d_(deps) {}

  grpc::Status CreateStructure(grpc::ServerContext* ctx, const v1::CreateStructureRequest* req,
                               v1::Structure* resp) override;
  grpc::Status GetStructure(grpc::ServerContext* ctx, const v1::GetStructureRequest* req,
                            v1::Structure* resp) override;
  grpc::Status ListStructures(grpc::ServerContext* ctx, const v1::ListStructuresRequest* req,
                              v1::ListStructuresResponse* resp) override;
  grpc::Status UpdateStructure(grpc::ServerContext* ctx, const v1::UpdateStructureRequest* req,
                               v1::Structure* resp) override;
  grpc::Status CloseStructure(grpc::ServerContext* ctx, const v1::CloseStructureRequest* req,
                              v1::Structure* resp) override;

  grpc::Status CreateOffer(grpc::ServerContext* ctx, const v1::CreateOfferRequest* req,
                           v1::Offer* resp) override;
  grpc::ServerUnaryReactor* GetOffer(grpc::CallbackServerContext* ctx,
                                     const grpc::ByteBuffer* request,
                                     grpc::ByteBuffer* response) override;
  grpc::Status ListOffers(grpc::ServerContext* ctx, const v1::ListOffersRequest* req,
                          v1::ListOffersResponse* resp) override;
  grpc::Status UpdateOffer(grpc::ServerContext* ctx, const v1::UpdateOfferRequest* req,
                           v1::Offer* resp) override;
  grpc::Status PublishOffer(grpc::ServerContext* ctx, const v1::ChangeOfferStatusRequest* req,
                            v1::Offer* resp) override;
  grpc::Status SuspendOffer(grpc::ServerContext* ctx, const v1::ChangeOfferStatusRequest* req,
                            v1::Offer* resp) override;
  grpc::Status ArchiveOffer(grpc::ServerContext* ctx, const v1::ChangeOfferStatusRequest* req,
                            v1::Offer* resp) override;
  grpc::ServerUnaryReactor* SearchOffers(grpc::CallbackServerContext* ctx,
                                         const grpc::ByteBuffer* request,
                                         grpc::ByteBuffer* response) override;

  grpc::Status CreatePrescription(grpc::ServerContext* ctx,
                                  const v1::CreatePrescriptionRequest* req,
                                  v1::Prescription* resp) override;
  grpc::Status GetPrescription(grpc::ServerContext* ctx, const v1::GetPrescriptionRequest* req,
                               v1::Prescription* resp) override;
  grpc::Status ListPrescriptions(grpc::ServerContext* ctx, const v1::ListPrescriptionsRequest* req,
                                 v1::ListPrescriptionsResponse* resp) override;
  grpc::Status AcceptPrescription(grpc::ServerContext* ctx,
                                  const v1::AcceptPrescriptionRequest* req,
                                  v1::Prescription* resp) override;
  grpc::Status RefusePrescription(grpc::ServerContext* ctx,
                                  const v1::RefusePrescriptionRequest* req,
                                  v1::Prescription* resp) override;
  grpc::Status StartPrescription(grpc::ServerContext* ctx, const v1::StartPrescriptionRequest* req,
                                 v1::Prescription* resp) override;
  grpc::Status CompletePrescription(grpc::ServerContext* ctx, const v1::EndPrescriptionRequest* req,
                                    v1::Prescription* resp) override;
  grpc::Status AbandonPrescription(grpc::ServerContext* ctx, const v1::EndPrescriptionRequest* req,
                                   v1::Prescription* resp) override;
  grpc::Status CancelPrescription(grpc::ServerContext* ctx,
                                  const v1::CancelPrescriptionRequest* req,
                                  v1::Prescription* resp) override;

  grpc::Status GetMobilisation(grpc::ServerContext* ctx, const v1::GetMobilisationRequest* req,
                               v1::GetMobilisationResponse* resp) override;
  grpc::Status ImportDataInclusion(grpc::ServerContext* ctx,
                                   const v1::ImportDataInclusionRequest* req,
                                   v1::ImportDataInclusionResponse* resp) override;
  grpc::Status ExportDataInclusion(grpc::ServerContext* ctx,
                                   const v1::ExportDataInclusionRequest* req,
                                   v1::ExportDataInclusionResponse* resp) override;

 private:
  using Body = std::function<absl::Status(const auth::CallAuthorization&)>;
  using RecordId = std::function<std::string()>;
  // Authorizes the call, runs `body`, audits the call when its rule says personal data
  // (`record_id`, read after `body`, names the prescription; empty for lists), maps the
  // status. An audit write that fails turns a success into UNAVAILABLE.
  grpc::Status Handle(const grpc::ServerContextBase* ctx, const Body& body,
                      const RecordId& record_id = nullptr) const;

  // Scope checks; PERMISSION_DENIED naming what is outside the caller's scope.
  absl::Status CheckStructureScope(const auth::CallAuthorization& call,
                                   const std::string& structure_id) const;
  absl::Status CheckPrescriptionScope(const auth::CallAuthorization& call,
                                      const v1::Prescription& p) const;
  absl::Status CheckOfferScope(const auth::CallAuthorization& call,
                               const std::string& offer_id) const;
  absl::Status ChangeOffer(const auth::CallAuthorization& call,
                           const v1::ChangeOfferStatusRequest& req, OfferAction action,
                           v1::Offer* resp);
  absl::Status ChangePrescription(const auth::CallAuthorization& call, PrescriptionChange change,
                                  v1::Prescription* resp);
  grpc::Status EndPrescription(grpc::ServerContext* ctx, const v1::EndPrescriptionRequest* req,
                               PrescriptionAction action, v1::Prescription* resp);

  // SearchOffers' body: the response's wire bytes in `wire`.
  absl::Status Search(const v1::SearchOffersRequest& req, std::string& wire) const;

  CatalogueServiceDeps d_;
  // Cache misses of GetOffer (Redis, then the database). Last member: destroyed first, it
  // runs what was submitted, whose reads use the members above.
  WorkerPool blocking_{16};
};

// True for callers no scope restricts: admins and service identities.
bool IsUnscoped(const auth::Principal& principal);

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_SERVICE_H_
