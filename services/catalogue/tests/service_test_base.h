// Fixture of the service tests: a TestCatalogue over a fresh SQLite database, typed calls
// as a given role, row counts (to prove a refused request wrote nothing) and builders for
// the usual first steps.
#ifndef PARCOURS_SERVICES_CATALOGUE_TESTS_SERVICE_TEST_BASE_H_
#define PARCOURS_SERVICES_CATALOGUE_TESTS_SERVICE_TEST_BASE_H_

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "libs/cache/cache.h"
#include "libs/common/ids.h"
#include "libs/errors/field_violations.h"
#include "libs/errors/grpc_status.h"
#include "libs/testing/status_matchers.h"
#include "libs/testing/test_database.h"
#include "services/catalogue/tests/test_catalogue.h"
#include "services/catalogue/tests/test_offers.h"

namespace parcours::catalogue::testdata {

class ServiceTest : public ::testing::Test {
 protected:
  using Stub = v1::Catalogue::Stub;

  // Override to run over another cache (the default is off).
  virtual cache::Cache& Cache() { return null_cache_; }

  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(db_, testutil::TestDatabase::Create("sqlite"));
    ASSERT_OK(ApplyAllMigrations(db_->db()));
    catalogue_ = std::make_unique<TestCatalogue>(db_->db(), Cache());
    ASSERT_OK(catalogue_->Start());
  }
  void TearDown() override {
    catalogue_.reset();
    db_.reset();
  }

  template <typename Req, typename Resp>
  grpc::Status Call(grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*),
                    const Req& req, Resp* resp, const std::string& token = "admin") {
    grpc::ClientContext ctx;
    catalogue_->Authorize(ctx, token);
    return (catalogue_->stub().*method)(&ctx, req, resp);
  }

  // The fields named by an INVALID_ARGUMENT's BadRequest.
  static std::vector<std::string> Fields(const grpc::Status& s) {
    std::vector<std::string> out;
    for (const auto& v : errors::ViolationsOf(errors::FromGrpcStatus(s))) out.push_back(v.field);
    return out;
  }

  int64_t Rows(const std::string& table) {
    auto tx = db_->db().Begin(storage::TxMode::kRead);
    if (!tx.ok()) return -1;
    auto rs = (*tx)->Query("SELECT COUNT(*) FROM " + table);
    return rs.ok() ? rs->rows[0].Int(0) : -1;
  }
  // Every row the catalogue writes, events included.
  int64_t AllRows() {
    return Rows("structures") + Rows("offers") + Rows("sessions") + Rows("prescriptions") +
           Rows("outbox");
  }

  v1::Structure NewStructure(const std::string& request_id = "s-1") {
    v1::CreateStructureRequest req;
    req.set_request_id(request_id);
    *req.mutable_structure() = ValidStructure();
    req.mutable_structure()->set_siret("");  // several structures per test
    v1::Structure s;
    EXPECT_TRUE(Call(&Stub::CreateStructure, req, &s).ok());
    catalogue_->SetOperatorStructure(s.id());
    return s;
  }

  v1::Offer NewOffer(const std::string& structure_id, const std::string& request_id,
                     v1::Offer draft = v1::Offer(), bool publish = true) {
    if (draft.title().empty()) draft = ValidOffer(structure_id);
    draft.set_structure_id(structure_id);
    v1::CreateOfferRequest req;
    req.set_request_id(request_id);
    *req.mutable_offer() = draft;
    v1::Offer o;
    grpc::Status s = Call(&Stub::CreateOffer, req, &o);
    EXPECT_TRUE(s.ok()) << s.error_message();
    if (!publish) return o;
    v1::ChangeOfferStatusRequest pub;
    pub.set_id(o.id());
    pub.set_etag(o.etag());
    s = Call(&Stub::PublishOffer, pub, &o);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return o;
  }

  v1::Prescription NewPrescription(const v1::Offer& offer, const std::string& request_id,
                                   const std::string& session_id = "") {
    v1::CreatePrescriptionRequest req;
    req.set_request_id(request_id);
    v1::Prescription* p = req.mutable_prescription();
    p->set_beneficiary_id("ben_" + request_id);
    p->set_offer_id(offer.id());
    p->set_session_id(session_id);
    p->mutable_territory()->set_tad("TAD-EST");
    p->mutable_territory()->set_mds("MDS-EVRY");
    v1::Prescription out;
    grpc::Status s = Call(&Stub::CreatePrescription, req, &out, "referent-est");
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  cache::NullCache null_cache_;
  std::unique_ptr<testutil::TestDatabase> db_;
  std::unique_ptr<TestCatalogue> catalogue_;
};

}  // namespace parcours::catalogue::testdata

#endif  // PARCOURS_SERVICES_CATALOGUE_TESTS_SERVICE_TEST_BASE_H_
