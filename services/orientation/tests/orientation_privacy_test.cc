// No event and no log line carries a name, a CAF number, an address, a phone number or an
// e-mail: a whole journey (CAF flow, change, diagnostic, convocations with no-shows,
// decision, appointments, reorientation, exit) runs through the real service, then every
// outbox event and every log line it produced is scanned for each identity value.
#include <map>
#include <mutex>
#include <set>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "libs/log/log.h"
#include "libs/testing/status_matchers.h"
#include "services/orientation/proto_mapping.h"
#include "services/orientation/tests/service_fixture.h"

namespace parcours::orientation {
namespace {

using testing::Entrant;
namespace v1 = ::parcours::orientation::v1;

std::mutex log_mu;
std::vector<std::string>* log_lines = new std::vector<std::string>();

void CaptureLog(std::string_view line) {
  std::lock_guard<std::mutex> lock(log_mu);
  log_lines->emplace_back(line);
}

class PrivacyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log::SetLevel(log::Level::kDebug);
    log::SetSinkForTesting(&CaptureLog);
    OrientationSettings settings;
    settings.no_show_threshold = 2;
    ASSERT_OK(f_.Start(settings));
  }
  void TearDown() override { log::SetLevel(log::Level::kInfo); }

  std::unique_ptr<grpc::ClientContext> Ctx(const std::string& token = "agent") {
    auto ctx = std::make_unique<grpc::ClientContext>();
    f_.Authorize(*ctx, token);
    return ctx;
  }
  v1::Beneficiary Get(const std::string& id) {
    v1::GetBeneficiaryRequest req;
    req.set_id(id);
    v1::Beneficiary b;
    EXPECT_TRUE(f_.stub().GetBeneficiary(Ctx().get(), req, &b).ok());
    return b;
  }
  std::vector<v1::Convocation> Convene() {
    v1::CreateInformationSessionRequest s;
    s.set_request_id(absl::StrCat("ses-", absl::ToUnixSeconds(f_.clock().Now())));
    s.mutable_session()->set_mds("MDS-EVRY");
    s.mutable_session()->set_capacity(10);
    *s.mutable_session()->mutable_starts_at() = ToTimestamp(f_.clock().Now() + absl::Hours(1));
    v1::InformationSession session;
    EXPECT_TRUE(f_.stub().CreateInformationSession(Ctx().get(), s, &session).ok());
    v1::ConveneEntrantsRequest c;
    c.set_tad("TAD-EST");
    c.set_max_count(10);
    v1::ConveneEntrantsResponse r;
    EXPECT_TRUE(f_.stub().ConveneEntrants(Ctx().get(), c, &r).ok());
    f_.clock().Advance(absl::Hours(2));
    return {r.convocations().begin(), r.convocations().end()};
  }
  void Attend(const v1::Convocation& c, v1::Attendance a) {
    v1::RecordAttendanceRequest req;
    req.set_convocation_id(c.id());
    req.set_etag(c.etag());
    req.set_attendance(a);
    v1::Convocation out;
    EXPECT_TRUE(f_.stub().RecordAttendance(Ctx().get(), req, &out).ok());
  }

  testing::ServiceFixture f_;
};

TEST_F(PrivacyTest, NoIdentityInEventsOrLogs) {
  std::vector<CafRecord> flow = {Entrant(101, "91228", absl::CivilDay(2024, 5, 2)),
                                 Entrant(102, "91228", absl::CivilDay(2024, 5, 3)),
                                 Entrant(103, "91174", absl::CivilDay(2024, 5, 4))};
  CafRecord change;
  change.kind = CafRecordKind::kChange;
  change.caf_number = testing::CafNumber(102);
  change.event_date = absl::CivilDay(2024, 5, 20);
  change.phone = "0799887766";
  change.address_line = "7 impasse Secrète";
  change.subject_to_rights_and_duties = true;
  flow.push_back(change);
  std::vector<CafRecord> identities = flow;
  v1::ImportCafFlowResponse imported;
  ASSERT_TRUE(f_.ImportFlow(flow, &imported).ok());
  ASSERT_EQ(imported.applied(), 4);

  std::map<std::string, std::string> ids;  // CAF number → id
  {
    v1::ListBeneficiariesRequest req;
    v1::ListBeneficiariesResponse resp;
    ASSERT_TRUE(f_.stub().ListBeneficiaries(Ctx().get(), req, &resp).ok());
    for (const auto& b : resp.beneficiaries()) ids[b.identity().caf_number()] = b.id();
  }
  const std::string a = ids[testing::CafNumber(101)];
  const std::string b = ids[testing::CafNumber(102)];
  const std::string c = ids[testing::CafNumber(103)];

  // Diagnostic and a new e-mail for A.
  v1::UpdateBeneficiaryRequest upd;
  *upd.mutable_beneficiary() = Get(a);
  upd.mutable_beneficiary()->mutable_identity()->set_email("nouvelle.adresse@example.org");
  upd.mutable_beneficiary()->mutable_diagnostic()->add_barriers(v1::MOBILITY);
  upd.mutable_beneficiary()->mutable_diagnostic()->set_qualification_level(
      v1::QUALIFICATION_LEVEL_4);
  upd.mutable_update_mask()->add_paths("identity.email");
  upd.mutable_update_mask()->add_paths("diagnostic");
  v1::Beneficiary updated;
  ASSERT_TRUE(f_.stub().UpdateBeneficiary(Ctx().get(), upd, &updated).ok());
  identities[0].email = "nouvelle.adresse@example.org";

  // Two sessions: A attends, B misses both (repeated no-show), C is excused then attends.
  for (const v1::Convocation& cv : Convene()) {
    Attend(cv, cv.beneficiary_id() == a   ? v1::ATTENDED
               : cv.beneficiary_id() == b ? v1::NO_SHOW
                                          : v1::EXCUSED);
  }
  for (const v1::Convocation& cv : Convene()) {
    Attend(cv, cv.beneficiary_id() == b ? v1::NO_SHOW : v1::ATTENDED);
  }

  // A is oriented, books, cancels, books again, is seen; then a reorientation.
  v1::CreateReferentRequest cr;
  cr.set_request_id("ref");
  cr.mutable_referent()->set_display_name("Conseillère");
  cr.mutable_referent()->set_structure_id("str_1");
  cr.mutable_referent()->set_orientation_type(v1::PROFESSIONAL);
  cr.mutable_referent()->set_mds("MDS-EVRY");
  cr.mutable_referent()->set_target_caseload(50);
  v1::Referent ref;
  ASSERT_TRUE(f_.stub().CreateReferent(Ctx().get(), cr, &ref).ok());
  cr.set_request_id("ref2");
  cr.mutable_referent()->set_orientation_type(v1::SOCIAL);
  v1::Referent ref2;
  ASSERT_TRUE(f_.stub().CreateReferent(Ctx().get(), cr, &ref2).ok());
  v1::DecideOrientationRequest dec;
  dec.set_request_id("dec");
  dec.set_beneficiary_id(a);
  dec.set_beneficiary_etag(Get(a).etag());
  dec.set_type(v1::PROFESSIONAL);
  dec.set_referent_id(ref.id());
  dec.set_comment("projet professionnel clair");
  v1::OrientationDecision decision;
  ASSERT_TRUE(f_.stub().DecideOrientation(Ctx().get(), dec, &decision).ok());
  v1::PublishSlotsRequest ps;
  ps.set_referent_id(ref.id());
  auto* slot = ps.add_slots();
  *slot->mutable_starts_at() = ToTimestamp(f_.clock().Now() + absl::Hours(5));
  slot->set_duration_minutes(30);
  v1::PublishSlotsResponse slots;
  ASSERT_TRUE(f_.stub().PublishSlots(Ctx().get(), ps, &slots).ok());
  v1::BookAppointmentRequest book;
  book.set_request_id("b1");
  book.set_slot_id(slots.slots(0).id());
  book.set_beneficiary_id(a);
  v1::Appointment apt;
  ASSERT_TRUE(f_.stub().BookAppointment(Ctx().get(), book, &apt).ok());
  v1::CancelAppointmentRequest cancel;
  cancel.set_appointment_id(apt.id());
  cancel.set_etag(apt.etag());
  cancel.set_reason("empêchement");
  ASSERT_TRUE(f_.stub().CancelAppointment(Ctx().get(), cancel, &apt).ok());
  book.set_request_id("b2");
  ASSERT_TRUE(f_.stub().BookAppointment(Ctx().get(), book, &apt).ok());
  f_.clock().Advance(absl::Hours(6));
  v1::RecordAppointmentOutcomeRequest outcome;
  outcome.set_appointment_id(apt.id());
  outcome.set_etag(apt.etag());
  outcome.set_outcome(v1::HELD);
  ASSERT_TRUE(f_.stub().RecordAppointmentOutcome(Ctx().get(), outcome, &apt).ok());
  v1::RequestReorientationRequest rr;
  rr.set_request_id("rr");
  rr.set_beneficiary_id(a);
  rr.set_requested_type(v1::SOCIAL);
  rr.set_reason("santé");
  v1::ReorientationRequest reo;
  ASSERT_TRUE(f_.stub().RequestReorientation(Ctx().get(), rr, &reo).ok());
  v1::DecideReorientationRequest dr;
  dr.set_reorientation_id(reo.id());
  dr.set_etag(reo.etag());
  dr.set_accept(true);
  dr.set_decision_reason("accord");
  dr.set_type(v1::SOCIAL);
  dr.set_referent_id(ref2.id());
  v1::DecideReorientationResponse drr;
  ASSERT_TRUE(f_.stub().DecideReorientation(Ctx().get(), dr, &drr).ok());

  // C leaves the RSA.
  CafRecord exit;
  exit.kind = CafRecordKind::kExit;
  exit.caf_number = testing::CafNumber(103);
  exit.event_date = absl::CivilDay(2024, 6, 1);
  exit.exit_reason = ExitReason::kIncomeAboveThreshold;
  ASSERT_TRUE(f_.ImportFlow({exit}, &imported).ok());
  ASSERT_EQ(imported.applied(), 1);

  // What must never leak.
  std::set<std::string> secrets;
  for (const CafRecord& r : identities) {
    for (const std::string& s :
         {r.last_name, r.first_name, r.caf_number, r.phone, r.email, r.address_line}) {
      if (!s.empty()) secrets.insert(s);
    }
  }
  ASSERT_GE(secrets.size(), 18u);
  // The scan sees identity where it legitimately is: the identities table.
  ASSERT_OK_AND_ASSIGN(std::string dump, testing::DumpTables(f_.db()));
  EXPECT_NE(dump.find("Quasimodo101"), std::string::npos);

  ASSERT_OK_AND_ASSIGN(std::vector<events::v1::Event> events, testing::ReadEvents(f_.db()));
  std::set<std::string> types;
  for (const events::v1::Event& e : events) {
    types.insert(e.type());
    EXPECT_TRUE(e.beneficiary_id().rfind("ben_", 0) == 0) << e.type();
    EXPECT_FALSE(e.tad().empty()) << e.type();
    const std::string bytes = e.SerializeAsString();
    const std::string text = e.DebugString();
    for (const std::string& s : secrets) {
      EXPECT_EQ(bytes.find(s), std::string::npos) << e.type() << " carries an identity value";
      EXPECT_EQ(text.find(s), std::string::npos) << e.type();
    }
  }
  for (const char* t :
       {"orientation.beneficiary.entered", "orientation.beneficiary.changed",
        "orientation.beneficiary.exited", "orientation.beneficiary.convened",
        "orientation.convocation.attendance_recorded", "orientation.beneficiary.repeated_no_show",
        "orientation.beneficiary.oriented", "orientation.beneficiary.reoriented",
        "orientation.appointment.booked", "orientation.appointment.cancelled",
        "orientation.appointment.held"}) {
    EXPECT_TRUE(types.count(t)) << "the journey should publish " << t;
  }

  std::vector<std::string> lines;
  {
    std::lock_guard<std::mutex> lock(log_mu);
    lines = *log_lines;
  }
  ASSERT_FALSE(lines.empty()) << "the journey logs (imports, convening, no-shows)";
  for (const std::string& line : lines) {
    for (const std::string& s : secrets) {
      EXPECT_EQ(line.find(s), std::string::npos) << "log line carries identity: " << line;
    }
  }
}

}  // namespace
}  // namespace parcours::orientation
