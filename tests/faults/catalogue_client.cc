#include "tests/faults/catalogue_client.h"

#include "absl/strings/str_cat.h"
#include "libs/errors/grpc_status.h"
#include "services/catalogue/tests/test_offers.h"
#include "tests/faults/fault_support.h"

namespace parcours::faults {

namespace v1 = catalogue::v1;

std::map<std::string, std::string> CatalogueEnv(const std::string& dir,
                                                const std::string& database_url) {
  return {
      {"AUTH_TOKENS_FILE",
       WriteTokensFile(dir, {"admin", "steering", "service:catalogue", "service:evaluation"})},
      {"SERVICE_TOKEN", "service:catalogue-token"},
      {"DATABASE_URL", database_url.empty() ? "sqlite://" + dir + "/catalogue.db" : database_url}};
}

absl::StatusOr<std::string> CreatePublishedOffer(v1::Catalogue::Stub& stub, int capacity) {
  v1::Structure structure;
  {
    grpc::ClientContext ctx;
    Prepare(ctx, "admin-token", absl::Seconds(10));
    v1::CreateStructureRequest req;
    req.set_request_id("fault-structure");
    *req.mutable_structure() = catalogue::testdata::ValidStructure();
    grpc::Status s = stub.CreateStructure(&ctx, req, &structure);
    if (!s.ok()) return errors::FromGrpcStatus(s);
  }
  v1::Offer offer;
  {
    grpc::ClientContext ctx;
    Prepare(ctx, "admin-token", absl::Seconds(10));
    v1::CreateOfferRequest req;
    req.set_request_id("fault-offer");
    *req.mutable_offer() = catalogue::testdata::ValidOffer(structure.id());
    req.mutable_offer()->set_capacity(capacity);
    grpc::Status s = stub.CreateOffer(&ctx, req, &offer);
    if (!s.ok()) return errors::FromGrpcStatus(s);
  }
  {
    grpc::ClientContext ctx;
    Prepare(ctx, "admin-token", absl::Seconds(10));
    v1::ChangeOfferStatusRequest req;
    req.set_id(offer.id());
    req.set_etag(offer.etag());
    v1::Offer published;
    grpc::Status s = stub.PublishOffer(&ctx, req, &published);
    if (!s.ok()) return errors::FromGrpcStatus(s);
  }
  return offer.id();
}

grpc::Status CreatePrescription(v1::Catalogue::Stub& stub, const std::string& offer_id,
                                const std::string& request_id, const std::string& beneficiary,
                                v1::Prescription* out, absl::Duration deadline) {
  grpc::ClientContext ctx;
  Prepare(ctx, "admin-token", deadline);
  v1::CreatePrescriptionRequest req;
  req.set_request_id(request_id);
  v1::Prescription* p = req.mutable_prescription();
  p->set_beneficiary_id(beneficiary);
  p->set_offer_id(offer_id);
  p->mutable_territory()->set_tad("TAD-EST");
  p->mutable_territory()->set_mds("MDS-EVRY");
  return stub.CreatePrescription(&ctx, req, out);
}

}  // namespace parcours::faults
