// The authorization matrix: every RPC of the proto has an entry, and every RPC called with
// every role is allowed or denied as the table says (by the real server, handlers included).
#include "services/fraud/authorization.h"

#include <functional>
#include <map>

#include "gtest/gtest.h"
#include "services/fraud/tests/service_fixture.h"

namespace parcours::fraud::testing {
namespace {

class AuthorizationTest : public FraudServiceFixture {};

using Call = std::function<grpc::Status(v1::Fraud::Stub&, grpc::ClientContext&)>;

template <typename Req, typename Resp>
Call Unary(grpc::Status (v1::Fraud::Stub::*m)(grpc::ClientContext*, const Req&, Resp*)) {
  return [m](v1::Fraud::Stub& s, grpc::ClientContext& ctx) {
    Resp resp;
    return (s.*m)(&ctx, Req(), &resp);
  };
}

template <typename Rec>
Call ClientStream(std::unique_ptr<grpc::ClientWriter<Rec>> (v1::Fraud::Stub::*m)(
    grpc::ClientContext*, v1::ImportSummary*)) {
  return [m](v1::Fraud::Stub& s, grpc::ClientContext& ctx) {
    v1::ImportSummary summary;
    auto w = (s.*m)(&ctx, &summary);
    w->WritesDone();
    return w->Finish();
  };
}

std::map<std::string, Call> Calls() {
  using S = v1::Fraud::Stub;
  return {
      {"ImportHouseholds", ClientStream(&S::ImportHouseholds)},
      {"ImportDeclarations", ClientStream(&S::ImportDeclarations)},
      {"ImportCrossChecks", ClientStream(&S::ImportCrossChecks)},
      {"ImportReports", ClientStream(&S::ImportReports)},
      {"GetHousehold", Unary(&S::GetHousehold)},
      {"ScoreHousehold", Unary(&S::ScoreHousehold)},
      {"ListScores", Unary(&S::ListScores)},
      {"RunBatchScoring",
       [](S& s, grpc::ClientContext& ctx) {
         auto reader = s.RunBatchScoring(&ctx, {});
         v1::BatchProgress p;
         while (reader->Read(&p)) {
         }
         return reader->Finish();
       }},
      {"RescoreDirty", Unary(&S::RescoreDirty)},
      {"GetRuleSet", Unary(&S::GetRuleSet)},
      {"GetCase", Unary(&S::GetCase)},
      {"ListCases", Unary(&S::ListCases)},
      {"AssignCase", Unary(&S::AssignCase)},
      {"StartControl", Unary(&S::StartControl)},
      {"RecordAnswer", Unary(&S::RecordAnswer)},
      {"QualifyCase", Unary(&S::QualifyCase)},
      {"ImposeFine", Unary(&S::ImposeFine)},
      {"RecordRecovery", Unary(&S::RecordRecovery)},
      {"CloseCase", Unary(&S::CloseCase)},
      {"GetStatistics", Unary(&S::GetStatistics)},
  };
}

TEST_F(AuthorizationTest, EveryMethodOfTheProtoHasAnEntryAndACall) {
  const auto* service = v1::ImportSummary::descriptor()->file()->FindServiceByName("Fraud");
  ASSERT_NE(service, nullptr);
  const auth::AuthorizationPolicy policy = AuthorizationTable();
  const auto calls = Calls();
  for (int i = 0; i < service->method_count(); ++i) {
    const std::string name = service->method(i)->name();
    EXPECT_NE(policy.Find("/parcours.fraud.v1.Fraud/" + name), nullptr) << name;
    EXPECT_TRUE(calls.contains(name)) << name;
  }
  EXPECT_EQ(calls.size(), static_cast<size_t>(service->method_count()));
}

TEST_F(AuthorizationTest, EveryRoleOnEveryMethod) {
  const auth::AuthorizationPolicy policy = AuthorizationTable();
  const std::map<std::string, std::string> role_of = {{kController, "controller"},
                                                      {kControllerEst, "controller"},
                                                      {kAdmin, "admin"},
                                                      {kSteering, "steering"},
                                                      {kReferent, "referent"},
                                                      {kEvaluation, "service:evaluation"},
                                                      {kDpo, "dpo"}};
  for (const auto& [method, call] : Calls()) {
    const auth::Rule* rule = policy.Find("/parcours.fraud.v1.Fraud/" + method);
    ASSERT_NE(rule, nullptr);
    for (const std::string& token : AllTokens()) {
      SCOPED_TRACE(method + " as " + token);
      const bool allowed =
          std::find(rule->roles.begin(), rule->roles.end(), role_of.at(token)) != rule->roles.end();
      grpc::ClientContext ctx;
      Auth(ctx, token);
      grpc::Status s = call(stub(), ctx);
      if (allowed) {
        EXPECT_NE(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
        EXPECT_NE(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
      } else {
        EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
      }
    }
    grpc::ClientContext anonymous;
    EXPECT_EQ(call(stub(), anonymous).error_code(), grpc::StatusCode::UNAUTHENTICATED) << method;
  }
}

TEST_F(AuthorizationTest, SanctionsNeedAControllerAndSteeringSeesAggregatesOnly) {
  const auth::AuthorizationPolicy policy = AuthorizationTable();
  for (const char* m : {"QualifyCase", "ImposeFine"}) {
    const auth::Rule* rule = policy.Find(std::string("/parcours.fraud.v1.Fraud/") + m);
    EXPECT_EQ(rule->roles, std::vector<std::string>{"controller"}) << m;
  }
  for (const auto& [method, rule] : policy.rules()) {
    if (method.rfind("/parcours.fraud.v1.Fraud/", 0) != 0) continue;
    const bool steering =
        std::find(rule.roles.begin(), rule.roles.end(), "steering") != rule.roles.end();
    if (steering) {
      EXPECT_EQ(rule.personal_data, auth::PersonalData::kNo) << method;
    }
  }
}

}  // namespace
}  // namespace parcours::fraud::testing
