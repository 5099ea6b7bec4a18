// Queues, the deadline job, the contractualisation rate with statistical secrecy, fraud's
// lookup, the gauges, and the authorization matrix (every RPC × every role).
#include <map>
#include <set>

#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "services/contracts/domain/civil_dates.h"
#include "services/contracts/tests/service_fixture.h"

namespace parcours::contracts::testing {
namespace {

using D = absl::CivilDay;

class QueriesServiceTest : public ServiceFixture {
 protected:
  // Puts beneficiaries in the projection as orientation's feed would.
  void Project(const std::string& id, OrientationType type, D oriented_on,
               const std::string& referent = "referent-1", const std::string& tad = "TAD-EST") {
    ASSERT_TRUE(db_->db()
                    .InTransaction([&](storage::Transaction& tx) -> absl::Status {
                      OrientationFact entered{.what = OrientationFact::What::kEntered,
                                              .beneficiary_id = id,
                                              .tad = tad,
                                              .mds = "MDS",
                                              .on = D(2020, 1, 1),
                                              .subject_to_rights_and_duties = true};
                      absl::Status s =
                          parts_->store().ApplyOrientationFact(tx, entered, std::nullopt);
                      if (!s.ok()) return s;
                      OrientationFact oriented{.what = OrientationFact::What::kOriented,
                                               .beneficiary_id = id,
                                               .tad = tad,
                                               .mds = "MDS",
                                               .on = oriented_on,
                                               .decision_id = "dec",
                                               .referent_id = referent,
                                               .type = type};
                      return parts_->store().ApplyOrientationFact(
                          tx, oriented, AddMonthsForTest(oriented_on, type));
                    })
                    .ok());
  }
  // The default rules' delays: 2 months (social), 1 month (otherwise).
  static D AddMonthsForTest(D d, OrientationType type) {
    return AddMonths(d, type == OrientationType::kSocial ? 2 : 1);
  }
  static parcours::common::v1::Date Day(D d) {
    parcours::common::v1::Date out;
    out.set_year(static_cast<int>(d.year()));
    out.set_month(d.month());
    out.set_day(d.day());
    return out;
  }
};

TEST_F(QueriesServiceTest, DeadlineJobExpiresOpensAndAdvances) {
  Orient("ben_1");
  v1::Contract c = ActiveContract("ben_1", "r1");                 // ends 2024-07-31
  Project("ben_late", OrientationType::kSocial, D(2024, 1, 10));  // due 2024-03-10

  v1::RunDeadlineJobRequest req;
  *req.mutable_today() = Day(D(2024, 8, 1));
  v1::RunDeadlineJobResponse r;
  {
    grpc::ClientContext ctx;
    As(ctx, "admin");
    ASSERT_TRUE(stub().RunDeadlineJob(&ctx, req, &r).ok());
  }
  EXPECT_EQ(r.contracts_expired(), 1);
  // ben_late has no contract (ben_1 is known to the fake directory, not the projection).
  EXPECT_EQ(r.procedures_opened(), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contracts WHERE status = 'EXPIRED'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE type = 'contracts.contract.expired'"), 1);
  // Run again: nothing new.
  {
    grpc::ClientContext ctx;
    As(ctx, "admin");
    ASSERT_TRUE(stub().RunDeadlineJob(&ctx, req, &r).ok());
  }
  EXPECT_EQ(r.contracts_expired(), 0);
  EXPECT_EQ(r.procedures_opened(), 0);

  // A notice sent and not answered is referred to the EP when its month has passed.
  v1::ListProceduresRequest list;
  list.set_beneficiary_id("ben_late");
  v1::ListProceduresResponse procedures;
  {
    grpc::ClientContext ctx;
    As(ctx, "admin");
    ASSERT_TRUE(stub().ListProcedures(&ctx, list, &procedures).ok());
  }
  ASSERT_EQ(procedures.procedures_size(), 1);
  EXPECT_EQ(procedures.procedures(0).breach().kind(), v1::CONTRACT_NOT_SIGNED);
  EXPECT_EQ(procedures.procedures(0).steps(0).by(), "service:contracts");
  v1::ProcedureStepRequest notify;
  notify.set_id(procedures.procedures(0).id());
  notify.set_etag(procedures.procedures(0).etag());
  v1::SanctionProcedure notified;
  {
    grpc::ClientContext ctx;
    As(ctx, "admin");
    ASSERT_TRUE(stub().NotifyProcedure(&ctx, notify, &notified).ok());  // on 2024-02-01
  }
  *req.mutable_today() = Day(D(2024, 3, 2));
  {
    grpc::ClientContext ctx;
    As(ctx, "admin");
    ASSERT_TRUE(stub().RunDeadlineJob(&ctx, req, &r).ok());
  }
  EXPECT_EQ(r.procedures_advanced(), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM procedures WHERE status = 'HEARING'"), 1);
}

TEST_F(QueriesServiceTest, OverdueQueueAndCounts) {
  Project("ben_a", OrientationType::kSocial, D(2024, 1, 10));
  Project("ben_b", OrientationType::kSocioProfessional, D(2024, 1, 31));  // due 2024-02-29
  Project("ben_c", OrientationType::kSocial, D(2024, 1, 10), "referent-2");
  v1::ListOverdueRequest req;
  *req.mutable_today() = Day(D(2024, 3, 11));
  req.set_page_size(1);
  v1::ListOverdueResponse page1, page2;
  {
    grpc::ClientContext ctx;
    As(ctx, "referent-1");
    ASSERT_TRUE(stub().ListOverdue(&ctx, req, &page1).ok());
  }
  ASSERT_EQ(page1.items_size(), 1);
  EXPECT_EQ(page1.items(0).beneficiary_id(), "ben_b");  // earliest due date first
  EXPECT_EQ(page1.items(0).days_overdue(), 11);
  EXPECT_NE(page1.items(0).legal_reference().find("L262-36"), std::string::npos);
  req.set_page_token(page1.next_page_token());
  {
    grpc::ClientContext ctx;
    As(ctx, "referent-1");
    ASSERT_TRUE(stub().ListOverdue(&ctx, req, &page2).ok());
  }
  ASSERT_EQ(page2.items_size(), 1);
  EXPECT_EQ(page2.items(0).beneficiary_id(), "ben_a");  // referent-2's ben_c is not shown
  EXPECT_TRUE(page2.next_page_token().empty());
  {
    v1::ListOverdueRequest other = req;  // page 1's token with another day: refused
    *other.mutable_today() = Day(D(2024, 3, 12));
    grpc::ClientContext ctx;
    As(ctx, "referent-1");
    EXPECT_EQ(stub().ListOverdue(&ctx, other, &page2).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
  }
  {
    req.set_page_token("%%%");
    grpc::ClientContext ctx;
    As(ctx, "referent-1");
    EXPECT_EQ(stub().ListOverdue(&ctx, req, &page2).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
  }
  v1::GetOverdueCountsRequest counts_req;
  *counts_req.mutable_today() = Day(D(2024, 3, 11));
  v1::GetOverdueCountsResponse counts;
  {
    grpc::ClientContext ctx;
    As(ctx, "steering");
    ASSERT_TRUE(stub().GetOverdueCounts(&ctx, counts_req, &counts).ok());
  }
  ASSERT_EQ(counts.counts_size(), 1);
  EXPECT_EQ(counts.counts(0).count(), 3);
  EXPECT_TRUE(counts.counts(0).referent_id().empty());
  counts_req.set_by_referent(true);
  {
    grpc::ClientContext ctx;
    As(ctx, "steering");
    EXPECT_EQ(stub().GetOverdueCounts(&ctx, counts_req, &counts).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
}

TEST_F(QueriesServiceTest, ContractualisationRateWithStatisticalSecrecy) {
  for (int i = 0; i < 6; ++i)
    Project("ben_s" + std::to_string(i), OrientationType::kSocial, D(2024, 1, 10));
  for (int i = 0; i < 2; ++i)
    Project("ben_p" + std::to_string(i), OrientationType::kProfessional, D(2024, 1, 10));
  Orient("ben_s0");
  Orient("ben_s1");
  ActiveContract("ben_s0", "r0");
  ActiveContract("ben_s1", "r1");
  v1::GetContractualisationRateRequest req;
  *req.mutable_at() = Day(D(2024, 3, 1));
  v1::GetContractualisationRateResponse resp;
  grpc::ClientContext ctx;
  As(ctx, "steering");
  ASSERT_TRUE(stub().GetContractualisationRate(&ctx, req, &resp).ok());
  ASSERT_EQ(resp.cells_size(), 2);
  std::map<int, v1::RateCell> by_type;
  for (const auto& c : resp.cells()) by_type[c.orientation_type()] = c;
  EXPECT_TRUE(by_type[v1::PROFESSIONAL].suppressed());  // 2 < k = 5
  EXPECT_EQ(by_type[v1::PROFESSIONAL].subject(), 0);
  EXPECT_FALSE(by_type[v1::SOCIAL].suppressed());
  EXPECT_EQ(by_type[v1::SOCIAL].subject(), 6);
  EXPECT_EQ(by_type[v1::SOCIAL].with_contract(), 2);
  EXPECT_NEAR(by_type[v1::SOCIAL].rate(), 2.0 / 6, 1e-9);
  EXPECT_EQ(resp.total().subject(), 8);
  grpc::ClientContext bad;
  As(bad, "steering");
  req.clear_at();
  EXPECT_EQ(stub().GetContractualisationRate(&bad, req, &resp).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(QueriesServiceTest, TimeWithoutContractForFraud) {
  Project("ben_long", OrientationType::kSocial, D(2024, 1, 10));  // entered 2020-01-01
  v1::GetTimeWithoutContractRequest req;
  req.set_beneficiary_id("ben_long");
  *req.mutable_at() = Day(D(2024, 1, 1));
  v1::GetTimeWithoutContractResponse resp;
  grpc::ClientContext ctx;
  As(ctx, "fraud");
  ASSERT_TRUE(stub().GetTimeWithoutContract(&ctx, req, &resp).ok());
  EXPECT_TRUE(resp.known());
  EXPECT_FALSE(resp.contract_in_force());
  EXPECT_EQ(resp.days_without_contract(), 1461);  // four years, one of them leap
  grpc::ClientContext denied;
  As(denied, "referent-1");
  EXPECT_EQ(stub().GetTimeWithoutContract(&denied, req, &resp).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_GE(Count("SELECT COUNT(*) FROM audit_log WHERE record_id = 'ben_long'"), 1);
}

// Every RPC of the service against every role: the table, independently written here.
TEST_F(QueriesServiceTest, AuthorizationMatrix) {
  const std::set<std::string> write = {"referent-1", "admin"};
  const std::set<std::string> read = {"referent-1", "agent", "admin"};
  const std::set<std::string> procedure = {"referent-1", "agent", "admin"};
  std::map<std::string, std::set<std::string>> expected = {
      {"CreateContract", write},
      {"UpdateContract", write},
      {"SubmitContract", write},
      {"SignContract", write},
      {"SuspendContract", write},
      {"ResumeContract", write},
      {"CompleteContract", write},
      {"TerminateContract", write},
      {"RenewContract", write},
      {"RecordReview", write},
      {"GetContract", read},
      {"ListContracts", read},
      {"ListOverdue", procedure},
      {"GetOverdueCounts", {"referent-1", "agent", "steering", "admin"}},
      {"GetContractualisationRate", {"agent", "steering", "admin", "evaluation"}},
      {"GetTimeWithoutContract", {"fraud", "admin"}},
      {"RunDeadlineJob", {"admin"}},
      {"OpenProcedure", procedure},
      {"GetProcedure", procedure},
      {"ListProcedures", procedure},
      {"NotifyProcedure", procedure},
      {"RecordObservations", procedure},
      {"ReferProcedure", procedure},
      {"ApplyProcedure", procedure},
      {"CloseProcedure", procedure},
      {"CancelProcedure", procedure},
      {"DecideProcedure", {"agent", "admin"}},
  };
  const auto* service = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
      "parcours.contracts.v1.Contracts");
  ASSERT_NE(service, nullptr);
  ASSERT_EQ(service->method_count(), static_cast<int>(expected.size()));
  for (int i = 0; i < service->method_count(); ++i) {
    const std::string method = service->method(i)->name();
    ASSERT_TRUE(expected.count(method)) << method << " has no expectation";
    for (const std::string who :
         {"referent-1", "agent", "steering", "admin", "fraud", "evaluation"}) {
      absl::StatusOr<auth::CallAuthorization> d = authorizer_->Decide(
          "/parcours.contracts.v1.Contracts/" + method, "Bearer tok-" + who, "");
      EXPECT_EQ(d.ok(), expected[method].count(who) > 0) << method << " as " << who;
    }
    EXPECT_FALSE(authorizer_->Decide("/parcours.contracts.v1.Contracts/" + method, "", "").ok());
  }
}

TEST_F(QueriesServiceTest, GaugesCountByCatalogueLabels) {
  Orient("ben_1");
  ActiveContract("ben_1", "r1");
  Project("ben_late", OrientationType::kSocial, D(2023, 1, 10));
  ASSERT_TRUE(parts_->metrics().Refresh(parts_->store(), D(2024, 2, 1)).ok());
  auto value = [&](const std::string& name, const std::map<std::string, std::string>& labels) {
    for (const auto& family : host_->metrics().Collect()) {
      if (family.name != name) continue;
      for (const auto& m : family.metric) {
        std::map<std::string, std::string> got;
        for (const auto& l : m.label) got[l.name] = l.value;
        if (got == labels) return m.gauge.value;
      }
    }
    return -1.0;
  };
  EXPECT_EQ(value("parcours_contracts_contracts", {{"status", "active"}, {"kind", "cer"}}), 1);
  EXPECT_EQ(value("parcours_contracts_contracts", {{"status", "draft"}, {"kind", "engagement"}}),
            0);
  EXPECT_EQ(value("parcours_contracts_overdue", {{"kind", "signature"}, {"tad", "TAD-EST"}}), 1);
  EXPECT_EQ(value("parcours_contracts_procedures", {{"status", "opened"}}), 0);
  for (const auto& family : host_->metrics().Collect()) {
    for (const auto& m : family.metric) {
      for (const auto& l : m.label) EXPECT_NE(l.name, "service") << family.name;
    }
  }
}

}  // namespace
}  // namespace parcours::contracts::testing
