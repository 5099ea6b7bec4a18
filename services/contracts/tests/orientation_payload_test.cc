// contracts' decoder of orientation's feed against orientation's REAL events: each event
// is built by orientation's own builders (services/orientation/events), so a payload
// orientation changes (a field renumbered, a message swapped) fails here.
#include "gtest/gtest.h"
#include "libs/testing/status_matchers.h"
#include "parcours/orientation/v1/orientation.pb.h"
#include "services/contracts/feed/orientation_feed.h"
#include "services/orientation/events/orientation_events.h"

namespace parcours::contracts {
namespace {

namespace od = ::parcours::orientation;

absl::Time At(int y, int m, int d, int h = 10) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, h, 0, 0), absl::UTCTimeZone());
}

od::Beneficiary Someone() {
  od::Beneficiary b;
  b.id = "ben_01HX0000000000000000000001";
  b.status = od::BeneficiaryStatus::kToConvene;
  b.territory = {.tad = "TAD-EST", .mds = "MDS-EVRY", .commune_insee = "91228"};
  b.subject_to_rights_and_duties = true;
  b.entry_date = absl::CivilDay(2024, 5, 2);
  return b;
}

OrientationFact Decode(const events::v1::Event& e) {
  OrientationPayloadDecoder decoder;
  absl::StatusOr<std::optional<OrientationFact>> f = decoder.Decode(e);
  EXPECT_OK(f);
  EXPECT_TRUE(f.ok() && f->has_value()) << e.type();
  return f.ok() && f->has_value() ? **f : OrientationFact();
}

TEST(OrientationPayloadTest, Entered) {
  const OrientationFact f = Decode(od::BeneficiaryEnteredEvent(Someone(), At(2024, 5, 3)));
  EXPECT_EQ(f.what, OrientationFact::What::kEntered);
  EXPECT_EQ(f.beneficiary_id, "ben_01HX0000000000000000000001");
  EXPECT_EQ(f.tad, "TAD-EST");
  EXPECT_EQ(f.mds, "MDS-EVRY");
  EXPECT_EQ(f.on, absl::CivilDay(2024, 5, 2));  // the right's opening, not the event's day
  EXPECT_EQ(f.subject_to_rights_and_duties, std::optional<bool>(true));
}

TEST(OrientationPayloadTest, ChangedCarriesRightsAndDuties) {
  od::Beneficiary b = Someone();
  b.subject_to_rights_and_duties = false;
  const OrientationFact f =
      Decode(od::BeneficiaryChangedEvent(b, {"subject_to_rights_and_duties"}, At(2024, 5, 20)));
  EXPECT_EQ(f.what, OrientationFact::What::kChanged);
  EXPECT_EQ(f.subject_to_rights_and_duties, std::optional<bool>(false));
}

TEST(OrientationPayloadTest, OrientedAndReoriented) {
  od::OrientationDecision d;
  d.id = "ode_01HX0000000000000000000002";
  d.type = od::OrientationType::kSocioProfessional;
  d.referent_id = "ref_01HX0000000000000000000003";
  d.structure_id = "str_1";
  d.decided_at = At(2024, 6, 3, 21);  // 23:00 in Paris: still the 3rd
  OrientationFact f = Decode(od::BeneficiaryOrientedEvent(Someone(), d));
  EXPECT_EQ(f.what, OrientationFact::What::kOriented);
  EXPECT_EQ(f.decision_id, d.id);
  EXPECT_EQ(f.type, OrientationType::kSocioProfessional);
  EXPECT_EQ(f.referent_id, d.referent_id);
  EXPECT_EQ(f.on, absl::CivilDay(2024, 6, 3));

  d.kind = od::DecisionKind::kReorientation;
  d.type = od::OrientationType::kProfessional;
  const events::v1::Event re = od::BeneficiaryOrientedEvent(Someone(), d);
  EXPECT_EQ(re.type(), "orientation.beneficiary.reoriented");
  f = Decode(re);
  EXPECT_EQ(f.what, OrientationFact::What::kOriented);
  EXPECT_EQ(f.type, OrientationType::kProfessional);
}

TEST(OrientationPayloadTest, ExitedOnTheExitDay) {
  od::Beneficiary b = Someone();
  b.status = od::BeneficiaryStatus::kExited;
  b.exit_date = absl::CivilDay(2024, 8, 31);
  b.exit_reason = od::ExitReason::kIncomeAboveThreshold;
  const OrientationFact f =
      Decode(od::BeneficiaryExitedEvent(b, od::BeneficiaryStatus::kOriented, At(2024, 9, 5)));
  EXPECT_EQ(f.what, OrientationFact::What::kExited);
  EXPECT_EQ(f.on, absl::CivilDay(2024, 8, 31));
}

TEST(OrientationPayloadTest, RepeatedNoShowCount) {
  od::Convocation c;
  c.id = "cnv_1";
  c.session_id = "ses_1";
  c.starts_at = At(2024, 6, 1);
  const OrientationFact f = Decode(od::RepeatedNoShowEvent(Someone(), c, 3, 2, At(2024, 6, 2)));
  EXPECT_EQ(f.what, OrientationFact::What::kRepeatedNoShow);
  EXPECT_EQ(f.no_show_count, 3);
}

TEST(OrientationPayloadTest, OtherTypesAreOfNoInterest) {
  od::Appointment a;
  a.id = "apt_1";
  a.status = od::AppointmentStatus::kBooked;
  OrientationPayloadDecoder decoder;
  ASSERT_OK_AND_ASSIGN(std::optional<OrientationFact> f,
                       decoder.Decode(od::AppointmentEvent(Someone(), a, At(2024, 6, 4))));
  EXPECT_FALSE(f.has_value());
}

// A payload that is not what the type announces halts the consumer at that event.
TEST(OrientationPayloadTest, MismatchedOrBadPayloadIsAnError) {
  od::Beneficiary b = Someone();
  b.exit_date = absl::CivilDay(2024, 8, 31);
  events::v1::Event e =
      od::BeneficiaryExitedEvent(b, od::BeneficiaryStatus::kOriented, At(2024, 9, 5));
  e.set_type("orientation.beneficiary.oriented");
  OrientationPayloadDecoder decoder;
  EXPECT_EQ(decoder.Decode(e).status().code(), absl::StatusCode::kInvalidArgument);

  orientation::v1::BeneficiaryOriented unknown_type;  // type left unspecified
  unknown_type.set_decision_id("ode_1");
  e.mutable_payload()->PackFrom(unknown_type);
  EXPECT_EQ(decoder.Decode(e).status().code(), absl::StatusCode::kInvalidArgument);

  orientation::v1::BeneficiaryEntered no_day;
  e.set_type("orientation.beneficiary.entered");
  e.mutable_payload()->PackFrom(no_day);
  EXPECT_EQ(decoder.Decode(e).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace parcours::contracts
