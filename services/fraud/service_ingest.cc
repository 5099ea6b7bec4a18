// Import handlers: stream → Importer → summary.
#include "libs/errors/grpc_status.h"
#include "services/fraud/ingest/importer.h"
#include "services/fraud/service.h"

namespace parcours::fraud {
namespace {

void ToSummary(const ImportTally& t, v1::ImportSummary* out) {
  out->set_received(t.received);
  out->set_accepted(t.accepted);
  out->set_rejected(t.rejected);
  out->set_households_marked_for_rescoring(t.marked_for_rescoring);
  for (const ImportRejection& r : t.rejections) {
    v1::Rejection* p = out->add_rejections();
    p->set_index(r.index);
    p->set_field(r.field);
    p->set_reason(r.reason);
  }
}

template <typename Record>
grpc::Status RunImport(const auth::Authorizer& authorizer, storage::Database& db,
                       audit::AuditLog& audit, const Clock& clock, grpc::ServerContext* ctx,
                       grpc::ServerReader<Record>* reader, v1::ImportSummary* resp,
                       absl::Status (Importer::*add)(const Record&)) {
  absl::StatusOr<auth::CallAuthorization> call = authorizer.Authorize(ctx);
  if (!call.ok()) return errors::ToGrpcStatus(call.status());
  Importer importer(db, audit, *call, clock);
  Record record;
  while (reader->Read(&record)) {
    if (absl::Status s = (importer.*add)(record); !s.ok()) return errors::ToGrpcStatus(s);
  }
  if (absl::Status s = importer.Finish(); !s.ok()) return errors::ToGrpcStatus(s);
  ToSummary(importer.tally(), resp);
  return grpc::Status::OK;
}

}  // namespace

grpc::Status FraudService::ImportHouseholds(grpc::ServerContext* ctx,
                                            grpc::ServerReader<v1::HouseholdRecord>* r,
                                            v1::ImportSummary* resp) {
  return RunImport(d_.authorizer, d_.db, d_.audit, d_.clock, ctx, r, resp, &Importer::AddHousehold);
}

grpc::Status FraudService::ImportDeclarations(grpc::ServerContext* ctx,
                                              grpc::ServerReader<v1::DeclarationRecord>* r,
                                              v1::ImportSummary* resp) {
  return RunImport(d_.authorizer, d_.db, d_.audit, d_.clock, ctx, r, resp,
                   &Importer::AddDeclaration);
}

grpc::Status FraudService::ImportCrossChecks(grpc::ServerContext* ctx,
                                             grpc::ServerReader<v1::CrossCheckRecord>* r,
                                             v1::ImportSummary* resp) {
  return RunImport(d_.authorizer, d_.db, d_.audit, d_.clock, ctx, r, resp,
                   &Importer::AddCrossCheck);
}

grpc::Status FraudService::ImportReports(grpc::ServerContext* ctx,
                                         grpc::ServerReader<v1::SocialWorkerReport>* r,
                                         v1::ImportSummary* resp) {
  return RunImport(d_.authorizer, d_.db, d_.audit, d_.clock, ctx, r, resp, &Importer::AddReport);
}

}  // namespace parcours::fraud
