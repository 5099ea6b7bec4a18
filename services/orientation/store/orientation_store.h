// The orientation service's persistence: one interface, one SQL implementation over
// libs/storage (sql_orientation_store.h) that runs the same portable SQL on SQLite and
// PostgreSQL. Every write is one transaction that also stages its events in the outbox,
// so no state change goes unpublished.
//
// Invariants that concurrency could break live in the database: one import key per CAF
// record (unique), session seats (conditional UPDATE … WHERE convened < capacity), one
// pending convocation per beneficiary and one active booking per slot (partial unique
// indexes plus a conditional UPDATE on the slot), etags (UPDATE … WHERE version = ?).
//
// Reads and writes of personal data take an AccessScope, applied in the WHERE clause: a
// row outside the caller's territories is NOT_FOUND, exactly like a missing one.
//
//   ASSIGN_OR_RETURN(Beneficiary b, store.GetBeneficiary(id, scope));
#ifndef PARCOURS_SERVICES_ORIENTATION_STORE_ORIENTATION_STORE_H_
#define PARCOURS_SERVICES_ORIENTATION_STORE_ORIENTATION_STORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/orientation/domain/caf_record.h"
#include "services/orientation/domain/model.h"

namespace parcours::orientation {

// The territories a caller may reach: every one, or those listed (TAD or MDS codes).
struct AccessScope {
  bool all = true;
  std::vector<std::string> territories;

  static AccessScope All() { return {}; }
  static AccessScope Of(std::vector<std::string> codes) { return {false, std::move(codes)}; }
};

struct PageRequest {
  int page_size = 50;  // already clamped by the caller
  std::string after;   // decoded page token: the last key of the previous page
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::string next;  // the key to continue after; empty at the end
};

struct BeneficiaryFilter {
  BeneficiaryStatus status = BeneficiaryStatus::kUnspecified;
  std::string tad;
  std::string mds;
  std::string commune_insee;
};

// One record of a batch, already validated, with its position in the flow.
struct IndexedCafRecord {
  int64_t index = 0;
  CafRecord record;
  std::optional<Territory> territory;  // of record.commune_insee, resolved by the caller
};

struct CafBatchResult {
  int64_t applied = 0;
  int64_t unchanged = 0;                 // import key already present: a replay
  std::vector<CafRejection> rejections;  // records that do not fit the registry
};

struct SessionFilter {
  std::string tad;
  std::string mds;
  std::optional<absl::Time> starts_after;
};

struct ConveneResult {
  std::vector<Convocation> convocations;
  int64_t still_waiting = 0;
};

// What an orientation decision needs from the service: builds the decision from the
// beneficiary and référent read in the transaction (the rules engine and MakeDecision).
using DecisionBuilder = std::function<absl::StatusOr<OrientationDecision>(
    const Beneficiary& beneficiary, const Referent& referent)>;

struct AttendanceResult {
  Convocation convocation;
  bool repeated_no_show_reported = false;
};

struct AppointmentResult {
  Appointment appointment;
  bool first_held = false;  // the beneficiary became ACCOMPANIED
};

class OrientationStore {
 public:
  virtual ~OrientationStore() = default;

  // Beneficiaries.
  virtual absl::StatusOr<Beneficiary> GetBeneficiary(const std::string& id,
                                                     const AccessScope& scope) = 0;
  virtual absl::StatusOr<Page<Beneficiary>> ListBeneficiaries(const BeneficiaryFilter& filter,
                                                              const AccessScope& scope,
                                                              const PageRequest& page) = 0;
  // Reads the beneficiary, lets `mutate` change it (returning the changed field paths),
  // writes it if `version` still matches (ABORTED otherwise) and stages
  // orientation.beneficiary.changed. `mutate` errors are returned as they are.
  virtual absl::StatusOr<Beneficiary> UpdateBeneficiary(
      const std::string& id, int64_t version, const AccessScope& scope,
      const std::function<absl::StatusOr<std::vector<std::string>>(Beneficiary&)>& mutate) = 0;

  // CAF flows: applies a batch in one transaction (all or nothing on a database error).
  virtual absl::StatusOr<CafBatchResult> ImportCafBatch(const std::vector<IndexedCafRecord>& batch,
                                                        absl::Time now) = 0;

  // Information sessions and convocations.
  virtual absl::StatusOr<InformationSession> CreateSession(const std::string& request_id,
                                                           const InformationSession& session) = 0;
  virtual absl::StatusOr<Page<InformationSession>> ListSessions(const SessionFilter& filter,
                                                                const AccessScope& scope,
                                                                const PageRequest& page) = 0;
  virtual absl::StatusOr<ConveneResult> Convene(const std::string& tad, int max_count,
                                                absl::Time now) = 0;
  virtual absl::StatusOr<AttendanceResult> RecordAttendance(const std::string& convocation_id,
                                                            int64_t version, Attendance attendance,
                                                            int no_show_threshold,
                                                            const AccessScope& scope,
                                                            absl::Time now) = 0;
  virtual absl::StatusOr<Page<Convocation>> ListConvocations(const std::string& beneficiary_id,
                                                             const std::string& session_id,
                                                             const AccessScope& scope,
                                                             const PageRequest& page) = 0;

  // Orientation.
  virtual absl::StatusOr<OrientationDecision> DecideOrientation(
      const std::string& request_id, const std::string& beneficiary_id, int64_t beneficiary_version,
      const std::string& referent_id, const AccessScope& scope, const DecisionBuilder& build) = 0;
  virtual absl::StatusOr<ReorientationRequest> RequestReorientation(
      const std::string& request_id, const ReorientationRequest& request,
      const AccessScope& scope) = 0;
  // Accept (with `build` making the decision) or deny a pending request.
  virtual absl::StatusOr<std::pair<ReorientationRequest, std::optional<OrientationDecision>>>
  DecideReorientation(const std::string& reorientation_id, int64_t version, bool accept,
                      const std::string& decided_by, const std::string& decision_reason,
                      const std::string& referent_id, const AccessScope& scope,
                      const DecisionBuilder& build, absl::Time now) = 0;
  virtual absl::StatusOr<
      std::pair<std::vector<OrientationDecision>, std::vector<ReorientationRequest>>>
  GetOrientationHistory(const std::string& beneficiary_id, const AccessScope& scope) = 0;

  // Référents and agendas.
  virtual absl::StatusOr<Referent> CreateReferent(const std::string& request_id,
                                                  const Referent& referent) = 0;
  virtual absl::StatusOr<Referent> GetReferent(const std::string& id) = 0;
  virtual absl::StatusOr<Page<Referent>> ListReferents(const std::string& tad, OrientationType type,
                                                       const PageRequest& page) = 0;
  virtual absl::StatusOr<std::vector<Slot>> PublishSlots(const std::string& referent_id,
                                                         const std::vector<Slot>& slots,
                                                         const AccessScope& scope) = 0;
  virtual absl::StatusOr<Page<Slot>> ListFreeSlots(const std::string& tad, const std::string& mds,
                                                   absl::Time from, absl::Time to,
                                                   const AccessScope& scope,
                                                   const PageRequest& page) = 0;
  virtual absl::StatusOr<Appointment> BookAppointment(const std::string& request_id,
                                                      const std::string& slot_id,
                                                      const std::string& beneficiary_id,
                                                      const AccessScope& scope, absl::Time now) = 0;
  virtual absl::StatusOr<Appointment> CancelAppointment(const std::string& id, int64_t version,
                                                        const std::string& reason,
                                                        const AccessScope& scope,
                                                        absl::Time now) = 0;
  virtual absl::StatusOr<AppointmentResult> RecordAppointmentOutcome(const std::string& id,
                                                                     int64_t version,
                                                                     AppointmentStatus outcome,
                                                                     const AccessScope& scope,
                                                                     absl::Time now) = 0;

  // Operational queues.
  virtual absl::StatusOr<std::vector<QueueCount>> QueueCounts(
      const std::string& tad, const AccessScope& scope, absl::CivilDay not_oriented_before) = 0;
  virtual absl::StatusOr<Page<QueueEntry>> ListQueue(
      QueueKind queue, const std::string& tad, const std::string& mds, const AccessScope& scope,
      absl::CivilDay not_oriented_before, absl::CivilDay today, const PageRequest& page) = 0;
};

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_STORE_ORIENTATION_STORE_H_
