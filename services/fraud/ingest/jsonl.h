// The import file format for parcoursctl: JSON lines, one record per line, each line the
// JSON form of the RPC's record message (proto3 JSON mapping: lowerCamel or original
// field names, enums by name or number). Blank lines and lines starting with '#' are
// skipped. Formats and examples: services/fraud/README.md. Pure functions: no I/O beyond
// the stream given, no gRPC.
//
//   std::ifstream in("households.jsonl");
//   ForEachJsonLine<v1::HouseholdRecord>(in, [&](int line, absl::StatusOr<v1::HouseholdRecord> r) {
//     if (!r.ok()) { report(line, r.status()); return true; }
//     return writer->Write(*r);   // false stops reading
//   });
#ifndef PARCOURS_SERVICES_FRAUD_INGEST_JSONL_H_
#define PARCOURS_SERVICES_FRAUD_INGEST_JSONL_H_

#include <functional>
#include <istream>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/message.h"

namespace parcours::fraud {

// Parses one line into `out` (cleared first). INVALID_ARGUMENT with the parser's reason
// (unknown field, wrong type) otherwise.
absl::Status ParseJsonLine(std::string_view line, google::protobuf::Message* out);

// True for lines that carry no record (blank, or a '#' comment).
bool IsSkippableLine(std::string_view line);

// Calls `fn(line_number, record_or_error)` for each record line (1-based line numbers);
// stops when fn returns false. Returns the number of record lines seen.
template <typename Record>
int64_t ForEachJsonLine(std::istream& in,
                        const std::function<bool(int64_t, absl::StatusOr<Record>)>& fn) {
  std::string line;
  int64_t number = 0, records = 0;
  while (std::getline(in, line)) {
    ++number;
    if (IsSkippableLine(line)) continue;
    ++records;
    Record record;
    absl::Status s = ParseJsonLine(line, &record);
    if (!fn(number,
            s.ok() ? absl::StatusOr<Record>(std::move(record)) : absl::StatusOr<Record>(s))) {
      break;
    }
  }
  return records;
}

}  // namespace parcours::fraud

#endif  // PARCOURS_SERVICES_FRAUD_INGEST_JSONL_H_
