#include "services/orientation/domain/model.h"

#include <array>
#include <cstddef>
#include <utility>

namespace parcours::orientation {
namespace {

// One table per enum, indexed by value: Name() and Parse*() read the same table, so they
// cannot disagree.
template <typename E, size_t N>
const char* NameIn(const std::array<const char*, N>& names, E value) {
  const auto i = static_cast<size_t>(value);
  return i < N ? names[i] : names[0];
}

template <typename E, size_t N>
E ParseIn(const std::array<const char*, N>& names, const std::string& s) {
  for (size_t i = 1; i < N; ++i) {
    if (s == names[i]) return static_cast<E>(i);
  }
  return static_cast<E>(0);
}

constexpr std::array<const char*, 7> kStatus = {"BENEFICIARY_STATUS_UNSPECIFIED",
                                                "ENTRANT",
                                                "TO_CONVENE",
                                                "CONVENED",
                                                "ORIENTED",
                                                "ACCOMPANIED",
                                                "EXITED"};
constexpr std::array<const char*, 4> kType = {"ORIENTATION_TYPE_UNSPECIFIED", "PROFESSIONAL",
                                              "SOCIO_PROFESSIONAL", "SOCIAL"};
constexpr std::array<const char*, 7> kBarrier = {
    "BARRIER_UNSPECIFIED", "MOBILITY", "HOUSING", "HEALTH", "CHILDCARE", "LANGUAGE", "DIGITAL"};
constexpr std::array<const char*, 6> kQualification = {
    "QUALIFICATION_LEVEL_UNSPECIFIED", "QUALIFICATION_NONE",    "QUALIFICATION_LEVEL_3",
    "QUALIFICATION_LEVEL_4",           "QUALIFICATION_LEVEL_5", "QUALIFICATION_LEVEL_6_PLUS"};
constexpr std::array<const char*, 7> kExit = {"EXIT_REASON_UNSPECIFIED",
                                              "END_OF_RIGHTS",
                                              "INCOME_ABOVE_THRESHOLD",
                                              "MOVED_OUT",
                                              "DECEASED",
                                              "OTHER_EXIT",
                                              "RETURN_TO_EMPLOYMENT"};
constexpr std::array<const char*, 5> kAttendance = {"ATTENDANCE_UNSPECIFIED", "PENDING", "ATTENDED",
                                                    "NO_SHOW", "EXCUSED"};
constexpr std::array<const char*, 6> kAppointment = {
    "APPOINTMENT_STATUS_UNSPECIFIED", "BOOKED", "CANCELLED", "HELD", "MISSED", "EXCUSED_ABSENCE"};
constexpr std::array<const char*, 4> kReorientation = {
    "REORIENTATION_STATUS_UNSPECIFIED", "REORIENTATION_PENDING", "REORIENTATION_ACCEPTED",
    "REORIENTATION_DENIED"};
constexpr std::array<const char*, 3> kDecisionKind = {"DECISION_KIND_UNSPECIFIED", "INITIAL",
                                                      "REORIENTATION"};

}  // namespace

const char* Name(BeneficiaryStatus s) { return NameIn(kStatus, s); }
const char* Name(OrientationType t) { return NameIn(kType, t); }
const char* Name(Barrier b) { return NameIn(kBarrier, b); }
const char* Name(QualificationLevel q) { return NameIn(kQualification, q); }
const char* Name(ExitReason r) { return NameIn(kExit, r); }
const char* Name(Attendance a) { return NameIn(kAttendance, a); }
const char* Name(AppointmentStatus s) { return NameIn(kAppointment, s); }
const char* Name(ReorientationStatus s) { return NameIn(kReorientation, s); }
const char* Name(DecisionKind k) { return NameIn(kDecisionKind, k); }

BeneficiaryStatus ParseBeneficiaryStatus(const std::string& s) {
  return ParseIn<BeneficiaryStatus>(kStatus, s);
}
OrientationType ParseOrientationType(const std::string& s) {
  return ParseIn<OrientationType>(kType, s);
}
Barrier ParseBarrier(const std::string& s) { return ParseIn<Barrier>(kBarrier, s); }
QualificationLevel ParseQualificationLevel(const std::string& s) {
  return ParseIn<QualificationLevel>(kQualification, s);
}
ExitReason ParseExitReason(const std::string& s) { return ParseIn<ExitReason>(kExit, s); }
Attendance ParseAttendance(const std::string& s) { return ParseIn<Attendance>(kAttendance, s); }
AppointmentStatus ParseAppointmentStatus(const std::string& s) {
  return ParseIn<AppointmentStatus>(kAppointment, s);
}
ReorientationStatus ParseReorientationStatus(const std::string& s) {
  return ParseIn<ReorientationStatus>(kReorientation, s);
}
DecisionKind ParseDecisionKind(const std::string& s) {
  return ParseIn<DecisionKind>(kDecisionKind, s);
}

}  // namespace parcours::orientation
