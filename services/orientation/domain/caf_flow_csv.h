// The CAF flow file format that `parcoursctl import caf FILE` reads and
// streams to ImportCafFlow. Pure parsing: no I/O beyond the stream it is given.
//
// Format (UTF-8 CSV, ';'-separated as French spreadsheets write it, RFC 4180 quoting with
// '"', CRLF or LF line ends, first line a header naming the columns in any order):
//   kind;caf_number;event_date;last_name;first_name;birth_date;commune_insee;address_line;phone;email;subject_to_rights_and_duties;exit_reason
//   ENTRANT;1234567;2024-03-01;Martin;Léa;1990-05-17;91228;3 rue des
//   Lilas;0601020304;lea@example.org;1; EXIT;1234567;2024-09-30;;;;;;;;;END_OF_RIGHTS
// kind: ENTRANT | CHANGE | EXIT (CAF_ENTRANT… accepted too). Dates: YYYY-MM-DD.
// subject_to_rights_and_duties: 1/0, true/false, oui/non. exit_reason: END_OF_RIGHTS,
// INCOME_ABOVE_THRESHOLD, MOVED_OUT, DECEASED, OTHER_EXIT. Only kind, caf_number and
// event_date are required columns; the others may be absent from the header.
//
// Values that do not parse (a date "2024-02-30", an unknown kind) do not stop the file:
// the record is produced with the field unset, and the service rejects it with a named
// field, so the rejection report indexes match the file's data lines. Only structural
// problems (a line with more cells than the header, an unterminated quote, a header
// without the required columns) are errors of the reader.
//
//   std::ifstream in(path);
//   CafCsvReader reader(in);
//   RETURN_IF_ERROR(reader.ReadHeader());
//   while (true) {
//     ASSIGN_OR_RETURN(std::optional<CafRecord> r, reader.Next());
//     if (!r) break;   // end of file
//     stream->Write(ToProto(*r));
//   }
#ifndef PARCOURS_SERVICES_ORIENTATION_DOMAIN_CAF_FLOW_CSV_H_
#define PARCOURS_SERVICES_ORIENTATION_DOMAIN_CAF_FLOW_CSV_H_

#include <istream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/orientation/domain/caf_record.h"

namespace parcours::orientation {

class CafCsvReader {
 public:
  explicit CafCsvReader(std::istream& in) : in_(in) {}

  // INVALID_ARGUMENT when the header is missing, repeats a column, names an unknown column
  // or lacks kind, caf_number or event_date.
  absl::Status ReadHeader();
  // The next record, nullopt at the end; INVALID_ARGUMENT "line N: …" on a structural
  // error. Blank lines are skipped.
  absl::StatusOr<std::optional<CafRecord>> Next();

  int line() const { return line_; }  // 1-based number of the last line read

 private:
  // Splits one logical record (which may span lines inside quotes) into cells.
  absl::StatusOr<std::optional<std::vector<std::string>>> ReadCells();

  std::istream& in_;
  int line_ = 0;
  std::map<std::string, size_t> columns_;  // name → position
  size_t width_ = 0;
};

// Writes records in the same format (header included); parcoursctl's export and tests.
std::string WriteCafCsv(const std::vector<CafRecord>& records);

// Parses a whole file held in memory.
absl::StatusOr<std::vector<CafRecord>> ParseCafCsv(const std::string& text);

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_DOMAIN_CAF_FLOW_CSV_H_
