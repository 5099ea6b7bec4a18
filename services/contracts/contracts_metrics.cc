#include "services/contracts/contracts_metrics.h"

#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "libs/common/status_macros.h"
#include "prometheus/gauge.h"

namespace parcours::contracts {
namespace {

constexpr const char* kKindLabels[] = {"cer", "engagement", "ppae"};
// The deadline kinds the dashboards show (procedure responses are moved on by the job).
constexpr DeadlineKind kGaugedDeadlines[] = {DeadlineKind::kSignature, DeadlineKind::kReview,
                                             DeadlineKind::kRenewal};

std::string Lower(std::string_view name) { return absl::AsciiStrToLower(std::string(name)); }

}  // namespace

std::string KindLabel(ContractKind k) {
  switch (k) {
    case ContractKind::kContratEngagement: return "engagement";
    case ContractKind::kPpae: return "ppae";
    default: return "cer";
  }
}
std::string StatusLabel(ContractStatus s) { return Lower(Name(s)); }
std::string StatusLabel(ProcedureStatus s) { return Lower(Name(s)); }

ContractsMetrics::ContractsMetrics(prometheus::Registry& registry, std::vector<std::string> tads)
    : contracts_(prometheus::BuildGauge()
                     .Name("parcours_contracts_contracts")
                     .Help("Contracts by status and kind of contract")
                     .Register(registry)),
      overdue_(prometheus::BuildGauge()
                   .Name("parcours_contracts_overdue")
                   .Help("Deadlines past due, by kind of deadline and territory")
                   .Register(registry)),
      procedures_(prometheus::BuildGauge()
                      .Name("parcours_contracts_procedures")
                      .Help("Sanction procedures by step")
                      .Register(registry)),
      tads_(std::move(tads)) {
  for (ContractStatus s : kAllContractStatuses) {
    for (const char* k : kKindLabels) contracts_.Add({{"status", StatusLabel(s)}, {"kind", k}}).Set(0);
  }
  for (DeadlineKind k : kGaugedDeadlines) {
    for (const std::string& tad : tads_) overdue_.Add({{"kind", Lower(Name(k))}, {"tad", tad}}).Set(0);
  }
  for (ProcedureStatus s : kAllProcedureStatuses) procedures_.Add({{"status", StatusLabel(s)}}).Set(0);
}

absl::Status ContractsMetrics::Refresh(ContractsStore& store, absl::CivilDay today) {
  absl::MutexLock lock(&mu_);
  ASSIGN_OR_RETURN(std::vector<StatusCount> contracts, store.CountContracts());
  ASSIGN_OR_RETURN(std::vector<StatusCount> procedures, store.CountProcedures());
  ASSIGN_OR_RETURN(std::vector<OverdueCountRow> overdue, store.CountOverdue(today, false, {}));

  std::map<std::pair<std::string, std::string>, double> by_status_kind;
  for (ContractStatus s : kAllContractStatuses) {
    for (const char* k : kKindLabels) by_status_kind[{StatusLabel(s), k}] = 0;
  }
  for (const StatusCount& c : contracts) {
    by_status_kind[{Lower(c.status), KindLabel(ContractKindFromName(c.kind))}] += c.count;
  }
  for (const auto& [labels, n] : by_status_kind) {
    contracts_.Add({{"status", labels.first}, {"kind", labels.second}}).Set(n);
  }

  std::map<std::string, double> by_procedure_status;
  for (ProcedureStatus s : kAllProcedureStatuses) by_procedure_status[StatusLabel(s)] = 0;
  for (const StatusCount& c : procedures) by_procedure_status[Lower(c.status)] += c.count;
  for (const auto& [status, n] : by_procedure_status) procedures_.Add({{"status", status}}).Set(n);

  std::map<std::pair<std::string, std::string>, double> by_kind_tad;
  for (DeadlineKind k : kGaugedDeadlines) {
    for (const std::string& tad : tads_) by_kind_tad[{Lower(Name(k)), tad}] = 0;
  }
  for (const OverdueCountRow& r : overdue) {
    if (r.kind == DeadlineKind::kProcedureResponse || r.tad.empty()) continue;
    by_kind_tad[{Lower(Name(r.kind)), r.tad}] += r.count;
  }
  for (const auto& [labels, n] : by_kind_tad) {
    overdue_.Add({{"kind", labels.first}, {"tad", labels.second}}).Set(n);
  }
  return absl::OkStatus();
}

}  // namespace parcours::contracts
