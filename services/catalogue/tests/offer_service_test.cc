// Service tests (in-process gRPC): offers, their status changes and search.
#include <atomic>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "services/catalogue/tests/service_test_base.h"

namespace parcours::catalogue::testdata {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

using OfferServiceTest = ServiceTest;

TEST_F(OfferServiceTest, CreateIsDraftAndIdempotent) {
  const v1::Structure s = NewStructure();
  v1::CreateOfferRequest req;
  req.set_request_id("o-1");
  *req.mutable_offer() = ValidOffer(s.id());
  *req.mutable_offer()->add_sessions() =
      MakeSession(10, MakeDate(2030, 1, 1), MakeDate(2030, 2, 1));
  v1::Offer first, again;
  ASSERT_TRUE(Call(&Stub::CreateOffer, req, &first, "operator").ok());
  EXPECT_EQ(first.status(), v1::OFFER_STATUS_DRAFT);
  ASSERT_EQ(first.sessions_size(), 1);
  EXPECT_TRUE(IsWellFormedId(first.sessions(0).id(), "ses"));
  ASSERT_TRUE(Call(&Stub::CreateOffer, req, &again, "operator").ok());
  EXPECT_EQ(first.id(), again.id());
  EXPECT_EQ(Rows("offers"), 1);
  EXPECT_EQ(Rows("sessions"), 1);
  v1::GetOfferRequest get;
  get.set_id(first.id());
  v1::Offer got;
  ASSERT_TRUE(Call(&Stub::GetOffer, get, &got, "referent-est").ok());
  EXPECT_EQ(got.title(), first.title());
  get.set_id("off_missing");
  EXPECT_EQ(Call(&Stub::GetOffer, get, &got).error_code(), grpc::StatusCode::NOT_FOUND);
}

// GetOffer answers a hit of the replica-local level with the cached bytes, on gRPC's
// callback thread, and hands a miss to a worker (service.h): both give the same offer,
// every error is the typed API's, and a write is read back fresh.
TEST_F(OfferServiceTest, GetOfferFromMemoryOrThroughAWorkerGivesTheSameAnswer) {
  // A local level that does not expire during the test, so that which path answers is known.
  catalogue_.reset();
  catalogue_ = std::make_unique<TestCatalogue>(db_->db(), Cache(), absl::Hours(1));
  ASSERT_OK(catalogue_->Start());
  const v1::Structure s = NewStructure();
  const v1::Offer created = NewOffer(s.id(), "o-1");
  v1::GetOfferRequest get;
  get.set_id(created.id());
  v1::Offer first, second;
  ASSERT_TRUE(Call(&Stub::GetOffer, get, &first, "referent-est").ok());  // a miss: the worker
  ASSERT_TRUE(Call(&Stub::GetOffer, get, &second, "referent-est").ok());  // a local hit
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(first, created));
  EXPECT_EQ(second.SerializeAsString(), first.SerializeAsString());

  // The second answer came from memory: with the row changed behind the service's back (no
  // invalidation), memory still answers (for at most the local level's TTL).
  const auto bump_version_behind_its_back = [&](int by) {
    auto tx = db_->db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->Exec("UPDATE offers SET version = version + ?", {by}).ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  };
  bump_version_behind_its_back(100);
  v1::Offer from_memory;
  ASSERT_TRUE(Call(&Stub::GetOffer, get, &from_memory).ok());
  EXPECT_EQ(from_memory.etag(), created.etag());
  bump_version_behind_its_back(-100);

  // A write through the service invalidates it: the next read is the new version.
  v1::ChangeOfferStatusRequest suspend;
  suspend.set_id(created.id());
  suspend.set_etag(created.etag());
  v1::Offer suspended;
  ASSERT_TRUE(Call(&Stub::SuspendOffer, suspend, &suspended).ok());
  v1::Offer after;
  ASSERT_TRUE(Call(&Stub::GetOffer, get, &after).ok());
  EXPECT_EQ(after.status(), v1::OFFER_STATUS_SUSPENDED);
  EXPECT_EQ(after.etag(), suspended.etag());

  // Errors, on both paths.
  get.set_id("");
  grpc::Status invalid = Call(&Stub::GetOffer, get, &after);
  EXPECT_EQ(invalid.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(Fields(invalid), ElementsAre("id"));
  get.set_id("off_missing");
  EXPECT_EQ(Call(&Stub::GetOffer, get, &after).error_code(), grpc::StatusCode::NOT_FOUND);
  get.set_id(created.id());
  EXPECT_EQ(Call(&Stub::GetOffer, get, &after, "no-such-token").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

// Many cold reads at once: every one is answered by the workers, none is lost or mixed up.
TEST_F(OfferServiceTest, ConcurrentColdGetOffersAreAllAnswered) {
  const v1::Structure s = NewStructure();
  std::vector<v1::Offer> offers;
  for (int i = 0; i < 8; ++i) offers.push_back(NewOffer(s.id(), absl::StrCat("o-", i)));
  std::atomic<int> wrong{0};
  std::vector<std::thread> callers;
  for (int t = 0; t < 32; ++t) {
    callers.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        const v1::Offer& want = offers[(t + i) % offers.size()];
        v1::GetOfferRequest get;
        get.set_id(want.id());
        v1::Offer got;
        if (!Call(&Stub::GetOffer, get, &got).ok() || got.id() != want.id() ||
            got.etag() != want.etag()) {
          ++wrong;
        }
      }
    });
  }
  for (std::thread& c : callers) c.join();
  EXPECT_EQ(wrong, 0);
}

TEST_F(OfferServiceTest, InvalidFieldsAreNamedAndNothingIsWritten) {
  const v1::Structure s = NewStructure();
  const int64_t rows = AllRows();
  struct Case {
    std::string field;
    std::function<void(v1::CreateOfferRequest&)> change;
  };
  const std::vector<Case> cases = {
      {"request_id", [](auto& r) { r.set_request_id(std::string(65, 'r')); }},
      {"offer.title", [](auto& r) { r.mutable_offer()->set_title(""); }},
      {"offer.thematiques[0]", [](auto& r) { r.mutable_offer()->set_thematiques(0, "velo"); }},
      {"offer.type", [](auto& r) { r.mutable_offer()->set_type("stage"); }},
      {"offer.eligibility.max_qualification_level",
       [](auto& r) { r.mutable_offer()->mutable_eligibility()->set_max_qualification_level(12); }},
      {"offer.sessions[0].places",
       [](auto& r) {
         *r.mutable_offer()->add_sessions() =
             MakeSession(-3, MakeDate(2030, 1, 1), MakeDate(2030, 1, 2));
       }},
      {"offer.pdi_fiche", [](auto& r) { r.mutable_offer()->set_pdi_fiche("fiche 3"); }},
      {"offer.structure_id", [](auto& r) { r.mutable_offer()->set_structure_id("str_missing"); }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.field);
    v1::CreateOfferRequest req;
    req.set_request_id("o-1");
    *req.mutable_offer() = ValidOffer(s.id());
    c.change(req);
    v1::Offer out;
    grpc::Status st = Call(&Stub::CreateOffer, req, &out);
    EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(Fields(st), ElementsAre(c.field));
  }
  EXPECT_EQ(AllRows(), rows);
}

TEST_F(OfferServiceTest, OperatorsActOnTheirOwnStructureOnly) {
  const v1::Structure mine = NewStructure("s-1");
  const v1::Structure theirs = NewStructure("s-2");  // the operator now belongs to s-2
  v1::CreateOfferRequest req;
  req.set_request_id("o-1");
  *req.mutable_offer() = ValidOffer(mine.id());
  v1::Offer out;
  EXPECT_EQ(Call(&Stub::CreateOffer, req, &out, "operator").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::CreateOffer, req, &out, "referent-est").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  req.mutable_offer()->set_structure_id(theirs.id());
  EXPECT_TRUE(Call(&Stub::CreateOffer, req, &out, "operator").ok());
}

TEST_F(OfferServiceTest, StatusChanges) {
  const v1::Structure s = NewStructure();
  const v1::Offer draft = NewOffer(s.id(), "o-1", v1::Offer(), /*publish=*/false);
  v1::ChangeOfferStatusRequest req;
  req.set_id(draft.id());
  req.set_etag(draft.etag());
  v1::Offer out;
  EXPECT_EQ(Call(&Stub::SuspendOffer, req, &out, "operator").error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(Call(&Stub::PublishOffer, req, &out, "operator").ok());
  EXPECT_EQ(out.status(), v1::OFFER_STATUS_PUBLISHED);
  EXPECT_EQ(Call(&Stub::SuspendOffer, req, &out).error_code(), grpc::StatusCode::ABORTED);
  req.set_etag("2");
  ASSERT_TRUE(Call(&Stub::SuspendOffer, req, &out).ok());
  req.set_etag("3");
  ASSERT_TRUE(Call(&Stub::ArchiveOffer, req, &out).ok());
  EXPECT_EQ(out.status(), v1::OFFER_STATUS_ARCHIVED);
  req.set_etag("4");
  EXPECT_EQ(Call(&Stub::PublishOffer, req, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  req.clear_etag();
  EXPECT_THAT(Fields(Call(&Stub::ArchiveOffer, req, &out)), ElementsAre("etag"));
  req.set_id("off_missing");
  req.set_etag("1");
  EXPECT_EQ(Call(&Stub::PublishOffer, req, &out).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(OfferServiceTest, UpdateWithMask) {
  const v1::Structure s = NewStructure();
  const v1::Offer o = NewOffer(s.id(), "o-1", v1::Offer(), /*publish=*/false);
  v1::UpdateOfferRequest req;
  *req.mutable_offer() = o;
  req.mutable_offer()->set_title("Permis B renforcé");
  req.mutable_offer()->set_budget_cents(1);
  req.mutable_update_mask()->add_paths("title");
  v1::Offer out;
  ASSERT_TRUE(Call(&Stub::UpdateOffer, req, &out, "operator").ok());
  EXPECT_EQ(out.title(), "Permis B renforcé");
  EXPECT_EQ(out.budget_cents(), o.budget_cents());
  EXPECT_EQ(Call(&Stub::UpdateOffer, req, &out).error_code(), grpc::StatusCode::ABORTED);
  const int64_t rows = AllRows();
  req.mutable_offer()->set_etag(out.etag());
  req.mutable_offer()->clear_thematiques();
  req.mutable_update_mask()->add_paths("thematiques");
  EXPECT_THAT(Fields(Call(&Stub::UpdateOffer, req, &out)), ElementsAre("offer.thematiques"));
  req.clear_update_mask();
  EXPECT_THAT(Fields(Call(&Stub::UpdateOffer, req, &out)), ElementsAre("update_mask"));
  EXPECT_EQ(AllRows(), rows);
  req.mutable_offer()->set_id("off_missing");
  req.mutable_update_mask()->add_paths("title");
  EXPECT_EQ(Call(&Stub::UpdateOffer, req, &out).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(OfferServiceTest, ListByStructureAndStatus) {
  const v1::Structure a = NewStructure("s-1");
  const v1::Structure b = NewStructure("s-2");
  NewOffer(a.id(), "o-1");
  NewOffer(a.id(), "o-2", v1::Offer(), /*publish=*/false);
  NewOffer(b.id(), "o-3");
  v1::ListOffersRequest req;
  req.set_structure_id(a.id());
  v1::ListOffersResponse resp;
  ASSERT_TRUE(Call(&Stub::ListOffers, req, &resp).ok());
  EXPECT_EQ(resp.offers_size(), 2);
  req.set_status(v1::OFFER_STATUS_PUBLISHED);
  resp.Clear();
  ASSERT_TRUE(Call(&Stub::ListOffers, req, &resp).ok());
  EXPECT_EQ(resp.offers_size(), 1);
  req.set_page_size(-1);
  req.set_structure_id("not an id");
  EXPECT_THAT(Fields(Call(&Stub::ListOffers, req, &resp)),
              ElementsAre("page_size", "structure_id"));
}

// The index follows the feed asynchronously: wait (bounded) for what a search returns.
std::vector<std::string> SearchUntil(
    ServiceTest* t, const v1::SearchOffersRequest& req, size_t expected,
    v1::SearchOffersResponse* last,
    std::function<grpc::Status(const v1::SearchOffersRequest&, v1::SearchOffersResponse*)> call) {
  std::vector<std::string> ids;
  for (int attempt = 0; attempt < 100; ++attempt) {
    last->Clear();
    grpc::Status s = call(req, last);
    EXPECT_TRUE(s.ok()) << s.error_message();
    ids.clear();
    for (const auto& h : last->hits()) ids.push_back(h.offer().title());
    if (ids.size() == expected) break;
    absl::SleepFor(absl::Milliseconds(50));
  }
  return ids;
}

TEST_F(OfferServiceTest, SearchFoldsAccentsAndCombinesFilters) {
  const v1::Structure s = NewStructure();
  v1::Offer mobility = ValidOffer(s.id(), "Mobilité solidaire");
  v1::Offer housing = ValidOffer(s.id(), "Recherche de logement");
  housing.clear_thematiques();
  housing.add_thematiques("logement-hebergement--louer-un-logement");
  housing.mutable_territories()->Clear();
  housing.mutable_territories()->add_tads("TAD-CENTRE");
  v1::Offer youth = ValidOffer(s.id(), "Permis jeunes");
  youth.mutable_eligibility()->set_max_age(25);
  NewOffer(s.id(), "o-1", mobility);
  NewOffer(s.id(), "o-2", housing);
  NewOffer(s.id(), "o-3", youth);
  NewOffer(s.id(), "o-4", ValidOffer(s.id(), "Mobilité brouillon"), /*publish=*/false);
  const auto call = [&](const v1::SearchOffersRequest& r, v1::SearchOffersResponse* out) {
    return Call(&Stub::SearchOffers, r, out, "referent-est");
  };
  v1::SearchOffersResponse resp;
  v1::SearchOffersRequest req;
  req.set_query("mobilite");
  EXPECT_THAT(SearchUntil(this, req, 2, &resp, call),
              UnorderedElementsAre("Mobilité solidaire", "Permis jeunes"));  // title; thematique
  EXPECT_EQ(resp.hits(0).offer().title(), "Mobilité solidaire");  // the title match ranks first
  req.Clear();
  req.set_territory("91228");  // Évry, in TAD-EST
  req.add_thematiques("mobilite");
  v1::BeneficiaryProfile* profile = req.mutable_eligible_for();
  profile->set_age(40);
  EXPECT_THAT(SearchUntil(this, req, 1, &resp, call), ElementsAre("Mobilité solidaire"));
  req.clear_eligible_for();
  req.set_territory("TAD-CENTRE");
  req.clear_thematiques();
  EXPECT_THAT(SearchUntil(this, req, 1, &resp, call), ElementsAre("Recherche de logement"));
  req.set_territory("TAD-LUNE");
  EXPECT_THAT(Fields(Call(&Stub::SearchOffers, req, &resp)), ElementsAre("territory"));
}

// SearchOffers writes its response from the index's pre-serialized offers
// (search/encoded_hits.h): what a client reads is the whole offer, as GetOffer returns it,
// and the score; the page token follows the hits.
TEST_F(OfferServiceTest, SearchHitsCarryTheWholeOffer) {
  const v1::Structure s = NewStructure();
  v1::Offer draft = ValidOffer(s.id(), "Permis cyclomoteur");
  *draft.add_sessions() = MakeSession(10, MakeDate(2030, 1, 1), MakeDate(2030, 2, 1));
  draft.set_description(std::string(3000, 'x') + " permis");  // a multi-byte length
  const v1::Offer first = NewOffer(s.id(), "o-1", draft);
  NewOffer(s.id(), "o-2", ValidOffer(s.id(), "Permis second"));
  const auto call = [&](const v1::SearchOffersRequest& r, v1::SearchOffersResponse* out) {
    return Call(&Stub::SearchOffers, r, out, "referent-est");
  };
  v1::SearchOffersRequest req;
  req.set_query("cyclomoteur");
  v1::SearchOffersResponse resp;
  ASSERT_THAT(SearchUntil(this, req, 1, &resp, call), ElementsAre("Permis cyclomoteur"));
  v1::GetOfferRequest get;
  get.set_id(first.id());
  v1::Offer got;
  ASSERT_TRUE(Call(&Stub::GetOffer, get, &got, "referent-est").ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(resp.hits(0).offer(), got))
      << resp.hits(0).offer().DebugString() << "\nvs\n" << got.DebugString();
  EXPECT_EQ(resp.hits(0).score(), kTitleWeight);
  EXPECT_TRUE(resp.next_page_token().empty());

  req.set_query("permis");
  // Both offers indexed first (the index follows the feed on its own thread): a page of one
  // then has a next page.
  ASSERT_EQ(SearchUntil(this, req, 2, &resp, call).size(), 2u);
  req.set_page_size(1);
  ASSERT_EQ(SearchUntil(this, req, 1, &resp, call).size(), 1u);
  EXPECT_FALSE(resp.next_page_token().empty());
  req.clear_query();  // without text: id order, score 0 (left out on the wire)
  ASSERT_EQ(SearchUntil(this, req, 1, &resp, call).size(), 1u);
  EXPECT_EQ(resp.hits(0).score(), 0);
  EXPECT_TRUE(resp.hits(0).has_offer());
}

TEST_F(OfferServiceTest, SearchPagesWithTokens) {
  const v1::Structure s = NewStructure();
  for (int i = 0; i < 7; ++i) {
    NewOffer(s.id(), "o-" + std::to_string(i), ValidOffer(s.id(), "Permis " + std::to_string(i)));
  }
  const auto call = [&](const v1::SearchOffersRequest& r, v1::SearchOffersResponse* out) {
    return Call(&Stub::SearchOffers, r, out, "referent-est");
  };
  v1::SearchOffersRequest req;
  req.set_query("permis");
  req.set_page_size(100);
  v1::SearchOffersResponse resp;
  ASSERT_EQ(SearchUntil(this, req, 7, &resp, call).size(), 7u);
  req.set_page_size(3);
  std::vector<std::string> titles;
  for (int page = 0; page < 10; ++page) {
    resp.Clear();
    ASSERT_TRUE(call(req, &resp).ok());
    for (const auto& h : resp.hits()) titles.push_back(h.offer().title());
    if (resp.next_page_token().empty()) break;
    req.set_page_token(resp.next_page_token());
  }
  EXPECT_EQ(titles.size(), 7u);
  std::sort(titles.begin(), titles.end());
  EXPECT_EQ(std::unique(titles.begin(), titles.end()), titles.end());
  req.set_query("logement");
  EXPECT_THAT(Fields(Call(&Stub::SearchOffers, req, &resp)), ElementsAre("page_token"));
}

}  // namespace
}  // namespace parcours::catalogue::testdata
