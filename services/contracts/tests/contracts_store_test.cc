// The SQL store on SQLite and PostgreSQL (one body, DualDriverTest): round trips,
// idempotent creates, optimistic concurrency, the one-contract-in-force index under real
// concurrency, procedures and their steps, the projection, the queues and the rate.
#include <atomic>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "libs/events/feed_notifier.h"
#include "libs/events/outbox.h"
#include "libs/runtime/service_runtime.h"
#include "libs/storage/migrations.h"
#include "libs/testing/status_matchers.h"
#include "libs/testing/test_database.h"
#include "services/contracts/contracts_server.h"
#include "services/contracts/domain/contract_machine.h"
#include "services/contracts/store/sql_contracts_store.h"
#include "services/contracts/tests/store_test_support.h"

namespace parcours::contracts {
namespace {

using D = absl::CivilDay;
using testing::SampleContract;

class ContractsStoreTest : public testutil::DualDriverTest {
 protected:
  storage::DatabaseOptions Options() const override {
    storage::DatabaseOptions o;
    o.pool_size = 8;
    return o;
  }
  void SetUp() override {
    DualDriverTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_OK(storage::ApplyMigrations(db(), runtime::AllMigrations(Migrations())));
    outbox_ = std::make_unique<events::Outbox>("contracts", notifier_);
    store_ = std::make_unique<SqlContractsStore>(db(), *outbox_, clock_);
  }
  int64_t Count(const std::string& sql) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_OK(tx);
    auto rs = (*tx)->Query(sql);
    EXPECT_OK(rs);
    return rs->rows[0].Int(0);
  }
  // Moves a stored draft to PENDING_SIGNATURE with both signatures but one.
  Contract Pending(const std::string& beneficiary, const std::string& request) {
    bool created = false;
    absl::StatusOr<Contract> c = store_->CreateContract(SampleContract(beneficiary, request), nullptr, &created);
    EXPECT_OK(c);
    absl::StatusOr<Contract> p = store_->MutateContract(
        c->id, 0,
        [](Contract& c, ContractTx&) -> absl::StatusOr<std::string> {
          if (absl::Status s = Apply(c, ContractAction::kSubmit, D(2024, 1, 20)); !s.ok()) return s;
          c.signatures.push_back({Party::kBeneficiary, "ben", absl::Now()});
          return std::string("contracts.contract.submitted");
        },
        nullptr);
    EXPECT_OK(p);
    return *p;
  }
  absl::StatusOr<Contract> Activate(const std::string& id) {
    return store_->MutateContract(
        id, 0,
        [](Contract& c, ContractTx& tx) -> absl::StatusOr<std::string> {
          absl::StatusOr<std::optional<std::string>> other = tx.OtherInForce(c.beneficiary_id, c.id);
          if (!other.ok()) return other.status();
          if (other->has_value()) return absl::FailedPreconditionError("already in force");
          if (absl::Status s = Apply(c, ContractAction::kActivate, D(2024, 2, 1)); !s.ok()) return s;
          return std::string("contracts.contract.activated");
        },
        nullptr);
  }

  FakeClock clock_{absl::FromCivil(absl::CivilSecond(2024, 2, 1, 9, 0, 0), absl::UTCTimeZone())};
  events::FeedNotifier notifier_;
  std::unique_ptr<events::Outbox> outbox_;
  std::unique_ptr<SqlContractsStore> store_;
};

TEST_P(ContractsStoreTest, CreateIsIdempotentAndRoundTrips) {
  bool created = false;
  Contract in = SampleContract("ben_1", "req-1");
  ASSERT_OK_AND_ASSIGN(Contract first, store_->CreateContract(in, nullptr, &created));
  EXPECT_TRUE(created);
  Contract again = SampleContract("ben_1", "req-1");  // another id, same request
  ASSERT_OK_AND_ASSIGN(Contract second, store_->CreateContract(again, nullptr, &created));
  EXPECT_FALSE(created);
  EXPECT_EQ(second.id, first.id);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contracts"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE type = 'contracts.contract.created'"), 1);

  ASSERT_OK_AND_ASSIGN(Contract got, store_->GetContract(first.id));
  EXPECT_EQ(got.beneficiary_id, "ben_1");
  EXPECT_EQ(got.kind, ContractKind::kCerSocial);
  EXPECT_EQ(got.end_date, D(2024, 7, 31));
  ASSERT_EQ(got.objectives.size(), 1u);
  ASSERT_EQ(got.actions.size(), 1u);
  EXPECT_EQ(got.actions[0].due_date, D(2024, 3, 1));
  EXPECT_EQ(got.version, 1);
  EXPECT_EQ(store_->GetContract("ctr_nope").status().code(), absl::StatusCode::kNotFound);
}

TEST_P(ContractsStoreTest, StaleVersionIsAborted) {
  bool created = false;
  ASSERT_OK_AND_ASSIGN(Contract c, store_->CreateContract(SampleContract("ben_1", "r"), nullptr, &created));
  auto edit = [](Contract& c, ContractTx&) -> absl::StatusOr<std::string> {
    c.insertion_project = "autre";
    return std::string("contracts.contract.updated");
  };
  ASSERT_OK_AND_ASSIGN(Contract v2, store_->MutateContract(c.id, 1, edit, nullptr));
  EXPECT_EQ(v2.version, 2);
  EXPECT_EQ(store_->MutateContract(c.id, 1, edit, nullptr).status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(store_->MutateContract("ctr_nope", 1, edit, nullptr).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_P(ContractsStoreTest, OneContractInForcePerBeneficiary) {
  Contract a = Pending("ben_1", "ra");
  Contract b = Pending("ben_1", "rb");
  ASSERT_OK(Activate(a.id));
  absl::Status second = Activate(b.id).status();
  EXPECT_EQ(second.code(), absl::StatusCode::kFailedPrecondition) << second;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contracts WHERE status = 'ACTIVE'"), 1);
}

// The database itself refuses a second contract in force, even when the caller's check
// is skipped (the race the pre-check cannot see).
TEST_P(ContractsStoreTest, TheIndexRefusesASecondActivationWithoutPrecheck) {
  Contract a = Pending("ben_1", "ra");
  Contract b = Pending("ben_1", "rb");
  auto force = [](Contract& c, ContractTx&) -> absl::StatusOr<std::string> {
    if (absl::Status s = Apply(c, ContractAction::kActivate, D(2024, 2, 1)); !s.ok()) return s;
    return std::string("contracts.contract.activated");
  };
  ASSERT_OK(store_->MutateContract(a.id, 0, force, nullptr));
  absl::Status s = store_->MutateContract(b.id, 0, force, nullptr).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contracts WHERE status = 'ACTIVE'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE type = 'contracts.contract.activated'"), 1);
}

TEST_P(ContractsStoreTest, ConcurrentActivationsLeaveExactlyOneActive) {
  constexpr int kContracts = 6;
  std::vector<std::string> ids;
  for (int i = 0; i < kContracts; ++i) ids.push_back(Pending("ben_race", "r" + std::to_string(i)).id);
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  auto force = [](Contract& c, ContractTx&) -> absl::StatusOr<std::string> {
    // No pre-check: every thread reaches the UPDATE, and only the index decides.
    if (absl::Status s = Apply(c, ContractAction::kActivate, D(2024, 2, 1)); !s.ok()) return s;
    return std::string("contracts.contract.activated");
  };
  for (const std::string& id : ids) {
    threads.emplace_back([&, id] {
      while (!go) std::this_thread::yield();
      absl::Status s = store_->MutateContract(id, 0, force, nullptr).status();
      if (s.ok()) {
        ++ok;
      } else if (s.code() == absl::StatusCode::kFailedPrecondition) {
        ++refused;
      } else {
        ++other;
        ADD_FAILURE() << s;
      }
    });
  }
  go = true;
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(refused.load(), kContracts - 1);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contracts WHERE status = 'ACTIVE'"), 1);
}

TEST_P(ContractsStoreTest, ProceduresAreIdempotentAndKeepEverySteps) {
  SanctionProcedure p;
  p.id = NewId("prc");
  p.request_id = "auto:no_show:evt_1";
  p.beneficiary_id = "ben_1";
  p.tad = "TAD-EST";
  p.referent_id = "ref_1";
  p.breach.kind = BreachKind::kMissedAppointments;
  p.breach.description = "absences";
  p.breach.detected = true;
  p.steps.push_back({ProcedureStatus::kOpened, "service:contracts", clock_.Now(), "absences"});
  bool created = false;
  ASSERT_OK_AND_ASSIGN(SanctionProcedure first, store_->CreateProcedure(p, nullptr, &created));
  EXPECT_TRUE(created);
  SanctionProcedure again = p;
  again.id = NewId("prc");
  ASSERT_OK_AND_ASSIGN(SanctionProcedure second, store_->CreateProcedure(again, nullptr, &created));
  EXPECT_FALSE(created);
  EXPECT_EQ(second.id, first.id);

  ASSERT_OK_AND_ASSIGN(SanctionProcedure notified,
                       store_->MutateProcedure(first.id, 1, [&](SanctionProcedure& p) -> absl::StatusOr<std::string> {
                         p.status = ProcedureStatus::kNotified;
                         p.notified_on = D(2024, 1, 31);
                         p.response_due_date = D(2024, 2, 29);
                         p.steps.push_back({p.status, "ref_1", clock_.Now(), "courrier"});
                         return std::string("contracts.procedure.notified");
                       }, nullptr));
  ASSERT_OK_AND_ASSIGN(SanctionProcedure got, store_->GetProcedure(first.id));
  ASSERT_EQ(got.steps.size(), 2u);
  EXPECT_EQ(got.steps[1].by, "ref_1");
  EXPECT_EQ(got.response_due_date, D(2024, 2, 29));
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> due, store_->ProceduresAwaitingPast(D(2024, 3, 1), 10));
  EXPECT_EQ(due, std::vector<std::string>{first.id});
  ASSERT_OK_AND_ASSIGN(due, store_->ProceduresAwaitingPast(D(2024, 2, 29), 10));
  EXPECT_TRUE(due.empty());
}

TEST_P(ContractsStoreTest, ProjectionQueuesAndRate) {
  // Three beneficiaries oriented SOCIAL in TAD-EST, one of whom gets a contract in force.
  ASSERT_OK(db().InTransaction([&](storage::Transaction& tx) -> absl::Status {
    for (const char* id : {"ben_a", "ben_b", "ben_c"}) {
      OrientationFact entered{.what = OrientationFact::What::kEntered, .beneficiary_id = id,
                              .tad = "TAD-EST", .mds = "MDS-EVRY", .on = D(2023, 12, 1),
                              .subject_to_rights_and_duties = true};
      if (absl::Status s = store_->ApplyOrientationFact(tx, entered, std::nullopt); !s.ok()) return s;
      OrientationFact oriented{.what = OrientationFact::What::kOriented, .beneficiary_id = id,
                               .tad = "TAD-EST", .mds = "MDS-EVRY", .on = D(2023, 12, 31),
                               .decision_id = "dec", .referent_id = "ref_1",
                               .type = OrientationType::kSocial};
      if (absl::Status s = store_->ApplyOrientationFact(tx, oriented, D(2024, 2, 29)); !s.ok()) return s;
    }
    return absl::OkStatus();
  }));
  Contract a = Pending("ben_a", "ra");
  ASSERT_OK(Activate(a.id));

  ASSERT_OK_AND_ASSIGN(auto overdue, store_->ListOverdue(D(2024, 3, 1), DeadlineKind::kSignature, {},
                                                          std::nullopt, 10));
  ASSERT_EQ(overdue.size(), 2u);
  EXPECT_EQ(overdue[0].beneficiary_id, "ben_b");
  EXPECT_EQ(overdue[0].due_date, D(2024, 2, 29));
  // Paging resumes after the last key.
  ASSERT_OK_AND_ASSIGN(auto page2, store_->ListOverdue(D(2024, 3, 1), DeadlineKind::kSignature, {},
                                                        std::make_pair(overdue[0].due_date, overdue[0].key), 10));
  ASSERT_EQ(page2.size(), 1u);
  EXPECT_EQ(page2[0].beneficiary_id, "ben_c");
  // Not overdue on the due date itself; invisible to another référent.
  ASSERT_OK_AND_ASSIGN(auto on_due, store_->ListOverdue(D(2024, 2, 29), DeadlineKind::kSignature, {}, std::nullopt, 10));
  EXPECT_TRUE(on_due.empty());
  ASSERT_OK_AND_ASSIGN(auto other_ref, store_->ListOverdue(D(2024, 3, 1), DeadlineKind::kUnspecified,
                                                            {.referent_id = "ref_2"}, std::nullopt, 10));
  EXPECT_TRUE(other_ref.empty());

  ASSERT_OK_AND_ASSIGN(auto rate, store_->ContractualisationRate(D(2024, 3, 1), ""));
  ASSERT_EQ(rate.size(), 1u);
  EXPECT_EQ(rate[0].tad, "TAD-EST");
  EXPECT_EQ(rate[0].subject, 3);
  EXPECT_EQ(rate[0].with_contract, 1);
  // Before the contract started, nobody had one.
  ASSERT_OK_AND_ASSIGN(rate, store_->ContractualisationRate(D(2024, 1, 15), ""));
  ASSERT_EQ(rate.size(), 1u);
  EXPECT_EQ(rate[0].with_contract, 0);

  ASSERT_OK_AND_ASSIGN(auto counts, store_->CountOverdue(D(2024, 3, 1), true, {}));
  int64_t signature = 0;
  for (const auto& c : counts) {
    if (c.kind == DeadlineKind::kSignature) signature += c.count;
  }
  EXPECT_EQ(signature, 2);

  ASSERT_OK_AND_ASSIGN(auto history, store_->ContractHistoryAt("ben_a", D(2024, 3, 1)));
  EXPECT_TRUE(history.second);
  ASSERT_OK_AND_ASSIGN(auto none, store_->ContractHistoryAt("ben_b", D(2024, 3, 1)));
  EXPECT_FALSE(none.second);
  EXPECT_FALSE(none.first.has_value());
}

TEST_P(ContractsStoreTest, ExpiryCandidates) {
  Contract a = Pending("ben_1", "ra");
  ASSERT_OK(Activate(a.id));
  ASSERT_OK_AND_ASSIGN(auto ids, store_->ContractsEndedBefore(D(2024, 7, 31), 10));
  EXPECT_TRUE(ids.empty());  // its last day
  ASSERT_OK_AND_ASSIGN(ids, store_->ContractsEndedBefore(D(2024, 8, 1), 10));
  EXPECT_EQ(ids, std::vector<std::string>{a.id});
}

PARCOURS_INSTANTIATE_DUAL_DRIVER(ContractsStoreTest);

}  // namespace
}  // namespace parcours::contracts
