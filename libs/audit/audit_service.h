// The AuditLog RPC every personal-data service registers: the DPO lists records with
// filters and a cursor. Read-only by construction: the proto has no method that writes.
#ifndef PARCOURS_LIBS_AUDIT_AUDIT_SERVICE_H_
#define PARCOURS_LIBS_AUDIT_AUDIT_SERVICE_H_

#include "libs/audit/audit_log.h"
#include "libs/auth/authorizer.h"
#include "parcours/audit/v1/audit.grpc.pb.h"

namespace parcours::audit {

class AuditLogService final : public v1::AuditLog::Service {
 public:
  // Both must outlive the service.
  AuditLogService(AuditLog& log, const auth::Authorizer& authorizer)
      : log_(log), authorizer_(authorizer) {}

  grpc::Status ListAuditRecords(grpc::ServerContext* context,
                                const v1::ListAuditRecordsRequest* request,
                                v1::ListAuditRecordsResponse* response) override;

 private:
  AuditLog& log_;
  const auth::Authorizer& authorizer_;
};

// Adds the AuditLog method to a service's authorization table: the DPO only.
void AllowAuditReaders(auth::AuthorizationPolicy& policy);

}  // namespace parcours::audit

#endif  // PARCOURS_LIBS_AUDIT_AUDIT_SERVICE_H_
