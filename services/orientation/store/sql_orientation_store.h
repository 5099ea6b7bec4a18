// OrientationStore over libs/storage: portable SQL, the same on SQLite and PostgreSQL.
// The implementation is split by aggregate: sql_beneficiaries.cc, sql_caf_import.cc,
// sql_sessions.cc, sql_orientation.cc, sql_agenda.cc, sql_queues.cc; row mapping and
// shared SQL pieces in sql_rows.h.
//
//   SqlOrientationStore store(*db, outbox);
//   ASSIGN_OR_RETURN(Beneficiary b, store.GetBeneficiary("ben_…", AccessScope::All()));
#ifndef PARCOURS_SERVICES_ORIENTATION_STORE_SQL_ORIENTATION_STORE_H_
#define PARCOURS_SERVICES_ORIENTATION_STORE_SQL_ORIENTATION_STORE_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "libs/events/outbox.h"
#include "libs/storage/database.h"
#include "services/orientation/store/orientation_store.h"

namespace parcours::orientation {

class SqlOrientationStore final : public OrientationStore {
 public:
  // `outbox` publishes the events of every change; both must outlive the store.
  SqlOrientationStore(storage::Database& db, events::Outbox& outbox) : db_(db), outbox_(outbox) {}

  absl::StatusOr<Beneficiary> GetBeneficiary(const std::string& id,
                                             const AccessScope& scope) override;
  absl::StatusOr<Page<Beneficiary>> ListBeneficiaries(const BeneficiaryFilter& filter,
                                                      const AccessScope& scope,
                                                      const PageRequest& page) override;
  absl::StatusOr<Beneficiary> UpdateBeneficiary(
      const std::string& id, int64_t version, const AccessScope& scope,
      const std::function<absl::StatusOr<std::vector<std::string>>(Beneficiary&)>& mutate) override;

  absl::StatusOr<CafBatchResult> ImportCafBatch(const std::vector<IndexedCafRecord>& batch,
                                                absl::Time now) override;

  absl::StatusOr<InformationSession> CreateSession(const std::string& request_id,
                                                   const InformationSession& session) override;
  absl::StatusOr<Page<InformationSession>> ListSessions(const SessionFilter& filter,
                                                        const AccessScope& scope,
                                                        const PageRequest& page) override;
  absl::StatusOr<ConveneResult> Convene(const std::string& tad, int max_count,
                                        absl::Time now) override;
  absl::StatusOr<AttendanceResult> RecordAttendance(const std::string& convocation_id,
                                                    int64_t version, Attendance attendance,
                                                    int no_show_threshold, const AccessScope& scope,
                                                    absl::Time now) override;
  absl::StatusOr<Page<Convocation>> ListConvocations(const std::string& beneficiary_id,
                                                     const std::string& session_id,
                                                     const AccessScope& scope,
                                                     const PageRequest& page) override;

  absl::StatusOr<OrientationDecision> DecideOrientation(const std::string& request_id,
                                                        const std::string& beneficiary_id,
                                                        int64_t beneficiary_version,
                                                        const std::string& referent_id,
                                                        const AccessScope& scope,
                                                        const DecisionBuilder& build) override;
  absl::StatusOr<ReorientationRequest> RequestReorientation(const std::string& request_id,
                                                            const ReorientationRequest& request,
                                                            const AccessScope& scope) override;
  absl::StatusOr<std::pair<ReorientationRequest, std::optional<OrientationDecision>>>
  DecideReorientation(const std::string& reorientation_id, int64_t version, bool accept,
                      const std::string& decided_by, const std::string& decision_reason,
                      const std::string& referent_id, const AccessScope& scope,
                      const DecisionBuilder& build, absl::Time now) override;
  absl::StatusOr<std::pair<std::vector<OrientationDecision>, std::vector<ReorientationRequest>>>
  GetOrientationHistory(const std::string& beneficiary_id, const AccessScope& scope) override;

  absl::StatusOr<Referent> CreateReferent(const std::string& request_id,
                                          const Referent& referent) override;
  absl::StatusOr<Referent> GetReferent(const std::string& id) override;
  absl::StatusOr<Page<Referent>> ListReferents(const std::string& tad, OrientationType type,
                                               const PageRequest& page) override;
  absl::StatusOr<std::vector<Slot>> PublishSlots(const std::string& referent_id,
                                                 const std::vector<Slot>& slots,
                                                 const AccessScope& scope) override;
  absl::StatusOr<Page<Slot>> ListFreeSlots(const std::string& tad, const std::string& mds,
                                           absl::Time from, absl::Time to, const AccessScope& scope,
                                           const PageRequest& page) override;
  absl::StatusOr<Appointment> BookAppointment(const std::string& request_id,
                                              const std::string& slot_id,
                                              const std::string& beneficiary_id,
                                              const AccessScope& scope, absl::Time now) override;
  absl::StatusOr<Appointment> CancelAppointment(const std::string& id, int64_t version,
                                                const std::string& reason, const AccessScope& scope,
                                                absl::Time now) override;
  absl::StatusOr<AppointmentResult> RecordAppointmentOutcome(const std::string& id, int64_t version,
                                                             AppointmentStatus outcome,
                                                             const AccessScope& scope,
                                                             absl::Time now) override;

  absl::StatusOr<std::vector<QueueCount>> QueueCounts(const std::string& tad,
                                                      const AccessScope& scope,
                                                      absl::CivilDay not_oriented_before) override;
  absl::StatusOr<Page<QueueEntry>> ListQueue(QueueKind queue, const std::string& tad,
                                             const std::string& mds, const AccessScope& scope,
                                             absl::CivilDay not_oriented_before,
                                             absl::CivilDay today,
                                             const PageRequest& page) override;

 private:
  storage::Database& db_;
  events::Outbox& outbox_;
};

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_STORE_SQL_ORIENTATION_STORE_H_
