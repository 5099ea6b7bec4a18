// Store tests, one body for SQLite and PostgreSQL: CAF import (rejections kept apart,
// replay changes nothing), convening within capacity, attendance and repeated no-shows,
// etags, territory scope, and no double booking under 64 concurrent bookings.
#include <atomic>
#include <thread>

#include "gtest/gtest.h"
#include "libs/common/ids.h"
#include "libs/testing/status_matchers.h"
#include "libs/testing/test_database.h"
#include "services/orientation/domain/orientation_decision.h"
#include "services/orientation/tests/test_support.h"

namespace parcours::orientation {
namespace {

using testing::Entrant;
using testing::Import;

const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2024, 6, 3, 10, 0, 0), absl::UTCTimeZone());
constexpr char kEvry[] = "91228";     // TAD-EST / MDS-EVRY
constexpr char kCorbeil[] = "91174";  // TAD-EST / MDS-CORBEIL
constexpr char kArpajon[] = "91021";  // TAD-CENTRE

class OrientationStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    storage::DatabaseOptions options;
    options.pool_size = 16;
    options.acquire_timeout = absl::Seconds(20);  // 64 threads share 16 connections
    absl::StatusOr<testing::StoreEnv> env = testing::MakeStoreEnv(GetParam(), options);
    ASSERT_TRUE(env.ok()) << env.status();
    env_ = *std::move(env);
  }
  storage::Database& db() { return env_.db->db(); }
  OrientationStore& store() { return *env_.store; }

  std::string IdOf(int n) {
    absl::StatusOr<Page<Beneficiary>> all =
        store().ListBeneficiaries({}, AccessScope::All(), PageRequest{500, ""});
    for (const Beneficiary& b : all->items) {
      if (b.identity.caf_number == testing::CafNumber(n)) return b.id;
    }
    ADD_FAILURE() << "no beneficiary " << n;
    return "";
  }

  // A référent of `type` in TAD-EST, and `n` beneficiaries oriented to them.
  Referent MakeReferent(OrientationType type) {
    static int counter = 0;
    Referent r{"", "Référente", "str_1", type, "TAD-EST", "MDS-EVRY", 40, 0, 0};
    absl::StatusOr<Referent> created =
        store().CreateReferent(absl::StrCat("req-ref-", ++counter, GetParam()), r);
    EXPECT_TRUE(created.ok()) << created.status();
    return *created;
  }

  absl::StatusOr<OrientationDecision> Orient(const std::string& id, const Referent& r) {
    absl::StatusOr<Beneficiary> b = store().GetBeneficiary(id, AccessScope::All());
    if (!b.ok()) return b.status();
    return store().DecideOrientation(
        absl::StrCat("req-", id), id, b->version, r.id, AccessScope::All(),
        [&](const Beneficiary& ben, const Referent& ref) {
          Suggestion s{r.orientation_type, {{"default", "test", r.orientation_type}}, "v"};
          return MakeDecision(
              {ben, ref, ref.orientation_type, "", s, "agent", kNow, NewId("ori", kNow)});
        });
  }

  testing::StoreEnv env_;
};

TEST_P(OrientationStoreTest, ImportKeepsGoodRecordsRejectsBadOnesAndReplaysToTheSameDatabase) {
  std::vector<CafRecord> flow = {
      Entrant(1, kEvry, absl::CivilDay(2024, 5, 2)),
      Entrant(2, kArpajon, absl::CivilDay(2024, 5, 3), /*subject=*/false),
      Entrant(3, "75056", absl::CivilDay(2024, 5, 3)),  // unknown commune
  };
  CafRecord change;
  change.kind = CafRecordKind::kChange;
  change.caf_number = testing::CafNumber(2);
  change.event_date = absl::CivilDay(2024, 5, 20);
  change.commune_insee = kCorbeil;
  change.subject_to_rights_and_duties = true;
  flow.push_back(change);
  CafRecord orphan = change;
  orphan.caf_number = testing::CafNumber(99);  // never entered
  flow.push_back(orphan);
  CafRecord exit;
  exit.kind = CafRecordKind::kExit;
  exit.caf_number = testing::CafNumber(1);
  exit.event_date = absl::CivilDay(2024, 5, 30);
  exit.exit_reason = ExitReason::kMovedOut;
  flow.push_back(exit);

  ASSERT_OK_AND_ASSIGN(CafBatchResult first, Import(store(), flow, kNow));
  EXPECT_EQ(first.applied, 4);
  EXPECT_EQ(first.unchanged, 0);
  ASSERT_EQ(first.rejections.size(), 2u);
  EXPECT_EQ(first.rejections[0].index, 2);
  EXPECT_EQ(first.rejections[0].field, "commune_insee");
  EXPECT_EQ(first.rejections[1].index, 4);
  EXPECT_EQ(first.rejections[1].field, "caf_number");

  ASSERT_OK_AND_ASSIGN(Beneficiary moved, store().GetBeneficiary(IdOf(2), AccessScope::All()));
  EXPECT_EQ(moved.status, BeneficiaryStatus::kToConvene);
  EXPECT_EQ(moved.territory.mds, "MDS-CORBEIL");
  ASSERT_OK_AND_ASSIGN(Beneficiary gone, store().GetBeneficiary(IdOf(1), AccessScope::All()));
  EXPECT_EQ(gone.status, BeneficiaryStatus::kExited);

  ASSERT_OK_AND_ASSIGN(std::string before, testing::DumpTables(db()));
  ASSERT_OK_AND_ASSIGN(CafBatchResult replay, Import(store(), flow, kNow + absl::Hours(1)));
  EXPECT_EQ(replay.applied, 0);
  EXPECT_EQ(replay.unchanged, 4);
  ASSERT_OK_AND_ASSIGN(std::string after, testing::DumpTables(db()));
  EXPECT_EQ(before, after) << "a replayed flow must change nothing";
  ASSERT_OK_AND_ASSIGN(CafBatchResult again, Import(store(), flow, kNow + absl::Hours(2)));
  EXPECT_EQ(again.unchanged, 4);
  ASSERT_OK_AND_ASSIGN(std::string third, testing::DumpTables(db()));
  EXPECT_EQ(before, third);

  ASSERT_OK_AND_ASSIGN(std::vector<events::v1::Event> events, testing::ReadEvents(db()));
  std::vector<std::string> types;
  for (const auto& e : events) types.push_back(e.type());
  EXPECT_EQ(types, (std::vector<std::string>{
                       "orientation.beneficiary.entered", "orientation.beneficiary.entered",
                       "orientation.beneficiary.changed", "orientation.beneficiary.exited"}));
}

TEST_P(OrientationStoreTest, ConvenesOldestFirstWithinCapacityAndTerritory) {
  std::vector<CafRecord> flow;
  for (int n = 1; n <= 5; ++n) flow.push_back(Entrant(n, kEvry, absl::CivilDay(2024, 5, 10 - n)));
  flow.push_back(Entrant(6, kArpajon, absl::CivilDay(2024, 4, 1)));  // other TAD
  ASSERT_OK(Import(store(), flow, kNow).status());
  InformationSession s;
  s.tad = "TAD-EST";
  s.mds = "MDS-EVRY";
  s.starts_at = kNow + absl::Hours(48);
  s.capacity = 3;
  ASSERT_OK_AND_ASSIGN(InformationSession session, store().CreateSession("req-s1", s));
  ASSERT_OK_AND_ASSIGN(InformationSession same, store().CreateSession("req-s1", s));
  EXPECT_EQ(same.id, session.id) << "request_id makes creation idempotent";

  ASSERT_OK_AND_ASSIGN(ConveneResult r, store().Convene("TAD-EST", 10, kNow));
  ASSERT_EQ(r.convocations.size(), 3u);
  EXPECT_EQ(r.still_waiting, 2);
  EXPECT_EQ(r.convocations[0].beneficiary_id, IdOf(5)) << "entered first";
  EXPECT_EQ(r.convocations[1].beneficiary_id, IdOf(4));
  EXPECT_EQ(r.convocations[2].beneficiary_id, IdOf(3));
  ASSERT_OK_AND_ASSIGN(ConveneResult none, store().Convene("TAD-EST", 10, kNow));
  EXPECT_TRUE(none.convocations.empty()) << "the session is full";
  ASSERT_OK_AND_ASSIGN(Page<InformationSession> sessions,
                       store().ListSessions({}, AccessScope::All(), PageRequest{10, ""}));
  EXPECT_EQ(sessions.items[0].convened, 3);
  ASSERT_OK_AND_ASSIGN(Beneficiary b, store().GetBeneficiary(IdOf(5), AccessScope::All()));
  EXPECT_EQ(b.status, BeneficiaryStatus::kConvened);
  EXPECT_EQ(b.follow_up, FollowUpStatus::kConvocationPending);
}

TEST_P(OrientationStoreTest, RepeatedNoShowsAreReportedOnceAndReconvened) {
  ASSERT_OK(Import(store(), {Entrant(1, kEvry, absl::CivilDay(2024, 5, 2))}, kNow).status());
  const std::string id = IdOf(1);
  absl::Time t = kNow;
  int reported = 0;
  for (int round = 0; round < 3; ++round) {
    InformationSession s{"", "MDS-EVRY", "TAD-EST", t + absl::Hours(1), 5, 0, "", 0};
    ASSERT_OK(store().CreateSession(absl::StrCat("req-", round), s).status());
    ASSERT_OK_AND_ASSIGN(ConveneResult r, store().Convene("TAD-EST", 1, t));
    ASSERT_EQ(r.convocations.size(), 1u) << "re-convened after each absence";
    const Convocation& c = r.convocations[0];
    EXPECT_EQ(store()
                  .RecordAttendance(c.id, c.version, Attendance::kNoShow, 2, AccessScope::All(), t)
                  .status()
                  .code(),
              absl::StatusCode::kFailedPrecondition)
        << "not before the session";
    t += absl::Hours(2);
    EXPECT_EQ(
        store()
            .RecordAttendance(c.id, c.version + 1, Attendance::kNoShow, 2, AccessScope::All(), t)
            .status()
            .code(),
        absl::StatusCode::kAborted);
    ASSERT_OK_AND_ASSIGN(
        AttendanceResult a,
        store().RecordAttendance(c.id, c.version, Attendance::kNoShow, 2, AccessScope::All(), t));
    reported += a.repeated_no_show_reported ? 1 : 0;
    EXPECT_EQ(store()
                  .RecordAttendance(c.id, a.convocation.version, Attendance::kAttended, 2,
                                    AccessScope::All(), t)
                  .status()
                  .code(),
              absl::StatusCode::kFailedPrecondition)
        << "attendance is recorded once";
  }
  EXPECT_EQ(reported, 1);
  ASSERT_OK_AND_ASSIGN(Beneficiary b, store().GetBeneficiary(id, AccessScope::All()));
  EXPECT_EQ(b.no_show_count, 3);
  EXPECT_EQ(b.status, BeneficiaryStatus::kToConvene);
  EXPECT_EQ(b.follow_up, FollowUpStatus::kConvocationNoShow);
  ASSERT_OK_AND_ASSIGN(std::vector<events::v1::Event> events, testing::ReadEvents(db()));
  int repeated = 0;
  for (const auto& e : events) repeated += e.type() == "orientation.beneficiary.repeated_no_show";
  EXPECT_EQ(repeated, 1);
}

TEST_P(OrientationStoreTest, EtagsAndTerritoryScope) {
  ASSERT_OK(Import(store(), {Entrant(1, kEvry, absl::CivilDay(2024, 5, 2))}, kNow).status());
  const std::string id = IdOf(1);
  ASSERT_OK_AND_ASSIGN(Beneficiary b, store().GetBeneficiary(id, AccessScope::All()));
  auto set_phone = [](Beneficiary& x) -> absl::StatusOr<std::vector<std::string>> {
    x.identity.phone = "0102030405";
    return std::vector<std::string>{"identity.phone"};
  };
  ASSERT_OK_AND_ASSIGN(Beneficiary updated,
                       store().UpdateBeneficiary(id, b.version, AccessScope::All(), set_phone));
  EXPECT_EQ(updated.version, b.version + 1);
  EXPECT_EQ(store().UpdateBeneficiary(id, b.version, AccessScope::All(), set_phone).status().code(),
            absl::StatusCode::kAborted);
  EXPECT_EQ(store().GetBeneficiary(id, AccessScope::Of({"TAD-CENTRE"})).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_OK(store().GetBeneficiary(id, AccessScope::Of({"MDS-EVRY"})).status());
  EXPECT_EQ(
      store().GetBeneficiary("ben_01HZZZZZZZZZZZZZZZZZZZZZZZ", AccessScope::All()).status().code(),
      absl::StatusCode::kNotFound);
  ASSERT_OK_AND_ASSIGN(
      Page<Beneficiary> none,
      store().ListBeneficiaries({}, AccessScope::Of({"TAD-CENTRE"}), PageRequest{50, ""}));
  EXPECT_TRUE(none.items.empty());
}

TEST_P(OrientationStoreTest, ConcurrentBookingsNeverDoubleBookASlot) {
  constexpr int kPeople = 64;
  constexpr int kSlots = 10;
  std::vector<CafRecord> flow;
  for (int n = 1; n <= kPeople; ++n) flow.push_back(Entrant(n, kEvry, absl::CivilDay(2024, 5, 2)));
  ASSERT_OK(Import(store(), flow, kNow).status());
  const Referent r = MakeReferent(OrientationType::kSocial);
  std::vector<std::string> ids;
  for (int n = 1; n <= kPeople; ++n) {
    ids.push_back(IdOf(n));
    ASSERT_OK(Orient(ids.back(), r).status());
  }
  std::vector<Slot> wanted;
  for (int i = 0; i < kSlots; ++i) {
    wanted.push_back(Slot{"", "", kNow + absl::Hours(24 + i), 45, false, "", ""});
  }
  ASSERT_OK_AND_ASSIGN(std::vector<Slot> slots,
                       store().PublishSlots(r.id, wanted, AccessScope::All()));
  ASSERT_EQ(slots.size(), static_cast<size_t>(kSlots));

  // Every person tries every slot in a different order until one sticks.
  std::atomic<int> booked{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int p = 0; p < kPeople; ++p) {
    threads.emplace_back([&, p] {
      for (int k = 0; k < kSlots; ++k) {
        const Slot& s = slots[(p + k) % kSlots];
        absl::StatusOr<Appointment> a = store().BookAppointment(
            absl::StrCat("req-", p, "-", k), s.id, ids[p], AccessScope::All(), kNow);
        if (a.ok()) {
          ++booked;
          return;
        }
        const auto code = a.status().code();
        if (code == absl::StatusCode::kResourceExhausted ||
            code == absl::StatusCode::kAlreadyExists) {
          ++refused;
        } else {
          ++other;  // UNAVAILABLE (pool or SQLite busy) would be a capacity problem, not a double
                    // booking
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(booked.load(), kSlots);
  EXPECT_EQ(other.load(), 0);
  ASSERT_OK_AND_ASSIGN(int64_t rows, testing::CountRows(db(), "appointments"));
  EXPECT_EQ(rows, kSlots) << "exactly one appointment per slot";
  ASSERT_OK_AND_ASSIGN(Page<Slot> free,
                       store().ListFreeSlots("TAD-EST", "", kNow, kNow + absl::Hours(24 * 7),
                                             AccessScope::All(), PageRequest{50, ""}));
  EXPECT_TRUE(free.items.empty());
}

TEST_P(OrientationStoreTest, AppointmentLifecycleFreesTheSlotAndAccompanies) {
  ASSERT_OK(Import(store(), {Entrant(1, kEvry, absl::CivilDay(2024, 5, 2))}, kNow).status());
  const std::string id = IdOf(1);
  const Referent r = MakeReferent(OrientationType::kSocioProfessional);
  ASSERT_OK(Orient(id, r).status());
  ASSERT_OK_AND_ASSIGN(Referent with_caseload, store().GetReferent(r.id));
  EXPECT_EQ(with_caseload.caseload, 1);
  ASSERT_OK_AND_ASSIGN(
      std::vector<Slot> slots,
      store().PublishSlots(r.id, {Slot{"", "", kNow + absl::Hours(2), 30, false, "", ""}},
                           AccessScope::All()));
  ASSERT_OK_AND_ASSIGN(Appointment a,
                       store().BookAppointment("req-a", slots[0].id, id, AccessScope::All(), kNow));
  ASSERT_OK_AND_ASSIGN(Appointment retry,
                       store().BookAppointment("req-a", slots[0].id, id, AccessScope::All(), kNow));
  EXPECT_EQ(retry.id, a.id);
  ASSERT_OK_AND_ASSIGN(Appointment cancelled,
                       store().CancelAppointment(a.id, a.version, "ill", AccessScope::All(), kNow));
  EXPECT_EQ(cancelled.status, AppointmentStatus::kCancelled);
  EXPECT_EQ(store()
                .CancelAppointment(a.id, cancelled.version, "again", AccessScope::All(), kNow)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_OK_AND_ASSIGN(Appointment b,
                       store().BookAppointment("req-b", slots[0].id, id, AccessScope::All(), kNow));
  EXPECT_EQ(store()
                .RecordAppointmentOutcome(b.id, b.version, AppointmentStatus::kHeld,
                                          AccessScope::All(), kNow)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition)
      << "not before it starts";
  ASSERT_OK_AND_ASSIGN(AppointmentResult held,
                       store().RecordAppointmentOutcome(b.id, b.version, AppointmentStatus::kHeld,
                                                        AccessScope::All(), kNow + absl::Hours(3)));
  EXPECT_TRUE(held.first_held);
  ASSERT_OK_AND_ASSIGN(Beneficiary ben, store().GetBeneficiary(id, AccessScope::All()));
  EXPECT_EQ(ben.status, BeneficiaryStatus::kAccompanied);
  EXPECT_EQ(ben.follow_up, FollowUpStatus::kAccompanied);
}

TEST_P(OrientationStoreTest, QueuesCountPerTerritory) {
  std::vector<CafRecord> flow = {Entrant(1, kEvry, absl::CivilDay(2024, 4, 1)),
                                 Entrant(2, kCorbeil, absl::CivilDay(2024, 5, 1)),
                                 Entrant(3, kArpajon, absl::CivilDay(2024, 5, 1))};
  ASSERT_OK(Import(store(), flow, kNow).status());
  ASSERT_OK_AND_ASSIGN(std::vector<QueueCount> counts,
                       store().QueueCounts("", AccessScope::All(), absl::CivilDay(2024, 5, 4)));
  ASSERT_EQ(counts.size(), 3u);
  EXPECT_EQ(counts[0].tad, "TAD-CENTRE");
  EXPECT_EQ(counts[0].queue, QueueKind::kNotYetConvened);
  ASSERT_OK_AND_ASSIGN(
      std::vector<QueueCount> est,
      store().QueueCounts("", AccessScope::Of({"TAD-EST"}), absl::CivilDay(2024, 5, 4)));
  EXPECT_EQ(est.size(), 2u);
  ASSERT_OK_AND_ASSIGN(Page<QueueEntry> page,
                       store().ListQueue(QueueKind::kNotYetConvened, "TAD-EST", "",
                                         AccessScope::All(), absl::CivilDay(2024, 5, 4),
                                         absl::CivilDay(2024, 6, 3), PageRequest{1, ""}));
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].beneficiary_id, IdOf(1)) << "longest waiting first";
  EXPECT_EQ(page.items[0].days_waiting, 63);
  ASSERT_OK_AND_ASSIGN(Page<QueueEntry> next,
                       store().ListQueue(QueueKind::kNotYetConvened, "TAD-EST", "",
                                         AccessScope::All(), absl::CivilDay(2024, 5, 4),
                                         absl::CivilDay(2024, 6, 3), PageRequest{1, page.next}));
  ASSERT_EQ(next.items.size(), 1u);
  EXPECT_EQ(next.items[0].beneficiary_id, IdOf(2));
  EXPECT_TRUE(next.next.empty());
}

PARCOURS_INSTANTIATE_DUAL_DRIVER(OrientationStoreTest);

}  // namespace
}  // namespace parcours::orientation
