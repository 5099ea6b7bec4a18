// CSV renderings of the bilan, cohorts and offer evaluations (RFC 4180: comma, CRLF,
// quotes doubled), from the very messages the gRPC queries return, so a CSV cell is
// hidden exactly when the API's is: a suppressed cell is an empty value with
// suppressed=true.
//
//   std::string csv = BilanCsv(bilan);
//   for (const std::string& chunk : Chunks(csv, 64 * 1024)) writer->Write(...);
#ifndef PARCOURS_SERVICES_EVALUATION_CSV_EXPORT_H_
#define PARCOURS_SERVICES_EVALUATION_CSV_EXPORT_H_

#include <string>
#include <string_view>
#include <vector>

#include "parcours/evaluation/v1/evaluation.pb.h"

namespace parcours::evaluation {

std::string CsvField(std::string_view text);  // quoted when it must be

std::string BilanCsv(const v1::Bilan& bilan);
std::string CohortsCsv(const v1::ListCohortsResponse& cohorts);
// Header once (`with_header`), so pages of offers concatenate into one file.
std::string OffersCsv(const v1::ListOfferEvaluationsResponse& page, bool with_header);

std::vector<std::string> Chunks(const std::string& text, size_t size);

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_CSV_EXPORT_H_
