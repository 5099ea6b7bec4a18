// Sanction procedure RPCs over in-process gRPC: the whole path from a reported breach to
// closing with the withheld amount paid back; only a person (agent) decides; forbidden
// steps; stale etags; idempotent opens; a repeated no-show from orientation's feed opens
// a procedure exactly once.
#include "gtest/gtest.h"
#include "libs/errors/field_violations.h"
#include "libs/errors/grpc_status.h"
#include "parcours/orientation/v1/orientation.pb.h"
#include "services/contracts/feed/orientation_feed.h"
#include "services/contracts/tests/service_fixture.h"

namespace parcours::contracts::testing {
namespace {

class ProceduresServiceTest : public ServiceFixture {
 protected:
  v1::SanctionProcedure Open(const std::string& request_id, grpc::Status* status = nullptr) {
    v1::OpenProcedureRequest req;
    req.set_request_id(request_id);
    req.set_beneficiary_id("ben_1");
    req.mutable_breach()->set_kind(v1::ACTIONS_NOT_DONE);
    req.mutable_breach()->set_description("aucune démarche depuis trois mois");
    v1::SanctionProcedure out;
    grpc::ClientContext ctx;
    As(ctx, "referent-1");
    grpc::Status s = stub().OpenProcedure(&ctx, req, &out);
    if (status != nullptr)
      *status = s;
    else
      EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }
  using StepRpc = grpc::Status (v1::Contracts::Stub::*)(grpc::ClientContext*,
                                                        const v1::ProcedureStepRequest&,
                                                        v1::SanctionProcedure*);
  grpc::Status Step(StepRpc rpc, const v1::SanctionProcedure& p, v1::SanctionProcedure* out,
                    const std::string& note = "", const std::string& who = "referent-1") {
    v1::ProcedureStepRequest req;
    req.set_id(p.id());
    req.set_etag(p.etag());
    req.set_note(note);
    grpc::ClientContext ctx;
    As(ctx, who);
    return (stub().*rpc)(&ctx, req, out);
  }
  grpc::Status Decide(const v1::SanctionProcedure& p, v1::Decision d, v1::SanctionProcedure* out,
                      const std::string& who) {
    v1::DecideProcedureRequest req;
    req.set_id(p.id());
    req.set_etag(p.etag());
    *req.mutable_decision() = d;
    grpc::ClientContext ctx;
    As(ctx, who);
    return stub().DecideProcedure(&ctx, req, out);
  }
};

TEST_F(ProceduresServiceTest, FromBreachToRepaidRemobilisation) {
  Orient("ben_1");
  v1::SanctionProcedure p = Open("req-1");
  EXPECT_EQ(p.status(), v1::OPENED);
  EXPECT_FALSE(p.breach().detected());
  EXPECT_EQ(Open("req-1").id(), p.id());  // idempotent
  EXPECT_EQ(Count("SELECT COUNT(*) FROM procedures"), 1);

  v1::SanctionProcedure notified, observed, heard, decided, applied, closed, out;
  ASSERT_TRUE(Step(&v1::Contracts::Stub::NotifyProcedure, p, &notified).ok());
  EXPECT_EQ(notified.response_due_date().month(), 3);  // one month after 1 February
  EXPECT_EQ(Step(&v1::Contracts::Stub::NotifyProcedure, p, &out).error_code(),
            grpc::StatusCode::ABORTED);  // stale etag
  EXPECT_EQ(Step(&v1::Contracts::Stub::RecordObservations, notified, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);  // observations required
  ASSERT_TRUE(
      Step(&v1::Contracts::Stub::RecordObservations, notified, &observed, "malade en janvier")
          .ok());
  EXPECT_EQ(Step(&v1::Contracts::Stub::ApplyProcedure, observed, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // nothing decided yet
  ASSERT_TRUE(Step(&v1::Contracts::Stub::ReferProcedure, observed, &heard).ok());
  EXPECT_EQ(heard.status(), v1::HEARING);

  v1::Decision d;
  d.set_kind(v1::SUSPENSION_REMOBILISATION);
  d.set_percent(50);
  d.set_months(2);
  d.set_ep_opinion("avis favorable de l'EP du 12 février");
  d.set_motivation("absence de démarches sans motif");
  // A référent may not decide (the table), nor outside the legal bounds (the rules).
  EXPECT_EQ(Decide(heard, d, &out, "referent-1").error_code(), grpc::StatusCode::PERMISSION_DENIED);
  v1::Decision too_long = d;
  too_long.set_months(3);
  grpc::Status bad = Decide(heard, too_long, &out, "agent");
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_TRUE(Decide(heard, d, &decided, "agent").ok());
  EXPECT_EQ(decided.status(), v1::DECIDED);
  EXPECT_EQ(decided.decision().remobilisation_deadline().month(), 5);

  ASSERT_TRUE(Step(&v1::Contracts::Stub::ApplyProcedure, decided, &applied).ok());
  EXPECT_EQ(applied.status(), v1::SANCTIONED);
  v1::CloseProcedureRequest close;
  close.set_id(applied.id());
  close.set_etag(applied.etag());
  close.set_re_engaged(true);
  close.set_note("reprise des démarches");
  grpc::ClientContext ctx;
  As(ctx, "referent-1");
  ASSERT_TRUE(stub().CloseProcedure(&ctx, close, &closed).ok());
  EXPECT_EQ(closed.status(), v1::CLOSED);
  EXPECT_TRUE(closed.withheld_repaid());
  // Every step, with who.
  ASSERT_EQ(closed.steps_size(), 7);
  EXPECT_EQ(closed.steps(0).by(), "referent-1");
  EXPECT_EQ(closed.steps(4).by(), "agent");
  EXPECT_EQ(closed.steps(4).status(), v1::DECIDED);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE aggregate_type = 'procedure'"), 7);
  // Closed: nothing more.
  EXPECT_EQ(Step(&v1::Contracts::Stub::CancelProcedure, closed, &out, "x").error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(ProceduresServiceTest, MaintainClosesWithoutApplying) {
  Orient("ben_1");
  v1::SanctionProcedure p = Open("req-1"), notified, heard, decided, out;
  ASSERT_TRUE(Step(&v1::Contracts::Stub::NotifyProcedure, p, &notified).ok());
  ASSERT_TRUE(Step(&v1::Contracts::Stub::ReferProcedure, notified, &heard).ok());
  v1::Decision d;
  d.set_kind(v1::MAINTAIN);
  d.set_ep_opinion("situation expliquée");
  d.set_motivation("motif légitime");
  ASSERT_TRUE(Decide(heard, d, &decided, "agent").ok());
  EXPECT_EQ(Step(&v1::Contracts::Stub::ApplyProcedure, decided, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  v1::CloseProcedureRequest close;
  close.set_id(decided.id());
  close.set_etag(decided.etag());
  grpc::ClientContext ctx;
  As(ctx, "agent");
  ASSERT_TRUE(stub().CloseProcedure(&ctx, close, &out).ok());
  EXPECT_EQ(out.status(), v1::CLOSED);
  EXPECT_FALSE(out.withheld_repaid());
}

TEST_F(ProceduresServiceTest, InvalidNotFoundAndScope) {
  Orient("ben_1");
  v1::OpenProcedureRequest req;
  req.set_request_id("r");
  req.set_beneficiary_id("ben_1");
  v1::SanctionProcedure out;
  {
    grpc::ClientContext ctx;
    As(ctx, "referent-1");
    grpc::Status s = stub().OpenProcedure(&ctx, req, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    std::vector<std::string> fields;
    for (const auto& v : errors::ViolationsOf(errors::FromGrpcStatus(s))) fields.push_back(v.field);
    EXPECT_EQ(fields, (std::vector<std::string>{"breach.kind", "breach.description"}));
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM procedures"), 0);
  v1::SanctionProcedure p = Open("req-1");
  {
    v1::GetProcedureRequest get;
    get.set_id(p.id());
    grpc::ClientContext ctx;
    As(ctx, "referent-2");
    EXPECT_EQ(stub().GetProcedure(&ctx, get, &out).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    get.set_id("prc_missing");
    grpc::ClientContext ctx2;
    As(ctx2, "agent");
    EXPECT_EQ(stub().GetProcedure(&ctx2, get, &out).error_code(), grpc::StatusCode::NOT_FOUND);
  }
  {
    v1::ListProceduresRequest list;
    v1::ListProceduresResponse page;
    grpc::ClientContext ctx;
    As(ctx, "agent-west");  // another territory
    ASSERT_TRUE(stub().ListProcedures(&ctx, list, &page).ok());
    EXPECT_EQ(page.procedures_size(), 0);
    grpc::ClientContext ctx2;
    As(ctx2, "agent");
    ASSERT_TRUE(stub().ListProcedures(&ctx2, list, &page).ok());
    EXPECT_EQ(page.procedures_size(), 1);
  }
  v1::SanctionProcedure cancelled;
  EXPECT_EQ(Step(&v1::Contracts::Stub::CancelProcedure, p, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);  // why is required
  ASSERT_TRUE(Step(&v1::Contracts::Stub::CancelProcedure, p, &cancelled, "erreur de saisie").ok());
  EXPECT_EQ(cancelled.status(), v1::CANCELLED);
}

TEST_F(ProceduresServiceTest, RepeatedNoShowFromTheFeedOpensOnce) {
  OrientationPayloadDecoder decoder;
  absl::StatusOr<ContractRules> rules = LoadRules("");
  ASSERT_TRUE(rules.ok());
  OrientationProjection projection(parts_->store(), decoder, *rules);
  events::v1::Event e;
  e.set_event_id("evt_42");
  e.set_type("orientation.beneficiary.repeated_no_show");
  e.set_beneficiary_id("ben_7");
  e.set_tad("TAD-EST");
  e.mutable_occurred_at()->set_seconds(1706778000);
  orientation::v1::RepeatedNoShow payload;  // orientation's own message
  payload.set_no_show_count(3);
  payload.set_threshold(2);
  e.mutable_payload()->PackFrom(payload);
  for (int attempt = 0; attempt < 2; ++attempt) {
    ASSERT_TRUE(
        db_->db()
            .InTransaction([&](storage::Transaction& tx) { return projection.Apply(tx, e); })
            .ok());
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM procedures WHERE beneficiary_id = 'ben_7' AND detected = 1 "
                  "AND breach_kind = 'MISSED_APPOINTMENTS' AND source_event_id = 'evt_42'"),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE type = 'contracts.procedure.opened'"), 1);
  // Events of no interest change nothing.
  e.set_type("orientation.appointment.booked");
  ASSERT_TRUE(db_->db()
                  .InTransaction([&](storage::Transaction& tx) { return projection.Apply(tx, e); })
                  .ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM procedures"), 1);
}

}  // namespace
}  // namespace parcours::contracts::testing
