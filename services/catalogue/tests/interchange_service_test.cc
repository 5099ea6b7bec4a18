// Service tests (in-process gRPC): data·inclusion import/export, the authorization table,
// and the cache (fresh reads after writes; correct with Redis stopped).
#include <fstream>
#include <map>
#include <sstream>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "libs/cache/in_memory_cache.h"
#include "libs/cache/open_cache.h"
#include "libs/cache/redis_test_server.h"
#include "nlohmann/json.hpp"
#include "prometheus/registry.h"
#include "services/catalogue/authorization.h"
#include "services/catalogue/catalogue_metrics.h"
#include "services/catalogue/tests/service_test_base.h"

namespace parcours::catalogue::testdata {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string Sample() {
  std::ifstream in(std::string(CATALOGUE_TEST_DATA) + "/data_inclusion_sample.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

using InterchangeServiceTest = ServiceTest;

TEST_F(InterchangeServiceTest, SampleRoundTripsThroughImportAndExport) {
  v1::ImportDataInclusionRequest req;
  req.set_json(Sample());
  req.set_publish(true);
  v1::ImportDataInclusionResponse first, second;
  ASSERT_TRUE(Call(&Stub::ImportDataInclusion, req, &first).ok());
  EXPECT_EQ(first.created(), 7);
  EXPECT_EQ(first.rejected(), 0);
  ASSERT_TRUE(Call(&Stub::ImportDataInclusion, req, &second).ok());  // idempotent
  EXPECT_EQ(second.unchanged(), 7);
  EXPECT_EQ(Rows("offers"), 4);

  v1::ExportDataInclusionResponse exported;
  ASSERT_TRUE(
      Call(&Stub::ExportDataInclusion, v1::ExportDataInclusionRequest(), &exported, "steering")
          .ok());
  const nlohmann::json in = nlohmann::json::parse(Sample());
  const nlohmann::json out = nlohmann::json::parse(exported.json());
  const auto by_id = [](nlohmann::json arr) {
    std::sort(arr.begin(), arr.end(),
              [](const auto& a, const auto& b) { return a["id"] < b["id"]; });
    return arr;
  };
  EXPECT_EQ(by_id(in["services"]), out["services"]);
  EXPECT_EQ(by_id(in["structures"]), out["structures"]);
}

TEST_F(InterchangeServiceTest, ImportReportsEachRejectedRecord) {
  v1::ImportDataInclusionRequest req;
  req.set_json(R"({"structures": [{"id": "s1", "source": "x", "nom": "Structure un",
                                   "date_maj": "2025-01-01"}],
                   "services": [
    {"id": "v1", "source": "x", "structure_id": "s1", "nom": "Bon service", "description": "d",
     "type": "atelier", "thematiques": ["sante--sante-mentale"], "date_maj": "2025-01-01"},
    {"id": "v2", "source": "x", "structure_id": "unknown", "nom": "Sans structure",
     "description": "d", "type": "atelier", "thematiques": ["sante--sante-mentale"],
     "date_maj": "2025-01-01"},
    {"id": "v3", "source": "x", "structure_id": "s1", "nom": "Mauvais type", "description": "d",
     "type": "stage", "thematiques": ["sante--sante-mentale"], "date_maj": "2025-01-01"}]})");
  v1::ImportDataInclusionResponse resp;
  ASSERT_TRUE(Call(&Stub::ImportDataInclusion, req, &resp).ok());
  EXPECT_EQ(resp.created(), 2);
  EXPECT_EQ(resp.rejected(), 2);
  ASSERT_EQ(resp.records_size(), 4);
  EXPECT_EQ(resp.records(2).outcome(), "rejected");
  EXPECT_THAT(resp.records(2).errors(0), HasSubstr("structure_id"));
  EXPECT_EQ(resp.records(3).external_id(), "v3");
  EXPECT_THAT(resp.records(3).errors(0), HasSubstr("type"));
  EXPECT_EQ(Rows("offers"), 1);
  req.set_json("[not an object]");
  EXPECT_THAT(Fields(Call(&Stub::ImportDataInclusion, req, &resp)), ElementsAre("json"));
  EXPECT_EQ(Call(&Stub::ImportDataInclusion, req, &resp, "operator").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST(AuthorizationTest, EveryRpcHasExactlyOneEntry) {
  const auth::AuthorizationPolicy policy = CataloguePolicy();
  const google::protobuf::ServiceDescriptor* service =
      v1::GetOfferRequest::descriptor()->file()->FindServiceByName("Catalogue");
  ASSERT_NE(service, nullptr);
  ASSERT_EQ(service->method_count(), 25);
  for (int i = 0; i < service->method_count(); ++i) {
    const std::string method = "/" + service->full_name() + "/" + service->method(i)->name();
    const auth::Rule* rule = policy.Find(method);
    ASSERT_NE(rule, nullptr) << method;
    EXPECT_FALSE(rule->roles.empty()) << method;
    EXPECT_FALSE(rule->is_public) << method;
  }
  EXPECT_NE(policy.Find("/parcours.events.v1.EventFeed/StreamEvents"), nullptr);
}

TEST_F(InterchangeServiceTest, CallsWithoutTokenOrRoleAreRefused) {
  v1::GetOfferRequest req;
  req.set_id("off_x");
  v1::Offer out;
  grpc::ClientContext anonymous;
  EXPECT_EQ(catalogue_->stub().GetOffer(&anonymous, req, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Call(&Stub::GetOffer, req, &out, "forged").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  v1::CreateStructureRequest create;
  v1::Structure s;
  EXPECT_EQ(Call(&Stub::CreateStructure, create, &s, "steering").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(AllRows(), 0);
}

TEST_F(InterchangeServiceTest, BusinessGaugesCountByStatus) {
  const v1::Structure s = NewStructure();
  NewOffer(s.id(), "o-1");
  NewOffer(s.id(), "o-2", v1::Offer(), /*publish=*/false);
  NewPrescription(NewOffer(s.id(), "o-3"), "p-1");
  prometheus::Registry registry;
  CatalogueMetrics metrics(registry, catalogue_->server().store());
  ASSERT_OK(metrics.Refresh());
  std::map<std::string, double> values;
  for (const prometheus::MetricFamily& family : registry.Collect()) {
    for (const prometheus::ClientMetric& m : family.metric) {
      values[family.name + "{" + m.label[0].value + "}"] = m.gauge.value;
    }
  }
  EXPECT_EQ(values["parcours_catalogue_offers{PUBLISHED}"], 2);
  EXPECT_EQ(values["parcours_catalogue_offers{DRAFT}"], 1);
  EXPECT_EQ(values["parcours_catalogue_offers{ARCHIVED}"], 0);
  EXPECT_EQ(values["parcours_catalogue_prescriptions{PRESCRIBED}"], 1);
  EXPECT_EQ(values["parcours_catalogue_prescriptions{ACCEPTED}"], 0);
}

// Reads through a cache stay fresh: every write invalidates the exact key it changed.
class CachedServiceTest : public ServiceTest {
 protected:
  cache::Cache& Cache() override { return cache_; }
  cache::InMemoryCache cache_{Clock::Real(), absl::Seconds(30)};
};

TEST_F(CachedServiceTest, ReadsAfterWritesAreFresh) {
  const v1::Structure s = NewStructure();
  v1::Offer o = NewOffer(s.id(), "o-1", ValidOffer(s.id()), /*publish=*/false);
  v1::GetOfferRequest get;
  get.set_id(o.id());
  v1::Offer got;
  ASSERT_TRUE(Call(&Stub::GetOffer, get, &got).ok());  // now cached
  ASSERT_TRUE(cache_.Get(OfferKeys().Key(o.id())).has_value());
  v1::ChangeOfferStatusRequest publish;
  publish.set_id(o.id());
  publish.set_etag(o.etag());
  ASSERT_TRUE(Call(&Stub::PublishOffer, publish, &o).ok());
  ASSERT_TRUE(Call(&Stub::GetOffer, get, &got).ok());
  EXPECT_EQ(got.status(), v1::OFFER_STATUS_PUBLISHED);
  EXPECT_EQ(got.etag(), o.etag());
  // Accepting a prescription changes the offer's places: the cached offer is dropped too.
  const v1::Prescription p = NewPrescription(o, "p-1");
  v1::AcceptPrescriptionRequest accept;
  accept.set_id(p.id());
  accept.set_etag(p.etag());
  v1::Prescription accepted;
  ASSERT_TRUE(Call(&Stub::AcceptPrescription, accept, &accepted).ok());
  ASSERT_TRUE(Call(&Stub::GetOffer, get, &got).ok());
  EXPECT_EQ(got.places_taken(), 1);
  v1::GetStructureRequest gs;
  gs.set_id(s.id());
  v1::Structure before, after;
  ASSERT_TRUE(Call(&Stub::GetStructure, gs, &before).ok());
  v1::UpdateStructureRequest update;
  *update.mutable_structure() = before;
  update.mutable_structure()->set_name("Renommée");
  update.mutable_update_mask()->add_paths("name");
  ASSERT_TRUE(Call(&Stub::UpdateStructure, update, &after).ok());
  ASSERT_TRUE(Call(&Stub::GetStructure, gs, &after).ok());
  EXPECT_EQ(after.name(), "Renommée");
}

// A cache hit is served from the replica's own memory: the shared cache (Redis in
// production) is asked once, then not again while the local entry lives.
TEST_F(CachedServiceTest, RepeatedReadsStayInTheReplica) {
  const v1::Structure s = NewStructure();
  const v1::Offer o = NewOffer(s.id(), "o-1");
  v1::GetOfferRequest get;
  get.set_id(o.id());
  v1::Offer got;
  // The replica's index follower re-reads the offer when the feed brings its creation and
  // publication, and replaces the local copy then (one more shared lookup, at a moment of
  // its own): wait until a read leaves the shared cache alone before counting.
  size_t shared_lookups = 0;
  for (int attempt = 0; attempt < 200; ++attempt) {
    ASSERT_TRUE(Call(&Stub::GetOffer, get, &got).ok());
    const size_t before = cache_.lookups();
    absl::SleepFor(absl::Milliseconds(20));
    ASSERT_TRUE(Call(&Stub::GetOffer, get, &got).ok());
    shared_lookups = cache_.lookups();
    if (shared_lookups == before) break;
  }
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(Call(&Stub::GetOffer, get, &got).ok());
    EXPECT_EQ(got.etag(), o.etag());
  }
  EXPECT_EQ(cache_.lookups(), shared_lookups);
}

// A real Redis that is stopped mid-test: every call still succeeds, from the database.
class RedisStoppedServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(redis_, cache::RedisTestServer::Start());
    ASSERT_OK_AND_ASSIGN(cache_,
                         cache::OpenCache({.name = "catalogue", .url = redis_->url()}, registry_));
    ServiceTest::SetUp();
  }
  void TearDown() override {
    ServiceTest::TearDown();
    cache_.reset();
  }
  cache::Cache& Cache() override { return *cache_; }
  prometheus::Registry registry_;
  std::unique_ptr<cache::RedisTestServer> redis_;
  std::unique_ptr<cache::Cache> cache_;
};

TEST_F(RedisStoppedServiceTest, CorrectWithRedisStopped) {
  const v1::Structure s = NewStructure();
  v1::Offer o = NewOffer(s.id(), "o-1");
  v1::GetOfferRequest get;
  get.set_id(o.id());
  v1::Offer got;
  ASSERT_TRUE(Call(&Stub::GetOffer, get, &got).ok());
  ASSERT_TRUE(Call(&Stub::GetOffer, get, &got).ok());  // from Redis
  redis_->Kill();
  v1::UpdateOfferRequest update;
  *update.mutable_offer() = o;
  update.mutable_offer()->set_title("Titre changé sans Redis");
  update.mutable_update_mask()->add_paths("title");
  ASSERT_TRUE(Call(&Stub::UpdateOffer, update, &o).ok());
  for (int i = 0; i < 5; ++i) {
    grpc::Status st = Call(&Stub::GetOffer, get, &got);
    ASSERT_TRUE(st.ok()) << st.error_message();
    EXPECT_EQ(got.title(), "Titre changé sans Redis");
  }
}

}  // namespace
}  // namespace parcours::catalogue::testdata
