#include "services/orientation/domain/caf_flow_csv.h"

#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/orientation/domain/identity_validation.h"

namespace parcours::orientation {
namespace {

constexpr const char* kColumns[] = {"kind",
                                    "caf_number",
                                    "event_date",
                                    "last_name",
                                    "first_name",
                                    "birth_date",
                                    "commune_insee",
                                    "address_line",
                                    "phone",
                                    "email",
                                    "subject_to_rights_and_duties",
                                    "exit_reason"};

// A generous bound on one record, so a file with a stray quote cannot eat the memory.
constexpr size_t kMaxRecordBytes = 64 * 1024;

CafRecordKind KindOf(const std::string& s) {
  const std::string upper = absl::AsciiStrToUpper(s);
  if (upper == "ENTRANT" || upper == "CAF_ENTRANT") return CafRecordKind::kEntrant;
  if (upper == "CHANGE" || upper == "CAF_CHANGE") return CafRecordKind::kChange;
  if (upper == "EXIT" || upper == "CAF_EXIT") return CafRecordKind::kExit;
  return CafRecordKind::kUnspecified;
}

bool Truthy(const std::string& s) {
  const std::string lower = absl::AsciiStrToLower(s);
  return lower == "1" || lower == "true" || lower == "oui" || lower == "o" || lower == "yes";
}

std::string Quote(const std::string& s) {
  if (s.find_first_of(";\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

absl::StatusOr<std::optional<std::vector<std::string>>> CafCsvReader::ReadCells() {
  std::vector<std::string> cells(1);
  bool in_quotes = false;
  bool any = false;
  size_t bytes = 0;
  const int first_line = line_ + 1;
  std::string raw;
  while (std::getline(in_, raw)) {
    ++line_;
    any = true;
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    bytes += raw.size();
    if (bytes > kMaxRecordBytes) {
      return absl::InvalidArgumentError(absl::StrCat("line ", first_line, ": record too long"));
    }
    for (size_t i = 0; i < raw.size(); ++i) {
      const char c = raw[i];
      if (in_quotes) {
        if (c == '"') {
          if (i + 1 < raw.size() && raw[i + 1] == '"') {
            cells.back() += '"';
            ++i;
          } else {
            in_quotes = false;
          }
        } else {
          cells.back() += c;
        }
      } else if (c == '"' && cells.back().empty()) {
        in_quotes = true;
      } else if (c == ';') {
        cells.emplace_back();
      } else {
        cells.back() += c;
      }
    }
    if (!in_quotes) break;
    cells.back() += '\n';  // a quoted value spanning lines keeps its line break
  }
  if (!any) return std::optional<std::vector<std::string>>();
  if (in_quotes) {
    return absl::InvalidArgumentError(absl::StrCat("line ", first_line, ": unterminated quote"));
  }
  return std::optional<std::vector<std::string>>(std::move(cells));
}

absl::Status CafCsvReader::ReadHeader() {
  absl::StatusOr<std::optional<std::vector<std::string>>> cells = ReadCells();
  if (!cells.ok()) return cells.status();
  if (!cells->has_value()) return absl::InvalidArgumentError("empty file: no header line");
  for (size_t i = 0; i < (*cells)->size(); ++i) {
    std::string name = absl::AsciiStrToLower(absl::StripAsciiWhitespace((**cells)[i]));
    if (i == 0 && name.rfind("\xEF\xBB\xBF", 0) == 0) name = name.substr(3);  // UTF-8 BOM
    bool known = false;
    for (const char* c : kColumns) known = known || name == c;
    if (!known)
      return absl::InvalidArgumentError(absl::StrCat("header: unknown column \"", name, "\""));
    if (!columns_.emplace(name, i).second) {
      return absl::InvalidArgumentError(absl::StrCat("header: column \"", name, "\" repeated"));
    }
  }
  for (const char* required : {"kind", "caf_number", "event_date"}) {
    if (columns_.count(required) == 0) {
      return absl::InvalidArgumentError(absl::StrCat("header: column \"", required, "\" missing"));
    }
  }
  width_ = (*cells)->size();
  return absl::OkStatus();
}

absl::StatusOr<std::optional<CafRecord>> CafCsvReader::Next() {
  for (int guard = 0; guard < (1 << 20); ++guard) {  // bounded: skips at most 1M blank lines
    absl::StatusOr<std::optional<std::vector<std::string>>> cells = ReadCells();
    if (!cells.ok()) return cells.status();
    if (!cells->has_value()) return std::optional<CafRecord>();
    std::vector<std::string>& v = **cells;
    if (v.size() == 1 && absl::StripAsciiWhitespace(v[0]).empty()) continue;  // blank line
    if (v.size() > width_) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", line_, ": ", v.size(), " cells for ", width_, " columns"));
    }
    v.resize(width_);
    auto cell = [&](const char* name) -> std::string {
      auto it = columns_.find(name);
      return it == columns_.end() ? std::string()
                                  : std::string(absl::StripAsciiWhitespace(v[it->second]));
    };
    CafRecord r;
    r.kind = KindOf(cell("kind"));
    r.caf_number = cell("caf_number");
    r.event_date = ParseDate(cell("event_date"));
    r.last_name = cell("last_name");
    r.first_name = cell("first_name");
    r.birth_date = ParseDate(cell("birth_date"));
    r.commune_insee = cell("commune_insee");
    r.address_line = cell("address_line");
    r.phone = cell("phone");
    r.email = cell("email");
    r.subject_to_rights_and_duties = Truthy(cell("subject_to_rights_and_duties"));
    const std::string reason = cell("exit_reason");
    r.exit_reason = reason.empty() ? ExitReason::kUnspecified : ParseExitReason(reason);
    if (!reason.empty() && r.exit_reason == ExitReason::kUnspecified) {
      r.exit_reason = ExitReason::kOther;  // an unknown CAF reason code is still an exit
    }
    return std::optional<CafRecord>(std::move(r));
  }
  return absl::InvalidArgumentError("too many blank lines");
}

std::string WriteCafCsv(const std::vector<CafRecord>& records) {
  std::string out = absl::StrJoin(kColumns, ";") + "\n";
  for (const CafRecord& r : records) {
    std::string kind = Name(r.kind);
    if (kind.rfind("CAF_", 0) == 0) kind = kind.substr(4);
    std::vector<std::string> cells = {
        kind,
        Quote(r.caf_number),  // every text cell: a value read from a quoted cell may hold ';'
        r.event_date ? FormatDate(*r.event_date) : "",
        Quote(r.last_name),
        Quote(r.first_name),
        r.birth_date ? FormatDate(*r.birth_date) : "",
        Quote(r.commune_insee),
        Quote(r.address_line),
        Quote(r.phone),
        Quote(r.email),
        r.subject_to_rights_and_duties ? "1" : "0",
        r.exit_reason == ExitReason::kUnspecified ? "" : Name(r.exit_reason)};
    out += absl::StrJoin(cells, ";") + "\n";
  }
  return out;
}

absl::StatusOr<std::vector<CafRecord>> ParseCafCsv(const std::string& text) {
  std::istringstream in(text);
  CafCsvReader reader(in);
  absl::Status header = reader.ReadHeader();
  if (!header.ok()) return header;
  std::vector<CafRecord> out;
  while (true) {
    absl::StatusOr<std::optional<CafRecord>> r = reader.Next();
    if (!r.ok()) return r.status();
    if (!r->has_value()) break;
    out.push_back(std::move(**r));
  }
  return out;
}

}  // namespace parcours::orientation
