// The orientation domain's entities, as plain C++ (no protobuf, no SQL): what the rules,
// the state machine and the store exchange. service/proto_mapping.h converts them to and
// from the wire types of parcours.orientation.v1; enum values are the proto's, checked
// there with static_asserts, so a mapping is a checked cast.
//
//   Beneficiary b;
//   b.status = BeneficiaryStatus::kToConvene;
//   b.territory = {"TAD-CENTRE", "MDS-ARPAJON", "91021"};
#ifndef PARCOURS_SERVICES_ORIENTATION_DOMAIN_MODEL_H_
#define PARCOURS_SERVICES_ORIENTATION_DOMAIN_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "libs/territory/territory_map.h"

namespace parcours::orientation {

enum class BeneficiaryStatus {
  kUnspecified = 0,
  kEntrant = 1,
  kToConvene = 2,
  kConvened = 3,
  kOriented = 4,
  kAccompanied = 5,
  kExited = 6,
};

enum class OrientationType {
  kUnspecified = 0,
  kProfessional = 1,
  kSocioProfessional = 2,
  kSocial = 3
};

enum class Barrier {
  kUnspecified = 0,
  kMobility = 1,
  kHousing = 2,
  kHealth = 3,
  kChildcare = 4,
  kLanguage = 5,
  kDigital = 6,
};

enum class QualificationLevel {
  kUnspecified = 0,
  kNone = 1,
  kLevel3 = 2,
  kLevel4 = 3,
  kLevel5 = 4,
  kLevel6Plus = 5,
};

enum class ExitReason {
  kUnspecified = 0,
  kEndOfRights = 1,
  kIncomeAboveThreshold = 2,
  kMovedOut = 3,
  kDeceased = 4,
  kOther = 5,
  kReturnToEmployment = 6,  // left the RSA for a job: the exit to employment
};

enum class Attendance { kUnspecified = 0, kPending = 1, kAttended = 2, kNoShow = 3, kExcused = 4 };

enum class AppointmentStatus {
  kUnspecified = 0,
  kBooked = 1,
  kCancelled = 2,
  kHeld = 3,
  kMissed = 4,
  kExcusedAbsence = 5,
};

enum class FollowUpStatus {
  kUnspecified = 0,
  kNotConvened = 1,
  kConvocationPending = 2,
  kConvocationNoShow = 3,
  kConvocationExcused = 4,
  kSessionAttended = 5,
  kOrientedNoAppointment = 6,
  kAppointmentBooked = 7,
  kAppointmentMissed = 8,
  kAccompanied = 9,
  kExited = 10,
};

enum class DecisionKind { kUnspecified = 0, kInitial = 1, kReorientation = 2 };

enum class ReorientationStatus { kUnspecified = 0, kPending = 1, kAccepted = 2, kDenied = 3 };

enum class QueueKind {
  kUnspecified = 0,
  kNotYetConvened = 1,
  kConvenedNotOriented = 2,
  kOrientedWithoutAppointment = 3,
};

// The shared territory map's types (libs/territory): one map for every service.
using Territory = ::parcours::territory::Territory;
using TerritoryMap = ::parcours::territory::TerritoryMap;

// Personal data: stored in its own table, never in an event or a log line.
struct Identity {
  std::string last_name;
  std::string first_name;
  std::optional<absl::CivilDay> birth_date;
  std::string caf_number;
  std::string phone;
  std::string email;
  std::string address_line;
  std::string commune_insee;
};

struct Diagnostic {
  std::vector<Barrier> barriers;
  QualificationLevel qualification_level = QualificationLevel::kUnspecified;
  std::optional<absl::CivilDay> last_employment_end;  // nullopt: never worked
  bool france_travail_registered = false;
  std::optional<absl::Time> assessed_at;  // nullopt: no diagnostic yet
};

struct Beneficiary {
  std::string id;
  Identity identity;
  BeneficiaryStatus status = BeneficiaryStatus::kUnspecified;
  Territory territory;
  bool subject_to_rights_and_duties = false;
  Diagnostic diagnostic;
  absl::CivilDay entry_date;
  std::optional<absl::CivilDay> exit_date;
  ExitReason exit_reason = ExitReason::kUnspecified;
  OrientationType orientation_type = OrientationType::kUnspecified;
  std::string referent_id;
  int no_show_count = 0;
  int convocation_count = 0;
  FollowUpStatus follow_up = FollowUpStatus::kUnspecified;
  int64_t version = 0;
  absl::Time create_time;
  absl::Time update_time;
};

struct InformationSession {
  std::string id;
  std::string mds;
  std::string tad;
  absl::Time starts_at;
  int capacity = 0;
  int convened = 0;
  std::string location;
  int64_t version = 0;
};

struct Convocation {
  std::string id;
  std::string beneficiary_id;
  std::string session_id;
  absl::Time starts_at;
  Attendance attendance = Attendance::kPending;
  int64_t version = 0;
  absl::Time create_time;
};

struct FiredRule {
  std::string rule_id;
  std::string reason;
  OrientationType suggested_type = OrientationType::kUnspecified;
};

struct Suggestion {
  OrientationType type = OrientationType::kUnspecified;
  std::vector<FiredRule> fired;
  std::string rules_version;
};

struct OrientationDecision {
  std::string id;
  std::string beneficiary_id;
  DecisionKind kind = DecisionKind::kInitial;
  OrientationType type = OrientationType::kUnspecified;
  std::string structure_id;
  std::string referent_id;
  Suggestion suggestion;
  bool overrides_suggestion = false;
  std::string comment;
  std::string decided_by;
  absl::Time decided_at;
  std::string reorientation_request_id;
};

struct ReorientationRequest {
  std::string id;
  std::string beneficiary_id;
  OrientationType requested_type = OrientationType::kUnspecified;
  std::string reason;
  ReorientationStatus status = ReorientationStatus::kPending;
  std::string requested_by;
  std::string decided_by;
  std::string decision_reason;
  std::string decision_id;
  int64_t version = 0;
  absl::Time create_time;
};

struct Referent {
  std::string id;
  std::string display_name;
  std::string structure_id;
  OrientationType orientation_type = OrientationType::kUnspecified;
  std::string tad;
  std::string mds;
  int target_caseload = 0;
  int caseload = 0;
  int64_t version = 0;
};

struct Slot {
  std::string id;
  std::string referent_id;
  absl::Time starts_at;
  int duration_minutes = 0;
  bool booked = false;
  std::string tad;
  std::string mds;
};

struct Appointment {
  std::string id;
  std::string slot_id;
  std::string beneficiary_id;
  std::string referent_id;
  absl::Time starts_at;
  AppointmentStatus status = AppointmentStatus::kBooked;
  std::string cancel_reason;
  int64_t version = 0;
};

struct QueueCount {
  QueueKind queue = QueueKind::kUnspecified;
  std::string tad;
  std::string mds;
  int64_t count = 0;
};

struct QueueEntry {
  std::string beneficiary_id;
  Territory territory;
  absl::CivilDay entry_date;
  int days_waiting = 0;
};

// Names for messages and SQL text columns ("TO_CONVENE", "PROFESSIONAL"…): the proto
// enum value names, so a database dump reads like the API.
const char* Name(BeneficiaryStatus s);
const char* Name(OrientationType t);
const char* Name(Barrier b);
const char* Name(QualificationLevel q);
const char* Name(ExitReason r);
const char* Name(Attendance a);
const char* Name(AppointmentStatus s);
const char* Name(ReorientationStatus s);
const char* Name(DecisionKind k);

// The reverse of Name(); kUnspecified for an unknown name.
BeneficiaryStatus ParseBeneficiaryStatus(const std::string& s);
OrientationType ParseOrientationType(const std::string& s);
Barrier ParseBarrier(const std::string& s);
QualificationLevel ParseQualificationLevel(const std::string& s);
ExitReason ParseExitReason(const std::string& s);
Attendance ParseAttendance(const std::string& s);
AppointmentStatus ParseAppointmentStatus(const std::string& s);
ReorientationStatus ParseReorientationStatus(const std::string& s);
DecisionKind ParseDecisionKind(const std::string& s);

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_DOMAIN_MODEL_H_
