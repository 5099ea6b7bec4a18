// contracts' validation of a contract's content (the rules loaded from the shipped
// contract_rules.json) and of sanction decisions, on contracts built from arbitrary
// bytes: any kind or status number, dates from year 0 to 9999 and reversed, negative
// hours, huge texts, many objectives and actions. The rules parser itself is fuzzed on
// the bytes too. Reports violations, never crashes.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>

#include "libs/errors/field_violations.h"
#include "services/contracts/domain/contract_validation.h"
#include "services/contracts/domain/rules.h"

using namespace parcours::contracts;  // NOLINT: a fuzz target's one file

namespace {

const ContractRules& Rules() {
  static const ContractRules* rules = [] {
    std::ifstream in(PARCOURS_SOURCE_DIR "/services/contracts/data/contract_rules.json");
    std::stringstream text;
    text << in.rdbuf();
    absl::StatusOr<ContractRules> r = ParseContractRules(text.str());
    if (!r.ok()) std::abort();
    return new ContractRules(*std::move(r));
  }();
  return *rules;
}

absl::CivilDay Day(FuzzedDataProvider& in) {
  return absl::CivilDay(in.ConsumeIntegralInRange<int>(0, 9999), in.ConsumeIntegral<int8_t>(),
                        in.ConsumeIntegral<int8_t>());
}

std::string Text(FuzzedDataProvider& in) { return in.ConsumeRandomLengthString(8192); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const ContractRules& rules = Rules();
  if (in.ConsumeBool()) {
    (void)ParseContractRules(in.ConsumeRemainingBytesAsString());
    return 0;
  }
  Contract c;
  c.request_id = Text(in);
  c.beneficiary_id = Text(in);
  c.kind = static_cast<ContractKind>(in.ConsumeIntegral<int>());
  c.status = static_cast<ContractStatus>(in.ConsumeIntegral<int>());
  c.orientation_type = static_cast<OrientationType>(in.ConsumeIntegral<int>());
  c.orientation_date = Day(in);
  c.tad = Text(in);
  c.mds = Text(in);
  c.start_date = Day(in);
  c.end_date = Day(in);
  c.weekly_hours = in.ConsumeIntegral<int>();
  c.reduced_hours_reason = Text(in);
  if (in.ConsumeBool()) c.return_to_work_date = Day(in);
  c.insertion_project = Text(in);
  const int objectives = in.ConsumeIntegralInRange<int>(0, 300);
  for (int i = 0; i < objectives && in.remaining_bytes() > 0; ++i) {
    Objective o;
    o.id = Text(in);
    o.title = Text(in);
    o.theme = Text(in);
    o.status = static_cast<ObjectiveStatus>(in.ConsumeIntegral<int>());
    c.objectives.push_back(std::move(o));
  }
  const int actions = in.ConsumeIntegralInRange<int>(0, 300);
  for (int i = 0; i < actions && in.remaining_bytes() > 0; ++i) {
    Action a;
    a.id = Text(in);
    a.objective_id = Text(in);
    a.title = Text(in);
    a.status = static_cast<ActionStatus>(in.ConsumeIntegral<int>());
    if (in.ConsumeBool()) a.due_date = Day(in);
    c.actions.push_back(std::move(a));
  }
  const absl::Time now = absl::FromUnixSeconds(in.ConsumeIntegralInRange<int64_t>(0, 1LL << 36));
  ApplyDefaults(rules, c, now);
  parcours::errors::FieldViolations v;
  ValidateContent(rules, c, "contract", v);
  OrientationInfo o;
  o.oriented = in.ConsumeBool();
  o.type = static_cast<OrientationType>(in.ConsumeIntegral<int>());
  o.decided_on = Day(in);
  (void)CheckOrientationFits(rules, c.kind, o);
  Decision d;
  d.kind = static_cast<DecisionKind>(in.ConsumeIntegral<int>());
  d.percent = in.ConsumeIntegral<int>();
  d.months = in.ConsumeIntegral<int>();
  d.motivation = Text(in);
  if (in.ConsumeBool()) d.remobilisation_deadline = Day(in);
  ValidateDecision(rules, d, in.ConsumeBool(), "decision", v);
  (void)v.ToStatus();
  return 0;
}
