// Service tests (in-process gRPC): structures.
#include "gmock/gmock.h"
#include "services/catalogue/tests/service_test_base.h"

namespace parcours::catalogue::testdata {
namespace {

using ::testing::ElementsAre;

using StructureServiceTest = ServiceTest;

TEST_F(StructureServiceTest, CreateGetAndDuplicateRequestId) {
  v1::CreateStructureRequest req;
  req.set_request_id("s-1");
  *req.mutable_structure() = ValidStructure();
  v1::Structure first, again, got;
  ASSERT_TRUE(Call(&Stub::CreateStructure, req, &first).ok());
  EXPECT_TRUE(IsWellFormedId(first.id(), "str"));
  EXPECT_EQ(first.etag(), "1");
  ASSERT_TRUE(Call(&Stub::CreateStructure, req, &again).ok());
  EXPECT_EQ(again.id(), first.id());
  EXPECT_EQ(Rows("structures"), 1);
  v1::GetStructureRequest get;
  get.set_id(first.id());
  ASSERT_TRUE(Call(&Stub::GetStructure, get, &got, "referent-est").ok());
  EXPECT_EQ(got.name(), "Atelier Mobilité Évry");
}

TEST_F(StructureServiceTest, InvalidFieldsAreNamedAndNothingIsWritten) {
  struct Case {
    std::string field;
    std::function<void(v1::CreateStructureRequest&)> change;
  };
  const std::vector<Case> cases = {
      {"request_id", [](auto& r) { r.clear_request_id(); }},
      {"structure.name", [](auto& r) { r.mutable_structure()->set_name("x"); }},
      {"structure.kind", [](auto& r) { r.mutable_structure()->clear_kind(); }},
      {"structure.siret", [](auto& r) { r.mutable_structure()->set_siret("1234"); }},
      {"structure.email", [](auto& r) { r.mutable_structure()->set_email("nope"); }},
      {"structure.territories.tads[1]",
       [](auto& r) { r.mutable_structure()->mutable_territories()->add_tads("TAD-X"); }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.field);
    v1::CreateStructureRequest req;
    req.set_request_id("s-1");
    *req.mutable_structure() = ValidStructure();
    c.change(req);
    v1::Structure out;
    grpc::Status s = Call(&Stub::CreateStructure, req, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(Fields(s), ElementsAre(c.field));
  }
  EXPECT_EQ(AllRows(), 0);
}

TEST_F(StructureServiceTest, GetMissingIsNotFound) {
  v1::GetStructureRequest get;
  get.set_id("str_missing");
  v1::Structure out;
  EXPECT_EQ(Call(&Stub::GetStructure, get, &out).error_code(), grpc::StatusCode::NOT_FOUND);
  get.set_id("bad id");
  EXPECT_THAT(Fields(Call(&Stub::GetStructure, get, &out)), ElementsAre("id"));
}

TEST_F(StructureServiceTest, ListPagesWithoutRepeats) {
  for (int i = 0; i < 5; ++i) NewStructure("s-" + std::to_string(i));
  v1::ListStructuresRequest req;
  req.set_page_size(2);
  std::vector<std::string> ids;
  for (int page = 0; page < 10; ++page) {
    v1::ListStructuresResponse resp;
    ASSERT_TRUE(Call(&Stub::ListStructures, req, &resp).ok());
    for (const auto& s : resp.structures()) ids.push_back(s.id());
    if (resp.next_page_token().empty()) break;
    req.set_page_token(resp.next_page_token());
  }
  EXPECT_EQ(ids.size(), 5u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  req.set_kind(v1::STRUCTURE_KIND_ACI);  // another query: the token does not fit
  v1::ListStructuresResponse resp;
  EXPECT_THAT(Fields(Call(&Stub::ListStructures, req, &resp)), ElementsAre("page_token"));
}

TEST_F(StructureServiceTest, UpdateWithMaskEtagAndScope) {
  const v1::Structure s = NewStructure();
  v1::UpdateStructureRequest req;
  *req.mutable_structure() = s;
  req.mutable_structure()->set_name("Nouveau nom");
  req.mutable_structure()->set_phone("01 02 03 04 05");
  req.mutable_update_mask()->add_paths("name");
  v1::Structure out;
  ASSERT_TRUE(Call(&Stub::UpdateStructure, req, &out, "operator").ok());
  EXPECT_EQ(out.name(), "Nouveau nom");
  EXPECT_EQ(out.phone(), "");  // not in the mask
  EXPECT_EQ(out.etag(), "2");
  // Stale etag.
  EXPECT_EQ(Call(&Stub::UpdateStructure, req, &out).error_code(), grpc::StatusCode::ABORTED);
  // A path that cannot be updated, a masked field that is invalid: nothing written.
  const int64_t rows = AllRows();
  req.mutable_structure()->set_etag("2");
  req.mutable_update_mask()->add_paths("status");
  EXPECT_THAT(Fields(Call(&Stub::UpdateStructure, req, &out)), ElementsAre("update_mask.paths[1]"));
  req.mutable_update_mask()->mutable_paths()->RemoveLast();
  req.mutable_structure()->set_name("x");
  EXPECT_THAT(Fields(Call(&Stub::UpdateStructure, req, &out)), ElementsAre("structure.name"));
  req.mutable_structure()->clear_etag();
  EXPECT_THAT(Fields(Call(&Stub::UpdateStructure, req, &out)), ElementsAre("structure.etag"));
  EXPECT_EQ(AllRows(), rows);
  // Missing.
  req.mutable_structure()->set_name("Encore un nom");
  req.mutable_structure()->set_etag("2");
  req.mutable_structure()->set_id("str_missing");
  EXPECT_EQ(Call(&Stub::UpdateStructure, req, &out).error_code(), grpc::StatusCode::NOT_FOUND);
  // Another operator's structure.
  NewStructure("s-2");  // the operator now belongs to s-2
  req.mutable_structure()->set_id(s.id());
  EXPECT_EQ(Call(&Stub::UpdateStructure, req, &out, "operator").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(StructureServiceTest, CloseOnceThenForbidden) {
  const v1::Structure s = NewStructure();
  v1::CloseStructureRequest req;
  req.set_id(s.id());
  req.set_etag("1");
  v1::Structure out;
  ASSERT_TRUE(Call(&Stub::CloseStructure, req, &out).ok());
  EXPECT_EQ(out.status(), v1::STRUCTURE_STATUS_CLOSED);
  EXPECT_EQ(Call(&Stub::CloseStructure, req, &out).error_code(), grpc::StatusCode::ABORTED);
  req.set_etag("2");
  grpc::Status again = Call(&Stub::CloseStructure, req, &out);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(again.error_message(), ::testing::HasSubstr("from CLOSED to CLOSED"));
  req.set_id("str_missing");
  EXPECT_EQ(Call(&Stub::CloseStructure, req, &out).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Call(&Stub::CloseStructure, req, &out, "operator").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace parcours::catalogue::testdata
