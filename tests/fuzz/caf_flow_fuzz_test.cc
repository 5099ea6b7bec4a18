// The CAF flow file (orientation's CSV import) on arbitrary bytes: parsed or refused with
// INVALID_ARGUMENT; what parses writes back and parses again to the same records.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "services/orientation/domain/caf_flow_csv.h"

using namespace parcours::orientation;  // NOLINT: a fuzz target's one file

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<std::vector<CafRecord>> records = ParseCafCsv(text);
  if (!records.ok()) {
    if (records.status().code() != absl::StatusCode::kInvalidArgument) std::abort();
    return 0;
  }
  const std::string written = WriteCafCsv(*records);
  absl::StatusOr<std::vector<CafRecord>> again = ParseCafCsv(written);
  if (!again.ok() || again->size() != records->size()) {
    std::fprintf(stderr, "round trip: %zu records, re-read %s (%zu)\n--- written:\n%s---\n",
                 records->size(), again.status().ToString().c_str(), again.ok() ? again->size() : 0,
                 written.c_str());
    std::abort();
  }
  if (WriteCafCsv(*again) != written) std::abort();  // stable once normalised
  return 0;
}
