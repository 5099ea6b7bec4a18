// Who may call what on the evaluation service (ARCHITECTURE.md section 8).
//
// Aggregates (bilan, cohorts, offers, survey results, CSV): steering and admin see the
// whole Département; a référent the TADs of their token. One rule per method carries one
// scope, so the rule says kAggregatesOnly and the handlers restrict every query to the
// caller's territories (a "*" territory is the whole Département). No RPC returns
// personal data; every figure goes through statistical secrecy, for every role.
//
// Surveys: steering and admin create questionnaires. Responses are entered by a référent
// or an operator: for a beneficiaries survey on behalf of a beneficiary who took part
// (pseudonymous id, audited as a personal-data write), for a professionals survey as
// themselves (the respondent is the caller). No service identity submits: a survey
// front-end would call with the operator's or référent's token.
#ifndef PARCOURS_SERVICES_EVALUATION_AUTHORIZATION_H_
#define PARCOURS_SERVICES_EVALUATION_AUTHORIZATION_H_

#include "libs/auth/policy.h"

namespace parcours::evaluation {

auth::AuthorizationPolicy AuthorizationTable();

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_AUTHORIZATION_H_
