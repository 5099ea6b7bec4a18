// Domain and store values → the fraud API's messages (the handlers' only translation
// layer). The CAF number is mapped in exactly one place: ToHouseholdRecord, used by
// GetHousehold for controllers.
#ifndef PARCOURS_SERVICES_FRAUD_PROTO_MAPPING_H_
#define PARCOURS_SERVICES_FRAUD_PROTO_MAPPING_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "parcours/fraud/v1/fraud.pb.h"
#include "services/fraud/domain/control_case.h"
#include "services/fraud/domain/rule_set.h"
#include "services/fraud/domain/scoring.h"
#include "services/fraud/scoring/file_scorer.h"
#include "services/fraud/store/file_store.h"
#include "services/fraud/store/statistics_store.h"

namespace parcours::fraud {

v1::Score ToProtoScore(const std::string& household_id, const ScoreResult& result,
                       const std::string& rule_set_version, absl::Time scored_at);
v1::Case ToProtoCase(const ControlCase& c, const std::vector<RecoveryPayment>& payments);
v1::CaseStatus ToProtoStatus(CaseStatus s);
std::optional<CaseStatus> FromProtoStatus(v1::CaseStatus s);
v1::RuleSet ToProtoRuleSet(const RuleSet& rules);
v1::Statistics ToProtoStatistics(const FraudStatistics& s);
v1::BatchProgress ToProtoProgress(const BatchProgress& p, const std::string& rule_set_version);
v1::HouseholdRecord ToHouseholdRecord(const HouseholdFile& f);
v1::DeclarationRecord ToDeclarationRecord(const std::string& caf_number, const DeclarationInput& d);
v1::CrossCheckRecord ToCrossCheckRecord(const std::string& caf_number, const CrossCheckInput& c);
void SetTimestamp(absl::Time t, google::protobuf::Timestamp* out);

}  // namespace parcours::fraud

#endif  // PARCOURS_SERVICES_FRAUD_PROTO_MAPPING_H_
