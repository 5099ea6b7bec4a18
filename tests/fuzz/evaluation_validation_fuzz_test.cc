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
  parcours::evaluation::v1::ListOfferEvaluationsRequest offers;
  offers.set_year(in.ConsumeIntegral<int>());
  offers.set_page_size(in.ConsumeIntegral<int>());
  offers.set_page_token(in.ConsumeRandomLengthString(256));
  (void)ParseOfferQuery(offers, "");
  // Our own tokens always parse, and give back the key they were made from.
  const std::string last = in.ConsumeRandomLengthString(128);
  offers.set_year(2024);
  offers.set_page_size(10);
  offers.clear_page_token();
  auto first = ParseOfferQuery(offers, "");
  if (!first.ok()) std::abort();
  if (!last.empty()) {
    offers.set_page_token(first->page.NextToken(last));
    auto next = ParseOfferQuery(offers, "");
    if (!next.ok() || next->query.after_offer_id != last) std::abort();
  }
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
