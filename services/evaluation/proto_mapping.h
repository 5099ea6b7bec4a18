// Domain results → parcours.evaluation.v1 messages. Figures are published here, through
// the one Secrecy::Publish, so the gRPC responses, the CSV (rendered from these messages,
// csv_export.h) and the gauges (metrics, from the bilan) show the same cells.
//
//   v1::Bilan bilan = ToProto(table, clock.Now());
//   *row.mutable_entrants() = ToProto(secrecy.Publish(figures.entrants));
#ifndef PARCOURS_SERVICES_EVALUATION_PROTO_MAPPING_H_
#define PARCOURS_SERVICES_EVALUATION_PROTO_MAPPING_H_

#include "absl/time/time.h"
#include "parcours/evaluation/v1/evaluation.pb.h"
#include "services/evaluation/domain/bilan.h"
#include "services/evaluation/domain/cohort.h"
#include "services/evaluation/domain/offer_evaluation.h"
#include "services/evaluation/domain/survey.h"

namespace parcours::evaluation {

v1::Cell ToProto(const Cell& cell);
v1::Bilan ToProto(const BilanTable& table, absl::Time computed_at);
v1::Cohort ToProto(const CohortFigures& figures, const Secrecy& secrecy);
v1::OfferEvaluation ToProto(const OfferFigures& figures, const Secrecy& secrecy);
v1::Survey ToProto(const Survey& survey);
v1::SurveyResults ToProto(const Survey& survey, const SurveyFigures& figures,
                          const Secrecy& secrecy);

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_PROTO_MAPPING_H_
