// fraud's import parsers on arbitrary text: JSON lines (households, quarterly resource
// declarations — the DTR —, cross-checks, social workers' reports) parsed into their
// records, then checked as the import RPCs check them (negative and overflowing amounts,
// quarters out of range, unknown enum values, dates in year 0 or 9999). Never a crash.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "services/fraud/ingest/jsonl.h"
#include "services/fraud/ingest/records.h"

using namespace parcours::fraud;  // NOLINT: a fuzz target's one file

namespace {

template <typename Record, typename Check>
void Each(const std::string& text, Check check) {
  std::istringstream in(text);
  ForEachJsonLine<Record>(in, [&](int64_t, absl::StatusOr<Record> r) {
    if (r.ok()) check(*r);
    return true;
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      Each<v1::HouseholdRecord>(text, [](const v1::HouseholdRecord& r) {
        HouseholdFile out;
        (void)ToHouseholdFile(r, &out).ToStatus();
      });
      break;
    case 1:
      Each<v1::DeclarationRecord>(text, [](const v1::DeclarationRecord& r) {
        ByCafNumber<DeclarationInput> out;
        (void)ToDeclaration(r, &out).ToStatus();
      });
      break;
    case 2:
      Each<v1::CrossCheckRecord>(text, [](const v1::CrossCheckRecord& r) {
        ByCafNumber<CrossCheckInput> out;
        (void)ToCrossCheck(r, &out).ToStatus();
      });
      break;
    default:
      Each<v1::SocialWorkerReport>(text, [](const v1::SocialWorkerReport& r) {
        ByCafNumber<CrossCheckInput> out;
        (void)ToReport(r, &out).ToStatus();
      });
      break;
  }
  return 0;
}
