// Two catalogue replicas over one PostgreSQL database: a write taken by either replica
// reaches the other one's in-memory search index and local offer cache through the shared
// event feed.
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/cache/cache.h"
#include "libs/testing/status_matchers.h"
#include "libs/testing/test_database.h"
#include "services/catalogue/tests/test_catalogue.h"
#include "services/catalogue/tests/test_offers.h"

namespace parcours::catalogue::testdata {
namespace {

using Stub = v1::Catalogue::Stub;

class ReplicasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(test_db_, testutil::TestDatabase::Create("postgresql"));
    ASSERT_OK(ApplyAllMigrations(test_db_->db()));
    ASSERT_OK_AND_ASSIGN(second_pool_, storage::OpenDatabase(test_db_->options()));
    // Local offer entries that would outlive the test: only the feed can refresh them.
    a_ = std::make_unique<TestCatalogue>(test_db_->db(), cache_, absl::Minutes(10));
    b_ = std::make_unique<TestCatalogue>(*second_pool_, cache_, absl::Minutes(10));
    ASSERT_OK(a_->Start());
    ASSERT_OK(b_->Start());
  }
  void TearDown() override {
    a_.reset();
    b_.reset();
    second_pool_.reset();
    test_db_.reset();
  }

  template <typename Req, typename Resp>
  grpc::Status Call(TestCatalogue& c,
                    grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*),
                    const Req& req, Resp* resp) {
    grpc::ClientContext ctx;
    c.Authorize(ctx, "admin");
    return (c.stub().*method)(&ctx, req, resp);
  }

  // The titles `replica` finds for `query`, once they equal `expected` (or after 10 s).
  std::vector<std::string> WaitForTitles(TestCatalogue& replica, const std::string& query,
                                         const std::vector<std::string>& expected) {
    std::vector<std::string> titles;
    for (int attempt = 0; attempt < 200; ++attempt) {
      v1::SearchOffersRequest req;
      req.set_query(query);
      v1::SearchOffersResponse resp;
      EXPECT_TRUE(Call(replica, &Stub::SearchOffers, req, &resp).ok());
      titles.clear();
      for (const auto& h : resp.hits()) titles.push_back(h.offer().title());
      if (titles == expected) break;
      absl::SleepFor(absl::Milliseconds(50));
    }
    return titles;
  }

  cache::NullCache cache_;
  std::unique_ptr<testutil::TestDatabase> test_db_;
  std::unique_ptr<storage::Database> second_pool_;
  std::unique_ptr<TestCatalogue> a_, b_;
};

TEST_F(ReplicasTest, WritesOnEitherReplicaConverge) {
  v1::CreateStructureRequest cs;
  cs.set_request_id("s-1");
  *cs.mutable_structure() = ValidStructure();
  v1::Structure s;
  ASSERT_TRUE(Call(*a_, &Stub::CreateStructure, cs, &s).ok());
  v1::CreateOfferRequest co;
  co.set_request_id("o-1");
  *co.mutable_offer() = ValidOffer(s.id(), "Garde d'enfants solidaire");
  v1::Offer o;
  ASSERT_TRUE(Call(*a_, &Stub::CreateOffer, co, &o).ok());
  v1::ChangeOfferStatusRequest publish;
  publish.set_id(o.id());
  publish.set_etag(o.etag());
  ASSERT_TRUE(Call(*a_, &Stub::PublishOffer, publish, &o).ok());

  // Written on A, found on B.
  EXPECT_THAT(WaitForTitles(*b_, "enfants", {"Garde d'enfants solidaire"}),
              ::testing::ElementsAre("Garde d'enfants solidaire"));
  // Changed on B, seen on A (and on B).
  v1::UpdateOfferRequest update;
  *update.mutable_offer() = o;
  update.mutable_offer()->set_title("Garde d'enfants pour entretiens");
  update.mutable_update_mask()->add_paths("title");
  ASSERT_TRUE(Call(*b_, &Stub::UpdateOffer, update, &o).ok());
  EXPECT_THAT(WaitForTitles(*a_, "entretiens", {"Garde d'enfants pour entretiens"}),
              ::testing::ElementsAre("Garde d'enfants pour entretiens"));
  EXPECT_THAT(WaitForTitles(*b_, "enfants", {"Garde d'enfants pour entretiens"}),
              ::testing::ElementsAre("Garde d'enfants pour entretiens"));
  // Archived on A: gone from both.
  v1::ChangeOfferStatusRequest archive;
  archive.set_id(o.id());
  archive.set_etag(o.etag());
  ASSERT_TRUE(Call(*a_, &Stub::ArchiveOffer, archive, &o).ok());
  EXPECT_TRUE(WaitForTitles(*b_, "enfants", {}).empty());
  EXPECT_TRUE(WaitForTitles(*a_, "enfants", {}).empty());
}

TEST_F(ReplicasTest, AnOfferChangedOnOneReplicaIsReadFreshOnTheOther) {
  v1::CreateStructureRequest cs;
  cs.set_request_id("s-1");
  *cs.mutable_structure() = ValidStructure();
  v1::Structure s;
  ASSERT_TRUE(Call(*a_, &Stub::CreateStructure, cs, &s).ok());
  v1::CreateOfferRequest co;
  co.set_request_id("o-1");
  *co.mutable_offer() = ValidOffer(s.id(), "Atelier CV");
  v1::Offer o;
  ASSERT_TRUE(Call(*a_, &Stub::CreateOffer, co, &o).ok());
  v1::GetOfferRequest get;
  get.set_id(o.id());
  v1::Offer on_a, on_b;
  ASSERT_TRUE(Call(*a_, &Stub::GetOffer, get, &on_a).ok());  // both replicas hold it locally
  ASSERT_TRUE(Call(*b_, &Stub::GetOffer, get, &on_b).ok());
  ASSERT_EQ(on_b.title(), "Atelier CV");

  v1::UpdateOfferRequest update;
  *update.mutable_offer() = o;
  update.mutable_offer()->set_title("Atelier CV et entretien");
  update.mutable_update_mask()->add_paths("title");
  ASSERT_TRUE(Call(*a_, &Stub::UpdateOffer, update, &o).ok());
  // The replica that wrote reads its write at once.
  ASSERT_TRUE(Call(*a_, &Stub::GetOffer, get, &on_a).ok());
  EXPECT_EQ(on_a.title(), "Atelier CV et entretien");
  EXPECT_EQ(on_a.etag(), o.etag());
  // The other one once its feed delivered the change (its local entry would live 10 min).
  for (int attempt = 0; attempt < 100 && on_b.etag() != o.etag(); ++attempt) {
    absl::SleepFor(absl::Milliseconds(50));
    ASSERT_TRUE(Call(*b_, &Stub::GetOffer, get, &on_b).ok());
  }
  EXPECT_EQ(on_b.title(), "Atelier CV et entretien");
  EXPECT_EQ(on_b.etag(), o.etag());
}

TEST_F(ReplicasTest, ANewReplicaLoadsWhatIsPublished) {
  v1::CreateStructureRequest cs;
  cs.set_request_id("s-1");
  *cs.mutable_structure() = ValidStructure();
  v1::Structure s;
  ASSERT_TRUE(Call(*a_, &Stub::CreateStructure, cs, &s).ok());
  v1::CreateOfferRequest co;
  co.set_request_id("o-1");
  *co.mutable_offer() = ValidOffer(s.id(), "Atelier numérique");
  v1::Offer o;
  ASSERT_TRUE(Call(*a_, &Stub::CreateOffer, co, &o).ok());
  v1::ChangeOfferStatusRequest publish;
  publish.set_id(o.id());
  publish.set_etag(o.etag());
  ASSERT_TRUE(Call(*a_, &Stub::PublishOffer, publish, &o).ok());
  TestCatalogue c(*second_pool_, cache_);
  ASSERT_OK(c.Start());
  EXPECT_THAT(WaitForTitles(c, "numerique", {"Atelier numérique"}),
              ::testing::ElementsAre("Atelier numérique"));
}

}  // namespace
}  // namespace parcours::catalogue::testdata
