// The gRPC handlers of parcours.contracts.v1.Contracts: authorize, read and validate the
// request, call a workflow or a query, write the audit record, map the answer. No rule
// lives here (domain/ and workflows/ hold them).
//
//   ContractsService service({.authorizer = ..., .audit = ..., .contracts = ..., ...});
//   host.AddService(&service, v1::Contracts::service_full_name());
#ifndef PARCOURS_SERVICES_CONTRACTS_SERVICE_H_
#define PARCOURS_SERVICES_CONTRACTS_SERVICE_H_

#include <functional>
#include <string>

#include "libs/audit/audit_log.h"
#include "libs/auth/authorizer.h"
#include "libs/common/clock.h"
#include "parcours/contracts/v1/contracts.grpc.pb.h"
#include "services/contracts/domain/rules.h"
#include "services/contracts/jobs/deadline_job.h"
#include "services/contracts/store/contracts_store.h"
#include "services/contracts/workflows/contract_workflows.h"
#include "services/contracts/workflows/procedure_workflows.h"

namespace parcours::contracts {

struct ServiceDeps {
  const auth::Authorizer& authorizer;
  audit::AuditLog& audit;
  ContractsStore& store;
  ContractWorkflows& contracts;
  ProcedureWorkflows& procedures;
  DeadlineJob& job;
  const ContractRules& rules;
  const Clock& clock;
  int k_anonymity = 5;  // aggregates: no cell under k beneficiaries
  std::function<void()> after_job;  // e.g. refresh the gauges
};

class ContractsService final : public v1::Contracts::Service {
 public:
  explicit ContractsService(ServiceDeps deps) : d_(std::move(deps)) {}

  using Ctx = grpc::ServerContext;
  grpc::Status CreateContract(Ctx*, const v1::CreateContractRequest*, v1::Contract*) override;
  grpc::Status GetContract(Ctx*, const v1::GetContractRequest*, v1::Contract*) override;
  grpc::Status ListContracts(Ctx*, const v1::ListContractsRequest*,
                             v1::ListContractsResponse*) override;
  grpc::Status UpdateContract(Ctx*, const v1::UpdateContractRequest*, v1::Contract*) override;
  grpc::Status SubmitContract(Ctx*, const v1::ContractTransitionRequest*, v1::Contract*) override;
  grpc::Status SignContract(Ctx*, const v1::SignContractRequest*, v1::Contract*) override;
  grpc::Status SuspendContract(Ctx*, const v1::ContractTransitionRequest*, v1::Contract*) override;
  grpc::Status ResumeContract(Ctx*, const v1::ContractTransitionRequest*, v1::Contract*) override;
  grpc::Status CompleteContract(Ctx*, const v1::ContractTransitionRequest*, v1::Contract*) override;
  grpc::Status TerminateContract(Ctx*, const v1::ContractTransitionRequest*, v1::Contract*) override;
  grpc::Status RenewContract(Ctx*, const v1::RenewContractRequest*, v1::Contract*) override;
  grpc::Status RecordReview(Ctx*, const v1::RecordReviewRequest*, v1::Contract*) override;

  grpc::Status ListOverdue(Ctx*, const v1::ListOverdueRequest*, v1::ListOverdueResponse*) override;
  grpc::Status GetOverdueCounts(Ctx*, const v1::GetOverdueCountsRequest*,
                                v1::GetOverdueCountsResponse*) override;
  grpc::Status GetContractualisationRate(Ctx*, const v1::GetContractualisationRateRequest*,
                                         v1::GetContractualisationRateResponse*) override;
  grpc::Status GetTimeWithoutContract(Ctx*, const v1::GetTimeWithoutContractRequest*,
                                      v1::GetTimeWithoutContractResponse*) override;
  grpc::Status RunDeadlineJob(Ctx*, const v1::RunDeadlineJobRequest*,
                              v1::RunDeadlineJobResponse*) override;

  grpc::Status OpenProcedure(Ctx*, const v1::OpenProcedureRequest*, v1::SanctionProcedure*) override;
  grpc::Status GetProcedure(Ctx*, const v1::GetProcedureRequest*, v1::SanctionProcedure*) override;
  grpc::Status ListProcedures(Ctx*, const v1::ListProceduresRequest*,
                              v1::ListProceduresResponse*) override;
  grpc::Status NotifyProcedure(Ctx*, const v1::ProcedureStepRequest*, v1::SanctionProcedure*) override;
  grpc::Status RecordObservations(Ctx*, const v1::ProcedureStepRequest*,
                                  v1::SanctionProcedure*) override;
  grpc::Status ReferProcedure(Ctx*, const v1::ProcedureStepRequest*, v1::SanctionProcedure*) override;
  grpc::Status DecideProcedure(Ctx*, const v1::DecideProcedureRequest*,
                               v1::SanctionProcedure*) override;
  grpc::Status ApplyProcedure(Ctx*, const v1::ProcedureStepRequest*, v1::SanctionProcedure*) override;
  grpc::Status CloseProcedure(Ctx*, const v1::CloseProcedureRequest*, v1::SanctionProcedure*) override;
  grpc::Status CancelProcedure(Ctx*, const v1::ProcedureStepRequest*, v1::SanctionProcedure*) override;

 private:
  // Authorizes the call, then runs `fn` with it; maps the resulting status.
  grpc::Status Run(Ctx* ctx, const std::function<absl::Status(const auth::CallAuthorization&)>& fn);
  Actor ActorFor(const auth::CallAuthorization& call, const char* record_type);
  absl::Status AuditRead(const auth::CallAuthorization& call, const char* record_type,
                         const std::string& id);
  absl::Status ContractTransition(const auth::CallAuthorization& call,
                                  const v1::ContractTransitionRequest& req, ContractAction action,
                                  v1::Contract* out);
  absl::Status ProcedureStep(const auth::CallAuthorization& call,
                             const v1::ProcedureStepRequest& req, ProcedureAction action,
                             v1::SanctionProcedure* out);
  absl::CivilDay DayOr(const parcours::common::v1::Date& d, const char* field, absl::Status* s);

  ServiceDeps d_;
};

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_SERVICE_H_
