// The SQL store on SQLite and PostgreSQL (one body, both drivers): idempotent creates,
// etags, transitions, sessions, places, events, mobilisation, import/export; and the
// capacity race with real threads.
#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/errors/field_violations.h"
#include "libs/storage/migrations.h"
#include "libs/testing/status_matchers.h"
#include "libs/testing/test_database.h"
#include "services/catalogue/store/schema.h"
#include "services/catalogue/store/sql_catalogue_store.h"
#include "services/catalogue/tests/recording_event_sink.h"
#include "services/catalogue/tests/test_offers.h"

namespace parcours::catalogue {
namespace {

using testdata::MakeDate;
using testdata::MakeSession;
using testdata::RecordingEventSink;
using testdata::ValidOffer;
using testdata::ValidStructure;
using ::testing::ElementsAre;

class CatalogueStoreTest : public testutil::DualDriverTest {
 protected:
  storage::DatabaseOptions Options() const override {
    storage::DatabaseOptions o;
    o.pool_size = 16;
    o.acquire_timeout = absl::Seconds(20);
    o.statement_timeout = absl::Seconds(20);
    return o;
  }
  void SetUp() override {
    DualDriverTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_OK(storage::ApplyMigrations(db(), Migrations()));
    store_ = std::make_unique<SqlCatalogueStore>(db(), events_, observer_, clock_,
                                                 DefaultReferenceData());
  }

  int64_t Count(const std::string& table) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_OK(tx);
    auto rs = (*tx)->Query("SELECT COUNT(*) FROM " + table);
    EXPECT_OK(rs);
    return rs->rows[0].Int(0);
  }

  v1::Offer PublishedOffer(const std::string& request_id, const v1::Offer& draft) {
    absl::StatusOr<v1::Offer> o = store_->CreateOffer(request_id, draft);
    EXPECT_OK(o);
    absl::StatusOr<v1::Offer> p = store_->ChangeOfferStatus(o->id(), 1, OfferAction::kPublish);
    EXPECT_OK(p);
    return *p;
  }

  v1::Prescription NewPrescription(const std::string& request_id, const v1::Offer& offer,
                                   const std::string& session_id = "") {
    v1::Prescription p;
    p.set_beneficiary_id("ben_" + request_id);
    p.set_offer_id(offer.id());
    p.set_session_id(session_id);
    p.mutable_territory()->set_tad("TAD-EST");
    p.mutable_territory()->set_mds("MDS-EVRY");
    absl::StatusOr<v1::Prescription> created = store_->CreatePrescription(request_id, p, "ref_1");
    EXPECT_OK(created);
    return *created;
  }

  FakeClock clock_{absl::FromCivil(absl::CivilSecond(2025, 3, 10, 9, 0, 0), absl::UTCTimeZone())};
  RecordingEventSink events_;
  NoChangeObserver observer_;
  std::unique_ptr<SqlCatalogueStore> store_;
};

TEST_P(CatalogueStoreTest, CreateIsIdempotentOnRequestId) {
  ASSERT_OK_AND_ASSIGN(v1::Structure first, store_->CreateStructure("req-1", ValidStructure()));
  ASSERT_OK_AND_ASSIGN(v1::Structure again,
                       store_->CreateStructure("req-1", ValidStructure("Autre")));
  EXPECT_EQ(first.id(), again.id());
  EXPECT_EQ(again.name(), "Atelier Mobilité Évry");  // the first result, whatever was resent
  EXPECT_EQ(first.status(), v1::STRUCTURE_STATUS_ACTIVE);
  EXPECT_EQ(first.etag(), "1");
  EXPECT_EQ(Count("structures"), 1);
  EXPECT_THAT(events_.Types(), ElementsAre("catalogue.structure.created"));

  ASSERT_OK_AND_ASSIGN(v1::Offer o1, store_->CreateOffer("o-1", ValidOffer(first.id())));
  ASSERT_OK_AND_ASSIGN(v1::Offer o2, store_->CreateOffer("o-1", ValidOffer(first.id())));
  EXPECT_EQ(o1.id(), o2.id());
  EXPECT_EQ(Count("offers"), 1);
}

TEST_P(CatalogueStoreTest, DuplicateSiretIsAlreadyExistsAndWritesNothing) {
  ASSERT_OK(store_->CreateStructure("req-1", ValidStructure()));
  EXPECT_EQ(store_->CreateStructure("req-2", ValidStructure("Autre nom")).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Count("structures"), 1);
}

TEST_P(CatalogueStoreTest, StaleVersionIsAbortedMissingIsNotFound) {
  ASSERT_OK_AND_ASSIGN(v1::Structure s, store_->CreateStructure("req-1", ValidStructure()));
  google::protobuf::FieldMask mask;
  mask.add_paths("name");
  v1::Structure change = s;
  change.set_name("Nouveau nom");
  ASSERT_OK_AND_ASSIGN(v1::Structure updated, store_->UpdateStructure(change, mask, 1));
  EXPECT_EQ(updated.name(), "Nouveau nom");
  EXPECT_EQ(updated.etag(), "2");
  EXPECT_EQ(updated.siret(), s.siret());  // not in the mask: kept
  EXPECT_EQ(store_->UpdateStructure(change, mask, 1).status().code(), absl::StatusCode::kAborted);
  change.set_id("str_missing");
  EXPECT_EQ(store_->UpdateStructure(change, mask, 1).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetOffer("off_missing").status().code(), absl::StatusCode::kNotFound);
}

TEST_P(CatalogueStoreTest, OffersNeedAnActiveStructure) {
  absl::Status missing = store_->CreateOffer("o-1", ValidOffer("str_nope")).status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kInvalidArgument);
  ASSERT_EQ(errors::ViolationsOf(missing).size(), 1u);
  EXPECT_EQ(errors::ViolationsOf(missing)[0].field, "offer.structure_id");
  ASSERT_OK_AND_ASSIGN(v1::Structure s, store_->CreateStructure("req-1", ValidStructure()));
  ASSERT_OK(store_->CloseStructure(s.id(), 1));
  EXPECT_EQ(store_->CloseStructure(s.id(), 2).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->CreateOffer("o-2", ValidOffer(s.id())).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Count("offers"), 0);
}

TEST_P(CatalogueStoreTest, OfferLifecycleAndEvents) {
  ASSERT_OK_AND_ASSIGN(v1::Structure s, store_->CreateStructure("req-1", ValidStructure()));
  events_.Clear();
  ASSERT_OK_AND_ASSIGN(v1::Offer o, store_->CreateOffer("o-1", ValidOffer(s.id())));
  EXPECT_EQ(o.status(), v1::OFFER_STATUS_DRAFT);
  EXPECT_EQ(store_->ChangeOfferStatus(o.id(), 1, OfferAction::kSuspend).status().code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_OK_AND_ASSIGN(v1::Offer p, store_->ChangeOfferStatus(o.id(), 1, OfferAction::kPublish));
  ASSERT_OK_AND_ASSIGN(v1::Offer su, store_->ChangeOfferStatus(o.id(), 2, OfferAction::kSuspend));
  ASSERT_OK_AND_ASSIGN(v1::Offer a, store_->ChangeOfferStatus(o.id(), 3, OfferAction::kArchive));
  EXPECT_EQ(p.status(), v1::OFFER_STATUS_PUBLISHED);
  EXPECT_EQ(su.status(), v1::OFFER_STATUS_SUSPENDED);
  EXPECT_EQ(a.status(), v1::OFFER_STATUS_ARCHIVED);
  EXPECT_EQ(store_->ChangeOfferStatus(o.id(), 4, OfferAction::kPublish).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(events_.Types(),
              ElementsAre("catalogue.offer.created", "catalogue.offer.published",
                          "catalogue.offer.suspended", "catalogue.offer.archived"));
  v1::OfferEvent payload;
  ASSERT_TRUE(events_.events()[1].payload().UnpackTo(&payload));
  EXPECT_EQ(payload.offer_id(), o.id());
  EXPECT_EQ(payload.status(), v1::OFFER_STATUS_PUBLISHED);
  EXPECT_THAT(payload.tads(), ElementsAre("TAD-EST"));
  // What evaluation reads: budget and places in the payload, the one TAD on the envelope.
  EXPECT_EQ(payload.budget_cents(), 2000000);
  EXPECT_EQ(payload.places(), 0);  // capacity 0: not limited
  EXPECT_EQ(events_.events()[1].tad(), "TAD-EST");
  EXPECT_EQ(events_.events()[1].aggregate_id(), o.id());
}

TEST_P(CatalogueStoreTest, OfferEventsCountTheSessionsPlaces) {
  ASSERT_OK_AND_ASSIGN(v1::Structure s, store_->CreateStructure("req-1", ValidStructure()));
  v1::Offer draft = ValidOffer(s.id());
  *draft.add_sessions() = MakeSession(5, MakeDate(2025, 4, 1), MakeDate(2025, 4, 30));
  *draft.add_sessions() = MakeSession(7, MakeDate(2025, 5, 1), MakeDate(2025, 5, 31));
  draft.mutable_territories()->add_tads("TAD-CENTRE");
  events_.Clear();
  ASSERT_OK(store_->CreateOffer("o-1", draft).status());
  ASSERT_EQ(events_.events().size(), 1u);
  v1::OfferEvent payload;
  ASSERT_TRUE(events_.events()[0].payload().UnpackTo(&payload));
  EXPECT_EQ(payload.places(), 12);
  EXPECT_THAT(payload.tads(), ElementsAre("TAD-EST", "TAD-CENTRE"));
  EXPECT_EQ(events_.events()[0].tad(), "");  // several TADs: none on the envelope
}

TEST_P(CatalogueStoreTest, SessionsAreUpdatedCreatedAndDeleted) {
  ASSERT_OK_AND_ASSIGN(v1::Structure s, store_->CreateStructure("req-1", ValidStructure()));
  v1::Offer draft = ValidOffer(s.id());
  *draft.add_sessions() = MakeSession(5, MakeDate(2025, 4, 1), MakeDate(2025, 4, 30));
  *draft.add_sessions() = MakeSession(5, MakeDate(2025, 5, 1), MakeDate(2025, 5, 31));
  ASSERT_OK_AND_ASSIGN(v1::Offer o, store_->CreateOffer("o-1", draft));
  ASSERT_EQ(o.sessions_size(), 2);
  v1::Offer change = o;
  change.mutable_sessions(0)->set_places(8);
  change.mutable_sessions()->DeleteSubrange(1, 1);
  *change.add_sessions() = MakeSession(3, MakeDate(2025, 6, 1), MakeDate(2025, 6, 30));
  google::protobuf::FieldMask mask;
  mask.add_paths("sessions");
  ASSERT_OK_AND_ASSIGN(v1::Offer updated, store_->UpdateOffer(change, mask, 1));
  ASSERT_EQ(updated.sessions_size(), 2);
  EXPECT_EQ(updated.sessions(0).id(), o.sessions(0).id());
  EXPECT_EQ(updated.sessions(0).places(), 8);
  EXPECT_EQ(updated.sessions(1).places(), 3);
  EXPECT_NE(updated.sessions(1).id(), o.sessions(1).id());
  EXPECT_EQ(Count("sessions"), 2);
}

TEST_P(CatalogueStoreTest, PrescriptionNeedsPublishedOfferAndItsSession) {
  ASSERT_OK_AND_ASSIGN(v1::Structure s, store_->CreateStructure("req-1", ValidStructure()));
  v1::Offer draft = ValidOffer(s.id());
  *draft.add_sessions() = MakeSession(5, MakeDate(2025, 4, 1), MakeDate(2025, 4, 30));
  ASSERT_OK_AND_ASSIGN(v1::Offer o, store_->CreateOffer("o-1", draft));
  v1::Prescription p;
  p.set_beneficiary_id("ben_1");
  p.set_offer_id(o.id());
  p.set_session_id(o.sessions(0).id());
  p.mutable_territory()->set_tad("TAD-EST");
  p.mutable_territory()->set_mds("MDS-EVRY");
  EXPECT_EQ(store_->CreatePrescription("p-1", p, "ref").status().code(),
            absl::StatusCode::kFailedPrecondition);  // still a draft
  ASSERT_OK(store_->ChangeOfferStatus(o.id(), 1, OfferAction::kPublish));
  p.clear_session_id();
  absl::Status no_session = store_->CreatePrescription("p-1", p, "ref").status();
  ASSERT_EQ(errors::ViolationsOf(no_session).size(), 1u);
  EXPECT_EQ(errors::ViolationsOf(no_session)[0].field, "prescription.session_id");
  EXPECT_EQ(Count("prescriptions"), 0);
  p.set_session_id(o.sessions(0).id());
  ASSERT_OK_AND_ASSIGN(v1::Prescription created, store_->CreatePrescription("p-1", p, "ref"));
  EXPECT_EQ(created.status(), v1::PRESCRIPTION_STATUS_PRESCRIBED);
  EXPECT_EQ(created.structure_id(), s.id());
  EXPECT_EQ(created.pdi_fiche(), "3-9");
  EXPECT_EQ(created.referent_id(), "ref");
}

TEST_P(CatalogueStoreTest, PlacesAreTakenAndGivenBack) {
  ASSERT_OK_AND_ASSIGN(v1::Structure s, store_->CreateStructure("req-1", ValidStructure()));
  v1::Offer draft = ValidOffer(s.id());
  draft.set_capacity(2);
  const v1::Offer offer = PublishedOffer("o-1", draft);
  std::vector<v1::Prescription> ps;
  for (int i = 0; i < 3; ++i) ps.push_back(NewPrescription("p-" + std::to_string(i), offer));
  ASSERT_OK(store_->ChangePrescription(
      {.id = ps[0].id(), .expected_version = 1, .action = PrescriptionAction::kAccept}));
  ASSERT_OK(store_->ChangePrescription(
      {.id = ps[1].id(), .expected_version = 1, .action = PrescriptionAction::kAccept}));
  EXPECT_EQ(
      store_
          ->ChangePrescription(
              {.id = ps[2].id(), .expected_version = 1, .action = PrescriptionAction::kAccept})
          .status()
          .code(),
      absl::StatusCode::kResourceExhausted);
  ASSERT_OK_AND_ASSIGN(v1::Offer full, store_->GetOffer(offer.id()));
  EXPECT_EQ(full.places_taken(), 2);
  // Cancelling an accepted prescription gives its place back.
  ASSERT_OK(store_->ChangePrescription(
      {.id = ps[0].id(), .expected_version = 2, .action = PrescriptionAction::kCancel}));
  ASSERT_OK(store_->ChangePrescription(
      {.id = ps[2].id(), .expected_version = 1, .action = PrescriptionAction::kAccept}));
  ASSERT_OK_AND_ASSIGN(v1::Offer after, store_->GetOffer(offer.id()));
  EXPECT_EQ(after.places_taken(), 2);
}

TEST_P(CatalogueStoreTest, ExitOutcomeAndEvents) {
  ASSERT_OK_AND_ASSIGN(v1::Structure s, store_->CreateStructure("req-1", ValidStructure()));
  const v1::Offer offer = PublishedOffer("o-1", ValidOffer(s.id()));
  const v1::Prescription p = NewPrescription("p-1", offer);
  events_.Clear();
  ASSERT_OK(store_->ChangePrescription(
      {.id = p.id(), .expected_version = 1, .action = PrescriptionAction::kAccept}));
  ASSERT_OK(store_->ChangePrescription(
      {.id = p.id(), .expected_version = 2, .action = PrescriptionAction::kStart}));
  EXPECT_EQ(store_
                ->ChangePrescription({.id = p.id(),
                                      .expected_version = 2,
                                      .action = PrescriptionAction::kComplete,
                                      .outcome = v1::EXIT_OUTCOME_TRAINING})
                .status()
                .code(),
            absl::StatusCode::kAborted);
  ASSERT_OK_AND_ASSIGN(v1::Prescription done,
                       store_->ChangePrescription({.id = p.id(),
                                                   .expected_version = 3,
                                                   .action = PrescriptionAction::kComplete,
                                                   .outcome = v1::EXIT_OUTCOME_TRAINING}));
  EXPECT_EQ(done.status(), v1::PRESCRIPTION_STATUS_COMPLETED);
  EXPECT_TRUE(done.positive_exit());
  EXPECT_THAT(events_.Types(),
              ElementsAre("catalogue.prescription.accepted", "catalogue.offer.places_changed",
                          "catalogue.prescription.started", "catalogue.prescription.completed"));
  const parcours::events::v1::Event last = events_.events().back();
  EXPECT_EQ(last.beneficiary_id(), "ben_p-1");
  EXPECT_EQ(last.tad(), "TAD-EST");
  v1::PrescriptionEvent payload;
  ASSERT_TRUE(last.payload().UnpackTo(&payload));
  EXPECT_EQ(payload.from_status(), v1::PRESCRIPTION_STATUS_STARTED);
  EXPECT_EQ(payload.outcome(), v1::EXIT_OUTCOME_TRAINING);
  EXPECT_TRUE(payload.positive_exit());
  EXPECT_EQ(payload.pdi_fiche(), "3-9");
}

TEST_P(CatalogueStoreTest, ListsPageByIdAndApplyScope) {
  ASSERT_OK_AND_ASSIGN(v1::Structure s, store_->CreateStructure("req-1", ValidStructure()));
  const v1::Offer offer = PublishedOffer("o-1", ValidOffer(s.id()));
  for (int i = 0; i < 5; ++i) {
    NewPrescription("p-" + std::to_string(i), offer);
    clock_.Advance(absl::Milliseconds(2));
  }
  PrescriptionFilter all;
  ASSERT_OK_AND_ASSIGN(Page<v1::Prescription> first, store_->ListPrescriptions(all, {"", 3}));
  ASSERT_EQ(first.items.size(), 3u);
  EXPECT_TRUE(first.more);
  ASSERT_OK_AND_ASSIGN(Page<v1::Prescription> second,
                       store_->ListPrescriptions(all, {first.items.back().id(), 3}));
  ASSERT_EQ(second.items.size(), 2u);
  EXPECT_FALSE(second.more);
  EXPECT_LT(first.items.back().id(), second.items.front().id());
  PrescriptionFilter elsewhere;
  elsewhere.scope_territories = std::vector<std::string>{"TAD-CENTRE", "MDS-ARPAJON"};
  ASSERT_OK_AND_ASSIGN(Page<v1::Prescription> none, store_->ListPrescriptions(elsewhere, {"", 10}));
  EXPECT_TRUE(none.items.empty());
  PrescriptionFilter mine;
  mine.scope_territories = std::vector<std::string>{"MDS-EVRY"};
  ASSERT_OK_AND_ASSIGN(Page<v1::Prescription> five, store_->ListPrescriptions(mine, {"", 10}));
  EXPECT_EQ(five.items.size(), 5u);
}

TEST_P(CatalogueStoreTest, MobilisationCounts) {
  ASSERT_OK_AND_ASSIGN(v1::Structure s, store_->CreateStructure("req-1", ValidStructure()));
  v1::Offer draft = ValidOffer(s.id());
  draft.set_capacity(4);
  const v1::Offer offer = PublishedOffer("o-1", draft);
  std::vector<v1::Prescription> ps;
  for (int i = 0; i < 4; ++i) ps.push_back(NewPrescription("p-" + std::to_string(i), offer));
  for (int i = 0; i < 3; ++i) {
    ASSERT_OK(store_->ChangePrescription(
        {.id = ps[i].id(), .expected_version = 1, .action = PrescriptionAction::kAccept}));
    ASSERT_OK(store_->ChangePrescription(
        {.id = ps[i].id(), .expected_version = 2, .action = PrescriptionAction::kStart}));
  }
  ASSERT_OK(store_->ChangePrescription({.id = ps[0].id(),
                                        .expected_version = 3,
                                        .action = PrescriptionAction::kComplete,
                                        .outcome = v1::EXIT_OUTCOME_EMPLOYMENT_CDI}));
  ASSERT_OK(store_->ChangePrescription({.id = ps[1].id(),
                                        .expected_version = 3,
                                        .action = PrescriptionAction::kAbandon,
                                        .outcome = v1::EXIT_OUTCOME_NONE}));
  ASSERT_OK_AND_ASSIGN(
      std::vector<v1::MobilisationRow> rows,
      store_->Mobilisation(
          {.from = "2025-03-01", .to = "2025-04-01", .group_by = v1::MOBILISATION_GROUPING_TAD}));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].key(), "TAD-EST");
  EXPECT_EQ(rows[0].prescribed(), 4);
  EXPECT_EQ(rows[0].accepted(), 3);
  EXPECT_EQ(rows[0].places(), 4);
  EXPECT_DOUBLE_EQ(rows[0].fill_rate(), 0.75);
  EXPECT_DOUBLE_EQ(rows[0].completion_rate(), 0.5);
  EXPECT_DOUBLE_EQ(rows[0].positive_exit_rate(), 0.5);
  ASSERT_OK_AND_ASSIGN(std::vector<v1::MobilisationRow> overall,
                       store_->Mobilisation({.from = "2025-03-01", .to = "2025-04-01"}));
  ASSERT_EQ(overall.size(), 1u);
  EXPECT_EQ(overall[0].key(), "");
  EXPECT_EQ(overall[0].prescribed(), 4);
  ASSERT_OK_AND_ASSIGN(std::vector<v1::MobilisationRow> outside,
                       store_->Mobilisation({.from = "2025-04-01", .to = "2025-05-01"}));
  EXPECT_TRUE(outside.empty());
}

std::string Sample() {
  std::ifstream in(std::string(CATALOGUE_TEST_DATA) + "/data_inclusion_sample.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST_P(CatalogueStoreTest, ImportIsIdempotentAndRoundTrips) {
  ASSERT_OK_AND_ASSIGN(DataInclusionDocument doc,
                       ParseDataInclusion(Sample(), DefaultReferenceData()));
  ASSERT_OK_AND_ASSIGN(v1::ImportDataInclusionResponse first, store_->Import(doc, true));
  EXPECT_EQ(first.created(), 7);
  EXPECT_EQ(first.rejected(), 0);
  ASSERT_OK_AND_ASSIGN(v1::ImportDataInclusionResponse second, store_->Import(doc, true));
  EXPECT_EQ(second.unchanged(), 7);
  EXPECT_EQ(Count("offers"), 4);
  EXPECT_EQ(Count("structures"), 3);
  ASSERT_OK_AND_ASSIGN(auto published, store_->PublishedOffer());
  EXPECT_EQ(published.second.size(), 4u);
  EXPECT_EQ(published.first.size(), 3u);
}

// 64 threads accept 64 different prescriptions of one session with 10 places at once:
// exactly 10 succeed, the others get RESOURCE_EXHAUSTED, and the session shows 10 taken.
TEST_P(CatalogueStoreTest, ConcurrentAcceptsNeverExceedPlaces) {
  ASSERT_OK_AND_ASSIGN(v1::Structure s, store_->CreateStructure("req-1", ValidStructure()));
  v1::Offer draft = ValidOffer(s.id());
  *draft.add_sessions() = MakeSession(10, MakeDate(2025, 4, 1), MakeDate(2025, 4, 30));
  const v1::Offer offer = PublishedOffer("o-1", draft);
  constexpr int kThreads = 64;
  std::vector<v1::Prescription> ps;
  for (int i = 0; i < kThreads; ++i) {
    ps.push_back(NewPrescription("p-" + std::to_string(i), offer, offer.sessions(0).id()));
  }
  std::atomic<int> ok{0}, full{0}, other{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      while (!go.load()) std::this_thread::yield();
      absl::Status st =
          store_
              ->ChangePrescription(
                  {.id = ps[i].id(), .expected_version = 1, .action = PrescriptionAction::kAccept})
              .status();
      if (st.ok())
        ++ok;
      else if (st.code() == absl::StatusCode::kResourceExhausted)
        ++full;
      else {
        ++other;
        ADD_FAILURE() << st;
      }
    });
  }
  go = true;
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), 10);
  EXPECT_EQ(full.load(), kThreads - 10);
  EXPECT_EQ(other.load(), 0);
  ASSERT_OK_AND_ASSIGN(v1::Offer after, store_->GetOffer(offer.id()));
  EXPECT_EQ(after.sessions(0).places_taken(), 10);
}

PARCOURS_INSTANTIATE_DUAL_DRIVER(CatalogueStoreTest);

}  // namespace
}  // namespace parcours::catalogue
