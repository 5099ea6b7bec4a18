// Validation of a contract's content and of sanction decisions, table-driven: each case
// breaks one rule and names the field it expects; the valid baseline passes.
#include <functional>

#include "gtest/gtest.h"
#include "libs/testing/status_matchers.h"
#include "services/contracts/contracts_server.h"
#include "services/contracts/domain/contract_validation.h"

namespace parcours::contracts {
namespace {

using D = absl::CivilDay;

class ValidationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<ContractRules> r = LoadRules("");
    ASSERT_OK(r);
    rules_ = *r;
  }
  Contract Valid(ContractKind kind = ContractKind::kCerSocial) {
    Contract c;
    c.beneficiary_id = "ben_1";
    c.kind = kind;
    c.start_date = D(2024, 1, 31);
    c.end_date = D(2024, 7, 30);
    c.insertion_project = "retrouver un logement stable puis une formation";
    c.objectives = {{"o1", "Logement", "logement", ObjectiveStatus::kUnspecified}};
    c.actions = {{"", "o1", "Dossier DALO", "", "", ActionStatus::kUnspecified, std::nullopt}};
    if (kind == ContractKind::kPackSortie) c.return_to_work_date = D(2024, 1, 31);
    return c;
  }
  std::vector<std::string> Fields(Contract c) {
    ApplyDefaults(rules_, c, absl::FromUnixSeconds(1700000000));
    errors::FieldViolations v;
    ValidateContent(rules_, c, "contract", v);
    std::vector<std::string> fields;
    for (const auto& f : v.list()) fields.push_back(f.field);
    return fields;
  }
  ContractRules rules_;
};

TEST_F(ValidationTest, ValidBaselines) {
  for (ContractKind k : kAllContractKinds) {
    EXPECT_TRUE(Fields(Valid(k)).empty()) << Name(k) << ": " << ::testing::PrintToString(Fields(Valid(k)));
  }
}

TEST_F(ValidationTest, EachBrokenRuleNamesItsField) {
  struct Case {
    const char* name;
    std::function<void(Contract&)> breaks;
    const char* field;
  } cases[] = {
      {"no beneficiary", [](Contract& c) { c.beneficiary_id.clear(); }, "contract.beneficiary_id"},
      {"no kind", [](Contract& c) { c.kind = ContractKind::kUnspecified; }, "contract.kind"},
      {"end before start", [](Contract& c) { c.end_date = D(2024, 1, 1); }, "contract.end_date"},
      {"too short", [](Contract& c) { c.end_date = D(2024, 2, 27); }, "contract.end_date"},
      {"too long", [](Contract& c) { c.end_date = D(2025, 1, 31); }, "contract.end_date"},
      {"no project", [](Contract& c) { c.insertion_project.clear(); }, "contract.insertion_project"},
      {"hours on a CER", [](Contract& c) { c.weekly_hours = 10; }, "contract.weekly_hours"},
      {"return to work on a CER", [](Contract& c) { c.return_to_work_date = D(2024, 1, 1); },
       "contract.return_to_work_date"},
      {"objective without title", [](Contract& c) { c.objectives[0].title.clear(); },
       "contract.objectives[0].title"},
      {"theme not a code", [](Contract& c) { c.objectives[0].theme = "Logement !"; },
       "contract.objectives[0].theme"},
      {"action of no objective", [](Contract& c) { c.actions[0].objective_id = "nope"; },
       "contract.actions[0].objective_id"},
      {"action without title", [](Contract& c) { c.actions[0].title.clear(); },
       "contract.actions[0].title"},
      {"duplicate objective", [](Contract& c) { c.objectives.push_back(c.objectives[0]); },
       "contract.objectives[1].id"},
  };
  for (const Case& c : cases) {
    Contract contract = Valid();
    c.breaks(contract);
    std::vector<std::string> fields = Fields(contract);
    EXPECT_NE(std::find(fields.begin(), fields.end(), c.field), fields.end())
        << c.name << ": " << ::testing::PrintToString(fields);
  }
}

TEST_F(ValidationTest, ContratEngagementHours) {
  Contract c = Valid(ContractKind::kContratEngagement);
  ApplyDefaults(rules_, c, absl::Now());
  EXPECT_EQ(c.weekly_hours, 15);  // the default
  c.weekly_hours = 8;
  EXPECT_EQ(Fields(c), std::vector<std::string>{"contract.reduced_hours_reason"});
  c.reduced_hours_reason = "parent isolé, enfant de moins de 3 ans";
  EXPECT_TRUE(Fields(c).empty());
  c.weekly_hours = 40;
  EXPECT_EQ(Fields(c), std::vector<std::string>{"contract.weekly_hours"});
}

TEST_F(ValidationTest, PackSortieWithinSixMonthsOfReturnToWork) {
  Contract c = Valid(ContractKind::kPackSortie);
  c.return_to_work_date = D(2024, 1, 31);
  c.start_date = D(2024, 1, 31);
  c.end_date = D(2024, 7, 30);
  EXPECT_TRUE(Fields(c).empty());
  c.return_to_work_date = D(2023, 12, 31);
  c.start_date = D(2024, 1, 1);
  c.end_date = D(2024, 6, 30);  // 6 months after 31 December is 30 June: allowed
  EXPECT_TRUE(Fields(c).empty()) << ::testing::PrintToString(Fields(c));
  c.start_date = D(2024, 1, 2);
  c.end_date = D(2024, 7, 1);  // past 30 June
  EXPECT_EQ(Fields(c), std::vector<std::string>{"contract.end_date"});
  c.return_to_work_date.reset();
  EXPECT_EQ(Fields(c), std::vector<std::string>{"contract.return_to_work_date"});
}

TEST_F(ValidationTest, OrientationMustFitTheKind) {
  OrientationInfo o{.beneficiary_id = "ben_1", .oriented = true, .type = OrientationType::kSocial};
  EXPECT_OK(CheckOrientationFits(rules_, ContractKind::kCerSocial, o));
  EXPECT_OK(CheckOrientationFits(rules_, ContractKind::kContratEngagement, o));
  EXPECT_EQ(CheckOrientationFits(rules_, ContractKind::kPpae, o).code(),
            absl::StatusCode::kFailedPrecondition);
  o.oriented = false;
  EXPECT_EQ(CheckOrientationFits(rules_, ContractKind::kCerSocial, o).code(),
            absl::StatusCode::kFailedPrecondition);
  o.oriented = true;
  o.exited = true;
  EXPECT_EQ(CheckOrientationFits(rules_, ContractKind::kCerSocial, o).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(ValidationTest, DecisionBounds) {
  struct Case {
    Decision d;
    bool repeat;
    std::vector<std::string> fields;
  } cases[] = {
      {{DecisionKind::kMaintain, 0, 0, "avis", "motif", {}}, false, {}},
      {{DecisionKind::kMaintain, 30, 0, "avis", "motif", {}}, false, {"decision.percent"}},
      {{DecisionKind::kReduction, 50, 2, "avis", "motif", {}}, false, {}},
      {{DecisionKind::kReduction, 20, 2, "avis", "motif", {}}, false, {"decision.percent"}},
      {{DecisionKind::kSuspensionRemobilisation, 100, 3, "avis", "motif", {}}, false, {"decision.months"}},
      {{DecisionKind::kSuspensionRemobilisation, 100, 4, "avis", "motif", {}}, true, {}},
      {{DecisionKind::kSuspensionRemobilisation, 100, 5, "avis", "motif", {}}, true, {"decision.months"}},
      {{DecisionKind::kSuspension, 100, 1, "", "motif", {}}, false, {"decision.ep_opinion"}},
      {{DecisionKind::kUnspecified, 0, 0, "avis", "motif", {}}, false, {"decision.kind"}},
  };
  for (const Case& c : cases) {
    errors::FieldViolations v;
    ValidateDecision(rules_, c.d, c.repeat, "decision", v);
    std::vector<std::string> fields;
    for (const auto& f : v.list()) fields.push_back(f.field);
    EXPECT_EQ(fields, c.fields) << Name(c.d.kind) << " " << c.d.percent << "% " << c.d.months;
  }
}

}  // namespace
}  // namespace parcours::contracts
