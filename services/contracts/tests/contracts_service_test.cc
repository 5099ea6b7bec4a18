// Contract RPCs over in-process gRPC: success, invalid fields (nothing written),
// NOT_FOUND, forbidden transitions, stale etags, idempotent creates, peers down
// (UNAVAILABLE, nothing written), caseload scope, audit and events.
#include <set>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "libs/errors/field_violations.h"
#include "libs/errors/grpc_status.h"
#include "services/contracts/tests/service_fixture.h"

namespace parcours::contracts::testing {
namespace {

class ContractsServiceTest : public ServiceFixture {
 protected:
  grpc::Status Create(const v1::CreateContractRequest& req, v1::Contract* out,
                      const std::string& who = "referent-1") {
    grpc::ClientContext ctx;
    As(ctx, who);
    return stub().CreateContract(&ctx, req, out);
  }
  grpc::Status Transition(
      grpc::Status (v1::Contracts::Stub::*rpc)(grpc::ClientContext*,
                                               const v1::ContractTransitionRequest&, v1::Contract*),
      const v1::Contract& c, v1::Contract* out, const std::string& reason = "") {
    v1::ContractTransitionRequest req;
    req.set_id(c.id());
    req.set_etag(c.etag());
    req.set_reason(reason);
    grpc::ClientContext ctx;
    As(ctx, "referent-1");
    return (stub().*rpc)(&ctx, req, out);
  }
  std::vector<std::string> BadFields(const grpc::Status& s) {
    std::vector<std::string> fields;
    for (const auto& v : errors::ViolationsOf(errors::FromGrpcStatus(s))) fields.push_back(v.field);
    return fields;
  }
};

TEST_F(ContractsServiceTest, CreatesADraftFromTheOrientation) {
  Orient("ben_1");
  v1::Contract c;
  ASSERT_TRUE(Create(NewContract("ben_1", "req-1"), &c).ok());
  EXPECT_EQ(c.status(), v1::DRAFT);
  EXPECT_EQ(c.referent_id(), "referent-1");
  EXPECT_EQ(c.territory().tad(), "TAD-EST");
  EXPECT_EQ(c.orientation().type(), v1::SOCIAL);
  EXPECT_EQ(c.etag(), "1");
  ASSERT_EQ(c.actions_size(), 1);
  EXPECT_EQ(c.actions(0).status(), v1::ACTION_PLANNED);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE type = 'contracts.contract.created'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE record_id = '" + c.id() + "'"), 1);
}

TEST_F(ContractsServiceTest, IdempotentCreateReturnsTheFirstWithoutCallingPeers) {
  Orient("ben_1");
  v1::Contract first, second;
  ASSERT_TRUE(Create(NewContract("ben_1", "req-1"), &first).ok());
  const int calls = orientation_->calls();
  orientation_->FailWith(absl::UnavailableError("down"));
  ASSERT_TRUE(Create(NewContract("ben_1", "req-1"), &second).ok());
  EXPECT_EQ(second.id(), first.id());
  EXPECT_EQ(orientation_->calls(), calls);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contracts"), 1);
}

TEST_F(ContractsServiceTest, InvalidFieldsAreNamedAndNothingIsWritten) {
  Orient("ben_1");
  struct Case {
    const char* name;
    std::function<void(v1::CreateContractRequest&)> breaks;
    const char* field;
  } cases[] = {
      {"request id", [](auto& r) { r.clear_request_id(); }, "request_id"},
      {"beneficiary", [](auto& r) { r.mutable_contract()->clear_beneficiary_id(); },
       "contract.beneficiary_id"},
      {"kind", [](auto& r) { r.mutable_contract()->set_kind(v1::CONTRACT_KIND_UNSPECIFIED); },
       "contract.kind"},
      {"start date", [](auto& r) { r.mutable_contract()->clear_start_date(); },
       "contract.start_date"},
      {"invalid date", [](auto& r) { r.mutable_contract()->mutable_end_date()->set_day(32); },
       "contract.end_date"},
      {"too long", [](auto& r) { r.mutable_contract()->mutable_end_date()->set_year(2026); },
       "contract.end_date"},
      {"project", [](auto& r) { r.mutable_contract()->clear_insertion_project(); },
       "contract.insertion_project"},
      {"objective",
       [](auto& r) { r.mutable_contract()->mutable_actions(0)->set_objective_id("x"); },
       "contract.actions[0].objective_id"},
      {"hours", [](auto& r) { r.mutable_contract()->set_weekly_hours(-1); },
       "contract.weekly_hours"},
  };
  for (const Case& c : cases) {
    v1::CreateContractRequest req = NewContract("ben_1", "req-bad");
    c.breaks(req);
    v1::Contract out;
    grpc::Status s = Create(req, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.name;
    std::vector<std::string> fields = BadFields(s);
    EXPECT_NE(std::find(fields.begin(), fields.end(), c.field), fields.end())
        << c.name << ": " << ::testing::PrintToString(fields);
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contracts"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 0);
}

TEST_F(ContractsServiceTest, OrientationDecidesWhatMayBeCreated) {
  v1::Contract out;
  EXPECT_EQ(Create(NewContract("ben_unknown", "r1"), &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  Orient("ben_pro", OrientationType::kProfessional);
  EXPECT_EQ(Create(NewContract("ben_pro", "r2"), &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // a CER_SOCIAL for a PROFESSIONAL orientation
  Orient("ben_other", OrientationType::kSocial, "referent-2");
  EXPECT_EQ(Create(NewContract("ben_other", "r3"), &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // another référent's caseload
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contracts"), 0);
}

TEST_F(ContractsServiceTest, OrientationDownFailsWithUnavailableAndWritesNothing) {
  Orient("ben_1");
  orientation_->FailWith(absl::UnavailableError("orientation unreachable"));
  v1::Contract out;
  EXPECT_EQ(Create(NewContract("ben_1", "req-1"), &out).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contracts"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), 0);
}

TEST_F(ContractsServiceTest, PrescribedActionsAreCheckedWithTheCatalogue) {
  Orient("ben_1");
  catalogue_->Set(
      {.id = "prs_1", .beneficiary_id = "ben_1", .offer_id = "off_9", .status = "ACCEPTED"});
  catalogue_->Set(
      {.id = "prs_2", .beneficiary_id = "ben_2", .offer_id = "off_9", .status = "ACCEPTED"});
  v1::CreateContractRequest req = NewContract("ben_1", "req-1");
  req.mutable_contract()->mutable_actions(0)->set_prescription_id("prs_1");
  v1::Contract c;
  ASSERT_TRUE(Create(req, &c).ok());
  EXPECT_EQ(c.actions(0).offer_id(), "off_9");  // filled from the prescription

  req = NewContract("ben_1", "req-2");
  req.mutable_contract()->mutable_actions(0)->set_prescription_id("prs_2");
  grpc::Status s = Create(req, &c);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BadFields(s), std::vector<std::string>{"contract.actions[0].prescription_id"});

  catalogue_->FailWith(absl::UnavailableError("catalogue unreachable"));
  req = NewContract("ben_1", "req-3");
  req.mutable_contract()->mutable_actions(0)->set_prescription_id("prs_1");
  EXPECT_EQ(Create(req, &c).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contracts"), 1);
}

TEST_F(ContractsServiceTest, SignaturesActivateAndASecondContractInForceIsRefused) {
  Orient("ben_1");
  v1::Contract active = ActiveContract("ben_1", "req-1");
  EXPECT_EQ(active.status(), v1::ACTIVE);
  EXPECT_EQ(active.signatures_size(), 2);
  EXPECT_EQ(active.next_review_date().month(), 5);  // first point étape: 3 months after start
  // A second contract for the same beneficiary: drafted fine, refused at activation.
  v1::Contract second;
  ASSERT_TRUE(Create(NewContract("ben_1", "req-2"), &second).ok());
  ASSERT_TRUE(Transition(&v1::Contracts::Stub::SubmitContract, second, &second).ok());
  for (v1::Party party : {v1::BENEFICIARY, v1::REFERENT}) {
    v1::SignContractRequest sign;
    sign.set_id(second.id());
    sign.set_etag(second.etag());
    sign.set_party(party);
    grpc::ClientContext ctx;
    As(ctx, "referent-1");
    grpc::Status s = stub().SignContract(&ctx, sign, &second);
    if (party == v1::REFERENT) {
      EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
    } else {
      ASSERT_TRUE(s.ok()) << s.error_message();
    }
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contracts WHERE status = 'ACTIVE'"), 1);
}

TEST_F(ContractsServiceTest, ForbiddenTransitionsOverTheWire) {
  Orient("ben_1");
  v1::Contract draft, out;
  ASSERT_TRUE(Create(NewContract("ben_1", "req-1"), &draft).ok());
  using Rpc = grpc::Status (v1::Contracts::Stub::*)(
      grpc::ClientContext*, const v1::ContractTransitionRequest&, v1::Contract*);
  // From DRAFT only submit and terminate exist.
  for (Rpc rpc : {&v1::Contracts::Stub::SuspendContract, &v1::Contracts::Stub::ResumeContract,
                  &v1::Contracts::Stub::CompleteContract}) {
    EXPECT_EQ(Transition(rpc, draft, &out, "why").error_code(),
              grpc::StatusCode::FAILED_PRECONDITION);
  }
  v1::SignContractRequest sign;
  sign.set_id(draft.id());
  sign.set_etag(draft.etag());
  sign.set_party(v1::REFERENT);
  grpc::ClientContext ctx;
  As(ctx, "referent-1");
  EXPECT_EQ(stub().SignContract(&ctx, sign, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // Terminated: nothing more.
  v1::Contract terminated;
  ASSERT_TRUE(
      Transition(&v1::Contracts::Stub::TerminateContract, draft, &terminated, "abandon").ok());
  for (Rpc rpc : {&v1::Contracts::Stub::SubmitContract, &v1::Contracts::Stub::SuspendContract,
                  &v1::Contracts::Stub::ResumeContract, &v1::Contracts::Stub::CompleteContract,
                  &v1::Contracts::Stub::TerminateContract}) {
    EXPECT_EQ(Transition(rpc, terminated, &out, "why").error_code(),
              grpc::StatusCode::FAILED_PRECONDITION);
  }
}

TEST_F(ContractsServiceTest, SuspendResumeCompleteAndStaleEtag) {
  Orient("ben_1");
  v1::Contract c = ActiveContract("ben_1", "req-1");
  v1::Contract suspended, out;
  EXPECT_EQ(Transition(&v1::Contracts::Stub::SuspendContract, c, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);  // a reason is required
  ASSERT_TRUE(
      Transition(&v1::Contracts::Stub::SuspendContract, c, &suspended, "hospitalisation").ok());
  EXPECT_EQ(suspended.status(), v1::SUSPENDED);
  EXPECT_EQ(suspended.status_reason(), "hospitalisation");
  // `c` carries the old etag now.
  EXPECT_EQ(Transition(&v1::Contracts::Stub::ResumeContract, c, &out).error_code(),
            grpc::StatusCode::ABORTED);
  v1::Contract resumed, completed;
  ASSERT_TRUE(Transition(&v1::Contracts::Stub::ResumeContract, suspended, &resumed).ok());
  ASSERT_TRUE(Transition(&v1::Contracts::Stub::CompleteContract, resumed, &completed).ok());
  EXPECT_EQ(completed.status(), v1::COMPLETED);
  v1::Contract missing;
  missing.set_id("ctr_missing");
  missing.set_etag("1");
  EXPECT_EQ(Transition(&v1::Contracts::Stub::CompleteContract, missing, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::Contract no_etag = completed;
  no_etag.clear_etag();
  EXPECT_EQ(Transition(&v1::Contracts::Stub::CompleteContract, no_etag, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ContractsServiceTest, GetListAndUpdateADraft) {
  Orient("ben_1");
  Orient("ben_2");
  v1::Contract a, b;
  ASSERT_TRUE(Create(NewContract("ben_1", "r1"), &a).ok());
  ASSERT_TRUE(Create(NewContract("ben_2", "r2"), &b).ok());
  {
    v1::GetContractRequest req;
    req.set_id(a.id());
    v1::Contract got;
    grpc::ClientContext ctx;
    As(ctx, "referent-1");
    ASSERT_TRUE(stub().GetContract(&ctx, req, &got).ok());
    EXPECT_EQ(got.id(), a.id());
  }
  {
    v1::GetContractRequest req;
    req.set_id(a.id());
    v1::Contract got;
    grpc::ClientContext ctx;
    As(ctx, "referent-2");  // not in referent-2's caseload
    EXPECT_EQ(stub().GetContract(&ctx, req, &got).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  {
    v1::GetContractRequest req;
    req.set_id("ctr_missing");
    v1::Contract got;
    grpc::ClientContext ctx;
    As(ctx, "admin");
    EXPECT_EQ(stub().GetContract(&ctx, req, &got).error_code(), grpc::StatusCode::NOT_FOUND);
  }
  {
    v1::ListContractsRequest req;
    req.set_page_size(1);
    v1::ListContractsResponse page1, page2, other;
    grpc::ClientContext c1, c2, c3;
    As(c1, "referent-1");
    ASSERT_TRUE(stub().ListContracts(&c1, req, &page1).ok());
    ASSERT_EQ(page1.contracts_size(), 1);
    ASSERT_FALSE(page1.next_page_token().empty());
    req.set_page_token(page1.next_page_token());
    As(c2, "referent-1");
    ASSERT_TRUE(stub().ListContracts(&c2, req, &page2).ok());
    ASSERT_EQ(page2.contracts_size(), 1);
    EXPECT_NE(page2.contracts(0).id(), page1.contracts(0).id());
    EXPECT_TRUE(page2.next_page_token().empty());
    req.clear_page_token();
    As(c3, "referent-2");
    ASSERT_TRUE(stub().ListContracts(&c3, req, &other).ok());
    EXPECT_EQ(other.contracts_size(), 0);
  }
  {
    v1::UpdateContractRequest req;
    *req.mutable_contract() = a;
    req.mutable_contract()->set_insertion_project("nouveau projet");
    req.mutable_update_mask()->add_paths("insertion_project");
    v1::Contract updated;
    grpc::ClientContext ctx;
    As(ctx, "referent-1");
    ASSERT_TRUE(stub().UpdateContract(&ctx, req, &updated).ok());
    EXPECT_EQ(updated.insertion_project(), "nouveau projet");
    EXPECT_EQ(updated.etag(), "2");
    grpc::ClientContext stale;
    As(stale, "referent-1");
    EXPECT_EQ(stub().UpdateContract(&stale, req, &updated).error_code(), grpc::StatusCode::ABORTED);
    req.mutable_update_mask()->add_paths("status");
    grpc::ClientContext bad;
    As(bad, "referent-1");
    EXPECT_EQ(stub().UpdateContract(&bad, req, &updated).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
  }
}

TEST_F(ContractsServiceTest, UpdateIsForDraftsOnly) {
  Orient("ben_1");
  v1::Contract c = ActiveContract("ben_1", "r1");
  v1::UpdateContractRequest req;
  *req.mutable_contract() = c;
  req.mutable_update_mask()->add_paths("insertion_project");
  v1::Contract out;
  grpc::ClientContext ctx;
  As(ctx, "referent-1");
  EXPECT_EQ(stub().UpdateContract(&ctx, req, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(ContractsServiceTest, ReviewAndRenewal) {
  Orient("ben_1");
  v1::Contract c = ActiveContract("ben_1", "r1");
  v1::RecordReviewRequest review;
  review.set_id(c.id());
  review.set_etag(c.etag());
  review.mutable_review_date()->set_year(2024);
  review.mutable_review_date()->set_month(4);
  review.mutable_review_date()->set_day(30);
  review.set_summary("démarches engagées");
  *review.mutable_next_review_date() = review.review_date();  // not after: refused
  auto* update = review.add_action_updates();
  update->set_action_id(c.actions(0).id());
  update->set_status(v1::ACTION_DONE);
  v1::Contract reviewed;
  {
    grpc::ClientContext ctx;
    As(ctx, "referent-1");
    EXPECT_EQ(stub().RecordReview(&ctx, review, &reviewed).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
  }
  review.mutable_next_review_date()->set_month(7);
  {
    grpc::ClientContext ctx;
    As(ctx, "referent-1");
    ASSERT_TRUE(stub().RecordReview(&ctx, review, &reviewed).ok());
  }
  ASSERT_EQ(reviewed.reviews_size(), 1);
  EXPECT_EQ(reviewed.next_review_date().month(), 7);
  EXPECT_EQ(reviewed.actions(0).status(), v1::ACTION_DONE);

  v1::RenewContractRequest renew;
  renew.set_request_id("renew-1");
  renew.set_id(c.id());
  renew.mutable_end_date()->set_year(2025);
  renew.mutable_end_date()->set_month(1);
  renew.mutable_end_date()->set_day(31);
  v1::Contract renewal, again;
  {
    grpc::ClientContext ctx;
    As(ctx, "referent-1");
    ASSERT_TRUE(stub().RenewContract(&ctx, renew, &renewal).ok());
  }
  EXPECT_EQ(renewal.status(), v1::DRAFT);
  EXPECT_EQ(renewal.renewal_of(), c.id());
  EXPECT_EQ(renewal.start_date().month(), 8);  // the day after the end
  EXPECT_EQ(renewal.actions_size(), 0);        // the done action is not carried over
  {
    grpc::ClientContext ctx;
    As(ctx, "referent-1");
    ASSERT_TRUE(stub().RenewContract(&ctx, renew, &again).ok());
    EXPECT_EQ(again.id(), renewal.id());
  }
  // Signing the renewal completes the contract it renews.
  v1::ContractTransitionRequest submit;
  submit.set_id(renewal.id());
  submit.set_etag(renewal.etag());
  {
    grpc::ClientContext ctx;
    As(ctx, "referent-1");
    ASSERT_TRUE(stub().SubmitContract(&ctx, submit, &renewal).ok());
  }
  for (v1::Party party : {v1::BENEFICIARY, v1::REFERENT}) {
    v1::SignContractRequest sign;
    sign.set_id(renewal.id());
    sign.set_etag(renewal.etag());
    sign.set_party(party);
    grpc::ClientContext ctx;
    As(ctx, "referent-1");
    ASSERT_TRUE(stub().SignContract(&ctx, sign, &renewal).ok());
  }
  EXPECT_EQ(renewal.status(), v1::ACTIVE);
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM contracts WHERE id = '" + c.id() + "' AND status = 'COMPLETED'"),
      1);
}

}  // namespace
}  // namespace parcours::contracts::testing

namespace parcours::contracts::testing {
namespace {

// Territory scope is applied in the query, not by filtering a page afterwards: an agent of
// TAD-SUD-OUEST pages through exactly its territory's contracts, in full pages, although
// most contracts (created before, between and after) are in TAD-EST.
TEST_F(ContractsServiceTest, TerritoryScopeIsInTheQuerySoPagesAreFull) {
  std::set<std::string> west, east;
  for (int i = 0; i < 15; ++i) {
    const std::string ben = absl::StrCat("ben_scope_", i);
    const bool in_west = i % 5 == 2;  // 3 of 15
    orientation_->Set({.beneficiary_id = ben,
                       .oriented = true,
                       .decision_id = "dec_" + ben,
                       .type = OrientationType::kSocial,
                       .decided_on = absl::CivilDay(2024, 1, 10),
                       .referent_id = "referent-1",
                       .tad = in_west ? "TAD-SUD-OUEST" : "TAD-EST",
                       .mds = in_west ? "MDS-ETAMPES" : "MDS-EVRY",
                       .subject_to_rights_and_duties = true});
    v1::Contract c;
    grpc::Status s = Create(NewContract(ben, absl::StrCat("scope-", i)), &c, "admin");
    ASSERT_TRUE(s.ok()) << s.error_message();
    (in_west ? west : east).insert(c.id());
  }
  auto pages = [&](const std::string& who, int page_size) {
    std::vector<std::vector<std::string>> out;
    v1::ListContractsRequest req;
    req.set_page_size(page_size);
    do {
      v1::ListContractsResponse resp;
      grpc::ClientContext ctx;
      As(ctx, who);
      grpc::Status s = stub().ListContracts(&ctx, req, &resp);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      out.emplace_back();
      for (const auto& c : resp.contracts()) out.back().push_back(c.id());
      req.set_page_token(resp.next_page_token());
    } while (!req.page_token().empty());
    return out;
  };
  const auto west_pages = pages("agent-west", 2);
  ASSERT_EQ(west_pages.size(), 2u);
  EXPECT_EQ(west_pages[0].size(), 2u) << "a full first page";
  EXPECT_EQ(west_pages[1].size(), 1u);
  std::set<std::string> seen(west_pages[0].begin(), west_pages[0].end());
  seen.insert(west_pages[1].begin(), west_pages[1].end());
  EXPECT_EQ(seen, west);

  const auto east_pages = pages("agent", 5);
  ASSERT_EQ(east_pages.size(), 3u);
  EXPECT_EQ(east_pages[0].size(), 5u);
  EXPECT_EQ(east_pages[1].size(), 5u);
  EXPECT_EQ(east_pages[2].size(), 2u);
  std::set<std::string> seen_east;
  for (const auto& p : east_pages) seen_east.insert(p.begin(), p.end());
  EXPECT_EQ(seen_east, east);
}

}  // namespace
}  // namespace parcours::contracts::testing
