// The long-RSA rule ("more than 10 years in the RSA without a contract") through the
// real gRPC client, GrpcContractsDirectory, against a REAL contracts server in-process
// (contracts' own BuildContracts, database and authorization table, fraud's service
// token): it fires for a beneficiary whose last contract ended before the window or who
// never had one, and not for one with a contract in the window or in force. With
// contracts stopped the score is still returned, the rule "not evaluated", and the pause
// after a failure keeps the next files from waiting on a dead peer.
#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "libs/testing/status_matchers.h"
#include "services/contracts/tests/test_contracts.h"
#include "services/fraud/clients/grpc_contracts_directory.h"
#include "services/fraud/tests/service_fixture.h"

namespace parcours::fraud::testing {
namespace {

constexpr char kRule[] = "long_rsa_without_contract";

absl::Time On(int y, int m, int d) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, 9, 0, 0), absl::UTCTimeZone());
}

class ContractsClientTest : public FraudServiceFixture {
 protected:
  void SetUp() override {
    ASSERT_OK(contracts_.Start());
    FraudServiceFixture::SetUp();
  }

  std::unique_ptr<ContractsDirectory> MakeContracts() override {
    return std::make_unique<GrpcContractsDirectory>(
        grpc::CreateChannel(contracts_.target(), grpc::InsecureChannelCredentials()),
        ContractsClientSettings{.deadline = absl::Seconds(1),
                                .open_for = absl::Seconds(30),
                                .identity = {.bearer_token = "fraud"}});
  }

  // A household in the RSA since 2012 (fraud's clock is 2025-01-15: the rule looks for a
  // contract since 2015-01-15).
  std::string LongInRsa(const std::string& caf) {
    v1::HouseholdRecord h = Household(caf);
    h.mutable_rsa_since()->set_year(2012);
    v1::ImportSummary summary;
    EXPECT_TRUE(ImportHouseholds(kController, {h}, &summary).ok());
    return "ben_" + Pseudonym(caf);
  }

  // A contract from `start` to `end`, signed on `start` (contracts' clock moves there).
  void Contract(const std::string& ben, absl::CivilDay start, absl::CivilDay end) {
    contracts_.Orient(ben);
    contracts_.clock().Set(On(start.year(), start.month(), start.day()));
    ASSERT_OK_AND_ASSIGN(contracts::v1::Contract c, contracts_.ActiveContract(ben, start, end));
    EXPECT_EQ(c.status(), contracts::v1::ACTIVE);
    contracts_.clock().Set(On(2025, 1, 15));
  }

  v1::Score Score(const std::string& caf) {
    v1::ScoreHouseholdRequest req;
    req.set_household_id(HouseholdId(caf));
    v1::Score score;
    grpc::ClientContext ctx;
    Auth(ctx, kController);
    grpc::Status s = stub().ScoreHousehold(&ctx, req, &score);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return score;
  }

  static bool Fired(const v1::Score& s) {
    for (const v1::FiredRule& f : s.fired()) {
      if (f.rule_id() == kRule) return true;
    }
    return false;
  }
  static bool NotEvaluated(const v1::Score& s) {
    for (const std::string& n : s.notes()) {
      if (absl::StrContains(n, kRule) && absl::StrContains(n, "not evaluated")) return true;
    }
    return false;
  }

  contracts::testing::TestContracts contracts_{On(2025, 1, 15)};
};

TEST_F(ContractsClientTest, RuleFiresOnlyWithoutAContractInTheWindow) {
  Contract(LongInRsa("1000001"), absl::CivilDay(2019, 3, 1), absl::CivilDay(2019, 8, 31));
  Contract(LongInRsa("1000002"), absl::CivilDay(2012, 3, 1), absl::CivilDay(2012, 8, 31));
  LongInRsa("1000003");  // never had one
  Contract(LongInRsa("1000004"), absl::CivilDay(2024, 9, 1), absl::CivilDay(2025, 6, 30));

  const v1::Score in_window = Score("1000001");
  EXPECT_FALSE(Fired(in_window));
  EXPECT_FALSE(NotEvaluated(in_window));
  const v1::Score too_old = Score("1000002");
  EXPECT_TRUE(Fired(too_old));
  const v1::Score never = Score("1000003");
  EXPECT_TRUE(Fired(never));
  EXPECT_FALSE(NotEvaluated(never));
  const v1::Score in_force = Score("1000004");
  EXPECT_FALSE(Fired(in_force));
  EXPECT_FALSE(NotEvaluated(in_force));
}

TEST_F(ContractsClientTest, ContractsDownRuleNotEvaluatedScoreStillReturned) {
  LongInRsa("1000003");
  LongInRsa("1000005");
  ASSERT_TRUE(Fired(Score("1000003")));
  contracts_.Stop();
  const absl::Time start = absl::Now();
  const v1::Score down = Score("1000003");
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
  EXPECT_FALSE(Fired(down));
  EXPECT_TRUE(NotEvaluated(down));
  EXPECT_FALSE(down.rule_set_version().empty());
  // Paused after the failure: the next file does not wait for contracts at all.
  const absl::Time next = absl::Now();
  EXPECT_TRUE(NotEvaluated(Score("1000005")));
  EXPECT_LT(absl::Now() - next, absl::Milliseconds(500));
}

}  // namespace
}  // namespace parcours::fraud::testing
