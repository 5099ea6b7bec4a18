// evaluation's request validation: bilan periods, month ranges, offer queries and their
// page tokens, surveys and their scores, on arbitrary values (years 0 and 9999, months
// out of range, invalid base64 tokens, huge titles, thousands of questions).
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "services/evaluation/domain/survey.h"
#include "services/evaluation/request_validation.h"

using namespace parcours::evaluation;  // NOLINT: a fuzz target's one file

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  (void)ParseBilanPeriod(in.ConsumeIntegral<int>(), in.ConsumeIntegral<int>(), "");
  const std::string from = in.ConsumeRandomLengthString(64);
  const std::string to = in.ConsumeRandomLengthString(64);
  (void)ParseMonthRange(from, to, "cohorts.");
  const std::string token = in.ConsumeRandomLengthString(256);
  (void)ParseOfferQuery(in.ConsumeIntegral<int>(), in.ConsumeIntegral<int>(), token, "");
  const std::string last = in.ConsumeRandomLengthString(128);
  auto query = ParseOfferQuery(2024, 10, OfferPageToken(last), "");
  if (!query.ok()) std::abort();  // our own tokens always parse
  SurveyDraft draft;
  draft.offer_id = in.ConsumeRandomLengthString(128);
  draft.audience = static_cast<Audience>(in.ConsumeIntegral<int>());
  draft.title = in.ConsumeRandomLengthString(1024);
  const int questions = in.ConsumeIntegralInRange<int>(0, 2000);
  for (int i = 0; i < questions && in.remaining_bytes() > 0; ++i) {
    draft.questions.push_back(in.ConsumeRandomLengthString(1024));
  }
  draft.invited_professionals = in.ConsumeIntegral<int>();
  (void)ValidateSurvey(draft).ToStatus();
  std::vector<int> scores;
  while (in.remaining_bytes() >= 4) scores.push_back(in.ConsumeIntegral<int>());
  (void)ValidateScores(scores, draft.questions.size()).ToStatus();
  (void)ParseAudience(draft.title);
  return 0;
}
