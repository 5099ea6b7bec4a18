// The events the orientation service publishes, built from domain values. Every event is
// pseudonymous by construction: the builders take the beneficiary's id and territory, and
// no builder has a parameter that could carry a name, a CAF number or contact data.
//
//   tx_events.push_back(BeneficiaryEnteredEvent(b, now));
//
// Types: orientation.beneficiary.{entered,changed,exited,convened,repeated_no_show,
// oriented,reoriented}, orientation.convocation.attendance_recorded,
// orientation.appointment.{booked,cancelled,held,missed,excused}.
#ifndef PARCOURS_SERVICES_ORIENTATION_EVENTS_ORIENTATION_EVENTS_H_
#define PARCOURS_SERVICES_ORIENTATION_EVENTS_ORIENTATION_EVENTS_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "parcours/events/v1/events.pb.h"
#include "services/orientation/domain/model.h"

namespace parcours::orientation {

inline constexpr char kEventSource[] = "orientation";

events::v1::Event BeneficiaryEnteredEvent(const Beneficiary& b, absl::Time now);
events::v1::Event BeneficiaryChangedEvent(const Beneficiary& b,
                                          const std::vector<std::string>& changed_fields,
                                          absl::Time now);
events::v1::Event BeneficiaryExitedEvent(const Beneficiary& b, BeneficiaryStatus before,
                                         absl::Time now);
events::v1::Event BeneficiaryConvenedEvent(const Beneficiary& b, const Convocation& c,
                                           int convocation_number, absl::Time now);
events::v1::Event AttendanceRecordedEvent(const Beneficiary& b, const Convocation& c,
                                          int no_show_count, absl::Time now);
events::v1::Event RepeatedNoShowEvent(const Beneficiary& b, const Convocation& c, int no_show_count,
                                      int threshold, absl::Time now);
events::v1::Event BeneficiaryOrientedEvent(const Beneficiary& b, const OrientationDecision& d);
events::v1::Event AppointmentEvent(const Beneficiary& b, const Appointment& a, absl::Time now);

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_EVENTS_ORIENTATION_EVENTS_H_
