#include "services/contracts/jobs/deadline_job.h"

#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "services/contracts/domain/civil_dates.h"

namespace parcours::contracts {
namespace {

Actor Automation() { return Actor{.subject = kAutomationSubject, .is_person = false}; }

// A race with a person or another replica acting on the same record is not an error of
// the job: the record moved on, and the next pass sees its new state.
bool Raced(const absl::Status& s) {
  return s.code() == absl::StatusCode::kAborted ||
         s.code() == absl::StatusCode::kFailedPrecondition;
}

}  // namespace

absl::StatusOr<DeadlineJobResult> DeadlineJob::RunOnce(absl::CivilDay today) {
  DeadlineJobResult r;
  RETURN_IF_ERROR(ExpireContracts(today, r));
  RETURN_IF_ERROR(OpenForUnsigned(today, r));
  RETURN_IF_ERROR(ReferUnanswered(today, r));
  return r;
}

absl::Status DeadlineJob::ExpireContracts(absl::CivilDay today, DeadlineJobResult& r) {
  for (int batch = 0; batch < max_batches_; ++batch) {
    ASSIGN_OR_RETURN(std::vector<std::string> ids, store_.ContractsEndedBefore(today, batch_size_));
    int done = 0;
    for (const std::string& id : ids) {
      absl::Status s = contracts_.Expire(id, today);
      if (s.ok()) ++done;
      if (!s.ok() && !Raced(s)) return s;
    }
    r.contracts_expired += done;
    if (ids.size() < static_cast<size_t>(batch_size_) || done == 0) break;
  }
  return absl::OkStatus();
}

absl::Status DeadlineJob::OpenForUnsigned(absl::CivilDay today, DeadlineJobResult& r) {
  std::optional<std::pair<absl::CivilDay, std::string>> after;
  for (int batch = 0; batch < max_batches_; ++batch) {
    ASSIGN_OR_RETURN(std::vector<OverdueEntry> due,
                     store_.ListOverdue(today, DeadlineKind::kSignature, {}, after, batch_size_));
    for (const OverdueEntry& e : due) {
      Breach breach;
      breach.kind = BreachKind::kContractNotSigned;
      breach.description = absl::StrCat("no contract in force by ", FormatCivilDay(e.due_date),
                                        " after orientation");
      // One procedure per beneficiary and due date: a later pass finds it and opens nothing.
      bool created = false;
      RETURN_IF_ERROR(procedures_
                          .Open(absl::StrCat("auto:unsigned:", e.beneficiary_id, ":",
                                             FormatCivilDay(e.due_date)),
                                e.beneficiary_id, breach, Automation(), &created)
                          .status());
      if (created) ++r.procedures_opened;
    }
    if (due.size() < static_cast<size_t>(batch_size_)) break;
    after = std::make_pair(due.back().due_date, due.back().key);
  }
  return absl::OkStatus();
}

absl::Status DeadlineJob::ReferUnanswered(absl::CivilDay today, DeadlineJobResult& r) {
  for (int batch = 0; batch < max_batches_; ++batch) {
    ASSIGN_OR_RETURN(std::vector<std::string> ids, store_.ProceduresAwaitingPast(today, batch_size_));
    int done = 0;
    for (const std::string& id : ids) {
      absl::Status s = procedures_
                           .Step(id, 0, ProcedureAction::kRefer,
                                 "response period ended without a decision to close",
                                 Automation())
                           .status();
      if (s.ok()) ++done;
      if (!s.ok() && !Raced(s)) return s;
    }
    r.procedures_advanced += done;
    if (ids.size() < static_cast<size_t>(batch_size_) || done == 0) break;
  }
  return absl::OkStatus();
}

}  // namespace parcours::contracts
